// Namespace controller (pkg/controller/namespace): a deleted namespace takes everything in it along.
// kubesim deletes a Namespace at once, so the controller removes the objects whose namespace no longer exists.
import type { Cluster } from '../store/cluster.js';
import { resourceTypeForKind } from '../api/resources.js';
import type { Work } from './work.js';

export function run(cluster: Cluster, work?: Work): void {
  const namespaces = cluster.state.objects.namespaces ?? {};
  if (work) {
    // Queue: a deleted Namespace (everything in it), and objects written into a namespace that no longer exists.
    const gone = new Set<string>();
    for (const c of work.changes) {
      if (c.plural === 'namespaces') {
        if (!c.obj && c.old && !namespaces[c.old.metadata.name!]) gone.add(c.old.metadata.name!);
        continue;
      }
      const ns = c.obj?.metadata.namespace;
      if (ns && !namespaces[ns] && resourceTypeForKind(c.obj!.kind)?.namespaced) cluster.remove(c.plural, ns, c.obj!.metadata.name!);
    }
    if (!gone.size) return;
    sweep(cluster, (ns) => gone.has(ns));
    return;
  }
  sweep(cluster, (ns) => !namespaces[ns]);
}

function sweep(cluster: Cluster, isGone: (ns: string) => boolean): void {
  for (const [plural, bucket] of Object.entries(cluster.state.objects)) {
    if (plural === 'namespaces') continue;
    for (const obj of Object.values(bucket)) {
      const ns = obj.metadata.namespace;
      if (!ns || !isGone(ns)) continue;
      if (!resourceTypeForKind(obj.kind)?.namespaced) continue;
      cluster.remove(plural, ns, obj.metadata.name!);
    }
  }
}
