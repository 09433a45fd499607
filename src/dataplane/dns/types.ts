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
  /** RA flag: set by recursive resolvers (the upstream), never by CoreDNS's authoritative answers. */
  recursionAvailable?: boolean;
  /** When CoreDNS forwarded the query (`forward . /etc/resolv.conf`): the upstream that really answered. */
  forwardedTo?: string;
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
  /** Why resolution failed, as a resolver reports it (absent on success). */
  error?: 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'TIMEOUT';
  /** The nameservers the client's resolv.conf lists (the first is the one normally asked). */
  nameservers?: string[];
}

/** One query sent by a client: the server asked and its reply (undefined when nothing answered: timed out). */
export interface QueryResult {
  server: string;
  response?: DnsResponse;
}
