// Incremental reconciliation (informers + work queues): what a controller is handed instead of the whole cluster,
// and the indexes it uses to turn changed objects into the objects it must sync. Indexes are Cluster views: built
// once per command on first use, then kept current from the change log (never rebuilt per round).
import type { KubeObject } from '../api/types.js';
import type { Change, Cluster } from '../store/cluster.js';
import { controllerRef, isPodActive } from './workload-util.js';
import { resourceTypeForKind } from '../api/resources.js';
import { podFactsOf } from '../store/row-summary.js';

/**
 * What changed since this controller last ran (in this command). `first`: its first run of the reconcile, when
 * time-based work (an eviction or an availability now due) is checked too. A controller given no Work syncs
 * every object (full resync).
 */
export interface Work {
  changes: readonly Change[];
  first: boolean;
}

/** Per Cluster: where in its change log each controller's next run starts (undefined: a full first run). */
interface Progress {
  cursors: Map<string, number | undefined>;
  first: Set<string>;
}

const progress = new WeakMap<Cluster, Progress>();

export function beginReconcile(cluster: Cluster, names: string[], start: number | undefined): void {
  const p: Progress = { cursors: new Map(), first: new Set(names) };
  for (const n of names) p.cursors.set(n, start);
  progress.set(cluster, p);
}

export function endReconcile(cluster: Cluster): void {
  progress.delete(cluster);
}

/**
 * Run one controller now with what changed since its last run, and move its cursor. The reconcile loop uses it,
 * and so does a controller that needs another one's effect at once (the StatefulSet controller waits for each
 * OrderedReady pod to be scheduled and started). Outside a reconcile: a full run.
 */
export function runNow(cluster: Cluster, name: string, run: (cluster: Cluster, work?: Work) => void): void {
  const p = progress.get(cluster);
  if (!p) return run(cluster);
  const from = p.cursors.get(name);
  const mark = cluster.log.length;
  const first = p.first.delete(name);
  // Its own writes from here on are seen by its next run, as an informer delivers them back to their writer.
  p.cursors.set(name, mark);
  if (from === undefined) run(cluster);
  else run(cluster, { changes: cluster.log.slice(from, mark), first });
}

/** Keys of the changed objects of one resource. */
export function changedKeys(work: Work, plural: string): Set<string> {
  const keys = new Set<string>();
  for (const c of work.changes) if (c.plural === plural) keys.add(c.key);
  return keys;
}

export function changesOf(work: Work, plural: string): Change[] {
  return work.changes.filter((c) => c.plural === plural);
}

/** The stored objects among `keys`, in store order: the order a full pass visits them, so writes (and random draws) happen in the same order. */
export function inStoreOrder(cluster: Cluster, plural: string, keys: Set<string>): KubeObject[] {
  if (!keys.size) return [];
  const bucket = cluster.state.objects[plural] ?? {};
  const out: KubeObject[] = [];
  if (keys.size === 1) {
    for (const k of keys) if (bucket[k]) out.push(bucket[k]);
    return out;
  }
  // Read lazily, the resource finds each key (no listing of every key); else its keys are walked.
  const ordered = cluster.keysInStoreOrder(plural, keys);
  if (ordered) for (const k of ordered) out.push(bucket[k]);
  else for (const k in bucket) if (keys.has(k)) out.push(bucket[k]);
  return out;
}

/** objects grouped by one or more keys each: group → (object key → object), in store order for a fresh build. */
export type Groups = Map<string, Map<string, KubeObject>>;

/** A view grouping one resource's objects by groupsOf(obj) (none: not indexed). */
export function groupView(cluster: Cluster, name: string, plural: string, groupsOf: (o: KubeObject) => string[]): Groups {
  return cluster.view<Groups>(
    name,
    plural,
    () => new Map(),
    (m, old, obj, key) => {
      const before = old ? groupsOf(old) : [];
      const after = obj ? groupsOf(obj) : [];
      for (const g of before) if (!after.includes(g)) m.get(g)?.delete(key);
      for (const g of after) {
        let inner = m.get(g);
        if (!inner) m.set(g, (inner = new Map()));
        inner.set(key, obj!); // an existing entry keeps its place, as the store's key does
      }
    },
  );
}

const one = (v: string | undefined): string[] => (v === undefined ? [] : [v]);

/** Objects of a resource by their controller's uid. */
export function byController(cluster: Cluster, plural: string): Groups {
  return groupView(cluster, `${plural}/by-controller`, plural, (o) => one(controllerRef(o)?.uid));
}

/** Pods by spec.nodeName (every pod, active or not). */
export function podsByNode(cluster: Cluster): Groups {
  return groupView(cluster, 'pods/by-node', 'pods', (p) => one(p.spec?.nodeName || undefined));
}

/** Active pods without a controller, by namespace: the ones a ReplicaSet may adopt. */
export function orphansByNamespace(cluster: Cluster): Groups {
  return groupView(cluster, 'pods/orphans', 'pods', (p) => (!controllerRef(p) && isPodActive(p) ? [p.metadata.namespace!] : []));
}

/** Objects controlled by `uid`, in store order: from the state file's lines when read lazily, else a view. */
export function ownedBy(cluster: Cluster, plural: string, uid: string): KubeObject[] {
  const keys = cluster.ownedKeys(plural, uid);
  if (!keys) return [...(byController(cluster, plural).get(uid)?.values() ?? [])];
  const bucket = cluster.state.objects[plural];
  return keys.map((k) => bucket[k]);
}

/**
 * Active pods without a controller that a selector may match in one namespace (the ones a ReplicaSet may adopt),
 * in store order: those whose text mentions one of its matchLabels values (a search, when the state is read
 * lazily), else every one of the namespace. Callers check the selector.
 */
export function orphanPodsFor(cluster: Cluster, namespace: string, selector: { matchLabels?: Record<string, string> } | undefined): KubeObject[] {
  // The longest value: the likeliest to be rare in the text.
  const value = Object.values(selector?.matchLabels ?? {}).reduce<string | undefined>((a, v) => (typeof v === 'string' && v.length > (a?.length ?? -1) ? v : a), undefined);
  const found = value ? cluster.mentioning('pods', value) : undefined;
  if (!found) return orphanPods(cluster, namespace);
  return found.filter((p) => p.metadata.namespace === namespace && !controllerRef(p) && isPodActive(p));
}

/** Active pods without a controller in one namespace (the ones a ReplicaSet may adopt), in store order. */
export function orphanPods(cluster: Cluster, namespace: string): KubeObject[] {
  const keys = cluster.ownedKeys('pods', '');
  if (!keys) return sortByStoreOrder(cluster, 'pods', [...(orphansByNamespace(cluster).get(namespace)?.values() ?? [])]);
  const bucket = cluster.state.objects.pods;
  return keys.map((k) => bucket[k]).filter((p) => p.metadata.namespace === namespace && !controllerRef(p) && isPodActive(p));
}

/** Pods bound to a node (active or not), in store order: from the pods' tags when read lazily, else a view. */
export function podsOnNode(cluster: Cluster, node: string): Map<string, KubeObject> {
  const keys = cluster.taggedKeys('pods', [node, node + '!']);
  if (!keys) return podsByNode(cluster).get(node) ?? new Map();
  const bucket = cluster.state.objects.pods;
  const out = new Map<string, KubeObject>();
  for (const k of keys) if (bucket[k].spec?.nodeName === node) out.set(k, bucket[k]);
  return out;
}

/**
 * The active pods bound to a node, each with its address (status.podIP, '' for none yet), in store order. Read
 * from the pods' line summaries when the state was read lazily: the kubelet finds a free address, or the pods
 * waiting for one, without decoding the hundred pods of a node. A pod without a summary to trust (changed since
 * read) is decoded.
 */
export function activePodAddressesOnNode(cluster: Cluster, node: string): Map<string, string> {
  const keys = cluster.taggedKeys('pods', [node]);
  const out = new Map<string, string>();
  if (!keys) {
    for (const [key, p] of podsByNode(cluster).get(node) ?? []) if (isPodActive(p)) out.set(key, p.status?.podIP || '');
    return out;
  }
  const bucket = cluster.state.objects.pods;
  for (const key of keys) {
    const slash = key.indexOf('/');
    const summary = cluster.lineSummary('pods', key.slice(0, slash), key.slice(slash + 1));
    const facts = summary === undefined ? undefined : podFactsOf(summary);
    if (facts) {
      out.set(key, facts.ip);
      continue;
    }
    const p = bucket[key];
    if (p.spec?.nodeName === node && isPodActive(p)) out.set(key, p.status?.podIP || '');
  }
  return out;
}

/**
 * The object a controller reference points at (looked up by its name, checked by uid): found without an index
 * of every object by uid.
 */
export function ownerKeyOf(cluster: Cluster, plural: string, kind: string, obj: KubeObject | undefined, memo?: Map<string, string | undefined>): string | undefined {
  const ref = obj && controllerRef(obj);
  if (!ref || ref.kind !== kind || !ref.name) return undefined;
  // `memo`: owners already looked up by this pass (a pass does not create or delete the owners it looks up).
  if (memo?.has(ref.uid)) return memo.get(ref.uid);
  const owner = cluster.get(plural, obj!.metadata.namespace, ref.name);
  const key = owner && owner.metadata.uid === ref.uid ? `${obj!.metadata.namespace}/${ref.name}` : undefined;
  memo?.set(ref.uid, key);
  return key;
}

/**
 * Whether the object an owner reference names exists (with that uid). One of a kind kubesim serves is looked up
 * by kind and name, as upstream's garbage collector does (isDangling): none of that name, or one with another uid,
 * is gone. One of another kind is looked for among `uids()`, every object's uid (liveUids: every object decoded,
 * so built only when such a reference comes up).
 */
export function ownerExists(cluster: Cluster, namespace: string | undefined, ref: { kind: string; name: string; uid: string }, uids: () => Set<string>): boolean {
  const rt = resourceTypeForKind(ref.kind);
  if (!rt) return uids().has(ref.uid);
  return cluster.get(rt.plural, rt.namespaced ? namespace : undefined, ref.name)?.metadata.uid === ref.uid;
}

/** The uid of every object of every resource (every object decoded: for what cannot be looked up by name). */
export function liveUids(cluster: Cluster): Set<string> {
  const uids = new Set<string>();
  for (const bucket of Object.values(cluster.state.objects)) for (const o of Object.values(bucket)) if (o.metadata.uid) uids.add(o.metadata.uid);
  return uids;
}

/** Objects in store order (for the few lists whose view order may differ from it, e.g. orphans after a release). */
export function sortByStoreOrder(cluster: Cluster, plural: string, objs: KubeObject[]): KubeObject[] {
  if (objs.length < 2) return objs;
  const want = new Map(objs.map((o) => [o, true]));
  const out: KubeObject[] = [];
  const bucket = cluster.state.objects[plural] ?? {};
  for (const k in bucket) if (want.has(bucket[k])) out.push(bucket[k]);
  return out;
}
