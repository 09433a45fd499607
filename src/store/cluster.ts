// The cluster in memory for one command: typed access to the objects, and the API server's bookkeeping
// (uid, resourceVersion, generation, creationTimestamp, generateName). Pure: no I/O; the clock and the
// random generator come from the state and the caller.
import type { KubeObject } from '../api/types.js';
import { resourceTypeForKind, type ResourceType } from '../api/resources.js';
import { Random } from '../sim/random.js';
import { formatTimestamp } from '../sim/clock.js';
import { objectKey, type ClusterState } from './state.js';
import { jsonEqual } from './equal.js';
import { entriesOf, firstKeysOf, sizeOf, keysInStoreOrder, keysMentioning, keysOf, keysOwnedBy, keysReferencing, keysTagged, lineSummaryOf, summariesOf, summaryRowsOf, tagCounts, valuesOf } from './bucket.js';
import { rowKey, rowsInListOrder, type SummaryRows } from './summary-rows.js';

/** One write to the store, as an informer would see it: created (obj only), updated (old and obj), removed (old only). */
export interface Change {
  plural: string;
  key: string;
  old?: KubeObject;
  obj?: KubeObject;
}

/** The pseudo-resource a change to the cluster config (e.g. the tunnel flag) is logged under. */
export const CONFIG = '#config';

/** A view of one resource kept current from the change log (see Cluster.view). */
interface View {
  plural: string;
  pos: number;
  value: unknown;
  step: (value: any, old: KubeObject | undefined, obj: KubeObject | undefined, key: string) => void;
}

export class Cluster {
  readonly random: Random;
  /** Every write of this command, in order: the controllers' work queues are derived from it (controllers/index.ts). */
  readonly log: Change[] = [];
  private readonly views = new Map<string, View>();
  private readonly sorted = new Map<string, KubeObject[]>();
  /** The texts searched for per resource (see mentioning). */
  private readonly searches = new Map<string, Set<string>>();
  /** Bumped by every real change; the reconciler runs controllers until it stops moving. */
  changes = 0;
  /** Bumped by changes to the state outside the objects (the data plane's conntrack/affinity memory): saved, but
   *  nothing for the controllers to do. */
  stateChanges = 0;

  constructor(
    readonly state: ClusterState,
    readonly now: Date,
  ) {
    this.random = new Random(state.random);
  }

  get config() {
    return this.state.cluster;
  }

  /** `now` as the API server writes times (RFC 3339, seconds): made once, asked for by every object written. */
  timestamp(): string {
    return (this.nowStamp ??= formatTimestamp(this.now));
  }

  private nowStamp?: string;

  private bucket(plural: string): Record<string, KubeObject> {
    return (this.state.objects[plural] ??= {});
  }

  get(plural: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.state.objects[plural]?.[objectKey(namespace, name)];
  }

  /** Objects of one resource, in one namespace or (namespace undefined) all, sorted by namespace then name. */
  list(plural: string, namespace?: string): KubeObject[] {
    // Sorted once per resource until it changes (controllers and printers list the same resource many times).
    let all = this.sorted.get(plural);
    if (!all) this.sorted.set(plural, (all = valuesOf(this.state.objects[plural] ?? {}).sort(compareObjects)));
    return namespace === undefined ? all.slice() : all.filter((o) => o.metadata.namespace === namespace);
  }

  /**
   * One resource's objects in `list` order (namespace, then name), each as the summary its line keeps
   * (summaries.ts) or, where it has none to trust, decoded: a table of thousands of pods without decoding them.
   * `object(i)` decodes one (a summary its reader rejects). Undefined when the resource was not read lazily
   * (callers then use `list`).
   */
  summarized(plural: string, namespace: string | undefined): Summarized | undefined {
    const bucket = this.state.objects[plural];
    const all = bucket && summariesOf(bucket);
    if (!all) return undefined;
    const prefix = namespace === undefined ? undefined : namespace + '/';
    const at: number[] = [];
    for (let i = 0; i < all.keys.length; i++) if (prefix === undefined || all.keys[i].startsWith(prefix)) at.push(i);
    const rank = namespaceRanks(all.keys, at);
    // Within a namespace the keys share their "namespace/" start: comparing them compares the names.
    at.sort((x, y) => rank[x] - rank[y] || (all.keys[x] < all.keys[y] ? -1 : all.keys[x] > all.keys[y] ? 1 : 0));
    const keys = at.map((i) => all.keys[i]);
    const values = at.map((i) => all.values[i]);
    return { keys, values, object: (i) => (typeof values[i] === 'string' ? bucket[keys[i]] : (values[i] as KubeObject)) };
  }

  /**
   * As summarized, the summaries as bytes (summary-rows.ts): the rows of one namespace (undefined: all) in `list`
   * order, and a way to decode a row's object (a summary its reader rejects).
   */
  summaryRows(plural: string, namespace: string | undefined): ListedRows | undefined {
    const bucket = this.state.objects[plural];
    const rows = bucket && summaryRowsOf(bucket);
    if (!rows) return undefined;
    return { rows, order: rowsInListOrder(rows, namespace), object: (r) => rows.objects[r] ?? bucket[rowKey(rows, r)] };
  }

  /** One object's line summary (summaries.ts), when its line keeps one to trust and it is unchanged since read. */
  lineSummary(plural: string, namespace: string | undefined, name: string): string | undefined {
    const bucket = this.state.objects[plural];
    return bucket && lineSummaryOf(bucket, objectKey(namespace, name));
  }

  /** Keys ("namespace/name", or "name" for cluster-scoped) of one resource, in store order, without decoding objects. */
  keys(plural: string): string[] {
    return keysOf(this.state.objects[plural] ?? {});
  }

  /**
   * Objects whose key starts with `prefix`, in store order. Decodes only those (the state file is decoded per
   * object on demand): e.g. `ns/svc-` for a Service's EndpointSlices, `ns/name.` for an object's Events.
   */
  listByKeyPrefix(plural: string, prefix: string): KubeObject[] {
    const bucket = this.state.objects[plural];
    if (!bucket) return [];
    const out: KubeObject[] = [];
    for (const k of keysOf(bucket)) if (k.startsWith(prefix)) out.push(bucket[k]);
    return out;
  }

  /**
   * Objects that may mention `value` (a label value, a node name, a Service name…), decoded: found by searching
   * the resource's text, so only they are decoded. Undefined when the resource is not read lazily, or after a
   * few such searches in one command (then one full view costs less): callers fall back to their view and must
   * check each object returned themselves.
   */
  mentioning(plural: string, value: string): KubeObject[] | undefined {
    return this.containing(plural, JSON.stringify(value));
  }

  /** As mentioning, for any text (e.g. `minReadySeconds"`, a field name as a patch or an object writes it). */
  containing(plural: string, text: string): KubeObject[] | undefined {
    const bucket = this.state.objects[plural];
    if (!bucket) return [];
    // A text searched for again costs no search (the resource keeps each text's hits): only new texts count.
    let searched = this.searches.get(plural);
    if (!searched?.has(text) && (searched?.size ?? 0) >= TEXT_SEARCHES) return undefined;
    const keys = keysMentioning(bucket, text);
    if (keys === undefined) return undefined;
    if (!searched) this.searches.set(plural, (searched = new Set()));
    searched.add(text);
    const out: KubeObject[] = [];
    for (const k of keys) out.push(bucket[k]);
    return out;
  }

  /**
   * Keys of the objects whose controller owner has this uid ('' for objects without one), in store order, read
   * from the state file's lines without decoding; undefined when the resource was not read lazily (callers then
   * use a view).
   */
  ownedKeys(plural: string, uid: string): string[] | undefined {
    const bucket = this.state.objects[plural];
    return bucket ? keysOwnedBy(bucket, uid) : [];
  }

  /** The first n keys of a resource in store order (its oldest: events are kept in the order last written). */
  firstKeys(plural: string, n: number): string[] {
    const bucket = this.state.objects[plural];
    return bucket ? firstKeysOf(bucket, n) : [];
  }

  /** How many objects a resource has, decoding none. */
  count(plural: string): number {
    const bucket = this.state.objects[plural];
    return bucket ? sizeOf(bucket) : 0;
  }

  /** Those of `keys` the resource has, in store order, each found by key; undefined as for ownedKeys. */
  keysInStoreOrder(plural: string, keys: Iterable<string>): string[] | undefined {
    const bucket = this.state.objects[plural];
    return bucket ? keysInStoreOrder(bucket, keys) : [];
  }

  /** Keys of the objects that may name `uid` in their ownerReferences (check each); undefined as for ownedKeys. */
  referencingKeys(plural: string, uid: string): string[] | undefined {
    const bucket = this.state.objects[plural];
    return bucket ? keysReferencing(bucket, uid) : [];
  }

  /** Keys of the objects with any of these tags (store/tags.ts), in store order; undefined as for ownedKeys. */
  taggedKeys(plural: string, tags: string[]): string[] | undefined {
    const bucket = this.state.objects[plural];
    return bucket ? keysTagged(bucket, tags) : [];
  }

  /** How many objects carry each tag; undefined as for ownedKeys. */
  tagCounts(plural: string): Map<string, number> | undefined {
    const bucket = this.state.objects[plural];
    return bucket ? tagCounts(bucket) : new Map();
  }

  /**
   * A value derived from one resource, built on first use by `step`ping over every object (in store order), then
   * kept current by stepping over each later change to that resource: an index built once per command.
   */
  view<S>(name: string, plural: string, init: () => S, step: (value: S, old: KubeObject | undefined, obj: KubeObject | undefined, key: string) => void): S {
    let v = this.views.get(name);
    if (!v) {
      const value = init();
      for (const [key, obj] of entriesOf(this.state.objects[plural] ?? {})) step(value, undefined, obj, key);
      this.views.set(name, (v = { plural, pos: this.log.length, value, step }));
      return value as S;
    }
    const log = this.log;
    for (let i = v.pos; i < log.length; i++) {
      const c = log[i];
      if (c.plural === v.plural) v.step(v.value, c.old, c.obj, c.key);
    }
    v.pos = log.length;
    return v.value as S;
  }

  /** A change outside the objects that controllers act on (the cluster config, e.g. the tunnel flag). */
  configChanged(): void {
    this.record({ plural: CONFIG, key: '' });
  }

  private record(c: Change): void {
    this.changes++;
    this.log.push(c);
    this.sorted.delete(c.plural);
  }

  private nextResourceVersion(): string {
    this.state.resourceVersion += 1;
    return String(this.state.resourceVersion);
  }

  /** Store a new object as the API server does on create: fills metadata, resolves generateName. */
  create(obj: KubeObject): KubeObject {
    const rt = mustType(obj.kind);
    const meta = obj.metadata;
    if (!rt.namespaced) delete meta.namespace;
    if (!meta.name && meta.generateName) {
      // Same generator as the API server: generateName + 5 random characters; retry on a clash.
      do meta.name = meta.generateName + this.random.string(5);
      while (this.get(rt.plural, meta.namespace, meta.name));
    }
    meta.uid = this.random.uuid();
    meta.resourceVersion = this.nextResourceVersion();
    meta.creationTimestamp = this.timestamp();
    if (obj.spec !== undefined && hasGeneration(rt)) meta.generation = 1;
    const ordered = orderTopLevel(obj);
    if (rt.kind === 'Service') (this.state.serviceRevisions ??= {})[meta.uid] = this.state.resourceVersion;
    const key = objectKey(meta.namespace, meta.name!);
    this.bucket(rt.plural)[key] = ordered;
    this.record({ plural: rt.plural, key, obj: ordered });
    return ordered;
  }

  /**
   * Replace a stored object. A no-op (same content) changes nothing, so controllers can write unconditionally.
   * Returns whether anything changed. Bumps generation when the spec changed.
   */
  update(obj: KubeObject, opts: { last?: boolean } = {}): boolean {
    const rt = mustType(obj.kind);
    const key = objectKey(obj.metadata.namespace, obj.metadata.name!);
    const old = this.bucket(rt.plural)[key];
    if (!old) throw new Error(`update of missing ${rt.plural} ${key}`);
    const next = orderTopLevel(obj);
    next.metadata.resourceVersion = old.metadata.resourceVersion;
    next.metadata.generation = old.metadata.generation;
    if (jsonEqual(old, next)) return false;
    if (hasGeneration(rt) && !jsonEqual(old.spec, next.spec)) {
      next.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
    next.metadata.resourceVersion = this.nextResourceVersion();
    // `last`: the object moves to the end of its resource's store order (events: the order they were last written).
    if (opts.last) delete this.bucket(rt.plural)[key];
    this.bucket(rt.plural)[key] = next;
    this.record({ plural: rt.plural, key, old, obj: next });
    return true;
  }

  remove(plural: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const bucket = this.bucket(plural);
    const key = objectKey(namespace, name);
    const old = bucket[key];
    if (!old) return undefined;
    delete bucket[key];
    if (old.kind === 'Service' && old.metadata.uid && this.state.serviceRevisions) delete this.state.serviceRevisions[old.metadata.uid];
    this.record({ plural, key, old });
    return old;
  }

  /** The resourceVersion an object was created at: recorded for Services; else its current one. */
  creationRevision(obj: KubeObject): number {
    const recorded = obj.kind === 'Service' && obj.metadata.uid ? this.state.serviceRevisions?.[obj.metadata.uid] : undefined;
    return recorded ?? Number(obj.metadata.resourceVersion ?? 0);
  }

  /** Write the generator's position back so the next command continues the sequence. */
  syncRandom(): void {
    this.state.random = this.random.state();
  }
}

function mustType(kind: string): ResourceType {
  const rt = resourceTypeForKind(kind);
  if (!rt) throw new Error(`unknown kind ${kind}`);
  return rt;
}

/** Text searches of one resource per command before a full view is cheaper (a search costs ~1/50 of decoding all). */
const TEXT_SEARCHES = 16;

/** Kinds whose API strategy sets metadata.generation (bumped on spec changes); Services, Pods, ConfigMaps… have none. */
const GENERATION_KINDS = new Set([
  'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job', 'CronJob',
  'Ingress', 'IngressClass', 'NetworkPolicy', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'CustomResourceDefinition',
]);

function hasGeneration(rt: ResourceType): boolean {
  return GENERATION_KINDS.has(rt.kind);
}

/** A resource's objects as their line summaries: keys, each one's summary or object, and a way to decode one. */
export interface Summarized {
  keys: string[];
  values: Array<string | KubeObject>;
  object(i: number): KubeObject;
}

/** A resource's rows (summary-rows.ts), which of them are listed in which order, and a way to decode one. */
export interface ListedRows {
  rows: SummaryRows;
  order: Int32Array;
  object(row: number): KubeObject;
}

/** Per position in `at`, its key's namespace's place among the namespaces (sorted as compareObjects sorts them). */
function namespaceRanks(keys: string[], at: number[]): Int32Array {
  const rank = new Int32Array(keys.length);
  const names = new Map<string, number>();
  const ofKey: string[] = [];
  // Keys of one namespace mostly follow each other: the previous key's namespace is tried first.
  let last = '';
  for (const i of at) {
    const key = keys[i];
    if (!(key.charCodeAt(last.length) === 0x2f /* / */ && key.startsWith(last))) {
      const slash = key.indexOf('/');
      last = slash < 0 ? '' : key.slice(0, slash);
      names.set(last, 0);
    }
    ofKey[i] = last;
  }
  [...names.keys()].sort().forEach((ns, r) => names.set(ns, r));
  for (const i of at) rank[i] = names.get(ofKey[i])!;
  return rank;
}

export function compareObjects(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? '';
  const nb = b.metadata.namespace ?? '';
  if (na !== nb) return na < nb ? -1 : 1;
  const x = a.metadata.name ?? '';
  const y = b.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** apiVersion, kind, metadata first, as the API server returns objects; the rest in the order given. */
function orderTopLevel(obj: KubeObject): KubeObject {
  const { apiVersion, kind, metadata, ...rest } = obj;
  return { apiVersion, kind, metadata, ...rest };
}
