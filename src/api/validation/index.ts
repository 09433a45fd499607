// Validation, per kind, returning field errors in Kubernetes' shape. (Owned by the API work: issue 2.)
import type { KubeObject } from '../types.js';
import type { Cluster } from '../../store/cluster.js';
import type { FieldError } from '../errors.js';

export function validateObject(_obj: KubeObject, _old: KubeObject | undefined, _cluster: Cluster): FieldError[] {
  return [];
}
