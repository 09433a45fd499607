// ClusterIP and node-port allocation for a Service being created or updated. (Owned by issue 3's allocators.)
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import type { FieldError } from '../api/errors.js';

export function allocateService(_cluster: Cluster, _svc: KubeObject, _old: KubeObject | undefined): FieldError[] {
  return [];
}
