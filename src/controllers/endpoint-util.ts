// What the Endpoints and EndpointSlice controllers share (pkg/api/v1/pod FindPort, endpointslice util
// ShouldPodBeInEndpoints/ShouldSetHostname): which pods count, their ports, and a per-pass pod index so each
// Service looks only at pods carrying one of its selector's labels (O(pods) to build, not O(services × pods)).
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const SLICE_CONTROLLER = 'endpointslice-controller.k8s.io';
export const MIRROR_CONTROLLER = 'endpointslicemirroring-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';

export function objects(cluster: Cluster, plural: string): KubeObject[] {
  return Object.values(cluster.state.objects[plural] ?? {});
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

/** Pods that may appear in endpoints, indexed by namespace and by each `key=value` label. */
export class PodIndex {
  private readonly byLabel = new Map<string, Map<string, KubeObject[]>>();

  constructor(pods: KubeObject[]) {
    for (const pod of pods) {
      if (!shouldPodBeInEndpoints(pod, true)) continue;
      const ns = pod.metadata.namespace!;
      let m = this.byLabel.get(ns);
      if (!m) this.byLabel.set(ns, (m = new Map()));
      for (const [k, v] of Object.entries(pod.metadata.labels ?? {})) {
        const key = `${k}=${v}`;
        let list = m.get(key);
        if (!list) m.set(key, (list = []));
        list.push(pod);
      }
    }
  }

  /** Pods of the namespace whose labels include every selector pair, sorted by name. */
  select(namespace: string, selector: Record<string, string>): KubeObject[] {
    const m = this.byLabel.get(namespace);
    if (!m) return [];
    let smallest: KubeObject[] | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const list = m.get(`${k}=${v}`);
      if (!list) return [];
      if (!smallest || list.length < smallest.length) smallest = list;
    }
    if (!smallest) return [];
    const out = smallest.filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
    return out.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0));
  }
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
