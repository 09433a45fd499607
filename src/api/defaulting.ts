// Defaulting, as the API server's v1 defaults and registry strategies fill in what the user left out.
// (Owned by the API work: see issue 2. Filled in per kind.)
import type { KubeObject } from './types.js';
import type { Cluster } from '../store/cluster.js';

export function applyDefaults(obj: KubeObject, _old: KubeObject | undefined, _cluster: Cluster): void {
  void obj;
}
