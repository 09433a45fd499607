// Events, as controllers and the kubelet record them (`kubectl get events`, the Events of `describe`).
// Repeats of the same event on the same object are folded into one with a count, as the event recorder does.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { cloneJSON } from '../store/clone.js';

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
  // The index of every event is built only when needed: to find the event repeated when the events cannot be
  // searched for the object's uid, or to drop the oldest when there are too many (see prune).
  let idx = indexes.get(cluster);
  const same = JSON.stringify([ns, involved.metadata.uid, reason, message, type, component]);
  const uid = involved.metadata.uid;
  const mentioning = idx || !uid ? undefined : cluster.mentioning('events', uid);
  if (!mentioning) idx ??= indexOf(cluster);
  const existing = mentioning ? newestSame(mentioning, ns, same) : findSame(cluster, idx!, ns, involved.metadata.name!, same);
  if (existing) {
    const next = cloneJSON(existing);
    next.count = (next.count ?? 1) + 1;
    next.lastTimestamp = ts;
    // Written again: it is now the newest, the last to be dropped.
    cluster.update(next, { last: true });
    if (idx) written(idx, `${ns}/${existing.metadata.name}`);
    return;
  }
  const name = `${involved.metadata.name}.${cluster.random.uint32().toString(16).padStart(8, '0')}${cluster.random.uint32().toString(16).padStart(8, '0')}`;
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
  if (idx) {
    written(idx, `${ns}/${name}`);
    idx.count++;
    prune(cluster, idx);
    return;
  }
  // Counted, and the oldest (the first in store order) found, without reading every key.
  const over = cluster.count('events') - MAX_EVENTS;
  if (over > 0) for (const key of cluster.firstKeys('events', over)) removeEvent(cluster, key);
}

function removeEvent(cluster: Cluster, key: string): void {
  const slash = key.indexOf('/');
  cluster.remove('events', key.slice(0, slash), key.slice(slash + 1)); // may already be gone (a deleted namespace)
}

/** Drops the events written longest ago while there are more than MAX_EVENTS. */
function prune(cluster: Cluster, idx: EventIndex): void {
  while (idx.count > MAX_EVENTS && idx.head < idx.order.length) {
    const at = idx.head++;
    const key = idx.order[at];
    if (idx.latest.get(key) !== at) continue; // written again since: its newer place counts
    idx.latest.delete(key);
    removeEvent(cluster, key);
    idx.count--;
  }
}

/**
 * Events in the order they were last written (the store keeps that order: a repeat moves its event to the end),
 * oldest first, so the oldest is dropped first as the API server's event TTL would; and the events of each
 * involved object, by their names.
 */
interface EventIndex {
  /** Event keys, oldest write first; a key written again appears again (`latest` tells its current place). */
  order: string[];
  latest: Map<string, number>;
  head: number;
  count: number;
  /** "namespace/involved object's name" → the keys of its events (an event is named `<object>.<random>`); keys of
   *  events removed since are left in (looked up, they are missed). */
  byObject: Map<string, string[]>;
}

const indexes = new WeakMap<Cluster, EventIndex>();

/** Oldest write first. */
export const byResourceVersion = (a: KubeObject, b: KubeObject): number => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion);

function indexOf(cluster: Cluster): EventIndex {
  let idx = indexes.get(cluster);
  if (idx) return idx;
  // Keys only: nothing is decoded to know the order, or which object each event is about.
  const order = cluster.keys('events');
  idx = { order, latest: new Map(order.map((k, i) => [k, i])), head: 0, count: order.length, byObject: new Map() };
  for (const key of order) addByObject(idx, key);
  indexes.set(cluster, idx);
  return idx;
}

function addByObject(idx: EventIndex, key: string): void {
  const dot = key.lastIndexOf('.');
  if (dot < 0) return; // not named after an object
  const object = key.slice(0, dot);
  const keys = idx.byObject.get(object);
  if (keys) keys.push(key);
  else idx.byObject.set(object, [key]);
}

function written(idx: EventIndex, key: string): void {
  if (!idx.latest.has(key)) addByObject(idx, key);
  idx.latest.set(key, idx.order.length);
  idx.order.push(key);
}

const sameOf = (e: KubeObject) => JSON.stringify([e.metadata.namespace ?? 'default', e.involvedObject?.uid, e.reason, e.message, e.type, e.source?.component]);

/** The newest of these events that the one being recorded repeats (`same`: see sameOf). */
function newestSame(events: KubeObject[], ns: string, same: string): KubeObject | undefined {
  let newest: KubeObject | undefined;
  for (const e of events) if ((e.metadata.namespace ?? 'default') === ns && sameOf(e) === same && (!newest || byResourceVersion(newest, e) < 0)) newest = e;
  return newest;
}

/**
 * The stored event that this one repeats (the newest, if several): among the events of the same object, found by
 * their names, so only those are decoded.
 */
function findSame(cluster: Cluster, idx: EventIndex, ns: string, involvedName: string, same: string): KubeObject | undefined {
  const keys = idx.byObject.get(`${ns}/${involvedName}`);
  if (!keys) return undefined;
  const events = cluster.state.objects.events ?? {};
  const found: KubeObject[] = [];
  for (const key of keys) {
    const e = events[key]; // undefined: removed since (its key is left in the index)
    if (e) found.push(e);
  }
  return newestSame(found, ns, same);
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
