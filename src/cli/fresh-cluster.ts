// A brand-new cluster state, reconciled: used by the first command on a missing state and by `cluster create|reset`.
// Its own module so that loading it (and every controller) happens only when a cluster is being made.
import { reconcile } from '../controllers/index.js';
import { Cluster } from '../store/cluster.js';
import type { ClusterState } from '../store/state.js';
import { createClusterState, type ClusterShape } from '../sim/default-cluster.js';

/** A new cluster of the given shape, reconciled (CoreDNS pods scheduled, endpoints filled) and ready to save. */
export function freshClusterState(shape: ClusterShape, clock: Date): ClusterState {
  const cluster = new Cluster(createClusterState(shape, clock), clock);
  reconcile(cluster);
  cluster.syncRandom();
  return cluster.state;
}
