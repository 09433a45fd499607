// The persisted cluster: what the state file holds. Objects are kept as the API server would store them,
// grouped by resource (plural) and keyed by "namespace/name" (cluster-scoped: "name").
import type { KubeObject } from '../api/types.js';
import type { RandomState } from '../sim/random.js';

export const SCHEMA_VERSION = 3;

export interface ClusterConfig {
  name: string;
  provider: 'cloud' | 'local';
  seed: number;
  kubernetesVersion: string;
  serviceCIDR: string;
  podCIDR: string;
  nodePortRange: string;
  clusterDomain: string;
  dnsIP: string;
  /** Where the `cloud` provider's load balancers take their addresses from. */
  loadBalancerPool: string;
  createdAt: string;
}

export interface ClusterState {
  schemaVersion: number;
  cluster: ClusterConfig;
  random: RandomState;
  /** The last resourceVersion handed out; one counter for the whole cluster, as etcd's revision. */
  resourceVersion: number;
  objects: Record<string, Record<string, KubeObject>>;
  /** Service uid → the resourceVersion it was created at (its own resourceVersion moves with every update): what
   *  the kubelet needs to know which Services existed when a container started (service env vars). */
  serviceRevisions?: Record<string, number>;
  /** The controllers' version that last reconciled this state to a fixed point (absent: a full resync is due). */
  reconciled?: number;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}
