// Events, as controllers and the kubelet record them (`kubectl get events`, the Events of `describe`).
// Repeats of the same event on the same object are folded into one with a count, as the event recorder does.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';

export type EventType = 'Normal' | 'Warning';

/** Events kept per cluster: the oldest go first, as the API server's event TTL would drop them. */
const MAX_EVENTS = 2000;

export function recordEvent(
  cluster: Cluster,
  involved: KubeObject,
  type: EventType,
  reason: string,
  message: string,
  component: string,
  host?: string,
): void {
  const ns = involved.metadata.namespace ?? 'default';
  const ts = cluster.timestamp();
  const idx = indexOf(cluster);
  const same = [ns, involved.metadata.uid, reason, message, type, component];
  const existing = findSame(cluster, idx, ns, involved.metadata.name!, JSON.stringify(same));
  if (existing) {
    const next = structuredClone(existing);
    next.count = (next.count ?? 1) + 1;
    next.lastTimestamp = ts;
    // Written again: it is now the newest, the last to be dropped.
    cluster.update(next, { last: true });
    written(idx, `${ns}/${existing.metadata.name}`);
    return;
  }
  const name = `${involved.metadata.name}.${cluster.random.uint32().toString(16).padStart(8, '0')}${cluster.random.uint32().toString(16).padStart(8, '0')}`;
  idx.byKey?.set(JSON.stringify(same), name);
  cluster.create({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      namespace: involved.metadata.namespace,
      uid: involved.metadata.uid,
      resourceVersion: involved.metadata.resourceVersion,
    },
    reason,
    message,
    source: host ? { component, host } : { component },
    firstTimestamp: ts,
    lastTimestamp: ts,
    count: 1,
    type,
    reportingComponent: component,
    reportingInstance: host ?? '',
  });
  written(idx, `${ns}/${name}`);
  idx.count++;
  while (idx.count > MAX_EVENTS && idx.head < idx.order.length) {
    const at = idx.head++;
    const key = idx.order[at];
    if (idx.latest.get(key) !== at) continue; // written again since: its newer place counts
    idx.latest.delete(key);
    const slash = key.indexOf('/');
    cluster.remove('events', key.slice(0, slash), key.slice(slash + 1)); // may already be gone (a deleted namespace)
    idx.count--;
  }
}

/**
 * Events in the order they were last written (the store keeps that order: a repeat moves its event to the end),
 * oldest first, so the oldest is dropped first as the API server's event TTL would; and, once built, the events
 * by what makes two of them the same.
 */
interface EventIndex {
  /** Event keys, oldest write first; a key written again appears again (`latest` tells its current place). */
  order: string[];
  latest: Map<string, number>;
  head: number;
  count: number;
  /** What makes an event the same → its name; built when a command records many events (see findSame). */
  byKey?: Map<string, string>;
  lookups: number;
}

const indexes = new WeakMap<Cluster, EventIndex>();

/** Oldest write first. */
export const byResourceVersion = (a: KubeObject, b: KubeObject): number => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion);

function indexOf(cluster: Cluster): EventIndex {
  let idx = indexes.get(cluster);
  if (idx) return idx;
  // Keys only: nothing is decoded to know the order.
  const order = cluster.keys('events');
  idx = { order, latest: new Map(order.map((k, i) => [k, i])), head: 0, count: order.length, lookups: 0 };
  indexes.set(cluster, idx);
  return idx;
}

function written(idx: EventIndex, key: string): void {
  idx.latest.set(key, idx.order.length);
  idx.order.push(key);
}

const sameOf = (e: KubeObject) => JSON.stringify([e.metadata.namespace ?? 'default', e.involvedObject?.uid, e.reason, e.message, e.type, e.source?.component]);

/**
 * The stored event that this one repeats. An event is named after its object (`name.<random>`), so the first
 * few lookups of a command decode only the events of that object; a command recording many events indexes them
 * all once (hits are checked against the store: events removed elsewhere are simply missed).
 */
function findSame(cluster: Cluster, idx: EventIndex, ns: string, involvedName: string, same: string): KubeObject | undefined {
  if (!idx.byKey && idx.lookups++ < 16) {
    // The newest of them, as the index below would hold.
    const found = cluster.listByKeyPrefix('events', `${ns}/${involvedName}.`).filter((e) => sameOf(e) === same);
    return found.sort(byResourceVersion).pop();
  }
  if (!idx.byKey) {
    idx.byKey = new Map();
    for (const e of cluster.list('events').sort(byResourceVersion)) idx.byKey.set(sameOf(e), e.metadata.name!);
  }
  const hit = idx.byKey.get(same);
  const e = hit ? cluster.get('events', ns, hit) : undefined;
  return e && sameOf(e) === same ? e : undefined;
}

/** The events about one object, oldest first, as `describe` lists them. */
export function eventsFor(cluster: Cluster, obj: KubeObject): KubeObject[] {
  // Only the events whose text mentions the object's uid are decoded (when the state file is read lazily).
  const uid = obj.metadata.uid;
  const found = uid ? cluster.mentioning('events', uid) : undefined;
  return (found ?? cluster.list('events', obj.metadata.namespace ?? 'default'))
    .filter((e) => e.involvedObject?.uid === uid && (e.metadata.namespace ?? 'default') === (obj.metadata.namespace ?? 'default'))
    .sort(byResourceVersion);
}
