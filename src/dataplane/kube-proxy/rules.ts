// The rules kube-proxy in iptables mode programs on one node (pkg/proxy/iptables/proxier.go syncProxyRules),
// written in the order kube-proxy writes them. Service ports are taken in name order (kube-proxy walks a Go
// map, so a real node's order varies from sync to sync; sorting keeps kubesim's output stable).
import type { Cluster } from '../../store/cluster.js';
import type { KubeObject } from '../../api/types.js';
import { nodeInternalIP } from '../client.js';
import { MASQ_MARK, parseCidr, probabilityFor, cidrContains, ipToInt, type Match, type Proto, type Rule, type RuleSet, type SavedChain, type SavedRules, type Table, type Target } from './model.js';
import { ByteWriter, writeRule } from './iptables-save.js';
import { categorize, endpointsAbove, portsOfService, servicePortKey, servicePorts, sortServicePorts, type EndpointInfo, type ServicePortInfo } from './service-ports.js';
import { memo, servicesAt, servicesOnNodePort } from '../lookup.js';

/** Above this many endpoints kube-proxy stops writing per-endpoint comments (largeClusterEndpointsThreshold). */
export const LARGE_CLUSTER_ENDPOINTS = 1000;

const comment = (text: string): Match => ({ m: 'comment', comment: text });
const jump = (chain: string): Target => ({ j: 'jump', chain });
const protoMatch = (dport?: number): Match => (dport === undefined ? { m: 'proto' } : { m: 'proto', dport });
const NEW: Match = { m: 'conntrack', neg: false, states: ['NEW'] };
// Shared by every rule that needs them (rules are never changed once written): fewer objects on a big node.
const TO_MARK_MASQ: Target = jump('KUBE-MARK-MASQ');
const PROTO_ANY: Match = protoMatch();
const NO_MATCHES: Match[] = [];
const ONLY_PROTO: Match[] = [PROTO_ANY];
const statisticMatches: Match[][] = [];
/** `[-m statistic]` for 1/n, one array per n (without comments, every endpoint rule with that n shares it). */
function onlyStatistic(n: number): Match[] {
  return (statisticMatches[n] ??= [{ m: 'statistic', probability: probabilityFor(n) }]);
}

type RuleSpec = Omit<Rule, 'table' | 'chain' | 'text'>;

/** Where the rules are written: Rule objects (traces evaluate them) or their iptables-save lines. */
interface RuleSink {
  add(table: Table, chain: string, r: RuleSpec): void;
  declare(table: Table, chain: string): void;
}

class Builder implements RuleSink {
  rules: Rule[] = [];
  chains: Record<Table, Set<string>> = { filter: new Set(), nat: new Set() };
  byChain: Record<Table, Map<string, Rule[]>> = { filter: new Map(), nat: new Map() };
  add(table: Table, chain: string, r: RuleSpec): void {
    // One fixed shape for every rule (no spread): tens of thousands of them on a large node.
    const rule: Rule = { table, chain, src: r.src, srcNeg: r.srcNeg, dst: r.dst, dstNeg: r.dstNeg, proto: r.proto, matches: r.matches, target: r.target, text: undefined };
    this.rules.push(rule);
    const list = this.byChain[table].get(chain);
    if (list) list.push(rule);
    else this.byChain[table].set(chain, [rule]);
  }
  declare(table: Table, chain: string): void {
    this.chains[table].add(chain);
  }
}

/**
 * iptables-save's lines, written as the rules are: their bytes appended to one growing buffer, and each chain keeps
 * the spans of its lines. No string is made or kept per line (tens of thousands on a large node, each alive until
 * the end: the young-generation collections then copy them over and over), and nothing is joined at the end.
 */
class TextBuilder implements RuleSink {
  chains: Record<Table, Map<string, SavedChain>> = { filter: new Map(), nat: new Map() };
  readonly w: ByteWriter;
  /** `size`: room for the lines to be written (pages of it never written cost nothing: they are never touched). */
  constructor(size: number) {
    this.w = new ByteWriter(size);
  }
  // The chain last written to or declared: an endpoint's chain is declared, then gets its two rules; a Service
  // port's chain gets its endpoints' rules one after another. One map look-up per chain rather than per rule.
  private last?: SavedChain;
  private lastTable?: Table;

  private chain(table: Table, name: string): SavedChain {
    const last = this.last;
    if (last !== undefined && this.lastTable === table && last.name === name) return last;
    let c = this.chains[table].get(name);
    if (!c) this.chains[table].set(name, (c = { name, declared: false, spans: [] }));
    this.last = c;
    this.lastTable = table;
    return c;
  }

  add(table: Table, chain: string, r: RuleSpec): void {
    const spans = this.chain(table, chain).spans;
    const w = this.w;
    const start = w.pos;
    writeRule(w, chain, r);
    w.byte(0x0a);
    // A chain's lines written one after another make one span.
    if (spans.length && spans[spans.length - 1] === start) spans[spans.length - 1] = w.pos;
    else spans.push(start, w.pos);
  }

  declare(table: Table, chain: string): void {
    this.chain(table, chain).declared = true;
  }
}

/** Everything kube-proxy programs on a node, as Rule objects; cached per cluster read so each node is built once. */
export function nodeRules(cluster: Cluster, nodeName: string): RuleSet {
  const cache = rulesCache(cluster);
  let rs = cache.byNode.get(nodeName);
  if (!rs) {
    const node = cluster.get('nodes', undefined, nodeName);
    if (!node) throw new Error(`no node ${nodeName}`);
    rs = buildNodeRules(cluster, node, cache.ports, cache.large);
    cache.byNode.set(nodeName, rs);
  }
  return rs;
}

const caches = new WeakMap<Cluster, { ports: ServicePortInfo[]; large: boolean; byNode: Map<string, RuleSet> }>();
function rulesCache(cluster: Cluster) {
  let c = caches.get(cluster);
  if (!c) {
    const ports = servicePorts(cluster);
    let total = 0;
    for (const sp of ports) total += sp.endpoints.length;
    caches.set(cluster, (c = { ports, large: total > LARGE_CLUSTER_ENDPOINTS, byNode: new Map() }));
  }
  return c;
}

/** Everything kube-proxy programs on a node, as iptables-save's lines (what `kubesim iptables-save` prints). */
export function nodeRulesText(cluster: Cluster, nodeName: string): SavedRules {
  const node = cluster.get('nodes', undefined, nodeName);
  if (!node) throw new Error(`no node ${nodeName}`);
  const cache = rulesCache(cluster);
  // Room for every line at once, estimated high (about 350 bytes of lines an endpoint, under 1 KiB a Service port):
  // a buffer grown by doubling touches each size on the way, and every new page costs a fault.
  let endpoints = 0;
  for (const sp of cache.ports) endpoints += sp.endpoints.length;
  const b = new TextBuilder((1 << 16) + 2048 * cache.ports.length + 1024 * endpoints);
  writeNodeRules(b, cluster, node, cache.ports, cache.large);
  return { node: nodeName, nodeIP: nodeInternalIP(node), text: b.w.buf.subarray(0, b.w.pos), chains: b.chains };
}

/** The Service ports kube-proxy sees (shared by every node's rules): every Service and EndpointSlice, decoded. */
export function clusterServicePorts(cluster: Cluster): ServicePortInfo[] {
  return rulesCache(cluster).ports;
}

/** A node's rules as a packet needs them: see NodeRuleSource. */
export interface RuleSource {
  node: string;
  nodeIP: string;
  /**
   * Rules that hold, in their order, every rule that can match a packet to dst:dport (with `local`, a packet to
   * one of the node's own addresses: node ports and health check ports then count too).
   */
  forPacket(dst: string, dport: number, local: boolean): RuleSet;
}

/**
 * A node's rules built for the Service ports the packets seen so far can reach, not for every Service: the
 * fixed rules, plus every rule of each Service port that claims a destination address (ClusterIP, externalIP,
 * load balancer IP) or, for the node's own addresses, the destination port (node port, health check port). Every
 * rule another Service port would add to a shared chain (KUBE-SERVICES, KUBE-NODEPORTS, KUBE-EXTERNAL-SERVICES,
 * KUBE-PROXY-FIREWALL) matches on an address or port of that Service, so it could not match these packets; rules are
 * written in the full build's order, so a trace walks, prints and draws exactly as through the full rules. Grows
 * as packets go to other addresses (after DNAT, or on another node).
 */
class NodeRuleSource implements RuleSource {
  readonly node: string;
  readonly nodeIP: string;
  private readonly ports = new Map<string, ServicePortInfo>();
  private readonly addrs = new Set<string>();
  private readonly nodePorts = new Set<number>();
  private rs?: RuleSet;

  constructor(
    private readonly cluster: Cluster,
    private readonly nodeObj: KubeObject,
  ) {
    this.node = nodeObj.metadata.name!;
    this.nodeIP = nodeInternalIP(nodeObj);
  }

  forPacket(dst: string, dport: number, local: boolean): RuleSet {
    let grew = false;
    const add = (svc: KubeObject) => {
      for (const sp of portsOfService(this.cluster, svc)) {
        const key = servicePortKey(sp);
        if (this.ports.has(key)) continue;
        this.ports.set(key, sp);
        grew = true;
      }
    };
    if (!this.addrs.has(dst)) {
      this.addrs.add(dst);
      for (const svc of servicesAt(this.cluster, dst)) add(svc);
    }
    if (local && !this.nodePorts.has(dport)) {
      this.nodePorts.add(dport);
      for (const svc of servicesOnNodePort(this.cluster, dport)) add(svc);
    }
    if (!this.rs || grew) {
      const ports = sortServicePorts([...this.ports.values()]);
      // Large-cluster mode counts every Service's endpoints; it changes only the Service ports' own rules.
      const large = ports.length > 0 && endpointsAbove(this.cluster, LARGE_CLUSTER_ENDPOINTS);
      this.rs = buildNodeRules(this.cluster, this.nodeObj, ports, large);
    }
    return this.rs;
  }
}

/** A node's rules for tracing packets, built as the packets need them; cached until the cluster changes. */
export function nodeRuleSource(cluster: Cluster, nodeName: string): RuleSource {
  return memo(cluster, `rules ${nodeName}`, () => {
    const node = cluster.get('nodes', undefined, nodeName);
    if (!node) throw new Error(`no node ${nodeName}`);
    return new NodeRuleSource(cluster, node);
  });
}

export function buildNodeRules(cluster: Cluster, node: KubeObject, ports: ServicePortInfo[], large: boolean): RuleSet {
  const b = new Builder();
  writeNodeRules(b, cluster, node, ports, large);
  return { node: node.metadata.name!, nodeIP: nodeInternalIP(node), chains: b.chains, rules: b.rules, byChain: b.byChain };
}

function writeNodeRules(b: RuleSink, cluster: Cluster, node: KubeObject, ports: ServicePortInfo[], large: boolean): void {
  const nodeName = node.metadata.name!;
  const nodeIP = nodeInternalIP(node);
  const clusterCIDR = parseCidr(cluster.config.podCIDR);

  // Jumps from the built-in chains (kube-proxy prepends them, so the last listed ends up first).
  b.add('filter', 'INPUT', { matches: [NEW, comment('kubernetes load balancer firewall')], target: jump('KUBE-PROXY-FIREWALL') });
  b.add('filter', 'INPUT', { matches: [comment('kubernetes health check service ports')], target: jump('KUBE-NODEPORTS') });
  b.add('filter', 'INPUT', { matches: [NEW, comment('kubernetes externally-visible service portals')], target: jump('KUBE-EXTERNAL-SERVICES') });
  b.add('filter', 'INPUT', { matches: [], target: jump('KUBE-FIREWALL') });
  b.add('filter', 'FORWARD', { matches: [NEW, comment('kubernetes load balancer firewall')], target: jump('KUBE-PROXY-FIREWALL') });
  b.add('filter', 'FORWARD', { matches: [comment('kubernetes forwarding rules')], target: jump('KUBE-FORWARD') });
  b.add('filter', 'FORWARD', { matches: [NEW, comment('kubernetes service portals')], target: jump('KUBE-SERVICES') });
  b.add('filter', 'FORWARD', { matches: [NEW, comment('kubernetes externally-visible service portals')], target: jump('KUBE-EXTERNAL-SERVICES') });
  b.add('filter', 'OUTPUT', { matches: [NEW, comment('kubernetes load balancer firewall')], target: jump('KUBE-PROXY-FIREWALL') });
  b.add('filter', 'OUTPUT', { matches: [NEW, comment('kubernetes service portals')], target: jump('KUBE-SERVICES') });
  b.add('filter', 'OUTPUT', { matches: [], target: jump('KUBE-FIREWALL') });
  b.add('nat', 'PREROUTING', { matches: [comment('kubernetes service portals')], target: jump('KUBE-SERVICES') });
  b.add('nat', 'OUTPUT', { matches: [comment('kubernetes service portals')], target: jump('KUBE-SERVICES') });
  b.add('nat', 'POSTROUTING', { matches: [comment('kubernetes postrouting rules')], target: jump('KUBE-POSTROUTING') });

  for (const c of ['KUBE-NODEPORTS', 'KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FIREWALL', 'KUBE-FORWARD', 'KUBE-PROXY-FIREWALL', 'KUBE-PROXY-CANARY']) b.declare('filter', c);
  for (const c of ['KUBE-NODEPORTS', 'KUBE-SERVICES', 'KUBE-MARK-MASQ', 'KUBE-POSTROUTING', 'KUBE-PROXY-CANARY']) b.declare('nat', c);

  b.add('nat', 'KUBE-POSTROUTING', { matches: [{ m: 'mark', neg: true, value: MASQ_MARK, mask: MASQ_MARK }], target: { j: 'RETURN' } });
  b.add('nat', 'KUBE-POSTROUTING', { matches: [], target: { j: 'MARK', value: MASQ_MARK, mask: 0 } });
  b.add('nat', 'KUBE-POSTROUTING', { matches: [comment('kubernetes service traffic requiring SNAT')], target: { j: 'MASQUERADE', randomFully: true } });
  b.add('nat', 'KUBE-MARK-MASQ', { matches: [], target: { j: 'MARK', value: MASQ_MARK, mask: MASQ_MARK } });
  // localhost NodePorts are on by default for IPv4; this rule closes the route_localnet hole they open.
  b.add('filter', 'KUBE-FIREWALL', {
    src: parseCidr('127.0.0.0/8'),
    srcNeg: true,
    dst: parseCidr('127.0.0.0/8'),
    matches: [comment('block incoming localnet connections'), { m: 'conntrack', neg: true, states: ['RELATED', 'ESTABLISHED', 'DNAT'] }],
    target: { j: 'DROP' },
  });

  const nodeIPNum = ipToInt(nodeIP);
  writeServicePorts(b, ports, nodeName, nodeIPNum, clusterCIDR, large);

  b.add('nat', 'KUBE-SERVICES', {
    matches: [comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), { m: 'addrtype', dir: 'dst', type: 'LOCAL' }],
    target: jump('KUBE-NODEPORTS'),
  });
  b.add('filter', 'KUBE-FORWARD', {
    matches: [{ m: 'conntrack', neg: false, states: ['INVALID'] }, { m: 'nfacct', name: 'ct_state_invalid_dropped_pkts' }],
    target: { j: 'DROP' },
  });
  b.add('filter', 'KUBE-FORWARD', { matches: [comment('kubernetes forwarding rules'), { m: 'mark', neg: false, value: MASQ_MARK, mask: MASQ_MARK }], target: { j: 'ACCEPT' } });
  b.add('filter', 'KUBE-FORWARD', { matches: [comment('kubernetes forwarding conntrack rule'), { m: 'conntrack', neg: false, states: ['RELATED', 'ESTABLISHED'] }], target: { j: 'ACCEPT' } });
}

/**
 * Every rule of each Service port, port after port. One loop over the ports (not a call per port): a command
 * runs it once, and V8 optimizes a long-running loop where it is (on-stack replacement) long before it would
 * optimize a function called once per port.
 */
function writeServicePorts(b: RuleSink, ports: ServicePortInfo[], node: string, nodeIP: number, clusterCIDR: ReturnType<typeof parseCidr>, large: boolean): void {
  for (const sp of ports) {
    const proto = sp.protocol;
    const { cluster: clusterEps, local: localEps, reachable, hasEndpoints, usesCluster, usesLocal } = categorize(sp, node);
    const usesClusterChain = clusterEps.length > 0 && usesCluster;
    const usesLocalChain = localEps.length > 0 && usesLocal;
    const internalChain = sp.internalPolicyLocal ? sp.svlChain : sp.svcChain;
    const hasInternal = sp.internalPolicyLocal ? localEps.length > 0 && hasEndpoints : hasEndpoints;
    const externalPolicyChain = sp.externalPolicyLocal ? sp.svlChain : sp.svcChain;
    const hasExternal = sp.externalPolicyLocal ? localEps.length > 0 && hasEndpoints : hasEndpoints;
    const extAccess = sp.nodePort !== 0 || sp.loadBalancerVIPs.length > 0 || sp.externalIPs.length > 0;
    const usesExtChain = hasEndpoints && extAccess;
    const usesFW = hasEndpoints && sp.loadBalancerVIPs.length > 0 && sp.sourceRanges.length > 0;
    const lbChain = usesFW ? sp.fwChain : sp.extChain;

    let intFilterTarget: Target = { j: 'REJECT' };
    let intFilterComment = `${sp.spn} has no endpoints`;
    let extFilterTarget: Target = { j: 'REJECT' };
    let extFilterComment = intFilterComment;
    if (hasEndpoints) {
      intFilterTarget = extFilterTarget = { j: 'DROP' };
      intFilterComment = extFilterComment = `${sp.spn} has no local endpoints`;
    }
    const svcMatch = (text: string, dport: number): Match[] => [comment(text), protoMatch(dport)];
    // Each address parsed once; its rules share the Cidr (and the printed text in it).
    const clusterIP = parseCidr(sp.clusterIP);
    const clusterIPMatch = svcMatch(`${sp.spn} cluster IP`, sp.port);

    // Capture the clusterIP.
    if (hasInternal) {
      b.add('nat', 'KUBE-SERVICES', { dst: clusterIP, proto, matches: clusterIPMatch, target: jump(internalChain) });
    } else {
      b.add('filter', 'KUBE-SERVICES', { dst: clusterIP, proto, matches: svcMatch(intFilterComment, sp.port), target: intFilterTarget });
    }
    for (const ip of sp.externalIPs) {
      const dst = parseCidr(ip);
      if (hasEndpoints) b.add('nat', 'KUBE-SERVICES', { dst, proto, matches: svcMatch(`${sp.spn} external IP`, sp.port), target: jump(sp.extChain) });
      if (!hasExternal) b.add('filter', 'KUBE-EXTERNAL-SERVICES', { dst, proto, matches: svcMatch(extFilterComment, sp.port), target: extFilterTarget });
    }
    const lbIPs = sp.loadBalancerVIPs.map(parseCidr);
    for (const dst of lbIPs) {
      if (hasEndpoints) b.add('nat', 'KUBE-SERVICES', { dst, proto, matches: svcMatch(`${sp.spn} loadbalancer IP`, sp.port), target: jump(lbChain) });
      if (usesFW) {
        b.add('filter', 'KUBE-PROXY-FIREWALL', { dst, proto, matches: svcMatch(`${sp.spn} traffic not accepted by ${sp.fwChain}`, sp.port), target: { j: 'DROP' } });
      }
    }
    if (!hasExternal) {
      for (const dst of lbIPs) {
        b.add('filter', 'KUBE-EXTERNAL-SERVICES', { dst, proto, matches: svcMatch(extFilterComment, sp.port), target: extFilterTarget });
      }
    }
    if (sp.nodePort !== 0) {
      if (hasEndpoints) {
        // localhost NodePorts (IPv4, on by default), counted by their own nfacct counter.
        b.add('nat', 'KUBE-NODEPORTS', {
          dst: parseCidr('127.0.0.0/8'),
          proto,
          matches: [comment(sp.spn), protoMatch(sp.nodePort), { m: 'nfacct', name: 'localhost_nps_accepted_pkts' }],
          target: jump(sp.extChain),
        });
        b.add('nat', 'KUBE-NODEPORTS', { proto, matches: [comment(sp.spn), protoMatch(sp.nodePort)], target: jump(sp.extChain) });
      }
      if (!hasExternal) {
        b.add('filter', 'KUBE-EXTERNAL-SERVICES', {
          proto,
          matches: [comment(extFilterComment), { m: 'addrtype', dir: 'dst', type: 'LOCAL' }, protoMatch(sp.nodePort)],
          target: extFilterTarget,
        });
      }
    }
    if (sp.healthCheckNodePort) {
      b.add('filter', 'KUBE-NODEPORTS', { proto: 'tcp', matches: [comment(`${sp.spn} health check node port`), protoMatch(sp.healthCheckNodePort)], target: { j: 'ACCEPT' } });
    }

    // Internal traffic: masquerade what does not come from a pod (a node or a routed outsider).
    if (hasInternal) {
      b.add('nat', internalChain, { src: clusterCIDR, srcNeg: true, dst: clusterIP, proto, matches: clusterIPMatch, target: TO_MARK_MASQ });
    }
    if (usesExtChain) {
      b.declare('nat', sp.extChain);
      if (!sp.externalPolicyLocal) {
        b.add('nat', sp.extChain, { matches: [comment(`masquerade traffic for ${sp.spn} external destinations`)], target: TO_MARK_MASQ });
      } else {
        b.add('nat', sp.extChain, { src: clusterCIDR, matches: [comment(`pod traffic for ${sp.spn} external destinations`)], target: jump(sp.svcChain) });
        b.add('nat', sp.extChain, {
          matches: [comment(`masquerade LOCAL traffic for ${sp.spn} external destinations`), { m: 'addrtype', dir: 'src', type: 'LOCAL' }],
          target: TO_MARK_MASQ,
        });
        b.add('nat', sp.extChain, {
          matches: [comment(`route LOCAL traffic for ${sp.spn} external destinations`), { m: 'addrtype', dir: 'src', type: 'LOCAL' }],
          target: jump(sp.svcChain),
        });
      }
      if (hasExternal) b.add('nat', sp.extChain, { matches: [], target: jump(externalPolicyChain) });
    }
    if (usesFW) {
      b.declare('nat', sp.fwChain);
      let allowFromNode = false;
      for (const range of sp.sourceRanges) {
        const c = parseCidr(range);
        b.add('nat', sp.fwChain, { src: c, matches: [comment(`${sp.spn} loadbalancer IP`)], target: jump(sp.extChain) });
        if (cidrContains(c, nodeIP)) allowFromNode = true;
      }
      if (allowFromNode) {
        for (const src of lbIPs) b.add('nat', sp.fwChain, { src, matches: [comment(`${sp.spn} loadbalancer IP`)], target: jump(sp.extChain) });
      }
      b.add('nat', sp.fwChain, { matches: [comment(`other traffic to ${sp.spn} will be dropped by KUBE-PROXY-FIREWALL`)] });
    }
    if (usesClusterChain) {
      b.declare('nat', sp.svcChain);
      writeEndpointRules(b, sp, sp.svcChain, clusterEps, large);
    }
    if (usesLocalChain) {
      b.declare('nat', sp.svlChain);
      writeEndpointRules(b, sp, sp.svlChain, localEps, large);
    }
    // Above the endpoint threshold kube-proxy leaves per-endpoint comments out (and kubesim does not build them).
    const spnComment = large ? NO_MATCHES : [comment(sp.spn)];
    for (const ep of reachable) {
      b.declare('nat', ep.chain);
      b.add('nat', ep.chain, { src: parseCidr(ep.ip), matches: spnComment, target: TO_MARK_MASQ });
      const m: Match[] = sp.affinitySeconds ? [...spnComment, { m: 'recent', op: 'set', name: ep.chain }, PROTO_ANY] : large ? ONLY_PROTO : [...spnComment, PROTO_ANY];
      b.add('nat', ep.chain, { proto, matches: m, target: { j: 'DNAT', to: ep.hostPort } });
    }
  }
}

function writeEndpointRules(b: RuleSink, sp: ServicePortInfo, chain: string, eps: EndpointInfo[], large: boolean): void {
  if (sp.affinitySeconds) {
    for (const ep of eps) {
      b.add('nat', chain, {
        matches: [...(large ? NO_MATCHES : [comment(`${sp.spn} -> ${ep.hostPort}`)]), { m: 'recent', op: 'rcheck', name: ep.chain, seconds: sp.affinitySeconds, reap: true }],
        target: jump(ep.chain),
      });
    }
  }
  eps.forEach((ep, i) => {
    const last = i === eps.length - 1;
    const m = large ? NO_MATCHES : [comment(`${sp.spn} -> ${ep.hostPort}`)];
    b.add('nat', chain, { matches: last ? m : large ? onlyStatistic(eps.length - i) : [...m, ...onlyStatistic(eps.length - i)], target: jump(ep.chain) });
  });
}

export type { Proto };
