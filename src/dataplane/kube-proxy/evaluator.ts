// Runs a packet through a node's rules as netfilter would: the nat and filter hooks in the kernel's order,
// chain jumps and returns, the statistic draw, recent lists, the masquerade mark. It evaluates the same Rule
// objects iptables-save prints; compiling only turns addresses into numbers and indexes long chains by
// destination so a 2,000-Service KUBE-SERVICES is not scanned rule by rule.
import { MASQ_MARK, cidrContains, ipToInt, intToIp, maskAddr, probabilityText, type Proto, type Rule, type RuleSet, type Table } from './model.js';
import { ruleText } from './iptables-save.js';
import type { RecentTable } from './recent.js';
import type { RuleSource } from './rules.js';

export interface Packet {
  src: string;
  dst: string;
  dport: number;
  proto: Proto;
}

/** Where the randomness comes from: cluster.random for one request, a path enumerator for distributions. */
export interface Chooser {
  /** `-m statistic --mode random`: the kernel matches when (random u32 & 0x7fffffff) < probability. */
  statistic(fixed: number): { matched: boolean; draw: number };
}

export interface Step {
  table: Table;
  chain: string;
  /** The rule as iptables-save prints it. */
  rule: string;
  /** What it did: jump, DNAT, MARK, a verdict, or a statistic rule that did not match. */
  action: string;
  probability?: string;
  draw?: string;
  matched: boolean;
}

export interface HookResult {
  verdict: 'ACCEPT' | 'DROP' | 'REJECT';
  /** The rule that gave the verdict (DROP/REJECT), if any. */
  by?: Step;
}

type Compiled = Record<Table, Map<string, CompiledChain>>;

interface CompiledChain {
  rules: Rule[];
  /** For long chains: rule indexes by exact (/32) destination, and the indexes of the other rules. */
  byDst?: Map<number, number[]>;
  other?: number[];
}

const compiledCache = new WeakMap<RuleSet, Compiled>();

function compile(rs: RuleSet): Compiled {
  let c = compiledCache.get(rs);
  if (c) return c;
  c = { filter: new Map(), nat: new Map() };
  for (const table of ['filter', 'nat'] as const) {
    for (const [chain, rules] of rs.byChain[table]) {
      const cc: CompiledChain = { rules };
      // Only long chains (KUBE-SERVICES on a big cluster) are worth an index; the rest are a few rules each.
      if (rules.length >= 32) {
        const byDst = new Map<number, number[]>();
        const other: number[] = [];
        rules.forEach((r, i) => {
          if (r.dst && r.dst.prefix === 32 && !r.dstNeg) {
            const l = byDst.get(r.dst.addr);
            if (l) l.push(i);
            else byDst.set(r.dst.addr, [i]);
          } else other.push(i);
        });
        cc.byDst = byDst;
        cc.other = other;
      }
      c[table].set(chain, cc);
    }
  }
  compiledCache.set(rs, c);
  return c;
}

/** The rule indexes to try for this destination, in chain order. */
function candidates(cc: CompiledChain, dst: number): Iterable<number> {
  if (!cc.byDst) return cc.rules.keys();
  const a = cc.byDst.get(dst) ?? [];
  const b = cc.other!;
  if (!a.length) return b;
  const merged: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) merged.push(j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++]);
  return merged;
}

/** The mutable packet as it crosses one node. */
export class NodePacket {
  src: number;
  dst: number;
  dport: number;
  mark = 0;
  dnat?: string;
  masqueraded = false;
  steps: Step[] = [];
  constructor(
    readonly proto: Proto,
    src: string,
    dst: string,
    dport: number,
  ) {
    this.src = ipToInt(src);
    this.dst = ipToInt(dst);
    this.dport = dport;
  }
  get srcIP(): string {
    return intToIp(this.src);
  }
  get dstIP(): string {
    return intToIp(this.dst);
  }
}

/** The chains every Service port writes into: which rules they hold depends on the packet (see RuleSource). */
const SHARED_CHAINS = new Set(['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-EXTERNAL-SERVICES', 'KUBE-PROXY-FIREWALL']);

export class NodeEvaluator {
  private compiled?: Compiled;
  private readonly source?: RuleSource;
  private localAddrs: Set<number>;
  /** A node's whole rule set, or a source that builds the rules each packet can reach (rules.ts). */
  constructor(
    rules: RuleSet | RuleSource,
    private chooser: Chooser,
    private recent: RecentTable,
  ) {
    if ('forPacket' in rules) this.source = rules;
    else this.compiled = compile(rules);
    this.localAddrs = new Set([ipToInt(rules.nodeIP)]);
  }

  /** A chain as the packet finds it: from a source, the shared chains are (re)built for the packet's destination. */
  private chain(table: Table, chain: string, p: NodePacket): CompiledChain | undefined {
    if (this.source && (!this.compiled || SHARED_CHAINS.has(chain))) {
      this.compiled = compile(this.source.forPacket(intToIp(p.dst), p.dport, this.isLocal(p.dst)));
    }
    return this.compiled![table].get(chain);
  }

  /** addrtype LOCAL: the node's own addresses and loopback. */
  isLocal(ip: number): boolean {
    return this.localAddrs.has(ip) || maskAddr(ip, 8) === ipToInt('127.0.0.0');
  }

  /** Run one built-in chain of one table. */
  hook(table: Table, chain: string, p: NodePacket): HookResult {
    const r = this.walk(table, chain, p, 0);
    if (r === 'RETURN' || r === undefined) return { verdict: 'ACCEPT' };
    return r;
  }

  private walk(table: Table, chain: string, p: NodePacket, depth: number): HookResult | 'RETURN' | undefined {
    if (depth > 32) return undefined;
    const cc = this.chain(table, chain, p);
    if (!cc) return undefined;
    for (const i of candidates(cc, p.dst)) {
      const rule = cc.rules[i];
      const stat = this.matches(rule, p);
      if (stat === false) continue;
      const step: Step = { table, chain, rule: ruleText(rule), action: '', matched: stat.matched };
      if (stat.probability !== undefined) {
        step.probability = stat.probability;
        step.draw = stat.draw;
      }
      if (!stat.matched) {
        step.action = 'no match (random draw)';
        p.steps.push(step);
        continue;
      }
      p.steps.push(step);
      const t = rule.target;
      if (!t) {
        step.action = 'count';
        continue;
      }
      switch (t.j) {
        case 'jump': {
          step.action = `jump ${t.chain}`;
          const at = p.steps.length - 1;
          const r = this.walk(table, t.chain, p, depth + 1);
          if (r && r !== 'RETURN') return r;
          // A filter chain that passed the packet through decided nothing: keep the trace to what mattered.
          if (table === 'filter') p.steps.length = at;
          continue;
        }
        case 'RETURN':
          step.action = 'RETURN';
          return 'RETURN';
        case 'MARK':
          p.mark = (p.mark & ~t.mask) ^ t.value;
          step.action = t.mask ? `MARK ${'0x' + t.value.toString(16)} (masquerade later)` : 'MARK cleared';
          continue;
        case 'DNAT': {
          const [ip, port] = t.to.split(':');
          p.dnat = t.to;
          p.dst = ipToInt(ip);
          p.dport = Number(port);
          step.action = `DNAT to ${t.to}`;
          return { verdict: 'ACCEPT' };
        }
        case 'MASQUERADE':
          p.masqueraded = true;
          step.action = 'MASQUERADE';
          return { verdict: 'ACCEPT' };
        case 'ACCEPT':
          step.action = 'ACCEPT';
          return { verdict: 'ACCEPT' };
        case 'DROP':
        case 'REJECT':
          step.action = t.j;
          return { verdict: t.j, by: step };
      }
    }
    return undefined;
  }

  /** false: no match; otherwise whether it matched (statistic rules report their draw either way). */
  private matches(r: Rule, p: NodePacket): false | { matched: boolean; probability?: string; draw?: string } {
    if (r.src && cidrContains(r.src, p.src) === Boolean(r.srcNeg)) return false;
    if (r.dst && cidrContains(r.dst, p.dst) === Boolean(r.dstNeg)) return false;
    if (r.proto && r.proto !== p.proto) return false;
    let stat: { matched: boolean; probability?: string; draw?: string } = { matched: true };
    for (const m of r.matches) {
      switch (m.m) {
        case 'proto':
          if (m.dport !== undefined && m.dport !== p.dport) return false;
          break;
        case 'addrtype':
          if (!this.isLocal(m.dir === 'dst' ? p.dst : p.src)) return false;
          break;
        case 'mark':
          if (((p.mark & m.mask) === m.value) === m.neg) return false;
          break;
        case 'conntrack': {
          // Each request is a new connection; DNAT is set once nat has rewritten the destination.
          const states = new Set(['NEW', ...(p.dnat ? ['DNAT'] : [])]);
          const hit = m.states.some((s) => states.has(s));
          if (hit === m.neg) return false;
          break;
        }
        case 'recent':
          if (m.op === 'set') this.recent.set(m.name, p.srcIP);
          else if (!this.recent.check(m.name, p.srcIP, m.seconds ?? 0)) return false;
          break;
        case 'statistic': {
          const { matched, draw } = this.chooser.statistic(m.probability);
          stat = { matched, probability: probabilityText(m.probability), draw: (draw / 0x80000000).toFixed(11) };
          if (!matched) return stat;
          break;
        }
        case 'comment':
        case 'nfacct':
          break;
      }
    }
    return stat;
  }
}

export { MASQ_MARK };
