// A client's stub resolver (glibc/musl behaviour) driven by its resolv.conf: which names it tries (search list,
// ndots, trailing dot), which server it asks, and what the application finally gets.
import type { Cluster } from '../../store/cluster.js';
import type { Client } from '../client.js';
import type { DnsResponse, RRType, Resolution } from './types.js';
import { coreDnsAnswer, dnsIndex } from './records.js';
import { clientResolvConf, type ResolvConf } from './resolvconf.js';
import { isUpstreamResolver, OUTSIDE_RESOLVER, upstreamAnswer } from './upstream.js';
import { serviceSlices } from '../lookup.js';

export interface ResolveOptions {
  /** Record type asked (default A). */
  type?: RRType;
  /** Use the search list (default true: applications, curl, nslookup do; dig only with +search). */
  search?: boolean;
  /** Ask this server instead of the resolv.conf nameservers (dig @SERVER, nslookup NAME SERVER). */
  server?: string;
}

/** Servers that answer as CoreDNS: the kube-dns Service IP and the CoreDNS pods themselves. */
function coreDnsServers(cluster: Cluster): Set<string> {
  // The Service IP and the CoreDNS pods behind it, as kube-dns's EndpointSlices list them (no pod scan).
  const ips = new Set<string>([cluster.config.dnsIP]);
  for (const slice of serviceSlices(cluster, 'kube-system', 'kube-dns')) {
    for (const ep of slice.endpoints ?? []) for (const ip of ep.addresses ?? []) ips.add(ip);
  }
  return ips;
}

/**
 * One query from `client` to `server`. Undefined when no reply comes back (the server is unreachable or
 * is not a DNS server): the client times out.
 */
export function sendQuery(cluster: Cluster, client: Client, server: string, name: string, type: RRType): DnsResponse | undefined {
  const fq = name.endsWith('.') ? name : name + '.';
  if (isUpstreamResolver(server)) {
    // The home router only answers its own LAN; nodes and pods reach public resolvers through NAT.
    if (server === OUTSIDE_RESOLVER && client.kind !== 'outside') return undefined;
    return upstreamAnswer(fq, type, server);
  }
  // Cluster IPs and pod IPs are not routable from outside the cluster.
  if (client.kind === 'outside') return undefined;
  if (server === cluster.config.dnsIP || coreDnsServers(cluster).has(server)) return coreDnsAnswer(dnsIndex(cluster), fq, type, server);
  return undefined;
}

/** The names a resolver tries, in order (resolv.conf(5): ndots and the search list). */
export function candidateNames(name: string, rc: ResolvConf, useSearch = true): string[] {
  if (name.endsWith('.')) return [name];
  const asIs = name + '.';
  if (!useSearch || rc.search.length === 0) return [asIs];
  const dots = (name.match(/\./g) ?? []).length;
  const searched = rc.search.map((s) => `${name}.${s.replace(/\.$/, '')}.`);
  return dots >= rc.ndots ? [asIs, ...searched] : [...searched, asIs];
}

/**
 * Resolve `name` as the client's resolver does. Every query sent is in `queries` (the trace); the first
 * positive answer wins. For A/AAAA the addresses are those at the end of any CNAME chain.
 */
export function resolve(cluster: Cluster, client: Client, name: string, opts: ResolveOptions = {}): Resolution {
  const type = opts.type ?? 'A';
  const rc = clientResolvConf(cluster, client);
  const servers = opts.server ? [opts.server] : rc.nameservers;
  const result: Resolution = { name, queries: [], addresses: [], cnames: [], nameservers: servers };
  let sawNoData = false;
  let sawServfail = false;
  let anyReply = false;
  for (const candidate of candidateNames(name, rc, opts.search ?? true)) {
    let response: DnsResponse | undefined;
    // No reply from a server: try the next one listed (glibc rotates through nameservers on timeout).
    for (const server of servers) {
      response = sendQuery(cluster, client, server, candidate, type);
      if (response) break;
    }
    if (!response) {
      // Nothing answered at all: the resolver gives up on this name (no point trying other suffixes).
      if (!anyReply) {
        result.error = 'TIMEOUT';
        return result;
      }
      continue;
    }
    anyReply = true;
    result.queries.push(response);
    if (response.rcode === 'SERVFAIL') sawServfail = true;
    if (response.rcode !== 'NOERROR') continue;
    if (response.answer.length === 0) {
      sawNoData = true;
      continue;
    }
    result.answeredBy = response.question.name;
    let target = response.question.name;
    for (const rr of response.answer) {
      if (rr.type === 'CNAME' && rr.name === target) {
        result.cnames.push(rr.data);
        target = rr.data;
      }
    }
    if (type === 'A' || type === 'AAAA') {
      result.addresses = response.answer.filter((rr) => rr.type === type && rr.name === target).map((rr) => rr.data);
      if (result.addresses.length === 0) {
        // A CNAME whose target has no address: the application gets nothing (NODATA for the name).
        result.error = 'NODATA';
      }
    } else {
      result.addresses = response.answer.filter((rr) => rr.type === type).map((rr) => rr.data);
    }
    return result;
  }
  result.error = sawServfail ? 'SERVFAIL' : sawNoData ? 'NODATA' : 'NXDOMAIN';
  return result;
}
