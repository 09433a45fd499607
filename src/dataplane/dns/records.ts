// CoreDNS's `kubernetes` plugin as kubeadm/kind configure it:
//   kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }
//   forward . /etc/resolv.conf
// `coreDnsAnswer` answers one query exactly as that server would (records, NXDOMAIN vs NODATA, SOA, TTLs).
// A query reads the Service it names (and its EndpointSlices) by key; nothing is listed for a forward lookup.
import type { KubeObject } from '../../api/types.js';
import type { Cluster } from '../../store/cluster.js';
import type { DnsResponse, RRType, ResourceRecord } from './types.js';
import { NODE_RESOLVER, upstreamAnswer } from './upstream.js';
import { serviceSlices } from '../lookup.js';

export const DNS_TTL = 30;
const DNS_VERSION_TTL = 28800;

export interface DnsEndpoint {
  ip: string;
  /** The label under the Service: the endpoint's hostname, or the dashed IP. */
  label: string;
  /** Endpoint ports by name ('' for an unnamed port), from the EndpointSlice. */
  ports: Array<{ name: string; port: number; protocol: string }>;
}

export interface DnsService {
  name: string;
  namespace: string;
  kind: 'ClusterIP' | 'Headless' | 'ExternalName';
  clusterIPs: string[];
  externalName?: string;
  ports: Array<{ name: string; port: number; protocol: string }>;
  /** Endpoints CoreDNS publishes (ready, or all with publishNotReadyAddresses), deduplicated by IP. Read from the
   *  EndpointSlices on first use: a ClusterIP Service's A record does not need them. */
  readonly endpoints: DnsEndpoint[];
}

export interface DnsIndex {
  zone: string; // `cluster.local.`
  dnsIP: string;
  namespaces: { has(namespace: string): boolean };
  /** By `ns/name`. */
  services: { get(key: string): DnsService | undefined };
  /** Reverse lookups: IP → PTR targets (fully qualified). */
  reverse: { get(ip: string): string[] | undefined };
  /** The SOA serial: the newest Service or EndpointSlice creation time (epoch seconds). */
  readonly serial: number;
}

const cache = new WeakMap<Cluster, { stamp: string; index: DnsIndex }>();

/**
 * The index for the cluster's current state (a new one only when the state changed). It reads what a query asks
 * for: a name's Service and its EndpointSlices by key, a namespace by key. Reverse lookups and the SOA serial
 * (printed with NXDOMAIN and NODATA answers) need every Service and EndpointSlice: they are read on first use.
 */
export function dnsIndex(cluster: Cluster): DnsIndex {
  const stamp = `${cluster.state.resourceVersion}/${cluster.changes}`;
  const hit = cache.get(cluster);
  if (hit && hit.stamp === stamp) return hit.index;
  const index = new LazyIndex(cluster);
  cache.set(cluster, { stamp, index });
  return index;
}

/** `10.244.1.5` → `10-244-1-5`; IPv6 `:` → `-` (a leading/trailing `-` gets a `0`, as CoreDNS does). */
export function dashedIP(ip: string): string {
  if (!ip.includes(':')) return ip.replace(/\./g, '-');
  let s = ip.replace(/:/g, '-');
  if (s.startsWith('-')) s = '0' + s;
  if (s.endsWith('-')) s = s + '0';
  return s;
}

function isReady(ep: any, publishNotReady: boolean): boolean {
  if (publishNotReady) return true;
  return ep.conditions?.ready !== false; // nil means ready (discovery/v1)
}

class LazyIndex implements DnsIndex {
  readonly zone: string;
  readonly dnsIP: string;
  private readonly byKey = new Map<string, DnsService | null>();
  private reverseMap?: Map<string, string[]>;
  private serialValue?: number;

  constructor(private readonly cluster: Cluster) {
    this.zone = cluster.config.clusterDomain.replace(/\.$/, '').toLowerCase() + '.';
    this.dnsIP = cluster.config.dnsIP;
  }

  readonly namespaces = { has: (ns: string) => this.cluster.get('namespaces', undefined, ns) !== undefined };

  readonly services = {
    get: (key: string): DnsService | undefined => {
      let info = this.byKey.get(key);
      if (info === undefined) {
        const slash = key.indexOf('/');
        const ns = key.slice(0, slash);
        const name = key.slice(slash + 1);
        const svc = slash > 0 ? this.cluster.get('services', ns, name) : undefined;
        info = svc ? dnsService(this.cluster, svc, () => serviceSlices(this.cluster, ns, name)) : null;
        this.byKey.set(key, info);
      }
      return info ?? undefined;
    },
  };

  readonly reverse = { get: (ip: string) => this.full().reverse.get(ip) };

  get serial(): number {
    return this.full().serial;
  }

  /** Every Service and EndpointSlice, read once: reverse lookups and the serial. */
  private full(): { reverse: Map<string, string[]>; serial: number } {
    if (this.reverseMap) return { reverse: this.reverseMap, serial: this.serialValue! };
    const cluster = this.cluster;
    const zone = this.zone;
    const reverse = new Map<string, string[]>();
    let serial = 0;
    const stampOf = (o: KubeObject) => {
      const t = Date.parse(o.metadata.creationTimestamp ?? '');
      if (Number.isFinite(t)) serial = Math.max(serial, Math.floor(t / 1000));
    };
    const slicesBySvc = new Map<string, KubeObject[]>();
    for (const s of cluster.list('endpointslices')) {
      const svc = s.metadata.labels?.['kubernetes.io/service-name'];
      if (!svc) continue;
      const key = `${s.metadata.namespace}/${svc}`;
      (slicesBySvc.get(key) ?? slicesBySvc.set(key, []).get(key)!).push(s);
      stampOf(s);
    }
    for (const svc of cluster.list('services')) {
      stampOf(svc);
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      let info = this.byKey.get(key);
      if (!info) this.byKey.set(key, (info = dnsService(cluster, svc, () => slicesBySvc.get(key) ?? [])));
      const fqdn = `${info.name}.${info.namespace}.svc.${zone}`;
      for (const ip of info.clusterIPs) addReverse(reverse, ip, fqdn);
      for (const ep of info.endpoints) addReverse(reverse, ep.ip, `${ep.label}.${fqdn}`);
    }
    this.reverseMap = reverse;
    this.serialValue = serial;
    return { reverse, serial };
  }
}

/** What CoreDNS publishes for one Service; its endpoints from its EndpointSlices (sorted by name), else its Endpoints. */
function dnsService(cluster: Cluster, svc: KubeObject, slicesOf: () => KubeObject[]): DnsService {
  const ns = svc.metadata.namespace!;
  const name = svc.metadata.name!;
  const spec = svc.spec ?? {};
  const ports = (spec.ports ?? []).map((p: any) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
  let kind: DnsService['kind'] = 'ClusterIP';
  if (spec.type === 'ExternalName') kind = 'ExternalName';
  else if (spec.clusterIP === 'None') kind = 'Headless';
  const clusterIPs: string[] = kind === 'ClusterIP' ? (spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])).filter((ip: string) => ip && ip !== 'None') : [];
  let endpoints: DnsEndpoint[] | undefined;
  return {
    name,
    namespace: ns,
    kind,
    clusterIPs,
    externalName: spec.externalName,
    ports,
    get endpoints() {
      return (endpoints ??= kind === 'ExternalName' ? [] : publishedEndpoints(cluster, svc, slicesOf()));
    },
  };
}

function publishedEndpoints(cluster: Cluster, svc: KubeObject, slices: KubeObject[]): DnsEndpoint[] {
  const ns = svc.metadata.namespace!;
  const name = svc.metadata.name!;
  const spec = svc.spec ?? {};
  const endpoints: DnsEndpoint[] = [];
  const seen = new Set<string>();
  const publish = Boolean(spec.publishNotReadyAddresses);
  if (slices.length) {
    for (const slice of slices) {
      const slicePorts = (slice.ports ?? []).map((p: any) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
      for (const ep of slice.endpoints ?? []) {
        if (!isReady(ep, publish)) continue;
        // As CoreDNS, from the slice alone: the EndpointSlice controller copies a pod's hostname into its
        // endpoint only when the pod's subdomain names this Service.
        const hostname: string | undefined = ep.hostname;
        for (const ip of ep.addresses ?? []) {
          if (seen.has(ip)) continue;
          seen.add(ip);
          endpoints.push({ ip, label: hostname ?? dashedIP(ip), ports: slicePorts });
        }
      }
    }
  } else {
    // No slices (e.g. a hand-written Endpoints object mirrored nowhere yet): read the Endpoints.
    const eps = cluster.get('endpoints', ns, name);
    for (const subset of eps?.subsets ?? []) {
      const subsetPorts = (subset.ports ?? []).map((p: any) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' }));
      const addrs = [...(subset.addresses ?? []), ...(publish ? subset.notReadyAddresses ?? [] : [])];
      for (const a of addrs) {
        if (seen.has(a.ip)) continue;
        seen.add(a.ip);
        endpoints.push({ ip: a.ip, label: a.hostname ?? dashedIP(a.ip), ports: subsetPorts });
      }
    }
  }
  return endpoints;
}

function addReverse(map: Map<string, string[]>, ip: string, target: string): void {
  const list = map.get(ip) ?? map.set(ip, []).get(ip)!;
  if (!list.includes(target)) list.push(target);
}

/** `10.96.0.10` → `10.0.96.10.in-addr.arpa.` */
export function reverseName(ip: string): string {
  return ip.split('.').reverse().join('.') + '.in-addr.arpa.';
}

function ipFromReverse(name: string): string | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.in-addr\.arpa\.$/.exec(name);
  if (!m) return undefined;
  return [m[4], m[3], m[2], m[1]].map(Number).join('.');
}

function isIPv6(ip: string): boolean {
  return ip.includes(':');
}

/**
 * The zone's SOA record. Its data (the serial needs every Service and EndpointSlice) is made when first read: a
 * resolver that only looks at the rcode (curl's search list) never reads it.
 */
function soa(index: DnsIndex, zone: string): ResourceRecord {
  let data: string | undefined;
  const rr = { name: zone, ttl: DNS_TTL, type: 'SOA' } as ResourceRecord;
  Object.defineProperty(rr, 'data', {
    enumerable: true,
    configurable: true,
    get: () => (data ??= `ns.dns.${index.zone} hostmaster.${index.zone} ${index.serial} 7200 1800 86400 ${DNS_TTL}`),
    set: (v: string) => {
      data = v;
    },
  });
  return rr;
}

/**
 * CoreDNS's answer to one query at the cluster DNS. Names outside the plugin's zones are forwarded to the
 * node's resolver (the simulated upstream); the response then says so in `forwardedTo`.
 */
export function coreDnsAnswer(index: DnsIndex, qname: string, qtype: RRType, server = index.dnsIP): DnsResponse {
  const name = (qname.endsWith('.') ? qname : qname + '.').toLowerCase();
  const question = { name, type: qtype };
  const reply = (rcode: 'NOERROR' | 'NXDOMAIN', answer: ResourceRecord[], zone: string, additional: ResourceRecord[] = []): DnsResponse => ({
    question,
    rcode,
    authoritative: true,
    answer,
    authority: answer.length === 0 ? [soa(index, zone)] : [],
    additional,
    server,
  });
  const forward = (): DnsResponse => ({ ...upstreamAnswer(name, qtype, server), forwardedTo: NODE_RESOLVER });

  if (name.endsWith('.in-addr.arpa.')) {
    const ip = ipFromReverse(name);
    const targets = ip ? index.reverse.get(ip) : undefined;
    // `fallthrough in-addr.arpa ip6.arpa`: a reverse name the plugin doesn't know goes on to `forward`.
    if (!targets) return forward();
    if (qtype !== 'PTR') return reply('NOERROR', [], 'in-addr.arpa.');
    return reply('NOERROR', targets.map((t) => ({ name, ttl: DNS_TTL, type: 'PTR', data: t })), 'in-addr.arpa.');
  }
  const zone = index.zone;
  if (name !== zone && !name.endsWith('.' + zone)) return forward();

  const nodata = () => reply('NOERROR', [], zone);
  const nxdomain = () => reply('NXDOMAIN', [], zone);
  const rest = name === zone ? [] : name.slice(0, -zone.length - 1).split('.');

  if (rest.length === 0) {
    if (qtype === 'SOA') return reply('NOERROR', [soa(index, zone)], zone);
    if (qtype === 'NS') {
      return reply('NOERROR', [{ name, ttl: DNS_TTL, type: 'NS', data: `ns.dns.${zone}` }], zone, [{ name: `ns.dns.${zone}`, ttl: DNS_TTL, type: 'A', data: index.dnsIP }]);
    }
    return nodata();
  }
  if (rest.length === 1 && rest[0] === 'dns-version') {
    if (qtype === 'TXT') return reply('NOERROR', [{ name, ttl: DNS_VERSION_TTL, type: 'TXT', data: '"1.1.0"' }], zone);
    return nodata();
  }
  if (rest.length === 2 && rest[0] === 'ns' && rest[1] === 'dns') {
    if (qtype === 'A') return reply('NOERROR', [{ name, ttl: DNS_TTL, type: 'A', data: index.dnsIP }], zone);
    return nodata();
  }
  const kindLabel = rest[rest.length - 1];
  if (kindLabel !== 'svc' && kindLabel !== 'pod') return nxdomain();
  if (rest.length === 1) return nodata(); // `svc.cluster.local`, `pod.cluster.local`
  const ns = rest[rest.length - 2];
  if (rest.length === 2) return index.namespaces.has(ns) ? nodata() : nxdomain();

  if (kindLabel === 'pod') {
    // `pods insecure`: any dashed IPv4 answers, as long as the namespace exists.
    if (rest.length !== 3 || !index.namespaces.has(ns)) return nxdomain();
    const m = /^(\d{1,3})-(\d{1,3})-(\d{1,3})-(\d{1,3})$/.exec(rest[0]);
    if (!m || m.slice(1).some((o) => Number(o) > 255)) return nxdomain();
    if (qtype !== 'A') return nodata();
    return reply('NOERROR', [{ name, ttl: DNS_TTL, type: 'A', data: m.slice(1).map(Number).join('.') }], zone);
  }

  // <svc>.<ns>.svc | <endpoint>.<svc>.<ns>.svc | _<port>._<proto>.<svc>.<ns>.svc
  if (rest.length > 5) return nxdomain();
  const svc = index.services.get(`${ns}/${rest[rest.length - 3]}`);
  if (!svc) return nxdomain();
  const svcName = `${svc.name}.${svc.namespace}.svc.${zone}`;
  let endpointLabel: string | undefined;
  let portName: string | undefined;
  let proto: string | undefined;
  if (rest.length === 4) endpointLabel = rest[0];
  if (rest.length === 5) {
    portName = rest[0].replace(/^_/, '');
    proto = rest[1].replace(/^_/, '');
  }
  const portMatches = (p: { name: string; protocol: string }) => portName === undefined || (p.name.toLowerCase() === portName && p.protocol.toLowerCase() === proto);

  if (svc.kind === 'ExternalName') {
    if (endpointLabel !== undefined || portName !== undefined) return nxdomain();
    const target = svc.externalName!.replace(/\.$/, '').toLowerCase() + '.';
    const cname: ResourceRecord = { name, ttl: DNS_TTL, type: 'CNAME', data: target };
    if (qtype === 'CNAME') return reply('NOERROR', [cname], zone);
    if (qtype === 'A' || qtype === 'AAAA') {
      // CoreDNS resolves the target through its upstream and appends those records after the CNAME.
      const up = upstreamAnswer(target, qtype, NODE_RESOLVER);
      return reply('NOERROR', [cname, ...up.answer], zone);
    }
    return nodata();
  }

  if (endpointLabel !== undefined) {
    const eps = svc.endpoints.filter((e) => e.label === endpointLabel);
    if (eps.length === 0) return nxdomain();
    const fam = qtype === 'AAAA';
    if (qtype !== 'A' && qtype !== 'AAAA') return nodata();
    const answer = eps.filter((e) => isIPv6(e.ip) === fam).map((e) => ({ name, ttl: DNS_TTL, type: qtype, data: e.ip }) as ResourceRecord);
    return reply('NOERROR', answer, zone);
  }

  if (svc.kind === 'ClusterIP') {
    const ports = svc.ports.filter(portMatches);
    if (portName !== undefined && ports.length === 0) return nxdomain();
    if (qtype === 'A' || qtype === 'AAAA') {
      const ips = svc.clusterIPs.filter((ip) => isIPv6(ip) === (qtype === 'AAAA'));
      return reply('NOERROR', ips.map((ip) => ({ name, ttl: DNS_TTL, type: qtype, data: ip })), zone);
    }
    if (qtype === 'SRV') {
      const weight = srvWeight(ports.length);
      const answer = ports.map((p) => ({ name, ttl: DNS_TTL, type: 'SRV' as const, data: `0 ${weight} ${p.port} ${svcName}` }));
      const additional = svc.clusterIPs.map((ip) => ({ name: svcName, ttl: DNS_TTL, type: (isIPv6(ip) ? 'AAAA' : 'A') as 'A' | 'AAAA', data: ip }));
      return reply('NOERROR', answer, zone, answer.length ? additional : []);
    }
    return nodata();
  }

  // Headless: the ready endpoints themselves; none ready means the name does not exist.
  if (svc.endpoints.length === 0) return nxdomain();
  if (qtype === 'A' || qtype === 'AAAA') {
    if (portName !== undefined && !svc.endpoints.some((e) => e.ports.some(portMatches))) return nxdomain();
    const answer = svc.endpoints.filter((e) => isIPv6(e.ip) === (qtype === 'AAAA')).map((e) => ({ name, ttl: DNS_TTL, type: qtype, data: e.ip }) as ResourceRecord);
    return reply('NOERROR', answer, zone);
  }
  if (qtype === 'SRV') {
    const pairs: Array<{ ep: DnsEndpoint; port: number }> = [];
    for (const ep of svc.endpoints) for (const p of ep.ports) if (portMatches(p)) pairs.push({ ep, port: p.port });
    if (portName !== undefined && pairs.length === 0) return nxdomain();
    const weight = srvWeight(pairs.length);
    const answer = pairs.map(({ ep, port }) => ({ name, ttl: DNS_TTL, type: 'SRV' as const, data: `0 ${weight} ${port} ${ep.label}.${svcName}` }));
    const additional: ResourceRecord[] = [];
    for (const { ep } of pairs) {
      const rr: ResourceRecord = { name: `${ep.label}.${svcName}`, ttl: DNS_TTL, type: isIPv6(ep.ip) ? 'AAAA' : 'A', data: ep.ip };
      if (!additional.some((a) => a.name === rr.name && a.data === rr.data)) additional.push(rr);
    }
    return reply('NOERROR', answer, zone, additional);
  }
  return nodata();
}

/** CoreDNS spreads weight 100 over the records of one priority: floor(100/n), at least 1. */
function srvWeight(n: number): number {
  return n === 0 ? 100 : Math.max(1, Math.floor(100 / n));
}
