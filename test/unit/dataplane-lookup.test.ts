// The data plane reads what a request touches: a Service's slices by their names, a node's rules for the packet's
// destination only. Checked against the full listings and the full rule set they replace.
import { describe, expect, test } from 'vitest';
import { emptyCluster, addService, addPod } from './kube-proxy-fixture.js';
import type { Cluster } from '../../src/store/cluster.js';
import { serviceSlices } from '../../src/dataplane/lookup.js';
import { buildNodeRules, nodeRules, nodeRuleSource, LARGE_CLUSTER_ENDPOINTS } from '../../src/dataplane/kube-proxy/rules.js';
import { servicePorts } from '../../src/dataplane/kube-proxy/service-ports.js';
import { NodeEvaluator, NodePacket, type Chooser } from '../../src/dataplane/kube-proxy/evaluator.js';
import type { RecentTable } from '../../src/dataplane/kube-proxy/recent.js';
import { runCurl } from '../../src/dataplane/curl-tool.js';
import { runDig } from '../../src/dataplane/dns/dig.js';
import { resolveClient } from '../../src/dataplane/client.js';

function slice(c: Cluster, ns: string, name: string, service: string, ips: string[], port = 8080) {
  c.create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace: ns, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
    ports: [{ name: 'http', port, protocol: 'TCP' }],
  });
}

/** Which objects a function reads, by resource: list() calls and get() keys. */
function spy(c: Cluster) {
  const lists: string[] = [];
  const gets: string[] = [];
  const list = c.list.bind(c);
  const get = c.get.bind(c);
  c.list = (plural: string, ns?: string) => (lists.push(plural), list(plural, ns));
  c.get = (plural: string, ns: string | undefined, name: string) => (gets.push(`${plural} ${ns ?? ''}/${name}`), get(plural, ns, name));
  return { lists, gets };
}

describe('a Service\'s EndpointSlices by name', () => {
  const LONG = 'a-very-long-service-name-that-is-longer-than-fifty-eight-chars';
  function cluster() {
    const c = emptyCluster();
    for (const name of ['web', 'web-x', 'api', 'manual', LONG]) addService(c, 'default', name, { clusterIP: 'None', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] });
    slice(c, 'default', 'web-k2x9z', 'web', ['10.244.1.5']);
    slice(c, 'default', 'web-b4d6f', 'web', ['10.244.1.6']);
    slice(c, 'default', 'web-x-b4d6f', 'web-x', ['10.244.1.7']);
    slice(c, 'default', 'web-x-decoy', 'web', ['10.244.1.8']); // not a generated name: read for every Service
    slice(c, 'default', 'api-q7w2z', 'api', ['10.244.1.9']);
    slice(c, 'default', 'handmade', 'manual', ['10.244.1.10']);
    slice(c, 'default', (LONG + '-').slice(0, 58) + 'z9z9z', LONG, ['10.244.1.11']);
    slice(c, 'other', 'web-k2x9z', 'web', ['10.244.2.5']);
    return c;
  }

  test('generated names, prefixes shared with other Services, hand-made names, names cut at 58 characters', () => {
    const c = cluster();
    const names = (svc: string, ns = 'default') => serviceSlices(c, ns, svc).map((s) => s.metadata.name);
    expect(names('web')).toEqual(['web-b4d6f', 'web-k2x9z', 'web-x-decoy']);
    expect(names('web-x')).toEqual(['web-x-b4d6f']);
    expect(names('api')).toEqual(['api-q7w2z']);
    expect(names('manual')).toEqual(['handmade']);
    expect(names(LONG)).toEqual([(LONG + '-').slice(0, 58) + 'z9z9z']);
    expect(names('web', 'other')).toEqual(['web-k2x9z']);
    expect(names('nothing')).toEqual([]);
  });

  test('only the candidates are decoded: another Service\'s generated slices are not', () => {
    const c = cluster();
    const { lists, gets } = spy(c);
    serviceSlices(c, 'default', 'api');
    expect(lists).toEqual([]);
    // api's own, and those of no Service's generated shape (the `kubernetes` slice of the default cluster too).
    expect(gets.filter((g) => g.startsWith('endpointslices')).sort()).toEqual(['endpointslices default/api-q7w2z', 'endpointslices default/handmade', 'endpointslices default/kubernetes', 'endpointslices default/web-x-decoy']);
  });
});

describe('curl and dig by name read what the request touches', () => {
  function busy() {
    const c = emptyCluster();
    for (let i = 0; i < 20; i++) {
      const name = `svc-${i}`;
      addPod(c, 'default', `pod-${i}`, `10.244.1.${10 + i}`, 'kubesim-worker', { app: name }, [8080]);
      addService(c, 'default', name, { clusterIP: `10.96.20.${10 + i}`, selector: { app: name }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] });
      c.create({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${name}-k2x9z`, namespace: 'default', labels: { 'kubernetes.io/service-name': name } },
        addressType: 'IPv4',
        endpoints: [{ addresses: [`10.244.1.${10 + i}`], nodeName: 'kubesim-worker', conditions: { ready: true }, targetRef: { kind: 'Pod', name: `pod-${i}`, namespace: 'default' } }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      });
    }
    return c;
  }

  test('curl -v by name lists no pods and no EndpointSlices, and reads one pod', async () => {
    const c = busy();
    const { lists, gets } = spy(c);
    const r = await runCurl(c, resolveClient(c, undefined, 'default'), ['-v', 'http://svc-7']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Hostname: pod-7\n');
    expect(lists).not.toContain('pods');
    expect(lists).not.toContain('endpointslices');
    expect(gets.filter((g) => g.startsWith('pods '))).toEqual(['pods default/pod-7']);
  });

  test('dig of a ClusterIP Service\'s name lists nothing but the nodes and reads the Service alone', () => {
    const c = busy();
    const { lists, gets } = spy(c);
    const r = runDig(c, resolveClient(c, undefined, 'default'), ['+short', 'svc-3.default.svc.cluster.local'], { int: () => 0, now: c.now });
    expect(r.stdout).toBe('10.96.20.13\n');
    expect(lists.filter((p) => p !== 'nodes')).toEqual([]);
    expect(gets.filter((g) => !g.startsWith('nodes '))).toEqual(['services default/svc-3']);
  });
});

// The rules a trace builds for a packet's destination walk exactly as the full rule set: same steps, draws and
// verdicts, for every kind of destination, from every node, in normal and large-cluster mode.
describe('a node\'s rules built per destination walk as the full rules', () => {
  function rich(extraEndpoints: number) {
    const c = emptyCluster();
    const svc = (name: string, spec: any, status: any = { loadBalancer: {} }) => addService(c, 'default', name, spec, status);
    const eps = (name: string, list: Array<[string, string]>, port = 8080, portName = 'http') =>
      c.create({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { name: `${name}-k2x9z`, namespace: 'default', labels: { 'kubernetes.io/service-name': name } },
        addressType: 'IPv4',
        endpoints: list.map(([ip, node]) => ({ addresses: [ip], nodeName: node, conditions: { ready: true, serving: true, terminating: false } })),
        ports: [{ name: portName, port, protocol: 'TCP' }],
      });
    svc('web', { clusterIP: '10.96.1.1', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] });
    eps('web', [['10.244.1.5', 'kubesim-worker'], ['10.244.2.5', 'kubesim-worker2'], ['10.244.1.6', 'kubesim-worker']]);
    svc('np', { type: 'NodePort', clusterIP: '10.96.1.2', externalIPs: ['192.0.2.10', '172.18.0.3'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }] });
    eps('np', [['10.244.2.6', 'kubesim-worker2']]);
    svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, loadBalancerSourceRanges: ['198.51.100.0/24'], clusterIP: '10.96.1.3', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30081 }] }, { loadBalancer: { ingress: [{ ip: '203.0.113.5', ipMode: 'VIP' }] } });
    eps('lb', [['10.244.2.7', 'kubesim-worker2']]);
    svc('itp', { clusterIP: '10.96.1.4', internalTrafficPolicy: 'Local', sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] });
    eps('itp', [['10.244.1.5', 'kubesim-worker'], ['10.244.2.5', 'kubesim-worker2']]);
    svc('empty', { type: 'NodePort', clusterIP: '10.96.1.5', externalIPs: ['192.0.2.11'], ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30082 }] });
    svc('shared', { clusterIP: '10.96.1.6', externalIPs: ['10.96.1.1'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] });
    eps('shared', [['10.244.1.9', 'kubesim-worker']]);
    if (extraEndpoints) {
      svc('big', { clusterIP: '10.96.1.7', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] });
      eps('big', Array.from({ length: extraEndpoints }, (_, i) => [`10.244.${3 + (i >> 8)}.${i & 255}`, 'kubesim-worker2'] as [string, string]));
    }
    return c;
  }

  /** A deterministic chooser: a little LCG, the same sequence for both rule sets. */
  function chooser(): Chooser {
    let x = 12345;
    return {
      statistic(fixed) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        return { matched: x < fixed, draw: x };
      },
    };
  }
  function recent(): RecentTable {
    const seen = new Set<string>();
    return { dirty: false, check: (n, ip) => seen.has(n + ip), set: (n, ip) => void seen.add(n + ip) };
  }

  function walk(ev: NodeEvaluator, src: string, dst: string, dport: number, path: 'prerouting' | 'output') {
    const p = new NodePacket('tcp', src, dst, dport);
    const out: unknown[] = [];
    const hook = (table: 'nat' | 'filter', chain: string) => out.push(chain, ev.hook(table, chain, p).verdict);
    if (path === 'prerouting') {
      hook('nat', 'PREROUTING');
      hook('filter', ev.isLocal(p.dst) ? 'INPUT' : 'FORWARD');
      hook('nat', 'POSTROUTING');
    } else {
      hook('nat', 'OUTPUT');
      hook('filter', 'OUTPUT');
      if (ev.isLocal(p.dst)) hook('filter', 'INPUT');
      hook('nat', 'POSTROUTING');
    }
    out.push(p.steps, p.dstIP, p.dport, p.mark, p.masqueraded, p.dnat);
    return out;
  }

  for (const extra of [0, LARGE_CLUSTER_ENDPOINTS]) {
    test(extra ? 'large-cluster mode' : 'with comments', () => {
      const c = rich(extra);
      const dsts = ['10.96.1.1', '10.96.1.2', '10.96.1.3', '10.96.1.4', '10.96.1.5', '10.96.1.6', '10.96.1.7', '192.0.2.10', '192.0.2.11', '203.0.113.5', '172.18.0.2', '172.18.0.3', '172.18.0.4', '127.0.0.1', '10.244.1.5', '8.8.8.8'];
      const ports = [80, 8080, 30080, 30081, 30082, 32000, 443];
      const srcs = ['10.244.1.254', '172.18.0.3', '198.51.100.7', '10.1.2.3'];
      const full = new Map<string, unknown>();
      let n = 0;
      for (const node of ['kubesim-control-plane', 'kubesim-worker', 'kubesim-worker2']) {
        const all = nodeRules(c, node);
        const lazy = nodeRuleSource(c, node);
        for (const dst of dsts)
          for (const dport of ports)
            for (const src of srcs)
              for (const path of ['prerouting', 'output'] as const) {
                const a = walk(new NodeEvaluator(all, chooser(), recent()), src, dst, dport, path);
                const b = walk(new NodeEvaluator(lazy, chooser(), recent()), src, dst, dport, path);
                expect(JSON.stringify(b), `${node} ${src} → ${dst}:${dport} ${path}`).toBe(JSON.stringify(a));
                full.set(`${node} ${dst}:${dport}`, a);
                n++;
              }
      }
      expect(n).toBe(3 * dsts.length * ports.length * srcs.length * 2);
      // The lazy source never built more than the destinations asked for: here every Service port, as in the full set.
      const worker = nodeRuleSource(c, 'kubesim-worker').forPacket('10.96.1.1', 80, false);
      expect(worker.rules.length).toBeLessThanOrEqual(nodeRules(c, 'kubesim-worker').rules.length);
    });
  }

  test('a destination builds only the Service ports that claim it', () => {
    const c = rich(0);
    const rs = nodeRuleSource(c, 'kubesim-worker').forPacket('10.96.1.2', 80, false);
    const chains = [...rs.chains.nat].filter((x) => /^KUBE-(SVC|EXT|FW|SEP|SVL)-/.test(x));
    const full = buildNodeRules(c, c.get('nodes', undefined, 'kubesim-worker')!, servicePorts(c).filter((sp) => sp.name === 'np'), false);
    expect(chains).toEqual([...full.chains.nat].filter((x) => /^KUBE-(SVC|EXT|FW|SEP|SVL)-/.test(x)));
    expect(rs.rules.map((r) => r.text ?? JSON.stringify(r))).toEqual(full.rules.map((r) => r.text ?? JSON.stringify(r)));
  });
});

