// The shapes DNS answers and resolutions take, shared by `dig`, `nslookup`, `curl` and the request tracer.

export type RRType = 'A' | 'AAAA' | 'CNAME' | 'SRV' | 'PTR' | 'TXT' | 'SOA' | 'NS' | 'ANY';
export type Rcode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';

export interface ResourceRecord {
  /** Fully qualified, with the trailing dot: `web.default.svc.cluster.local.` */
  name: string;
  ttl: number;
  type: Exclude<RRType, 'ANY'>;
  /** The record data as dig prints it: `10.96.0.12`, `0 100 80 web.default.svc.cluster.local.`, `example.com.` */
  data: string;
}

/** One query to one server and its answer, as CoreDNS (or the simulated upstream) gives it. */
export interface DnsResponse {
  question: { name: string; type: RRType };
  rcode: Rcode;
  authoritative: boolean;
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
  /** Which server answered: `10.96.0.10` (CoreDNS) or the upstream for names outside the cluster. */
  server: string;
}

/** A name resolved the way the pod's resolver does it: each query it sent (search list, ndots), in order. */
export interface Resolution {
  name: string;
  queries: DnsResponse[];
  /** The addresses the application gets (empty when resolution failed). */
  addresses: string[];
  /** The CNAME chain followed, if any (ExternalName). */
  cnames: string[];
  /** The query name that produced the answer. */
  answeredBy?: string;
}
