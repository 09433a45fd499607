// Namespace controller (pkg/controller/namespace): a deleted namespace takes everything in it along.
// kubesim deletes a Namespace at once, so the controller removes the objects whose namespace no longer exists.
import type { Cluster } from '../store/cluster.js';
import { resourceTypeForKind } from '../api/resources.js';

export function run(cluster: Cluster): void {
  const namespaces = cluster.state.objects.namespaces ?? {};
  for (const [plural, bucket] of Object.entries(cluster.state.objects)) {
    if (plural === 'namespaces') continue;
    for (const obj of Object.values(bucket)) {
      const ns = obj.metadata.namespace;
      if (!ns || namespaces[ns]) continue;
      if (!resourceTypeForKind(obj.kind)?.namespaced) continue;
      cluster.remove(plural, ns, obj.metadata.name!);
    }
  }
}
