// The rules kube-proxy programs, as data. One Rule is one `-A` line; iptables-save.ts prints it and evaluator.ts
// runs it, so what the user reads is exactly what routes the packet.

export type Table = 'filter' | 'nat';
export type Proto = 'tcp' | 'udp' | 'sctp';

export interface Cidr {
  /** The network address as an unsigned 32-bit number. */
  addr: number;
  prefix: number;
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
  rules: Rule[];
}

export function ipToInt(ip: string): number {
  const p = ip.split('.');
  if (p.length !== 4) return NaN;
  let n = 0;
  for (const x of p) {
    const v = Number(x);
    if (!/^\d{1,3}$/.test(x) || v > 255) return NaN;
    n = n * 256 + v;
  }
  return n;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function isIPv4(s: string): boolean {
  return !Number.isNaN(ipToInt(s));
}

/** `10.244.0.0/16` or a bare address (= /32). Host bits are cleared, as iptables does. */
export function parseCidr(text: string): Cidr {
  const [ip, len] = text.trim().split('/');
  const prefix = len === undefined ? 32 : Number(len);
  const addr = ipToInt(ip);
  return { addr: maskAddr(addr, prefix), prefix };
}

export function maskAddr(addr: number, prefix: number): number {
  if (prefix === 0) return 0;
  return (addr & (~0 << (32 - prefix))) >>> 0;
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return maskAddr(ip, c.prefix) === c.addr;
}

export function cidrText(c: Cidr): string {
  return `${intToIp(c.addr)}/${c.prefix}`;
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
