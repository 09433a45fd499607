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
  const existing = cluster
    .list('events', ns)
    .find(
      (e) =>
        e.involvedObject?.uid === involved.metadata.uid &&
        e.reason === reason &&
        e.message === message &&
        e.type === type &&
        e.source?.component === component,
    );
  if (existing) {
    const next = structuredClone(existing);
    next.count = (next.count ?? 1) + 1;
    next.lastTimestamp = ts;
    cluster.update(next);
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
  const all = Object.keys(cluster.state.objects.events ?? {});
  if (all.length > MAX_EVENTS) {
    const events = Object.values(cluster.state.objects.events!).sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
    for (const e of events.slice(0, all.length - MAX_EVENTS)) cluster.remove('events', e.metadata.namespace, e.metadata.name!);
  }
}

/** The events about one object, oldest first, as `describe` lists them. */
export function eventsFor(cluster: Cluster, obj: KubeObject): KubeObject[] {
  return cluster
    .list('events', obj.metadata.namespace ?? 'default')
    .filter((e) => e.involvedObject?.uid === obj.metadata.uid)
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion));
}
