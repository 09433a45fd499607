// Garbage collector (pkg/controller/garbagecollector): an object whose owners (ownerReferences, by uid) are all
// gone is deleted, in the background propagation kubectl uses by default. Deployment → ReplicaSets → Pods, and
// Service → EndpointSlices, cascade over successive passes of the control loop.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { resourceTypeForKind } from '../api/resources.js';
import type { Work } from './work.js';

export function run(cluster: Cluster, work?: Work): void {
  if (work) return runIncremental(cluster, work);
  // One pass over everything: the set of live uids, then each dependent checked in O(owners).
  const uids = liveUids(cluster);
  for (const [plural, bucket] of Object.entries(cluster.state.objects)) {
    for (const obj of Object.values(bucket)) {
      const refs = obj.metadata.ownerReferences;
      if (!refs?.length) continue;
      if (refs.some((r) => uids.has(r.uid))) continue;
      cluster.remove(plural, obj.metadata.namespace, obj.metadata.name!);
    }
  }
}

/** Every object with ownerReferences, by owner uid, over all resources; kept current from the change log. */
interface Dependents {
  pos: number;
  byOwner: Map<string, Map<string, [string, string]>>;
}

const dependents = new WeakMap<Cluster, Dependents>();

function index(cluster: Cluster): Dependents['byOwner'] {
  const add = (m: Dependents['byOwner'], plural: string, key: string, o: KubeObject | undefined, on: boolean) => {
    for (const r of o?.metadata.ownerReferences ?? []) {
      let deps = m.get(r.uid);
      if (on) {
        if (!deps) m.set(r.uid, (deps = new Map()));
        deps.set(`${plural}\0${key}`, [plural, key]);
      } else deps?.delete(`${plural}\0${key}`);
    }
  };
  let d = dependents.get(cluster);
  if (!d) {
    // Built on the first deletion of a command: a dependent may be of any resource.
    d = { pos: cluster.log.length, byOwner: new Map() };
    for (const [plural, bucket] of Object.entries(cluster.state.objects)) for (const [key, o] of Object.entries(bucket)) add(d.byOwner, plural, key, o, true);
    dependents.set(cluster, d);
  }
  for (; d.pos < cluster.log.length; d.pos++) {
    const c = cluster.log[d.pos];
    add(d.byOwner, c.plural, c.key, c.old, false);
    add(d.byOwner, c.plural, c.key, c.obj, true);
  }
  return d.byOwner;
}

function liveUids(cluster: Cluster): Set<string> {
  const uids = new Set<string>();
  for (const bucket of Object.values(cluster.state.objects)) for (const o of Object.values(bucket)) if (o.metadata.uid) uids.add(o.metadata.uid);
  return uids;
}

/** Whether any owner still exists: looked up by kind and name first; by uid over everything (once a pass) only if that fails. */
function hasLiveOwner(cluster: Cluster, obj: KubeObject, uids: () => Set<string>): boolean {
  for (const r of obj.metadata.ownerReferences ?? []) {
    const rt = resourceTypeForKind(r.kind);
    const owner = rt ? cluster.get(rt.plural, rt.namespaced ? obj.metadata.namespace : undefined, r.name) : undefined;
    if (owner?.metadata.uid === r.uid) return true;
  }
  const live = uids();
  return (obj.metadata.ownerReferences ?? []).some((r) => live.has(r.uid));
}

/** Queue: dependents of deleted objects, and changed objects whose owners may be gone already. */
function runIncremental(cluster: Cluster, work: Work): void {
  const candidates = new Map<string, [string, string]>();
  let byOwner: Dependents['byOwner'] | undefined;
  for (const c of work.changes) {
    if (c.obj?.metadata.ownerReferences?.length) candidates.set(`${c.plural}\0${c.key}`, [c.plural, c.key]);
    else if (!c.obj && c.old?.metadata.uid) {
      byOwner ??= index(cluster);
      for (const [id, dep] of byOwner.get(c.old.metadata.uid) ?? []) candidates.set(id, dep);
    }
  }
  let uids: Set<string> | undefined;
  const all = () => (uids ??= liveUids(cluster));
  for (const [plural, key] of candidates.values()) {
    const obj = cluster.state.objects[plural]?.[key];
    if (!obj?.metadata.ownerReferences?.length || hasLiveOwner(cluster, obj, all)) continue;
    cluster.remove(plural, obj.metadata.namespace, obj.metadata.name!);
  }
}
