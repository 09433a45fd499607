// What the Endpoints and EndpointSlice controllers share (pkg/api/v1/pod FindPort, endpointslice util
// ShouldPodBeInEndpoints/ShouldSetHostname): which pods count, their ports, and a per-pass pod index so each
// Service looks only at pods carrying one of its selector's labels (O(pods) to build, not O(services × pods)).
import type { KubeObject } from '../api/types.js';
import type { Change, Cluster } from '../store/cluster.js';
import { valuesOf } from '../store/bucket.js';

export { SERVICE_NAME_LABEL } from '../api/labels.js';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const MIRROR_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

export function objects(cluster: Cluster, plural: string): KubeObject[] {
  return valuesOf(cluster.state.objects[plural] ?? {});
}

export function svcKey(ns: string | undefined, name: string | undefined): string {
  return `${ns}/${name}`;
}

export function hasSelector(svc: KubeObject): boolean {
  const sel = svc.spec?.selector;
  return Boolean(sel) && Object.keys(sel).length > 0;
}

/** Services the endpoint controllers manage: a selector, and not ExternalName. */
export function isSelectorService(svc: KubeObject): boolean {
  return hasSelector(svc) && svc.spec?.type !== 'ExternalName';
}

export function isHeadless(svc: KubeObject): boolean {
  return svc.spec?.clusterIP === 'None';
}

export function podIP(pod: KubeObject): string | undefined {
  return pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || undefined;
}

/** ShouldPodBeInEndpoints(pod, includeTerminating): not terminal, has an IP, and not terminating unless included. */
export function shouldPodBeInEndpoints(pod: KubeObject, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') return false;
  if (!podIP(pod)) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  return true;
}

export function isPodReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** FindPort: a number is used as is; a name is looked up in the containers' ports with the Service port's protocol. */
export function findPort(pod: KubeObject, svcPort: any): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target === 0 ? svcPort.port : target;
  if (target === '' || target === undefined) return svcPort.port;
  const protocol = svcPort.protocol ?? 'TCP';
  const containers = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? []).filter((c: any) => c.restartPolicy === 'Always')];
  for (const c of containers) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** ShouldSetHostname: the pod asked for a hostname and its subdomain is this Service. */
export function hostnameFor(pod: KubeObject, svc: KubeObject): string | undefined {
  const h = pod.spec?.hostname;
  return h && pod.spec?.subdomain === svc.metadata.name ? h : undefined;
}

export function targetRef(pod: KubeObject): Record<string, string> {
  return { kind: 'Pod', name: pod.metadata.name!, namespace: pod.metadata.namespace!, uid: pod.metadata.uid! };
}

/** `namespace` → `key=value` → objects carrying it (by object key): pods by label, Services by selector pair. */
type PairIndex = Map<string, Map<string, Map<string, KubeObject>>>;

function pairStep(pairsOf: (o: KubeObject) => Record<string, string> | undefined) {
  const pairs = (o: KubeObject | undefined) => Object.entries((o && pairsOf(o)) ?? {}).map(([k, v]) => `${k}=${v}`);
  return (m: PairIndex, old: KubeObject | undefined, obj: KubeObject | undefined, key: string) => {
    if (old) {
      const byPair = m.get(old.metadata.namespace!);
      for (const p of pairs(old)) byPair?.get(p)?.delete(key);
    }
    if (!obj) return;
    const ns = obj.metadata.namespace!;
    let byPair = m.get(ns);
    for (const p of pairs(obj)) {
      if (!byPair) m.set(ns, (byPair = new Map()));
      let objs = byPair.get(p);
      if (!objs) byPair.set(p, (objs = new Map()));
      objs.set(key, obj);
    }
  };
}

const byName = (a: KubeObject, b: KubeObject) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0);

/**
 * Pods that may appear in endpoints, by selector. A few selections are answered by searching the pods' text for
 * a selector value (decoding only the pods that mention it); beyond that, from a view of every pod indexed by
 * namespace and `key=value` label, built once per command.
 */
export class PodIndex {
  private byLabel?: PairIndex;

  constructor(private readonly cluster: Cluster) {}

  /** Pods of the namespace whose labels include every selector pair, sorted by name. */
  select(namespace: string, selector: Record<string, string>): KubeObject[] {
    const pairs = Object.entries(selector);
    if (!pairs.length) return [];
    const matches = (p: KubeObject) => p.metadata.namespace === namespace && shouldPodBeInEndpoints(p, true) && pairs.every(([k, v]) => p.metadata.labels?.[k] === v);
    if (!this.byLabel) {
      const rarest = pairs.reduce((a, b) => (b[1].length > a[1].length ? b : a))[1];
      const found = this.cluster.mentioning('pods', rarest);
      if (found) return found.filter(matches).sort(byName);
      this.byLabel = this.cluster.view<PairIndex>('pods/endpoint-labels', 'pods', () => new Map(), pairStep((p) => (shouldPodBeInEndpoints(p, true) ? p.metadata.labels : undefined)));
    }
    const m = this.byLabel.get(namespace);
    if (!m) return [];
    let smallest: Map<string, KubeObject> | undefined;
    for (const [k, v] of pairs) {
      const objs = m.get(`${k}=${v}`);
      if (!objs) return [];
      if (!smallest || objs.size < smallest.size) smallest = objs;
    }
    const out: KubeObject[] = [];
    for (const p of smallest!.values()) if (matches(p)) out.push(p);
    return out.sort(byName);
  }
}

/**
 * Keys of the selector Services in the pod's namespace that select it (its labels as given). A Service selecting
 * the pod mentions one of its label values: the Services' text is searched for each (decoding only the Services
 * found); when it cannot be, a view of every Service by selector pair answers.
 */
export function servicesSelecting(cluster: Cluster, pod: KubeObject): string[] {
  const labels = pod.metadata.labels ?? {};
  const candidates = new Map<string, KubeObject>();
  for (const v of new Set(Object.values(labels))) {
    const found = cluster.mentioning('services', v);
    if (!found) return servicesSelectingByView(cluster, pod);
    for (const svc of found) candidates.set(`${svc.metadata.namespace}/${svc.metadata.name}`, svc);
  }
  const out: string[] = [];
  for (const [key, svc] of candidates) {
    if (svc.metadata.namespace !== pod.metadata.namespace || !isSelectorService(svc)) continue;
    const pairs = Object.entries(svc.spec.selector as Record<string, string>);
    if (pairs.length && pairs.every(([sk, sv]) => labels[sk] === sv)) out.push(key);
  }
  return out;
}

function servicesSelectingByView(cluster: Cluster, pod: KubeObject): string[] {
  const index = cluster.view<PairIndex>('services/selector-pairs', 'services', () => new Map(), pairStep((s) => (isSelectorService(s) ? s.spec.selector : undefined)));
  const byPair = index.get(pod.metadata.namespace!);
  const labels = pod.metadata.labels ?? {};
  if (!byPair) return [];
  const out = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    for (const [key, svc] of byPair.get(`${k}=${v}`) ?? []) {
      if (!out.has(key) && Object.entries(svc.spec.selector as Record<string, string>).every(([sk, sv]) => labels[sk] === sv)) out.add(key);
    }
  }
  return [...out];
}

/**
 * Services whose endpoints may have changed: changed Services, those named by a changed object of `named` (the
 * Endpoints of the same name, or slices by their service-name label), and the Services selecting a changed or
 * deleted pod that may be an endpoint (as it was or as it is).
 */
export function servicesToSync(cluster: Cluster, changes: readonly Change[], namedBy: (c: Change) => string | undefined): Set<string> {
  const keys = new Set<string>();
  for (const c of changes) {
    if (c.plural === 'services') keys.add(c.key);
    else if (c.plural === 'pods') {
      for (const p of [c.old, c.obj]) if (p && shouldPodBeInEndpoints(p, true)) for (const k of servicesSelecting(cluster, p)) keys.add(k);
    } else {
      const k = namedBy(c);
      if (k !== undefined) keys.add(k);
    }
  }
  return keys;
}

/** Labels of generated endpoint objects: the Service's, plus the headless marker. */
export function serviceLabels(svc: KubeObject, drop: string[] = []): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) if (!drop.includes(k)) labels[k] = v;
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  else delete labels[HEADLESS_LABEL];
  return labels;
}

export function compareIP(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export const json = (v: unknown): string => JSON.stringify(v);
