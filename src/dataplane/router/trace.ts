// A request's whole path: DNS, the packet through the entry node's kube-proxy rules (evaluated, not guessed),
// routing to the pod, the pod's answer; through an ingress controller, a second hop from the controller pod.
import type { KubeObject } from '../../api/types.js';
import type { Cluster } from '../../store/cluster.js';
import type { Client } from '../client.js';
import { nodeInternalIP } from '../client.js';
import { resolve } from '../dns/resolver.js';
import { nodeRuleSource } from '../kube-proxy/rules.js';
import { portsOfService, sortServicePorts } from '../kube-proxy/service-ports.js';
import { servicesOnNodePort } from '../lookup.js';
import { NodeEvaluator, NodePacket, type Chooser, type Step } from '../kube-proxy/evaluator.js';
import type { RecentTable } from '../kube-proxy/recent.js';
import { cidrContains, ipToInt, isIPv4, parseCidr, type Proto } from '../kube-proxy/model.js';
import { isExternalIP, lbServiceAt, network, nodeForPodIP, nodeReady, podByIP, podListens, type Network } from './network.js';
import { controllerClass, routeIngress } from './ingress.js';
import { CURL_UA, httpDate, nginxErrorPage, whoamiBody } from '../whoami.js';
import { tunnelOf } from '../../controllers/service-lb.js';

/** Everything a request's randomness and memory come from; swapped for a path enumerator by --count. */
export interface TraceEnv {
  chooser: Chooser & { pick(n: number): number };
  recent(node: string): RecentTable;
  /** A client's ephemeral port, or the port MASQUERADE --random-fully picks. */
  port(kind: 'ephemeral' | 'masquerade'): number;
  /** ingress-nginx's round-robin position for an upstream with n endpoints. */
  roundRobin(key: string, n: number): number;
  requestId(): string;
}

export type HopKind = 'dns' | 'connect' | 'lb' | 'node' | 'rule' | 'route' | 'snat' | 'pod' | 'ingress' | 'error';

export interface Hop {
  kind: HopKind;
  text: string;
  node?: string;
  table?: string;
  chain?: string;
  rule?: string;
  action?: string;
  probability?: string;
  draw?: string;
}

export interface DnsHop {
  name: string;
  type: string;
  server: string;
  rcode: string;
  answer: string[];
}

export interface RequestSpec {
  url: string;
  method: string;
  /** -H headers as given. */
  headers: Array<[string, string]>;
  connectTimeout: number;
  insecure?: boolean;
}

export interface PodRef {
  name: string;
  namespace: string;
  ip: string;
  node: string;
}

export interface RequestResult {
  host: string;
  port: number;
  exitCode: number;
  error?: string;
  /** curl -v's line for a failed connect (`connect to X port N failed: Connection refused`). */
  connectError?: string;
  status?: number;
  statusLine?: string;
  responseHeaders?: Array<[string, string]>;
  body?: string;
  requestHeaders: Array<[string, string]>;
  requestLine: string;
  connectedIP?: string;
  dns: DnsHop[];
  hops: Hop[];
  pod?: PodRef;
  /** What --count tallies: the serving pod, or the failure. */
  outcome: string;
}

interface ParsedUrl {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  path: string;
}

export function parseUrl(url: string): ParsedUrl | { error: string; code: number } {
  let u = url;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(u)) u = 'http://' + u;
  const m = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::(\d*))?([^#]*)/i.exec(u);
  if (!m) return { error: `curl: (3) URL rejected: Malformed input to a URL function`, code: 3 };
  const scheme = m[1].toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { error: `curl: (1) Protocol "${scheme}" not supported`, code: 1 };
  if (!m[2]) return { error: 'curl: (3) URL rejected: No host part in the URL', code: 3 };
  const port = m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80;
  if (port > 65535) return { error: 'curl: (3) URL rejected: Port number was not a decimal number between 0 and 65535', code: 3 };
  let path = m[4] || '/';
  if (!path.startsWith('/')) path = '/' + path;
  return { scheme, host: m[2].toLowerCase(), port, path };
}

type Sender = { kind: 'pod'; ip: string; node: string; pod?: KubeObject } | { kind: 'node'; ip: string; node: string } | { kind: 'outside'; ip: string };

type Server = { kind: 'pod'; pod: KubeObject; port: number } | { kind: 'apiserver'; node: string } | { kind: 'healthz'; node: string; svc: KubeObject };

interface L4 {
  ok: boolean;
  exitCode?: 7 | 28;
  why?: string;
  server?: Server;
  remoteAddr?: string;
}

function stepHop(node: string, s: Step): Hop {
  let text = `${s.table} ${s.chain}: ${s.rule}`;
  if (s.probability !== undefined) text += `  [probability ${s.probability}, draw ${s.draw}: ${s.matched ? 'match' : 'no match'}]`;
  return { kind: 'rule', text, node, table: s.table, chain: s.chain, rule: s.rule, action: s.action, probability: s.probability, draw: s.draw };
}

/** Which nodes a cloud load balancer sends to: Ready nodes not excluded; with ETP Local, those passing the health check. */
function lbBackends(cluster: Cluster, net: Network, svc: KubeObject): KubeObject[] {
  const eligible = net.nodes.filter((n) => nodeReady(n) && !('node.kubernetes.io/exclude-from-external-load-balancers' in (n.metadata.labels ?? {})));
  if (svc.spec?.externalTrafficPolicy !== 'Local') return eligible;
  const ports = portsOfService(cluster, svc);
  const healthy = eligible.filter((n) => ports.some((sp) => sp.endpoints.some((e) => e.ready && e.nodeName === n.metadata.name)));
  // Every backend failing its health check: cloud load balancers fail open and send to all.
  return healthy.length ? healthy : eligible;
}

type Entry = { node: string } | { fail: L4 };

/**
 * Where the network outside a node delivers a packet for dst: a node's own address goes to that node, a load
 * balancer VIP to the cloud load balancer (which picks a node), an externalIP to whichever node the user's
 * network routes it to. Undefined: no such address outside the nodes' rules.
 */
function deliver(cluster: Cluster, env: TraceEnv, dst: string, dport: number, hops: Hop[]): Entry | undefined {
  const net = network(cluster);
  const target = net.nodeByIP.get(dst);
  if (target) return { node: target.metadata.name! };
  // A local cluster has no cloud load balancer: `kubesim tunnel` (as minikube tunnel) routes the whole service
  // CIDR from the host to the control-plane node, whose kube-proxy then handles the ClusterIP like any other.
  if (cluster.config.provider === 'local' && tunnelOf(cluster)?.running && isIPv4(dst) && cidrContains(parseCidr(cluster.config.serviceCIDR), ipToInt(dst))) {
    const via = net.nodes.find((n) => 'node-role.kubernetes.io/control-plane' in (n.metadata.labels ?? {})) ?? net.nodes[0];
    if (via) {
      hops.push({ kind: 'lb', node: via.metadata.name!, text: `tunnel: the host routes ${cluster.config.serviceCIDR} to node ${via.metadata.name} ${nodeInternalIP(via)}; its kube-proxy rules take ${dst}:${dport}` });
      return { node: via.metadata.name! };
    }
  }
  const lbSvc = lbServiceAt(cluster, dst);
  if (lbSvc) {
    if (!(lbSvc.spec?.ports ?? []).some((p: any) => p.port === dport)) {
      hops.push({ kind: 'lb', text: `the load balancer ${dst} has no listener on port ${dport}` });
      return { fail: { ok: false, exitCode: 28, why: `load balancer ${dst} does not forward port ${dport}` } };
    }
    const backends = lbBackends(cluster, net, lbSvc);
    if (!backends.length) return { fail: { ok: false, exitCode: 28, why: `load balancer ${dst} has no healthy nodes` } };
    const chosen = backends[backends.length === 1 ? 0 : env.chooser.pick(backends.length)];
    const node = chosen.metadata.name!;
    const policy = lbSvc.spec?.externalTrafficPolicy === 'Local' ? ' (externalTrafficPolicy Local: only nodes with a local endpoint pass the health check)' : '';
    hops.push({ kind: 'lb', node, text: `cloud load balancer ${dst}:${dport} (${lbSvc.metadata.namespace}/${lbSvc.metadata.name}) → node ${node} ${nodeInternalIP(chosen)}, one of ${backends.map((b) => b.metadata.name).join(', ')}${policy}` });
    return { node };
  }
  if (isExternalIP(cluster, dst)) {
    const ready = net.nodes.filter(nodeReady);
    const chosen = ready[ready.length === 1 ? 0 : env.chooser.pick(ready.length)];
    const node = chosen.metadata.name!;
    hops.push({ kind: 'lb', node, text: `externalIP ${dst} is routed to node ${node} by your network (Kubernetes does not manage external IPs)` });
    return { node };
  }
  return undefined;
}

/** The packet through one node's netfilter hooks: PREROUTING (arriving) or OUTPUT (the node's own stack). */
function crossNode(cluster: Cluster, env: TraceEnv, node: string, path: 'prerouting' | 'output', pkt: NodePacket, hops: Hop[]): { ev: NodeEvaluator; fail?: L4 } {
  const ev = new NodeEvaluator(nodeRuleSource(cluster, node), env.chooser, env.recent(node));
  const flush = () => {
    for (const s of pkt.steps) hops.push(stepHop(node, s));
    pkt.steps = [];
  };
  const fail = (verdict: 'DROP' | 'REJECT', by?: Step) => {
    flush();
    const why = verdict === 'REJECT' ? `rejected on ${node} (icmp-port-unreachable): ${by?.rule}` : `dropped on ${node}: ${by?.rule}`;
    hops.push({ kind: 'error', node, text: why });
    return { ev, fail: { ok: false, exitCode: verdict === 'REJECT' ? 7 : 28, why } as L4 };
  };
  if (path === 'prerouting') {
    ev.hook('nat', 'PREROUTING', pkt);
    const local = ev.isLocal(pkt.dst);
    const r = ev.hook('filter', local ? 'INPUT' : 'FORWARD', pkt);
    if (r.verdict !== 'ACCEPT') return fail(r.verdict, r.by);
    if (!local) ev.hook('nat', 'POSTROUTING', pkt);
  } else {
    ev.hook('nat', 'OUTPUT', pkt);
    const r = ev.hook('filter', 'OUTPUT', pkt);
    if (r.verdict !== 'ACCEPT') return fail(r.verdict, r.by);
    if (ev.isLocal(pkt.dst)) {
      const r2 = ev.hook('filter', 'INPUT', pkt);
      if (r2.verdict !== 'ACCEPT') return fail(r2.verdict, r2.by);
    }
    ev.hook('nat', 'POSTROUTING', pkt);
  }
  flush();
  return { ev };
}

/**
 * One TCP connection attempt from sender to dst:dport. The packet crosses the rules of the node it enters (the
 * sender's own node, or where the outside network delivers it); if that node does not take it (no DNAT, not its
 * own address) and it is for another node's address, a load balancer or an externalIP, the network carries it
 * there and that node's rules run in turn: a NodePort works through any node's IP from anywhere.
 */
function connect(cluster: Cluster, env: TraceEnv, from: Sender, dst: string, dport: number, proto: Proto, hops: Hop[], srcPort: number): L4 {
  const net = network(cluster);
  let node: string;
  let path: 'prerouting' | 'output';
  if (from.kind === 'pod') {
    node = from.node;
    path = 'prerouting';
    hops.push({ kind: 'node', node, text: `packet ${from.ip}:${srcPort} → ${dst}:${dport} leaves the pod into node ${node} (nat PREROUTING)` });
  } else if (from.kind === 'node') {
    node = from.node;
    path = 'output';
    hops.push({ kind: 'node', node, text: `packet ${from.ip}:${srcPort} → ${dst}:${dport} from node ${node}'s own stack (nat OUTPUT)` });
  } else {
    const entry = deliver(cluster, env, dst, dport, hops);
    if (!entry) {
      const n = ipToInt(dst);
      const why = cidrContains(net.serviceCIDR, n)
        ? `${dst} is a ClusterIP: a virtual address that exists only in the nodes' rules; nothing outside the cluster routes to it`
        : nodeForPodIP(net, dst)
          ? `${dst} is a pod IP: pod addresses are not routable from outside the cluster`
          : `no host answers at ${dst} (outside the simulated cluster)`;
      hops.push({ kind: 'error', text: why });
      return { ok: false, exitCode: 28, why };
    }
    if ('fail' in entry) return entry.fail;
    node = entry.node;
    path = 'prerouting';
    hops.push({ kind: 'node', node, text: `packet ${from.ip}:${srcPort} → ${dst}:${dport} arrives at node ${node} (nat PREROUTING)` });
  }

  let pkt = new NodePacket(proto, from.ip, dst, dport);
  let src = `${from.ip}:${srcPort}`;
  const masquerade = (on: string) => {
    const before = src;
    src = `${nodeRuleSource(cluster, on).nodeIP}:${env.port('masquerade')}`;
    hops.push({ kind: 'snat', node: on, text: `SNAT (masquerade) on ${on}: source ${before} → ${src}` });
  };
  let { ev, fail } = crossNode(cluster, env, node, path, pkt, hops);
  if (fail) return fail;
  let routed = false;
  if (!pkt.dnat && !ev.isLocal(pkt.dst) && (net.nodeByIP.has(dst) || lbServiceAt(cluster, dst) !== undefined || isExternalIP(cluster, dst))) {
    // No rule here took it and it is not this node's address: it leaves on the wire to whoever owns the address.
    const next = net.nodeByIP.get(dst)?.metadata.name;
    hops.push({
      kind: 'route',
      node,
      text: next ? `${dst} is node ${next}'s address, not ${node}'s: the packet leaves ${node} and is routed to ${next}` : `no rule on ${node} took ${dst}:${dport}: the packet leaves ${node} for the network`,
    });
    if (pkt.masqueraded) masquerade(node);
    const entry = deliver(cluster, env, dst, dport, hops)!;
    if ('fail' in entry) return entry.fail;
    node = entry.node;
    hops.push({ kind: 'node', node, text: `packet ${src} → ${dst}:${dport} arrives at node ${node} (nat PREROUTING)` });
    const [sip] = src.split(':');
    pkt = new NodePacket(proto, sip, dst, dport);
    ({ ev, fail } = crossNode(cluster, env, node, 'prerouting', pkt, hops));
    if (fail) return fail;
    routed = true;
  }
  if (pkt.masqueraded) masquerade(node);
  else if (pkt.dnat && (from.kind === 'outside' || routed)) {
    hops.push({ kind: 'snat', node, text: `no masquerade: the pod sees the client's own address ${src.split(':')[0]}` });
  }
  const finalIP = pkt.dstIP;
  const finalPort = pkt.dport;
  if (pkt.dnat) hops.push({ kind: 'route', node, text: `DNAT on ${node}: ${dst}:${dport} → ${pkt.dnat}` });
  else if (dst === finalIP && isServiceLike(cluster, net, dst)) hops.push({ kind: 'route', node, text: `no rule on ${node} matched ${dst}:${dport}/${proto.toUpperCase()}` });

  // Where the (possibly rewritten) destination lives.
  const nodeObj = net.nodeByIP.get(finalIP) ?? (ev.isLocal(pkt.dst) ? net.nodes.find((n) => n.metadata.name === node) : undefined);
  if (nodeObj) {
    const name = nodeObj.metadata.name!;
    // The first Service port (in chain order) with this health check port: only Services on that port can have it.
    const hc = sortServicePorts(servicesOnNodePort(cluster, finalPort).flatMap((svc) => portsOfService(cluster, svc))).find((sp) => sp.healthCheckNodePort === finalPort);
    if (hc) {
      hops.push({ kind: 'pod', node: name, text: `kube-proxy's health check server on ${name} answers on ${finalPort}` });
      return { ok: true, server: { kind: 'healthz', node: name, svc: cluster.get('services', hc.namespace, hc.name)! }, remoteAddr: src };
    }
    if (finalPort === 6443 && 'node-role.kubernetes.io/control-plane' in (nodeObj.metadata.labels ?? {})) {
      hops.push({ kind: 'pod', node: name, text: `kube-apiserver on node ${name} (${finalIP}:6443)` });
      return { ok: true, server: { kind: 'apiserver', node: name }, remoteAddr: src };
    }
    const why = `nothing on node ${name} listens on ${finalIP}:${finalPort}: the node answers with a TCP reset`;
    hops.push({ kind: 'error', node: name, text: why });
    return { ok: false, exitCode: 7, why };
  }
  const pod = podByIP(cluster, finalIP);
  if (!pod) {
    const podNode = nodeForPodIP(net, finalIP);
    const why = podNode
      ? `${finalIP} is in node ${podNode}'s pod range but no pod has it (a deleted pod's old address?): nobody answers`
      : cidrContains(net.serviceCIDR, ipToInt(finalIP))
        ? `${finalIP}:${finalPort} is not a Service IP and port kube-proxy knows: the packet goes to the default route and nobody answers`
        : `${finalIP} is outside the cluster: the packet leaves through ${node}'s default route; kubesim does not simulate hosts outside the cluster, so nothing answers`;
    hops.push({ kind: 'error', node, text: why });
    return { ok: false, exitCode: 28, why };
  }
  const podNode: string = pod.spec?.nodeName ?? '';
  if (podNode !== node) hops.push({ kind: 'route', node, text: `${finalIP} is on node ${podNode} (pod CIDR routing from ${node})` });
  const listen = podListens(pod, finalPort, proto);
  if (!listen.listens) {
    const why = `pod ${pod.metadata.name} (${finalIP}) does not listen on ${finalPort}/${proto.toUpperCase()} (its containers declare ${listen.declared.join(', ')}): it answers with a TCP reset`;
    hops.push({ kind: 'error', node: podNode, text: why });
    return { ok: false, exitCode: 7, why };
  }
  hops.push({ kind: 'pod', node: podNode, text: `pod ${pod.metadata.namespace}/${pod.metadata.name} (${finalIP}) on node ${podNode} accepts the connection on port ${finalPort}` });
  return { ok: true, server: { kind: 'pod', pod, port: finalPort }, remoteAddr: src };
}

function isServiceLike(cluster: Cluster, net: Network, ip: string): boolean {
  return cidrContains(net.serviceCIDR, ipToInt(ip)) || lbServiceAt(cluster, ip) !== undefined || isExternalIP(cluster, ip);
}

function podRef(pod: KubeObject): PodRef {
  return { name: pod.metadata.name!, namespace: pod.metadata.namespace!, ip: pod.status?.podIP, node: pod.spec?.nodeName };
}

function senderOf(client: Client): Sender {
  if (client.kind === 'pod') return { kind: 'pod', ip: client.ip, node: client.node, pod: client.pod };
  if (client.kind === 'node') return { kind: 'node', ip: client.ip, node: client.name };
  return { kind: 'outside', ip: client.ip };
}

/** Outside clients find Ingress hosts the way a test setup does: /etc/hosts (or external-dns) → the Ingress address. */
function ingressHostAddress(cluster: Cluster, host: string): string | undefined {
  for (const ing of cluster.list('ingresses')) {
    const ip = ing.status?.loadBalancer?.ingress?.[0]?.ip;
    if (!ip) continue;
    if ((ing.spec?.rules ?? []).some((r: any) => r.host && (r.host === host || (r.host.startsWith('*.') && host.endsWith(r.host.slice(1)) && !host.slice(0, -r.host.length + 1).includes('.'))))) return ip;
  }
  return undefined;
}

export function traceRequest(cluster: Cluster, client: Client, spec: RequestSpec, env: TraceEnv): RequestResult {
  const hops: Hop[] = [];
  const dns: DnsHop[] = [];
  const u = parseUrl(spec.url);
  const base = { requestHeaders: [] as Array<[string, string]>, requestLine: '', dns, hops };
  if ('error' in u) return { ...base, host: '', port: 0, exitCode: u.code, error: u.error, outcome: 'error' };
  const userHost = spec.headers.find(([k]) => k.toLowerCase() === 'host')?.[1];
  const defaultPort = u.scheme === 'https' ? 443 : 80;
  const hostHeader = userHost ?? (u.port === defaultPort ? u.host : `${u.host}:${u.port}`);
  const requestHeaders: Array<[string, string]> = [['Host', hostHeader], ['User-Agent', CURL_UA], ['Accept', '*/*']];
  for (const [k, v] of spec.headers) {
    const i = requestHeaders.findIndex(([x]) => x.toLowerCase() === k.toLowerCase());
    if (i >= 0) requestHeaders[i] = [requestHeaders[i][0], v];
    else requestHeaders.push([k, v]);
  }
  const requestLine = `${spec.method} ${u.path} HTTP/1.1`;
  const res: RequestResult = { ...base, requestHeaders, requestLine, host: u.host, port: u.port, exitCode: 0, outcome: '' };
  const timeoutMsg = (ip: string) => `curl: (28) Failed to connect to ${ip} port ${u.port} after ${spec.connectTimeout * 1000 + 2} ms: Timeout was reached`;

  // 1. DNS.
  let ip = u.host.replace(/^\[|\]$/g, '');
  if (!isIPv4(ip)) {
    const mapped = client.kind === 'outside' ? ingressHostAddress(cluster, u.host) : undefined;
    if (mapped) {
      hops.push({ kind: 'dns', text: `${u.host} → ${mapped} from /etc/hosts (the Ingress address, as a test setup or external-dns provides)` });
      dns.push({ name: u.host, type: 'A', server: '/etc/hosts', rcode: 'NOERROR', answer: [mapped] });
      ip = mapped;
    } else {
      const r = resolve(cluster, client, u.host, { type: 'A' });
      for (const q of r.queries) {
        const answer = q.answer.map((a) => `${a.name} ${a.type} ${a.data}`);
        dns.push({ name: q.question.name, type: q.question.type, server: q.server, rcode: q.rcode, answer });
        hops.push({ kind: 'dns', text: `query ${q.question.name} A → ${q.server}: ${q.rcode}${answer.length ? ' ' + answer.join(', ') : ''}` });
      }
      if (!r.addresses.length) {
        const why = r.error === 'TIMEOUT' ? 'no DNS server answered' : `${r.error ?? 'NXDOMAIN'} for every name tried`;
        hops.push({ kind: 'error', text: `could not resolve ${u.host}: ${why}` });
        return { ...res, exitCode: 6, error: `curl: (6) Could not resolve host: ${u.host}`, outcome: 'could not resolve' };
      }
      if (r.cnames.length) hops.push({ kind: 'dns', text: `CNAME chain followed: ${u.host} → ${r.cnames.join(' → ')}` });
      ip = r.addresses[0];
    }
  }
  res.connectedIP = ip;

  // 2. The connection, through kube-proxy's rules.
  const sender = senderOf(client);
  hops.push({ kind: 'connect', text: `connect to ${ip}:${u.port} from ${client.kind === 'pod' ? `pod ${client.namespace}/${client.pod.metadata.name} (${client.ip})` : client.kind === 'node' ? `node ${client.name} (${client.ip})` : `outside the cluster (${client.ip})`}` });
  const l4 = connect(cluster, env, sender, ip, u.port, 'tcp', hops, env.port('ephemeral'));
  if (!l4.ok) {
    if (l4.exitCode === 7) {
      return { ...res, exitCode: 7, connectError: `connect to ${ip} port ${u.port} failed: Connection refused`, error: `curl: (7) Failed to connect to ${ip} port ${u.port} after 0 ms: Couldn't connect to server`, outcome: 'connection refused' };
    }
    return { ...res, exitCode: 28, error: timeoutMsg(ip), outcome: 'timed out' };
  }
  const server = l4.server!;
  const date = httpDate(cluster.now);

  // 3. The application's answer.
  if (server.kind === 'apiserver' || server.kind === 'healthz') {
    if (u.scheme === 'https' && server.kind === 'apiserver') {
      if (!spec.insecure) return { ...res, exitCode: 60, error: 'curl: (60) SSL certificate problem: unable to get local issuer certificate', outcome: 'TLS error' };
      const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `forbidden: User "system:anonymous" cannot get path "${u.path}"`, reason: 'Forbidden', details: {}, code: 403 }, null, 2) + '\n';
      return finish(res, 403, 'Forbidden', [['Content-Type', 'application/json'], ['Date', date], ['Content-Length', String(body.length)]], body, 'kube-apiserver');
    }
    if (server.kind === 'apiserver') {
      const body = 'Client sent an HTTP request to an HTTPS server.\n';
      return finish(res, 400, 'Bad Request', [['Date', date], ['Content-Length', String(body.length)], ['Content-Type', 'text/plain; charset=utf-8']], body, 'kube-apiserver');
    }
    const svc = server.svc;
    const local = sortServicePorts(portsOfService(cluster, svc))[0]?.endpoints.filter((e) => e.ready && e.nodeName === server.node).length ?? 0;
    const body = JSON.stringify({ service: { namespace: svc.metadata.namespace, name: svc.metadata.name }, localEndpoints: local, serviceProxyHealthy: true });
    const code = local > 0 ? 200 : 503;
    return finish(res, code, code === 200 ? 'OK' : 'Service Unavailable', [['Content-Type', 'application/json'], ['X-Content-Type-Options', 'nosniff'], ['X-Load-Balancing-Endpoint-Weight', '1'], ['Date', date], ['Content-Length', String(body.length)]], body, `kube-proxy on ${server.node}`);
  }
  const pod = server.pod;
  if (u.scheme === 'https') {
    hops.push({ kind: 'error', text: `pod ${pod.metadata.name} answers plain HTTP on port ${server.port}, not TLS` });
    return { ...res, exitCode: 35, error: 'curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number', pod: podRef(pod), outcome: `${pod.metadata.namespace}/${pod.metadata.name}` };
  }
  const cls = controllerClass(pod);
  if (cls) return viaIngress(cluster, env, res, pod, cls, hostHeader, u.path, spec, l4.remoteAddr!, date);
  const body = whoamiBody(pod, l4.remoteAddr!, requestLine, requestHeaders);
  res.pod = podRef(pod);
  return finish(res, 200, 'OK', [['Date', date], ['Content-Length', String(Buffer.byteLength(body))], ['Content-Type', 'text/plain; charset=utf-8']], body, `${pod.metadata.namespace}/${pod.metadata.name}`);
}

function finish(res: RequestResult, status: number, reason: string, headers: Array<[string, string]>, body: string, outcome: string): RequestResult {
  return { ...res, status, statusLine: `HTTP/1.1 ${status} ${reason}`, responseHeaders: headers, body, outcome };
}

function viaIngress(cluster: Cluster, env: TraceEnv, res: RequestResult, controller: KubeObject, cls: string, host: string, path: string, spec: RequestSpec, remoteAddr: string, date: string): RequestResult {
  const hops = res.hops;
  const nginxHeaders = (len: number, type: string): Array<[string, string]> => [['Date', date], ['Content-Type', type], ['Content-Length', String(len)], ['Connection', 'keep-alive']];
  const page = (status: number, reason: string, outcome: string) => {
    const body = nginxErrorPage(status, reason);
    return finish({ ...res, pod: podRef(controller) }, status, reason, nginxHeaders(body.length, 'text/html'), body, outcome);
  };
  const route = routeIngress(cluster, cls, host, path);
  if (!route.backend) {
    hops.push({ kind: 'ingress', node: controller.spec?.nodeName, text: `ingress controller ${controller.metadata.name} (class ${cls}): Host "${host}" ${path}: ${route.matched} → 404 from the controller` });
    return page(404, 'Not Found', `${controller.metadata.namespace}/${controller.metadata.name} (404)`);
  }
  const ns = route.namespace!;
  const svcName = route.backend.name;
  const svc = cluster.get('services', ns, svcName);
  const svcPort = (svc?.spec?.ports ?? []).find((p: any) => (route.backend!.port.number !== undefined ? p.port === route.backend!.port.number : p.name === route.backend!.port.name));
  const portText = route.backend.port.number ?? route.backend.port.name;
  hops.push({ kind: 'ingress', node: controller.spec?.nodeName, text: `ingress controller ${controller.metadata.name} (class ${cls}): Ingress ${ns}/${route.ingress?.metadata.name} ${route.matched} → service ${svcName}:${portText}` });
  if (!svc || !svcPort) {
    hops.push({ kind: 'error', text: `service ${ns}/${svcName} port ${portText} does not exist: the controller has no upstream` });
    return page(503, 'Service Temporarily Unavailable', `${ns}/${svcName} (503)`);
  }
  const useClusterIP = route.ingress?.metadata.annotations?.['nginx.ingress.kubernetes.io/service-upstream'] === 'true';
  let dst: string;
  let dport: number;
  if (useClusterIP) {
    dst = svc.spec.clusterIP;
    dport = svcPort.port;
    hops.push({ kind: 'ingress', text: `service-upstream: the controller connects to the ClusterIP ${dst}:${dport}` });
  } else {
    // ingress-nginx balances over the Service's ready endpoints itself (round robin), bypassing the ClusterIP.
    const sp = portsOfService(cluster, svc).find((x) => x.port === svcPort.port && x.protocol === String(svcPort.protocol ?? 'TCP').toLowerCase());
    const eps = (sp?.endpoints ?? []).filter((e) => e.ready);
    if (!eps.length) {
      hops.push({ kind: 'error', text: `service ${ns}/${svcName} has no ready endpoints: the controller answers 503` });
      return page(503, 'Service Temporarily Unavailable', `${ns}/${svcName} (503)`);
    }
    const i = eps.length === 1 ? 0 : env.roundRobin(`${ns}/${svcName}:${svcPort.port}`, eps.length);
    dst = eps[i].ip;
    dport = eps[i].port;
    hops.push({ kind: 'ingress', text: `upstream ${ns}-${svcName}-${portText}: round robin picks endpoint ${eps[i].hostPort} (${i + 1} of ${eps.length}); ingress-nginx sends to endpoints directly, not through the ClusterIP` });
  }
  const from: Sender = { kind: 'pod', ip: controller.status?.podIP, node: controller.spec?.nodeName, pod: controller };
  const l4 = connect(cluster, env, from, dst, dport, 'tcp', hops, env.port('ephemeral'));
  if (!l4.ok) {
    return l4.exitCode === 7 ? page(502, 'Bad Gateway', `${ns}/${svcName} (502)`) : page(504, 'Gateway Time-out', `${ns}/${svcName} (504)`);
  }
  if (l4.server?.kind !== 'pod') return page(502, 'Bad Gateway', `${ns}/${svcName} (502)`);
  const backend = l4.server.pod;
  const clientIP = remoteAddr.split(':')[0];
  const [, fwdPort] = [0, res.port];
  const headers: Array<[string, string]> = [
    ['Host', host.replace(/:\d+$/, '')],
    ['X-Request-ID', env.requestId()],
    ['X-Real-IP', clientIP],
    ['X-Forwarded-For', clientIP],
    ['X-Forwarded-Host', host.replace(/:\d+$/, '')],
    ['X-Forwarded-Port', String(fwdPort)],
    ['X-Forwarded-Proto', 'http'],
    ['X-Forwarded-Scheme', 'http'],
    ['X-Scheme', 'http'],
    ...res.requestHeaders.filter(([k]) => k.toLowerCase() !== 'host'),
  ];
  const body = whoamiBody(backend, l4.remoteAddr!, res.requestLine, headers);
  res.pod = podRef(backend);
  return finish(res, 200, 'OK', nginxHeaders(Buffer.byteLength(body), 'text/plain; charset=utf-8'), body, `${backend.metadata.namespace}/${backend.metadata.name}`);
}
