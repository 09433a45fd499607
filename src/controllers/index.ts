// The control loop: run every controller, in order, until none changes anything (a fixed point).
// Each controller is a pure function of the cluster: it reads objects and writes changes through Cluster.
// Order follows a change through a real cluster (DESIGN.md):
//   namespace (deletes contents) → garbage collector (ownerReferences) → deployment → replicaset → statefulset
//   → scheduler → kubelet → endpoints → endpointslices → service load balancer (cloud) → ingress status.
import type { Cluster } from '../store/cluster.js';
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

export type Controller = (cluster: Cluster) => void;

export const CONTROLLERS: Array<{ name: string; run: Controller }> = [
  // Controllers are listed here as they are written, in the order above.
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

export function reconcile(cluster: Cluster): void {
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const before = cluster.changes;
    for (const c of CONTROLLERS) c.run(cluster);
    if (cluster.changes === before) return;
  }
  throw new Error(`controllers did not settle after ${MAX_ROUNDS} rounds`);
}
