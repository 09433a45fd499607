// What kube-proxy reads from the API: one entry per Service port (ServicePortInfo) and the endpoints of each,
// from the EndpointSlices labelled kubernetes.io/service-name (pkg/proxy/serviceport.go, endpointslicecache.go).
import type { KubeObject } from '../../api/types.js';
import type { Cluster } from '../../store/cluster.js';
import { isIPv4, type Proto } from './model.js';
import { endpointChainName, servicePortHash, servicePortName } from './hash.js';
import { memo, notePodRef, serviceSlices, slicesLabelledFor } from '../lookup.js';
import { SERVICE_NAME_LABEL } from '../../api/labels.js';
import { serviceOfSummary, sliceOfSummary } from '../../store/proxy-summary.js';

export interface EndpointInfo {
  ip: string;
  port: number;
  /** `ip:port`, what kube-proxy sorts and hashes by. */
  hostPort: string;
  nodeName?: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
  chain: string;
}

export interface ServicePortInfo {
  namespace: string;
  name: string;
  portName: string;
  /** `ns/svc:port`, as printed in comments. */
  spn: string;
  protocol: Proto;
  clusterIP: string;
  port: number;
  nodePort: number;
  externalIPs: string[];
  loadBalancerVIPs: string[];
  sourceRanges: string[];
  healthCheckNodePort: number;
  externalPolicyLocal: boolean;
  internalPolicyLocal: boolean;
  affinitySeconds: number; // 0 = no ClientIP affinity
  svcChain: string;
  svlChain: string;
  extChain: string;
  fwChain: string;
  endpoints: EndpointInfo[];
}

/** Headless and ExternalName Services get no rules; neither do Services without an IPv4 ClusterIP. */
export function proxiedService(svc: KubeObject): boolean {
  const spec = svc.spec ?? {};
  if (spec.type === 'ExternalName') return false;
  return typeof spec.clusterIP === 'string' && isIPv4(spec.clusterIP);
}

function externallyAccessible(svc: KubeObject): boolean {
  const t = svc.spec?.type;
  return t === 'LoadBalancer' || t === 'NodePort' || (svc.spec?.externalIPs?.length ?? 0) > 0;
}

/** Slices by owning Service, in list order (iptables-save needs them all). */
function slicesByService(slices: KubeObject[]): Map<string, KubeObject[]> {
  const out = new Map<string, KubeObject[]>();
  for (const s of slices) {
    const svc = s.metadata.labels?.[SERVICE_NAME_LABEL];
    if (!svc || s.addressType !== 'IPv4') continue;
    const key = `${s.metadata.namespace}/${svc}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(s);
  }
  return out;
}

/** The sort key of a service port: the text its chain names hash (spn + protocol). */
export function servicePortKey(sp: ServicePortInfo): string {
  return sp.spn + sp.protocol;
}

/** Service ports in kube-proxy's (kubesim's fixed) order: by the hashed text. */
export function sortServicePorts(ports: ServicePortInfo[]): ServicePortInfo[] {
  // By the hashed text (spn + protocol), made once per port rather than twice per comparison.
  const keyed = ports.map((sp) => ({ key: servicePortKey(sp), sp }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.sp);
}

/** Every Service port kube-proxy sees, with its endpoints, in chain order. */
export function servicePorts(cluster: Cluster): ServicePortInfo[] {
  const slices = slicesByService(proxyObjects(cluster, 'endpointslices', sliceOfSummary));
  const services = proxyObjects(cluster, 'services', serviceOfSummary);
  return sortServicePorts(portsOfServices(services, (svc) => slices.get(`${svc.metadata.namespace}/${svc.metadata.name}`) ?? []));
}

/**
 * Every object of a resource in `list` order, as kube-proxy reads it: from its line's proxy summary (only the
 * fields kube-proxy reads, store/proxy-summary.ts) where the line keeps one to trust, else decoded.
 */
function proxyObjects(cluster: Cluster, plural: string, ofSummary: (key: string, summary: string) => KubeObject | undefined): KubeObject[] {
  const all = cluster.summarized(plural, undefined);
  if (!all) return cluster.list(plural);
  const out: KubeObject[] = new Array(all.keys.length);
  for (let i = 0; i < out.length; i++) {
    const v = all.values[i];
    out[i] = typeof v === 'string' ? (ofSummary(all.keys[i], v) ?? all.object(i)) : v;
  }
  return out;
}

/**
 * One proxied Service's ports, in spec order, with the endpoints of `slices` (the IPv4 EndpointSlices labelled
 * for it, sorted by name: when two slices list the same address and port, the first one's conditions count).
 */
export function servicePortsOf(svc: KubeObject, slices: KubeObject[]): ServicePortInfo[] {
  return proxiedService(svc) ? portsOfServices([svc], () => slices) : [];
}

/**
 * The ports of the proxied Services among `services`, in order. One loop over every Service and endpoint (not a
 * call per Service): a command runs it once, and V8 optimizes a long-running loop where it is (on-stack
 * replacement) long before it would optimize a function called once per Service.
 */
function portsOfServices(services: KubeObject[], slicesOf: (svc: KubeObject) => KubeObject[]): ServicePortInfo[] {
  const out: ServicePortInfo[] = [];
  for (const svc of services) {
    if (!proxiedService(svc)) continue;
    const slices = slicesOf(svc);
    const spec = svc.spec;
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name!;
    const extAccess = externallyAccessible(svc);
    for (const p of spec.ports ?? []) {
      const protocol = String(p.protocol ?? 'TCP').toLowerCase() as Proto;
      const portName: string = p.name ?? '';
      const spn = servicePortName(ns, name, portName);
      const timeout = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800;
      const hash = servicePortHash(spn, protocol);
      const info: ServicePortInfo = {
        namespace: ns,
        name,
        portName,
        spn,
        protocol,
        clusterIP: spec.clusterIP,
        port: p.port,
        nodePort: spec.type === 'NodePort' || spec.type === 'LoadBalancer' ? (p.nodePort ?? 0) : 0,
        externalIPs: (spec.externalIPs ?? []).filter(isIPv4),
        loadBalancerVIPs:
          spec.type === 'LoadBalancer'
            ? (svc.status?.loadBalancer?.ingress ?? []).filter((i: any) => i.ip && isIPv4(i.ip) && i.ipMode !== 'Proxy').map((i: any) => i.ip)
            : [],
        sourceRanges: (spec.loadBalancerSourceRanges ?? []).map((s: string) => s.trim()).filter(Boolean),
        healthCheckNodePort: spec.healthCheckNodePort ?? 0,
        externalPolicyLocal: extAccess && spec.externalTrafficPolicy === 'Local',
        internalPolicyLocal: spec.internalTrafficPolicy === 'Local',
        affinitySeconds: spec.sessionAffinity === 'ClientIP' ? timeout : 0,
        svcChain: 'KUBE-SVC-' + hash,
        svlChain: 'KUBE-SVL-' + hash,
        extChain: 'KUBE-EXT-' + hash,
        fwChain: 'KUBE-FW-' + hash,
        endpoints: [],
      };
      const seen = new Set<string>();
      for (const slice of slices) {
        const sp = (slice.ports ?? []).find((x: any) => (x.name ?? '') === portName && String(x.protocol ?? 'TCP').toLowerCase() === protocol);
        if (!sp || typeof sp.port !== 'number') continue;
        for (const ep of slice.endpoints ?? []) {
          const ip = ep.addresses?.[0];
          if (!ip) continue;
          const hostPort = `${ip}:${sp.port}`;
          if (seen.has(hostPort)) continue;
          seen.add(hostPort);
          // kube-proxy treats a missing condition as ready/serving, and missing terminating as false.
          const ready = ep.conditions?.ready ?? true;
          info.endpoints.push({
            ip,
            port: sp.port,
            hostPort,
            nodeName: ep.nodeName,
            ready,
            serving: ep.conditions?.serving ?? ready,
            terminating: ep.conditions?.terminating ?? false,
            chain: endpointChainName(spn, protocol, hostPort),
          });
        }
      }
      info.endpoints.sort((a, b) => (a.hostPort < b.hostPort ? -1 : a.hostPort > b.hostPort ? 1 : 0));
      out.push(info);
    }
  }
  return out;
}

/** One Service's ports (proxied Services only; none for the others), cached until the cluster changes. */
export function portsOfService(cluster: Cluster, svc: KubeObject): ServicePortInfo[] {
  const ns = svc.metadata.namespace!;
  const name = svc.metadata.name!;
  return memo(cluster, `ports ${ns}/${name}`, () => {
    if (!proxiedService(svc)) return [];
    const slices = serviceSlices(cluster, ns, name).filter((s) => s.addressType === 'IPv4');
    // The pods behind the addresses, for traces (the first slice to list an address names its pod, as for
    // its conditions).
    const noted = new Set<string>();
    for (const slice of slices) {
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (!ip || noted.has(ip)) continue;
        noted.add(ip);
        notePodRef(cluster, ip, ep.targetRef, ns);
      }
    }
    return servicePortsOf(svc, slices);
  });
}

/**
 * Whether kube-proxy counts more than `threshold` endpoints over every Service port (its large-cluster mode):
 * Services are read until the count passes the threshold, so a big cluster reads about `threshold` endpoints'
 * worth of Services and slices, not all of them, each from its proxy summary where its line keeps one (nothing
 * decoded). Counted as servicePortsOf lists them (per port, each address and port once), without chain names.
 */
export function endpointsAbove(cluster: Cluster, threshold: number): boolean {
  return memo(cluster, `endpoints>${threshold}`, () => {
    let n = 0;
    for (const key of cluster.keys('services')) {
      const slash = key.indexOf('/');
      const ns = key.slice(0, slash);
      const name = key.slice(slash + 1);
      const svc = proxyObject(cluster, 'services', ns, name, serviceOfSummary);
      if (!svc || !proxiedService(svc)) continue;
      const slices = slicesLabelledFor(cluster, ns, name, (slice) => proxyObject(cluster, 'endpointslices', ns, slice, sliceOfSummary)).filter((s) => s.addressType === 'IPv4');
      if (slices.length) n += countEndpoints(svc, slices);
      if (n > threshold) return true;
    }
    return false;
  });
}

/** One object as kube-proxy reads it: from its line's proxy summary when there is one to trust, else decoded. */
function proxyObject(cluster: Cluster, plural: string, ns: string, name: string, ofSummary: (key: string, summary: string) => KubeObject | undefined): KubeObject | undefined {
  const summary = cluster.lineSummary(plural, ns, name);
  return (summary !== undefined ? ofSummary(`${ns}/${name}`, summary) : undefined) ?? cluster.get(plural, ns, name);
}

/** The number of endpoints servicePortsOf gives the Service's ports, summed. */
function countEndpoints(svc: KubeObject, slices: KubeObject[]): number {
  let n = 0;
  for (const p of svc.spec.ports ?? []) {
    const protocol = String(p.protocol ?? 'TCP').toLowerCase();
    const portName: string = p.name ?? '';
    const seen = new Set<string>();
    for (const slice of slices) {
      const sp = (slice.ports ?? []).find((x: any) => (x.name ?? '') === portName && String(x.protocol ?? 'TCP').toLowerCase() === protocol);
      if (!sp || typeof sp.port !== 'number') continue;
      for (const ep of slice.endpoints ?? []) {
        const ip = ep.addresses?.[0];
        if (ip) seen.add(`${ip}:${sp.port}`);
      }
    }
    n += seen.size;
  }
  return n;
}

/** pkg/proxy/topology.go CategorizeEndpoints, without topology hints. Every list keeps sp.endpoints' sorted order. */
export function categorize(sp: ServicePortInfo, node: string) {
  const extAccess = sp.nodePort !== 0 || sp.loadBalancerVIPs.length > 0 || sp.externalIPs.length > 0;
  const usesCluster = !sp.internalPolicyLocal || (extAccess && !sp.externalPolicyLocal);
  const usesLocal = sp.internalPolicyLocal || (extAccess && sp.externalPolicyLocal);
  const eps = sp.endpoints;
  let anyReady = false;
  let anyServing = false;
  let localReady = false;
  let localServing = false;
  for (const e of eps) {
    const serving = e.serving && e.terminating;
    anyReady ||= e.ready;
    anyServing ||= serving;
    if (usesLocal && e.nodeName === node) {
      localReady ||= e.ready;
      localServing ||= serving;
    }
  }
  // Ready endpoints; when none is ready, the serving-and-terminating ones.
  const inCluster = (e: EndpointInfo) => usesCluster && (anyReady ? e.ready : e.serving && e.terminating);
  const inLocal = (e: EndpointInfo) => usesLocal && e.nodeName === node && (localReady ? e.ready : e.serving && e.terminating);
  const cluster = usesCluster ? (anyReady && eps.every((e) => e.ready) ? eps : eps.filter(inCluster)) : [];
  const local = usesLocal && (localReady || localServing) ? eps.filter(inLocal) : [];
  const reachable = !local.length ? cluster : !cluster.length ? local : eps.filter((e) => inCluster(e) || inLocal(e));
  return { cluster, local, reachable, hasEndpoints: anyReady || anyServing, usesCluster, usesLocal };
}
