// Garbage collector (pkg/controller/garbagecollector): an object whose owners (ownerReferences, by uid) are all
// gone is deleted, in the background propagation kubectl uses by default. Deployment → ReplicaSets → Pods, and
// Service → EndpointSlices, cascade over successive passes of the control loop.
import type { Cluster } from '../store/cluster.js';

export function run(cluster: Cluster): void {
  // One pass over everything: the set of live uids, then each dependent checked in O(owners).
  const uids = new Set<string>();
  for (const bucket of Object.values(cluster.state.objects)) for (const o of Object.values(bucket)) if (o.metadata.uid) uids.add(o.metadata.uid);
  for (const [plural, bucket] of Object.entries(cluster.state.objects)) {
    for (const obj of Object.values(bucket)) {
      const refs = obj.metadata.ownerReferences;
      if (!refs?.length) continue;
      if (refs.some((r) => uids.has(r.uid))) continue;
      cluster.remove(plural, obj.metadata.namespace, obj.metadata.name!);
    }
  }
}
