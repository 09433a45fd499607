// Endpoints controller (pkg/controller/endpoint): one Endpoints object per Service with a selector, named after
// it. Matching pods with an IP that are not finished; ready pods (or every pod with publishNotReadyAddresses) in
// `addresses`, the rest in `notReadyAddresses`; terminating pods dropped unless publishNotReadyAddresses. A named
// targetPort is resolved per pod, then the subsets are repacked (RepackSubsets) so pods whose ports resolve
// differently land in different subsets. Written only when the subsets or labels change, so the
// last-change-trigger-time annotation and resourceVersion stay put on a settled cluster.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import {
  PodIndex,
  TRIGGER_TIME,
  compareIP,
  findPort,
  hostnameFor,
  isHeadless,
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
import { inStoreOrder, type Work } from './work.js';
import { cloneJSON } from '../store/clone.js';

export const MANAGED_BY = 'endpoints.kubernetes.io/managed-by';
export const ENDPOINT_CONTROLLER = 'endpoint-controller';
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
const MAX_ADDRESSES = 1000;

export function run(cluster: Cluster, work?: Work): void {
  let services: KubeObject[];
  let keys: Set<string> | undefined;
  if (!work) services = objects(cluster, 'services');
  else {
    // Queue: changed Services, Services whose Endpoints changed, Services selecting a changed pod.
    keys = servicesToSync(cluster, work.changes, (c) => (c.plural === 'endpoints' ? c.key : undefined));
    if (!keys.size) return;
    services = inStoreOrder(cluster, 'services', keys);
  }
  services = services.filter(isSelectorService);
  if (services.length) {
    const index = new PodIndex(cluster);
    for (const svc of services) sync(cluster, svc, index);
  }
  // A deleted Service takes its Endpoints with it.
  for (const ep of keys ? inStoreOrder(cluster, 'endpoints', keys) : objects(cluster, 'endpoints')) {
    if (ep.metadata.labels?.[MANAGED_BY] !== ENDPOINT_CONTROLLER) continue;
    if (!cluster.get('services', ep.metadata.namespace, ep.metadata.name!)) cluster.remove('endpoints', ep.metadata.namespace, ep.metadata.name!);
  }
}

interface Addr {
  addr: any;
  ready: boolean;
}

/** The subsets the controller computes for one Service (exported for tests). */
export function computeSubsets(svc: KubeObject, pods: KubeObject[]): any[] {
  const tolerate = svc.spec?.publishNotReadyAddresses === true;
  const svcPorts: any[] = svc.spec?.ports ?? [];
  // port (as JSON; "" = the no-port sentinel of headless Services) → addresses offering it
  const byPort = new Map<string, Map<string, Addr>>();
  const add = (portKey: string, a: Addr) => {
    let m = byPort.get(portKey);
    if (!m) byPort.set(portKey, (m = new Map()));
    m.set(`${a.addr.ip}|${a.addr.targetRef?.uid}`, a);
  };
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerate)) continue;
    const addr: any = {};
    const hostname = hostnameFor(pod, svc);
    if (hostname) addr.hostname = hostname;
    addr.ip = podIP(pod);
    if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
    addr.targetRef = targetRef(pod);
    const a = { addr, ready: tolerate || isPodReady(pod) };
    if (svcPorts.length === 0) {
      if (isHeadless(svc)) add('', a);
      continue;
    }
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const epp: any = {};
      if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
      if (sp.name) epp.name = sp.name;
      epp.port = port;
      epp.protocol = sp.protocol ?? 'TCP';
      add(json(epp), a);
    }
  }
  // RepackSubsets: ports offered by exactly the same addresses form one subset.
  const groups = new Map<string, { addrs: Addr[]; ports: any[] }>();
  for (const [portKey, addrs] of byPort) {
    const list = [...addrs.values()].sort((x, y) => compareIP(x.addr.ip, y.addr.ip) || compareIP(x.addr.targetRef?.uid ?? '', y.addr.targetRef?.uid ?? ''));
    const key = list.map((a) => `${a.addr.ip}|${a.addr.targetRef?.uid}|${a.ready}`).join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { addrs: list, ports: [] }));
    if (portKey) g.ports.push(JSON.parse(portKey));
  }
  const subsets = [...groups.values()].map((g) => {
    const ss: any = {};
    const ready = g.addrs.filter((a) => a.ready).map((a) => a.addr);
    const notReady = g.addrs.filter((a) => !a.ready).map((a) => a.addr);
    if (ready.length) ss.addresses = ready;
    if (notReady.length) ss.notReadyAddresses = notReady;
    if (g.ports.length) ss.ports = g.ports.sort((x, y) => compareIP(x.name ?? '', y.name ?? '') || x.port - y.port || compareIP(x.protocol, y.protocol));
    return ss;
  });
  const first = (ss: any) => (ss.addresses ?? ss.notReadyAddresses)[0].ip;
  return subsets.sort((x, y) => compareIP(first(x), first(y)) || compareIP(json(x.ports ?? []), json(y.ports ?? [])));
}

/** More than 1000 addresses: keep the first 1000 (ready ones first) and mark the object truncated. */
function truncate(subsets: any[]): { subsets: any[]; truncated: boolean } {
  const total = subsets.reduce((n, ss) => n + (ss.addresses?.length ?? 0) + (ss.notReadyAddresses?.length ?? 0), 0);
  if (total <= MAX_ADDRESSES) return { subsets, truncated: false };
  let left = MAX_ADDRESSES;
  const out: any[] = [];
  for (const field of ['addresses', 'notReadyAddresses'] as const) {
    for (const ss of subsets) {
      const take = (ss[field] ?? []).slice(0, left);
      left -= take.length;
      if (!take.length) continue;
      let target = out.find((o) => o.src === ss);
      if (!target) out.push((target = { src: ss, ss: { ...ss, addresses: undefined, notReadyAddresses: undefined } }));
      target.ss[field] = take;
    }
  }
  return {
    subsets: out.map(({ ss }) => Object.fromEntries(Object.entries(ss).filter(([, v]) => v !== undefined))),
    truncated: true,
  };
}

function sync(cluster: Cluster, svc: KubeObject, index: PodIndex): void {
  const ns = svc.metadata.namespace!;
  const name = svc.metadata.name!;
  const { subsets, truncated } = truncate(computeSubsets(svc, index.select(ns, svc.spec.selector)));
  const labels = { ...serviceLabels(svc), [MANAGED_BY]: ENDPOINT_CONTROLLER };
  const existing = cluster.get('endpoints', ns, name);
  const oldSubsets = existing?.subsets ?? [];
  const overCapacityOK = (existing?.metadata.annotations?.[OVER_CAPACITY] === 'truncated') === truncated;
  if (existing && json(oldSubsets) === json(subsets) && json(existing.metadata.labels ?? {}) === json(labels) && overCapacityOK) return;
  const annotations: Record<string, string> = { ...(existing?.metadata.annotations ?? {}), [TRIGGER_TIME]: cluster.timestamp() };
  if (truncated) annotations[OVER_CAPACITY] = 'truncated';
  else delete annotations[OVER_CAPACITY];
  const metadata = { ...(existing ? cloneJSON(existing.metadata) : { name, namespace: ns }), labels, annotations };
  const ep: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata };
  if (subsets.length) ep.subsets = subsets;
  if (existing) cluster.update(ep);
  else cluster.create(ep);
}
