// The simulated Internet DNS: what CoreDNS's `forward . /etc/resolv.conf` (and a node or a laptop) reaches for
// names outside the cluster. No network is ever touched: a small fixed table answers, NXDOMAIN otherwise.
//
// The table (documented in README/DESIGN as "the simulated upstream"):
//   example.com, www.example.com  A 93.184.215.14, AAAA 2606:2800:21f:cb07:6820:80da:af6b:ba59 (IANA's
//                                 long-standing example.com addresses)
//   kubernetes.io                 A 147.75.40.148
//   google.com, www.google.com    A 142.250.180.14, AAAA 2a00:1450:4001:82a::200e
//   github.com                    A 140.82.121.4
//   api.external.com              A 198.51.100.50   (documentation range, RFC 5737)
//   my.database.example.com       A 198.51.100.20   (the ExternalName example of the Kubernetes docs)
// Upstream answers are recursive (RA set) and not authoritative, as a real resolver's are.
import type { DnsResponse, RRType, ResourceRecord } from './types.js';

/** The node's resolver (kind writes the Docker network gateway into the node's resolv.conf). */
export const NODE_RESOLVER = '172.18.0.1';
/** A home router: the resolver of a machine outside the cluster. */
export const OUTSIDE_RESOLVER = '192.168.1.1';
/** Public resolvers a pod or node can reach directly with `dig @IP`. */
export const PUBLIC_RESOLVERS = ['8.8.8.8', '8.8.4.4', '1.1.1.1', '1.0.0.1', '9.9.9.9'];

interface UpstreamZone {
  zone: string;
  soa: string;
  soaTtl: number;
}

const ZONES: UpstreamZone[] = [
  { zone: 'example.com.', soa: 'ns.icann.org. noc.dns.icann.org. 2025011636 7200 3600 1209600 3600', soaTtl: 3600 },
  { zone: 'kubernetes.io.', soa: 'ns-cloud-e1.googledomains.com. cloud-dns-hostmaster.google.com. 1 21600 3600 259200 300', soaTtl: 300 },
  { zone: 'google.com.', soa: 'ns1.google.com. dns-admin.google.com. 700000000 900 900 1800 60', soaTtl: 60 },
  { zone: 'github.com.', soa: 'dns1.p08.nsone.net. hostmaster.nsone.net. 1656468023 43200 7200 1209600 3600', soaTtl: 3600 },
  { zone: 'external.com.', soa: 'ns1.external.com. hostmaster.external.com. 2024010101 7200 3600 1209600 300', soaTtl: 300 },
];
const ROOT_SOA: UpstreamZone = { zone: '.', soa: 'a.root-servers.net. nstld.verisign-grs.com. 2026112100 1800 900 604800 86400', soaTtl: 86400 };

type Rec = Omit<ResourceRecord, 'name'>;
const TABLE: Record<string, Rec[]> = {
  'example.com.': [
    { type: 'A', ttl: 300, data: '93.184.215.14' },
    { type: 'AAAA', ttl: 300, data: '2606:2800:21f:cb07:6820:80da:af6b:ba59' },
  ],
  'www.example.com.': [
    { type: 'A', ttl: 300, data: '93.184.215.14' },
    { type: 'AAAA', ttl: 300, data: '2606:2800:21f:cb07:6820:80da:af6b:ba59' },
  ],
  'kubernetes.io.': [{ type: 'A', ttl: 300, data: '147.75.40.148' }],
  'google.com.': [
    { type: 'A', ttl: 300, data: '142.250.180.14' },
    { type: 'AAAA', ttl: 300, data: '2a00:1450:4001:82a::200e' },
  ],
  'www.google.com.': [
    { type: 'A', ttl: 300, data: '142.250.180.14' },
    { type: 'AAAA', ttl: 300, data: '2a00:1450:4001:82a::200e' },
  ],
  'github.com.': [{ type: 'A', ttl: 60, data: '140.82.121.4' }],
  'api.external.com.': [{ type: 'A', ttl: 300, data: '198.51.100.50' }],
  'my.database.example.com.': [{ type: 'A', ttl: 300, data: '198.51.100.20' }],
};

export function isUpstreamResolver(ip: string): boolean {
  return ip === NODE_RESOLVER || ip === OUTSIDE_RESOLVER || PUBLIC_RESOLVERS.includes(ip);
}

function zoneOf(name: string): UpstreamZone {
  return ZONES.find((z) => name === z.zone || name.endsWith('.' + z.zone)) ?? ROOT_SOA;
}

/** The answer a recursive resolver on the Internet gives for `name` (fully qualified, lower case). */
export function upstreamAnswer(name: string, type: RRType, server: string): DnsResponse {
  const fq = name.endsWith('.') ? name.toLowerCase() : name.toLowerCase() + '.';
  const recs = TABLE[fq];
  const base = { question: { name: fq, type }, authoritative: false, recursionAvailable: true, additional: [], server };
  if (!recs) {
    const z = zoneOf(fq);
    return { ...base, rcode: 'NXDOMAIN', answer: [], authority: [{ name: z.zone, ttl: z.soaTtl, type: 'SOA', data: z.soa }] };
  }
  const answer = recs.filter((r) => type === 'ANY' || r.type === type).map((r) => ({ name: fq, ...r }));
  if (answer.length === 0) {
    const z = zoneOf(fq);
    return { ...base, rcode: 'NOERROR', answer: [], authority: [{ name: z.zone, ttl: z.soaTtl, type: 'SOA', data: z.soa }] };
  }
  return { ...base, rcode: 'NOERROR', answer, authority: [] };
}
