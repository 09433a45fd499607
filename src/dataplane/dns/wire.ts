// The size of a DNS message on the wire (RFC 1035), for dig's `MSG SIZE  rcvd:`. CoreDNS (miekg/dns) only
// compresses names when a reply would not fit, so its small answers are uncompressed (checked against real
// dig output: 139 bytes for one A record of `myapp-clusterip.default.svc.cluster.local`); recursive resolvers
// on the Internet compress.
import type { DnsResponse, ResourceRecord } from './types.js';

const HEADER = 12;
const RR_FIXED = 10; // type, class, ttl, rdlength
const OPT_RR = 11; // root name + fixed part

class NameWriter {
  private offsets = new Map<string, number>();
  size = 0;
  constructor(private compress: boolean) {}

  /** Bytes a domain name takes at the current position. */
  name(fq: string): number {
    const labels = fq === '.' ? [] : fq.replace(/\.$/, '').split('.');
    let len = 0;
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      if (this.compress && this.offsets.has(suffix)) return this.advance(len + 2);
      if (this.compress && this.size + len < 0x3fff) this.offsets.set(suffix, this.size + len);
      len += 1 + Buffer.byteLength(labels[i]);
    }
    return this.advance(len + 1);
  }

  advance(n: number): number {
    this.size += n;
    return n;
  }
}

function rdata(w: NameWriter, rr: ResourceRecord): void {
  switch (rr.type) {
    case 'A':
      w.advance(4);
      return;
    case 'AAAA':
      w.advance(16);
      return;
    case 'CNAME':
    case 'PTR':
    case 'NS':
      w.name(rr.data);
      return;
    case 'SRV': {
      w.advance(6);
      w.name(rr.data.split(' ')[3]);
      return;
    }
    case 'SOA': {
      const [mname, rname] = rr.data.split(' ');
      w.name(mname);
      w.name(rname);
      w.advance(20);
      return;
    }
    case 'TXT': {
      const strings = rr.data.match(/"((?:[^"\\]|\\.)*)"/g) ?? [];
      for (const s of strings) w.advance(1 + Buffer.byteLength(s.slice(1, -1).replace(/\\(.)/g, '$1')));
      return;
    }
  }
}

/** Bytes of the response, with an OPT record carrying `optionBytes` of EDNS options (e.g. a 12-byte cookie). */
export function messageSize(resp: DnsResponse, opts: { compress: boolean; optionBytes: number }): number {
  const w = new NameWriter(opts.compress);
  w.advance(HEADER);
  w.name(resp.question.name);
  w.advance(4);
  for (const rr of [...resp.answer, ...resp.authority, ...resp.additional]) {
    w.name(rr.name);
    w.advance(RR_FIXED);
    rdata(w, rr);
  }
  w.advance(OPT_RR + opts.optionBytes);
  return w.size;
}
