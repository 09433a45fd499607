// The control loop: run every controller, in order, until none changes anything (a fixed point).
// Each controller is a pure function of the cluster: it reads objects and writes changes through Cluster.
// Order follows a change through a real cluster (DESIGN.md):
//   namespace (deletes contents) → garbage collector (ownerReferences) → deployment → replicaset → statefulset
//   → scheduler → kubelet → endpoints → endpointslices → service load balancer (cloud) → ingress status.
import type { Cluster } from '../store/cluster.js';
import { beginReconcile, endReconcile, runNow, type Work } from './work.js';
import { run as namespaceController } from './namespace.js';
import { run as garbageCollector } from './garbage-collector.js';
import { run as deploymentController } from './deployment.js';
import { run as replicaSetController } from './replicaset.js';
import { run as statefulSetController } from './statefulset.js';
import { run as nodeLifecycleController } from './node-lifecycle.js';
import { run as scheduler } from './scheduler.js';
import { run as kubelet } from './kubelet.js';
import { run as endpointsController } from './endpoints.js';
import { run as endpointSliceController } from './endpointslice.js';
import { run as endpointSliceMirroring } from './endpointslice-mirroring.js';
import { run as serviceLoadBalancer } from './service-lb.js';
import { run as ingressStatus } from './ingress.js';

export type Controller = (cluster: Cluster, work?: Work) => void;

export const CONTROLLERS: Array<{ name: string; run: Controller }> = [
  // In the order above: a change flows down this list within one round.
  { name: 'namespace', run: namespaceController },
  { name: 'garbage-collector', run: garbageCollector },
  { name: 'deployment', run: deploymentController },
  { name: 'replicaset', run: replicaSetController },
  { name: 'statefulset', run: statefulSetController },
  { name: 'node-lifecycle', run: nodeLifecycleController },
  { name: 'scheduler', run: scheduler },
  { name: 'kubelet', run: kubelet },
  { name: 'endpoints', run: endpointsController },
  { name: 'endpointslice', run: endpointSliceController },
  { name: 'endpointslice-mirroring', run: endpointSliceMirroring },
  { name: 'service-lb', run: serviceLoadBalancer },
  { name: 'ingress-status', run: ingressStatus },
];

const MAX_ROUNDS = 50;

/**
 * Bump when a controller's behaviour changes so that a saved state may no longer be a fixed point of the new
 * controllers: the next reconcile of a state saved by an older version is a full resync.
 */
export const RECONCILER_VERSION = 1;

export interface ReconcileOptions {
  /** Sync every object (as after an upgrade), not only what changed. */
  full?: boolean;
}

/** Where the last reconcile of a Cluster left its log: the next one starts there. */
const settledAt = new WeakMap<Cluster, number>();

/**
 * Run the controllers to a fixed point. Each run of a controller is handed the changes made since its previous
 * run (in the first round: since the last reconcile, i.e. the command's own changes), which is what makes the
 * result equal to running every controller over every object until nothing moves (the full resync: for a state
 * without the current RECONCILER_VERSION mark — created, or saved by an older kubesim —, with
 * KUBESIM_FULL_RESYNC=1, or when asked). Rounds repeat until one changes nothing.
 */
export function reconcile(cluster: Cluster, options: ReconcileOptions = {}): void {
  const full = options.full || process.env.KUBESIM_FULL_RESYNC === '1' || cluster.state.reconciled !== RECONCILER_VERSION;
  const start = settledAt.get(cluster) ?? 0;
  beginReconcile(
    cluster,
    CONTROLLERS.map((c) => c.name),
    full ? undefined : start,
  );
  try {
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const before = cluster.changes;
      for (const c of CONTROLLERS) runNow(cluster, c.name, c.run);
      if (cluster.changes === before) {
        settledAt.set(cluster, cluster.log.length);
        cluster.state.reconciled = RECONCILER_VERSION;
        return;
      }
    }
  } finally {
    endReconcile(cluster);
  }
  throw new Error(`controllers did not settle after ${MAX_ROUNDS} rounds`);
}

