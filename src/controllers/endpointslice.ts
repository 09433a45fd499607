// EndpointSlice controller (pkg/controller/endpointslice, staging endpointslice reconciler.go): for each Service
// with a selector, slices of at most 100 endpoints, one group of slices per distinct resolved port list. Terminating
// pods stay (ready false, terminating true). Existing slices are kept and edited in place (so their generated
// names stay stable across passes); new endpoints fill the slices being updated first (fullest first), then an
// unchanged slice that can take them all, then new slices. No endpoints → one placeholder slice. Slices of a
// deleted (or no longer selector-based) Service are deleted.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import {
  MANAGED_BY_LABEL,
  PodIndex,
  SERVICE_NAME_LABEL,
  SLICE_CONTROLLER,
  TRIGGER_TIME,
  compareIP,
  findPort,
  hostnameFor,
  isPodReady,
  isSelectorService,
  json,
  objects,
  podIP,
  serviceLabels,
  servicesToSync,
  shouldPodBeInEndpoints,
  targetRef,
} from './endpoint-util.js';
import { groupView, inStoreOrder, type Work } from './work.js';
import { K8S_NAME_ALPHABET } from '../sim/random.js';
import { cloneJSON } from '../store/clone.js';

export const MAX_ENDPOINTS_PER_SLICE = 100;

/** The Service ("namespace/name") a slice belongs to, if the given controller manages it. */
export function sliceService(s: KubeObject | undefined, managedBy: string): string | undefined {
  if (!s || s.metadata.labels?.[MANAGED_BY_LABEL] !== managedBy) return undefined;
  return `${s.metadata.namespace}/${s.metadata.labels?.[SERVICE_NAME_LABEL]}`;
}

/** Slices of one controller by their Service. */
export function slicesByService(cluster: Cluster, managedBy: string): Map<string, Map<string, KubeObject>> {
  return groupView(cluster, `endpointslices/${managedBy}`, 'endpointslices', (s) => {
    const k = sliceService(s, managedBy);
    return k === undefined ? [] : [k];
  });
}

/** The slices one controller manages for one Service ("namespace/name"), in store order. */
export function slicesOf(cluster: Cluster, service: string, managedBy: string): KubeObject[] {
  // A few Services: search the slices' text for the Service's name; many: one view of all slices.
  const found = cluster.mentioning('endpointslices', service.slice(service.indexOf('/') + 1));
  if (found) return found.filter((s) => sliceService(s, managedBy) === service);
  return [...(slicesByService(cluster, managedBy).get(service)?.values() ?? [])];
}

const nodeZone = (n: KubeObject | undefined) => n?.metadata.labels?.['topology.kubernetes.io/zone'];

export function run(cluster: Cluster, work?: Work): void {
  const existingBySvc = new Map<string, KubeObject[]>();
  let services: KubeObject[];
  // A node's zone is written into every endpoint on it: a zone change is a full pass (rare).
  if (work?.changes.some((c) => c.plural === 'nodes' && nodeZone(c.old) !== nodeZone(c.obj))) work = undefined;
  if (!work) {
    for (const s of objects(cluster, 'endpointslices')) {
      const key = sliceService(s, SLICE_CONTROLLER);
      if (key === undefined) continue;
      let list = existingBySvc.get(key);
      if (!list) existingBySvc.set(key, (list = []));
      list.push(s);
    }
    services = objects(cluster, 'services');
  } else {
    // Queue: changed Services, Services whose slices changed, Services selecting a changed pod.
    const keys = servicesToSync(cluster, work.changes, () => undefined);
    for (const c of work.changes) {
      if (c.plural !== 'endpointslices') continue;
      for (const s of [c.old, c.obj]) {
        const k = sliceService(s, SLICE_CONTROLLER);
        if (k !== undefined) keys.add(k);
      }
    }
    if (!keys.size) return;
    for (const key of keys) {
      const mine = slicesOf(cluster, key, SLICE_CONTROLLER);
      if (mine.length) existingBySvc.set(key, mine);
    }
    services = inStoreOrder(cluster, 'services', keys);
  }
  services = services.filter(isSelectorService);
  if (services.length) {
    const index = new PodIndex(cluster);
    const zones = zonesOf(cluster);
    for (const svc of services) {
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      const existing = (existingBySvc.get(key) ?? []).sort((a, b) => compareIP(a.metadata.name!, b.metadata.name!));
      existingBySvc.delete(key);
      sync(cluster, svc, index.select(svc.metadata.namespace!, svc.spec.selector), existing, zones);
    }
  }
  for (const leftovers of existingBySvc.values()) for (const s of leftovers) cluster.remove('endpointslices', s.metadata.namespace, s.metadata.name!);
}

/** podToEndpoint. */
export function podToEndpoint(pod: KubeObject, svc: KubeObject, zones?: Map<string, string>): any {
  const serving = isPodReady(pod);
  const terminating = Boolean(pod.metadata.deletionTimestamp);
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: any = { addresses: [podIP(pod)], conditions: { ready, serving, terminating } };
  const hostname = hostnameFor(pod, svc);
  if (hostname) ep.hostname = hostname;
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  ep.targetRef = targetRef(pod);
  const zone = pod.spec?.nodeName ? zones?.get(pod.spec.nodeName) : undefined;
  if (zone) ep.zone = zone;
  return ep;
}

/** getEndpointPorts: the Service ports that resolve for this pod, in the Service's order. */
export function endpointPorts(pod: KubeObject, svc: KubeObject): any[] {
  const out: any[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const p: any = {};
    if (sp.appProtocol) p.appProtocol = sp.appProtocol;
    p.name = sp.name ?? '';
    p.port = port;
    p.protocol = sp.protocol ?? 'TCP';
    out.push(p);
  }
  return out;
}

const epKey = (ep: any): string => `${(ep.addresses ?? []).join(',')}|${ep.targetRef?.namespace ?? ''}/${ep.targetRef?.name ?? ''}|${ep.hostname ?? ''}`;
const portsKey = (ports: any[] | null | undefined): string => json([...(ports ?? [])].sort((a, b) => compareIP(a.name ?? '', b.name ?? '') || (a.port ?? 0) - (b.port ?? 0) || compareIP(a.protocol ?? '', b.protocol ?? '')));
const byAddress = (a: any, b: any): number => compareIP(a.addresses?.[0] ?? '', b.addresses?.[0] ?? '') || compareIP(a.targetRef?.name ?? '', b.targetRef?.name ?? '');

function zonesOf(cluster: Cluster): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of objects(cluster, 'nodes')) {
    const z = n.metadata.labels?.['topology.kubernetes.io/zone'];
    if (z) m.set(n.metadata.name!, z);
  }
  return m;
}

function sync(cluster: Cluster, svc: KubeObject, pods: KubeObject[], existing: KubeObject[], zones: Map<string, string>): void {
  const addressType = svc.spec?.ipFamilies?.[0] === 'IPv6' ? 'IPv6' : 'IPv4';
  // Desired endpoints grouped by resolved port list.
  const desired = new Map<string, { ports: any[]; endpoints: Map<string, any> }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = endpointPorts(pod, svc);
    const key = portsKey(ports);
    let d = desired.get(key);
    if (!d) desired.set(key, (d = { ports, endpoints: new Map() }));
    const ep = podToEndpoint(pod, svc, zones);
    d.endpoints.set(epKey(ep), ep);
  }
  const labels = { ...serviceLabels(svc, [SERVICE_NAME_LABEL, MANAGED_BY_LABEL]), [SERVICE_NAME_LABEL]: svc.metadata.name!, [MANAGED_BY_LABEL]: SLICE_CONTROLLER };
  const toDelete: KubeObject[] = [];
  const toWrite: Array<{ slice: KubeObject | undefined; ports: any[]; endpoints: any[] }> = [];
  const existingByPorts = new Map<string, KubeObject[]>();
  for (const s of existing) {
    const key = portsKey(s.ports);
    if (!desired.has(key) || s.addressType !== addressType) {
      toDelete.push(s);
      continue;
    }
    let list = existingByPorts.get(key);
    if (!list) existingByPorts.set(key, (list = []));
    list.push(s);
  }
  for (const [key, d] of desired) {
    const updating: Array<{ slice: KubeObject; ports: any[]; endpoints: any[] }> = [];
    const unchanged: KubeObject[] = [];
    for (const s of existingByPorts.get(key) ?? []) {
      const kept: any[] = [];
      let changed = json(s.metadata.labels ?? {}) !== json(labels) || json(s.ports ?? []) !== json(d.ports);
      for (const ep of s.endpoints ?? []) {
        const k = epKey(ep);
        const want = d.endpoints.get(k);
        if (!want) {
          changed = true;
          continue;
        }
        if (json(want) !== json(ep)) changed = true;
        kept.push(want);
        d.endpoints.delete(k);
      }
      if (!changed) unchanged.push(s);
      else if (kept.length === 0) toDelete.push(s);
      else updating.push({ slice: s, ports: d.ports, endpoints: kept });
    }
    const remaining = [...d.endpoints.values()].sort(byAddress);
    // Fill the slices being updated anyway, fullest first.
    for (const u of [...updating].sort((a, b) => b.endpoints.length - a.endpoints.length)) {
      while (remaining.length && u.endpoints.length < MAX_ENDPOINTS_PER_SLICE) u.endpoints.push(remaining.shift());
    }
    // Then the fullest unchanged slice that can take all that is left.
    if (remaining.length) {
      const fit = [...unchanged].sort((a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0)).find((s) => MAX_ENDPOINTS_PER_SLICE - (s.endpoints?.length ?? 0) >= remaining.length);
      if (fit) updating.push({ slice: fit, ports: d.ports, endpoints: [...(fit.endpoints ?? []), ...remaining.splice(0)] });
    }
    while (remaining.length) toWrite.push({ slice: undefined, ports: d.ports, endpoints: remaining.splice(0, MAX_ENDPOINTS_PER_SLICE) });
    toWrite.push(...updating);
  }
  // No endpoints anywhere: keep (or make) one placeholder slice.
  const kept = existing.length - toDelete.length;
  if (kept === 0 && !toWrite.some((w) => !w.slice)) {
    const placeholder = toDelete.find((s) => !(s.endpoints ?? []).length && !(s.ports ?? []).length && s.addressType === addressType && desired.size === 0);
    if (placeholder) {
      toDelete.splice(toDelete.indexOf(placeholder), 1);
      toWrite.push({ slice: placeholder, ports: [], endpoints: [] });
    } else {
      toWrite.push({ slice: undefined, ports: [], endpoints: [] });
    }
  }
  for (const s of toDelete) cluster.remove('endpointslices', s.metadata.namespace, s.metadata.name!);
  for (const w of toWrite) write(cluster, svc, w.slice, labels, addressType, w.ports, w.endpoints);
}

function write(cluster: Cluster, svc: KubeObject, slice: KubeObject | undefined, labels: Record<string, string>, addressType: string, ports: any[], endpoints: any[]): void {
  const ns = svc.metadata.namespace!;
  const body = {
    addressType,
    endpoints: endpoints.length ? [...endpoints].sort(byAddress) : null,
    ports: ports.length ? ports : null,
  };
  if (slice) {
    const same = slice.addressType === addressType && json(slice.endpoints ?? null) === json(body.endpoints) && json(slice.ports ?? null) === json(body.ports) && json(slice.metadata.labels ?? {}) === json(labels);
    if (same) return;
    const metadata = cloneJSON(slice.metadata);
    metadata.labels = labels;
    metadata.annotations = { ...(metadata.annotations ?? {}), [TRIGGER_TIME]: cluster.timestamp() };
    cluster.update({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, ...body });
    return;
  }
  const generateName = `${svc.metadata.name}-`;
  cluster.create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      annotations: { [TRIGGER_TIME]: cluster.timestamp() },
      generateName,
      labels,
      name: generatedName(cluster, ns, generateName),
      namespace: ns,
      ownerReferences: [{ apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid! }],
    },
    ...body,
  });
}

/** names.SimpleNameGenerator: base cut to 58 characters plus 5 random ones; a clash is retried. */
export function generatedName(cluster: Cluster, namespace: string, base: string): string {
  const b = base.length > 58 ? base.slice(0, 58) : base;
  let name: string;
  do name = b + cluster.random.string(5, K8S_NAME_ALPHABET);
  while (cluster.get('endpointslices', namespace, name));
  return name;
}
