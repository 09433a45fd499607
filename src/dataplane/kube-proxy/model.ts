// The rules kube-proxy programs, as data. One Rule is one `-A` line; iptables-save.ts prints it and evaluator.ts
// runs it, so what the user reads is exactly what routes the packet.

export type Table = 'filter' | 'nat';
export type Proto = 'tcp' | 'udp' | 'sctp';

export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  addr: number;
  prefix: number;
  /** `a.b.c.d/n`, as iptables-save prints it (made once, printed many times). */
  text: string;
}

export type Match =
  | { m: 'comment'; comment: string }
  /** `-m tcp [--dport N]` (the protocol's own match module). */
  | { m: 'proto'; dport?: number }
  | { m: 'addrtype'; dir: 'src' | 'dst'; type: 'LOCAL' }
  /** `--probability`: the kernel's fixed-point value, p·2³¹ rounded (libxt_statistic). */
  | { m: 'statistic'; probability: number }
  | { m: 'recent'; op: 'set' | 'rcheck'; name: string; seconds?: number; reap?: boolean }
  | { m: 'mark'; neg: boolean; value: number; mask: number }
  | { m: 'conntrack'; neg: boolean; states: string[] }
  | { m: 'nfacct'; name: string };

export type Target =
  | { j: 'ACCEPT' | 'DROP' | 'RETURN' | 'REJECT' }
  | { j: 'DNAT'; to: string }
  | { j: 'MARK'; value: number; mask: number }
  | { j: 'MASQUERADE'; randomFully: boolean }
  | { j: 'jump'; chain: string };

export interface Rule {
  table: Table;
  chain: string;
  src?: Cidr;
  srcNeg?: boolean;
  dst?: Cidr;
  dstNeg?: boolean;
  proto?: Proto;
  matches: Match[];
  /** Absent: a rule that only counts (the last rule of a KUBE-FW chain). */
  target?: Target;
  /** The iptables-save line, once printed (traces print the same rules over and over). */
  text?: string;
}

export const BUILTIN_CHAINS: Record<Table, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

export interface RuleSet {
  node: string;
  nodeIP: string;
  /** Every chain that exists in each table (user chains, including empty ones). */
  chains: Record<Table, Set<string>>;
  /** Every rule, in the order written. */
  rules: Rule[];
  /** The same rules grouped by table and chain as they are written (printer and evaluator both walk chains). */
  byChain: Record<Table, Map<string, Rule[]>>;
}

/** A node's rules as iptables-save prints them, no Rule objects (kubesim iptables-save): every line, newline
 *  ended, in the order written, and where each chain's lines are. */
export interface SavedRules {
  node: string;
  nodeIP: string;
  /** The lines' bytes (UTF-8), in the order the rules were written. */
  text: Buffer;
  /** Every chain written to or declared, by table and name. */
  chains: Record<Table, Map<string, SavedChain>>;
}

export interface SavedChain {
  name: string;
  /** Declared: a user chain exists (and is printed) only then. */
  declared: boolean;
  /** Its lines: [start, end) byte offsets into SavedRules.text, two numbers a span, in order. */
  spans: number[];
}

/** Dotted quad → unsigned 32-bit number; NaN unless exactly four decimal octets 0–255 (1–3 digits each). */
export function ipToInt(ip: string): number {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return NaN;
      n = n * 256 + octet;
      octet = digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return NaN;
    } else return NaN;
  }
  if (dots !== 3 || digits === 0) return NaN;
  return n * 256 + octet;
}

/** The address of a dotted quad written as intToIp writes it (no leading zeros, no spaces), else -1. */
function canonicalIPv4(ip: string): number {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || ++dots > 3) return -1;
      n = n * 256 + octet;
      octet = digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits === 1 && octet === 0) return -1; // a leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return n * 256 + octet;
}

export function intToIp(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function isIPv4(s: string): boolean {
  return !Number.isNaN(ipToInt(s));
}

/** `10.244.0.0/16` or a bare address (= /32). Host bits are cleared, as iptables does. */
export function parseCidr(text: string): Cidr {
  // A bare address already written canonically (every endpoint's): its text as given, no reprinting.
  const n = canonicalIPv4(text);
  if (n >= 0) return { addr: n, prefix: 32, text: text + '/32' };
  const slash = text.indexOf('/');
  const ip = (slash < 0 ? text : text.slice(0, slash)).trim();
  const prefix = slash < 0 ? 32 : Number(text.slice(slash + 1));
  const addr = maskAddr(ipToInt(ip), prefix);
  return { addr, prefix, text: `${intToIp(addr)}/${prefix}` };
}

export function maskAddr(addr: number, prefix: number): number {
  if (prefix === 0) return 0;
  return (addr & (~0 << (32 - prefix))) >>> 0;
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return maskAddr(ip, c.prefix) === c.addr;
}

export function cidrText(c: Cidr): string {
  return c.text;
}

/** iptables' fixed-point probability for kube-proxy's `%0.10f` text of 1/n. */
export function probabilityFor(n: number): number {
  return Math.round(0x80000000 * Number((1 / n).toFixed(10)));
}

/** The probability as iptables-save prints it (`%.11f` of the fixed-point value). */
export function probabilityText(fixed: number): string {
  return (fixed / 0x80000000).toFixed(11);
}

export const MASQ_MARK = 0x4000;
