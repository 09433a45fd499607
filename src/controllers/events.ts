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
  // Indexed per command (a scan per event is O(n²) when a controller makes thousands of pods).
  const idx = indexOf(cluster);
  const key = JSON.stringify([ns, involved.metadata.uid, reason, message, type, component]);
  const hit = idx.byKey.get(key);
  const existing = hit ? cluster.get('events', ns, hit) : undefined;
  if (existing) {
    const next = structuredClone(existing);
    next.count = (next.count ?? 1) + 1;
    next.lastTimestamp = ts;
    cluster.update(next);
    return;
  }
  const name = `${involved.metadata.name}.${cluster.random.uint32().toString(16).padStart(8, '0')}${cluster.random.uint32().toString(16).padStart(8, '0')}`;
  idx.byKey.set(key, name);
  idx.order.push([ns, name]);
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
  idx.count++;
  while (idx.count > MAX_EVENTS && idx.head < idx.order.length) {
    const [ons, oname] = idx.order[idx.head++];
    cluster.remove('events', ons, oname); // may already be gone (a deleted namespace): it no longer counts either way
    idx.count--;
  }
}

interface EventIndex {
  byKey: Map<string, string>;
  /** Events oldest first; `head` is the next to drop. Entries already removed elsewhere are skipped. */
  order: Array<[string, string]>;
  head: number;
  count: number;
}

const indexes = new WeakMap<Cluster, EventIndex>();

function indexOf(cluster: Cluster): EventIndex {
  let idx = indexes.get(cluster);
  if (idx) return idx;
  // Built once per command; hits are checked against the store, so events removed elsewhere are simply missed.
  const stored = cluster.state.objects.events ?? {};
  const events = Object.values(stored).sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
  idx = { byKey: new Map(), order: [], head: 0, count: events.length };
  for (const e of events) {
    const ns = e.metadata.namespace ?? 'default';
    idx.byKey.set(JSON.stringify([ns, e.involvedObject?.uid, e.reason, e.message, e.type, e.source?.component]), e.metadata.name!);
    idx.order.push([ns, e.metadata.name!]);
  }
  indexes.set(cluster, idx);
  return idx;
}

/** The events about one object, oldest first, as `describe` lists them. */
export function eventsFor(cluster: Cluster, obj: KubeObject): KubeObject[] {
  return cluster
    .list('events', obj.metadata.namespace ?? 'default')
    .filter((e) => e.involvedObject?.uid === obj.metadata.uid)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
}
