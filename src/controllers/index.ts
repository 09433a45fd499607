// The control loop: run every controller, in order, until none changes anything (a fixed point).
// Each controller is a pure function of the cluster: it reads objects and writes changes through Cluster.
// Order follows a change through a real cluster (DESIGN.md):
//   namespace (deletes contents) → garbage collector (ownerReferences) → deployment → replicaset → statefulset
//   → scheduler → kubelet → endpoints → endpointslices → service load balancer (cloud) → ingress status.
import type { Cluster } from '../store/cluster.js';

export type Controller = (cluster: Cluster) => void;

export const CONTROLLERS: Array<{ name: string; run: Controller }> = [
  // Controllers are listed here as they are written, in the order above.
];

const MAX_ROUNDS = 50;

export function reconcile(cluster: Cluster): void {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = cluster.changes;
    for (const c of CONTROLLERS) c.run(cluster);
    if (cluster.changes === before) return;
  }
  throw new Error(`controllers did not settle after ${MAX_ROUNDS} rounds`);
}
