// Garbage collector (pkg/controller/garbagecollector): an object whose owners (ownerReferences, by uid) are all
// gone is deleted, in the background propagation kubectl uses by default. Deployment → ReplicaSets → Pods, and
// Service → EndpointSlices, cascade over successive passes of the control loop.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { groupView, liveUids, ownerExists, type Work } from './work.js';
import { mayBeOwnedByKind, mayHaveOwners, textAsRead } from '../store/codec.js';
import { resolveResourceType } from '../api/resources.js';

export function run(cluster: Cluster, work?: Work): void {
  if (work) return runIncremental(cluster, work);
  // One pass over everything: each dependent checked in O(owners), as the incremental pass checks it.
  let uids: Set<string> | undefined;
  const all = () => (uids ??= liveUids(cluster));
  for (const [plural, bucket] of Object.entries(cluster.state.objects)) {
    for (const obj of Object.values(bucket)) {
      if (!obj.metadata.ownerReferences?.length || hasLiveOwner(cluster, obj, all)) continue;
      cluster.remove(plural, obj.metadata.namespace, obj.metadata.name!);
    }
  }
}

/** Per Cluster, from its log: owner uid → objects written (created or updated) that referenced it; uids created. */
interface Written {
  pos: number;
  byOwner: Map<string, Map<string, [string, string]>>;
  created: Set<string>;
}

const written = new WeakMap<Cluster, Written>();

function writtenSoFar(cluster: Cluster): Written {
  let w = written.get(cluster);
  if (!w) written.set(cluster, (w = { pos: 0, byOwner: new Map(), created: new Set() }));
  for (; w.pos < cluster.log.length; w.pos++) {
    const c = cluster.log[w.pos];
    if (c.obj && !c.old && c.obj.metadata.uid) w.created.add(c.obj.metadata.uid);
    for (const r of c.obj?.metadata.ownerReferences ?? []) {
      let deps = w.byOwner.get(r.uid);
      if (!deps) w.byOwner.set(r.uid, (deps = new Map()));
      deps.set(`${c.plural}\0${c.key}`, [c.plural, c.key]);
    }
  }
  return w;
}

/**
 * Objects that may reference one of the removed objects as owner, by "plural\0key" (candidates: each is checked).
 * A resource whose file text does not mention a removed uid — but as the uid of the removed object itself, read
 * from that very text — can hold a dependent only among the objects written since it was read; the others are
 * looked up in a per-resource owner index (a view).
 */
function dependentsOf(cluster: Cluster, removed: Array<[string, string]>): Map<string, [string, string]> {
  const out = new Map<string, [string, string]>();
  const w = writtenSoFar(cluster);
  for (const plural of Object.keys(cluster.state.objects)) {
    // The file says no object of this resource names the kind of a removed object as owner (a deleted pod owns
    // nothing of a resource whose objects name only ReplicaSets; those written since are in `w`): the resource is
    // not searched for its uid.
    const removedHere = removed.filter(([, own]) => {
      const kind = resolveResourceType(own)?.kind;
      return kind === undefined || mayBeOwnedByKind(cluster.state.objects, plural, kind);
    });
    if (!removedHere.length) continue;
    // Nor any owner references at all.
    if (!mayHaveOwners(cluster.state.objects, plural)) continue;
    // A uid created by this command cannot be in any file's text: only the others are searched for, and when there
    // are many (a burst of deletions), indexing the resource once is cheaper than searching its text for each.
    const old = removedHere.filter(([uid]) => !w.created.has(uid));
    // Read lazily, a resource knows from its lines which objects have owner references to whom.
    const lazy = removedHere.map(([u]) => cluster.referencingKeys(plural, u));
    if (lazy.every((keys) => keys !== undefined)) {
      for (const keys of lazy) for (const key of keys!) out.set(`${plural}\0${key}`, [plural, key]);
      continue;
    }
    const text = old.length <= 16 ? textAsRead(cluster.state.objects, plural) : undefined;
    const mentioned = (uid: string, own: string) => {
      const first = text!.indexOf(uid);
      if (first < 0) return false;
      return own !== plural || text!.indexOf(uid, first + uid.length) >= 0;
    };
    if (text !== undefined && !old.some(([uid, own]) => mentioned(uid, own))) continue;
    const byOwner = groupView(cluster, `${plural}/by-owner`, plural, (o) => (o.metadata.ownerReferences ?? []).map((r) => r.uid));
    for (const [u] of removedHere) for (const key of byOwner.get(u)?.keys() ?? []) out.set(`${plural}\0${key}`, [plural, key]);
  }
  for (const [u] of removed) for (const [id, dep] of w.byOwner.get(u) ?? []) out.set(id, dep);
  return out;
}

/** Whether any owner still exists (ownerExists: by kind and name, so deleting a Service does not decode every pod). */
function hasLiveOwner(cluster: Cluster, obj: KubeObject, uids: () => Set<string>): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r) => ownerExists(cluster, obj.metadata.namespace, r, uids));
}

/** Queue: dependents of deleted objects, and changed objects whose owners may be gone already. */
function runIncremental(cluster: Cluster, work: Work): void {
  const candidates = new Map<string, [string, string]>();
  const removed: Array<[string, string]> = [];
  for (const c of work.changes) {
    if (c.obj?.metadata.ownerReferences?.length) candidates.set(`${c.plural}\0${c.key}`, [c.plural, c.key]);
    else if (!c.obj && c.old?.metadata.uid) removed.push([c.old.metadata.uid, c.plural]);
  }
  if (removed.length) for (const [id, dep] of dependentsOf(cluster, removed)) candidates.set(id, dep);
  let uids: Set<string> | undefined;
  const all = () => (uids ??= liveUids(cluster));
  for (const [plural, key] of candidates.values()) {
    const obj = cluster.state.objects[plural]?.[key];
    if (!obj?.metadata.ownerReferences?.length || hasLiveOwner(cluster, obj, all)) continue;
    cluster.remove(plural, obj.metadata.namespace, obj.metadata.name!);
  }
}
