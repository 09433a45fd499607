// Requests traced through the evaluated kube-proxy rules, on in-process clusters.
import { describe, expect, test } from 'vitest';
import { emptyCluster, addService, addSlice, addPod } from './kube-proxy-fixture.js';
import { runCurl } from '../../src/dataplane/curl-tool.js';
import { resolveClient } from '../../src/dataplane/client.js';
import type { Cluster } from '../../src/store/cluster.js';

function threePods(extra: any = {}) {
  const c = emptyCluster();
  const pods = [
    ['web-a', '10.244.1.5', 'kubesim-worker'],
    ['web-b', '10.244.2.5', 'kubesim-worker2'],
    ['web-c', '10.244.1.6', 'kubesim-worker'],
  ];
  for (const [name, ip, node] of pods) addPod(c, 'default', name, ip, node, { app: 'web' }, [8080]);
  addService(c, 'default', 'web', { clusterIP: '10.96.10.10', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }], ...extra });
  addSlice(c, 'default', 'web', [{ name: 'http', port: 8080 }], pods.map(([name, ip, node]) => ({ ip, node, pod: name })));
  return c;
}

const curl = (c: Cluster, from: string | undefined, ...argv: string[]) => runCurl(c, resolveClient(c, from, 'default'), argv);

describe('curl through kube-proxy', () => {
  test('--count 10000 spreads evenly over 3 pods (within 5%)', async () => {
    const c = threePods();
    const r = await curl(c, undefined, 'http://web', '--count', '10000');
    expect(r.exitCode).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      const n = Number(row.split(/\s+/)[3]);
      expect(Math.abs(n - 10000 / 3)).toBeLessThan(10000 * 0.05);
    }
    expect(r.stdout.split('\n')[0]).toBe('POD     NODE              IP           REQUESTS   SHARE');
  });

  test('a single request names the pod and the client address (no SNAT pod to ClusterIP)', async () => {
    const c = threePods();
    const r = await curl(c, undefined, 'http://web.default.svc.cluster.local/hello');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Hostname: web-[abc]\nIP: 127\.0\.0\.1\nIP: 10\.244\.\d\.\d\nRemoteAddr: 10\.244\.1\.254:\d+\nGET \/hello HTTP\/1\.1\r\nHost: web\.default\.svc\.cluster\.local\r\nUser-Agent: curl\/8\.5\.0\r\nAccept: \*\/\*\r\n\r\n$/);
  });

  test('sessionAffinity ClientIP pins one client to one pod, across commands', async () => {
    const c = threePods({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } });
    const r = await curl(c, undefined, 'http://web', '--count', '1000');
    const rows = r.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/ 1000 +100\.0%$/);
    const pinned = rows[0].split(/\s+/)[0];
    for (let i = 0; i < 5; i++) expect((await curl(c, undefined, 'http://web')).stdout).toContain(`Hostname: ${pinned}\n`);
    expect(c.state.dataplane?.recent?.['kubesim-worker']).toBeDefined();
  });

  test('NodePort from outside on every node IP; masqueraded to the node', async () => {
    const c = threePods({ type: 'NodePort' });
    for (const ip of ['172.18.0.2', '172.18.0.3', '172.18.0.4']) {
      const r = await curl(c, 'outside', `http://${ip}:30080/`);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(`RemoteAddr: ${ip}:`);
    }
  });

  test('externalTrafficPolicy Local: dropped on a node without endpoints, source kept on one with', async () => {
    const c = emptyCluster();
    addPod(c, 'default', 'loc', '10.244.1.9', 'kubesim-worker', { app: 'loc' }, [8080]);
    addService(c, 'default', 'loc', { type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '10.96.10.11', ports: [{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30090 }] });
    addSlice(c, 'default', 'loc', [{ port: 8080 }], [{ ip: '10.244.1.9', node: 'kubesim-worker', pod: 'loc' }]);
    const dropped = await curl(c, 'outside', 'http://172.18.0.4:30090/', '-v');
    expect(dropped.exitCode).toBe(28);
    expect(dropped.stderr).toContain('-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/loc has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30090 -j DROP');
    expect(dropped.stderr.trim().split('\n').pop()).toBe('curl: (28) Failed to connect to 172.18.0.4 port 30090 after 3002 ms: Timeout was reached');
    const ok = await curl(c, 'outside', 'http://172.18.0.3:30090/');
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain('RemoteAddr: 198.51.100.7:');
  });

  test('no endpoints → REJECT → connection refused (7)', async () => {
    const c = emptyCluster();
    addService(c, 'default', 'empty', { clusterIP: '10.96.10.12', ports: [{ port: 80, protocol: 'TCP' }] });
    const r = await curl(c, undefined, 'http://empty', '-v');
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toContain('-A KUBE-SERVICES -d 10.96.10.12/32 -p tcp -m comment --comment "default/empty has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable');
    expect(r.stderr).toContain('* connect to 10.96.10.12 port 80 failed: Connection refused\n');
    expect(r.stderr.trim().split('\n').pop()).toBe("curl: (7) Failed to connect to 10.96.10.12 port 80 after 0 ms: Couldn't connect to server");
  });

  test('a targetPort the container does not listen on → refused, and the trace says why', async () => {
    const c = emptyCluster();
    addPod(c, 'default', 'wp', '10.244.1.11', 'kubesim-worker', { app: 'wp' }, [8000]);
    addService(c, 'default', 'wp', { clusterIP: '10.96.10.13', ports: [{ port: 80, protocol: 'TCP', targetPort: 9999 }] });
    addSlice(c, 'default', 'wp', [{ port: 9999 }], [{ ip: '10.244.1.11', node: 'kubesim-worker', pod: 'wp' }]);
    const r = await curl(c, undefined, 'http://wp', '-v');
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toContain('pod wp (10.244.1.11) does not listen on 9999/TCP (its containers declare 8000/TCP): it answers with a TCP reset');
  });

  test('the old IP of a deleted pod times out (28); unknown names fail to resolve (6)', async () => {
    const c = threePods();
    const gone = await curl(c, undefined, 'http://10.244.2.77:8080/');
    expect(gone).toEqual({ stdout: '', stderr: 'curl: (28) Failed to connect to 10.244.2.77 port 8080 after 3002 ms: Timeout was reached\n', exitCode: 28 });
    const unknown = await curl(c, undefined, 'http://nope');
    expect(unknown).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: nope\n', exitCode: 6 });
  });

  test('ClusterIP and pod IPs from outside time out; cluster names do not resolve outside', async () => {
    const c = threePods();
    expect((await curl(c, 'outside', 'http://10.96.10.10/')).exitCode).toBe(28);
    expect((await curl(c, 'outside', 'http://10.244.1.5:8080/')).exitCode).toBe(28);
    expect((await curl(c, 'outside', 'http://web.default.svc.cluster.local/')).exitCode).toBe(6);
  });

  test('-o json: status, error, dns, hops, pod', async () => {
    const c = threePods();
    const r = await curl(c, undefined, 'http://web', '-o', 'json');
    const j = JSON.parse(r.stdout);
    expect(j.status).toBe(200);
    expect(j.error).toBeNull();
    expect(j.dns[0]).toEqual({ name: 'web.default.svc.cluster.local.', type: 'A', server: '10.96.0.10', rcode: 'NOERROR', answer: ['web.default.svc.cluster.local. A 10.96.10.10'] });
    expect(j.hops.some((h: any) => h.kind === 'rule' && h.chain === 'KUBE-SERVICES' && h.rule.includes('KUBE-SVC-'))).toBe(true);
    expect(['web-a', 'web-b', 'web-c']).toContain(j.pod.name);
  });

  test('a LoadBalancer IP from outside enters a worker and reaches a pod; ETP Local LB picks only nodes with endpoints', async () => {
    const c = emptyCluster();
    addPod(c, 'default', 'lb1', '10.244.2.9', 'kubesim-worker2', { app: 'lb' }, [8080]);
    addService(c, 'default', 'lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 32000, clusterIP: '10.96.10.14', ports: [{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30111 }] }, { loadBalancer: { ingress: [{ ip: '203.0.113.5', ipMode: 'VIP' }] } });
    addSlice(c, 'default', 'lb', [{ port: 8080 }], [{ ip: '10.244.2.9', node: 'kubesim-worker2', pod: 'lb1' }]);
    for (let i = 0; i < 5; i++) {
      const r = await curl(c, 'outside', 'http://203.0.113.5/', '-v');
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toContain('→ node kubesim-worker2 172.18.0.4, one of kubesim-worker2');
      expect(r.stdout).toContain('RemoteAddr: 198.51.100.7:');
    }
  });

  test('NodePort via another node\'s IP from a pod: the packet leaves its node untouched and the destination node\'s rules take it', async () => {
    const c = threePods({ type: 'NodePort' });
    const r = await curl(c, undefined, 'http://172.18.0.4:30080/', '-v');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe(POD_TO_NODEPORT_TRACE);
    expect(r.stdout).toBe('Hostname: web-c\nIP: 127.0.0.1\nIP: 10.244.1.6\nRemoteAddr: 172.18.0.4:37568\nGET / HTTP/1.1\r\nHost: 172.18.0.4:30080\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\r\n');
  });

  test('NodePort via another node\'s IP from a node, on every node IP', async () => {
    const c = threePods({ type: 'NodePort' });
    for (const ip of ['172.18.0.2', '172.18.0.3', '172.18.0.4']) {
      const r = await curl(c, 'node/kubesim-worker', `http://${ip}:30080/`, '-v');
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Hostname: web-[abc]\\n(?:.*\\n){2}RemoteAddr: ${ip.replace(/\./g, '\\.')}:\\d+\\n`));
      const hop = r.stderr.split('\n').filter((l) => l.startsWith('* [route]') || l.startsWith('* [node]'));
      expect(hop.slice(0, 3).map((l) => l.replace(/(packet [\d.]+):\d+/, '$1:P'))).toEqual(HOPS[ip]);
    }
  });

  test('externalTrafficPolicy Local via another node\'s IP: a pod short-circuits to the cluster-wide chain, a node is dropped where there is no local endpoint', async () => {
    const c = emptyCluster();
    addPod(c, 'default', 'loc', '10.244.1.9', 'kubesim-worker', { app: 'loc' }, [8080]);
    addService(c, 'default', 'loc', { type: 'NodePort', externalTrafficPolicy: 'Local', clusterIP: '10.96.10.11', ports: [{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30090 }] });
    addSlice(c, 'default', 'loc', [{ port: 8080 }], [{ ip: '10.244.1.9', node: 'kubesim-worker', pod: 'loc' }]);
    const fromPod = await curl(c, undefined, 'http://172.18.0.4:30090/', '-v');
    expect(fromPod.exitCode).toBe(0);
    expect(fromPod.stdout).toContain('RemoteAddr: 10.244.1.254:');
    expect(fromPod.stderr).toContain('* [rule] kubesim-worker2 nat KUBE-EXT-4HAM2YL4HFKPZDPZ: -A KUBE-EXT-4HAM2YL4HFKPZDPZ -s 10.244.0.0/16 -m comment --comment "pod traffic for default/loc external destinations" -j KUBE-SVC-4HAM2YL4HFKPZDPZ\n');
    expect(fromPod.stderr).toContain('* [snat] no masquerade: the pod sees the client\'s own address 10.244.1.254\n');
    const fromNode = await curl(c, 'node/kubesim-worker', 'http://172.18.0.4:30090/', '-v');
    expect(fromNode.exitCode).toBe(28);
    expect(fromNode.stderr).toContain('* [rule] kubesim-worker2 filter KUBE-EXTERNAL-SERVICES: -A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "default/loc has no local endpoints" -m addrtype --dst-type LOCAL -m tcp --dport 30090 -j DROP\n');
    const local = await curl(c, 'node/kubesim-worker2', 'http://172.18.0.3:30090/');
    expect(local.exitCode).toBe(0);
    expect(local.stdout).toContain('RemoteAddr: 172.18.0.4:');
  });

  test('a pod calling another node\'s IP on a port no rule takes reaches that node\'s own stack', async () => {
    const c = threePods();
    const api = await curl(c, undefined, 'http://172.18.0.2:6443/', '-v');
    expect(api.exitCode).toBe(0);
    expect(api.stdout).toBe('Client sent an HTTP request to an HTTPS server.\n');
    expect(api.stderr).toContain('* [node] packet 10.244.1.254:');
    expect(api.stderr).toContain(' → 172.18.0.2:6443 arrives at node kubesim-control-plane (nat PREROUTING)\n');
    const closed = await curl(c, undefined, 'http://172.18.0.4:8080/');
    expect(closed).toEqual({ stdout: '', stderr: "curl: (7) Failed to connect to 172.18.0.4 port 8080 after 0 ms: Couldn't connect to server\n", exitCode: 7 });
  });

  test('externalIPs: captured on the client pod\'s own node; from outside, on the node the network routes it to', async () => {
    const c = threePods({ externalIPs: ['192.0.2.50'] });
    const inside = await curl(c, undefined, 'http://192.0.2.50/', '-v');
    expect(inside.exitCode).toBe(0);
    expect(inside.stderr).toContain('* [rule] kubesim-worker nat KUBE-SERVICES: -A KUBE-SERVICES -d 192.0.2.50/32 -p tcp -m comment --comment "default/web:http external IP" -m tcp --dport 80 -j KUBE-EXT-CDGGSHYLG3RE2FKL\n');
    const outside = await curl(c, 'outside', 'http://192.0.2.50/', '-v');
    expect(outside.exitCode).toBe(0);
    expect(outside.stderr).toMatch(/\* \[lb\] externalIP 192\.0\.2\.50 is routed to node kubesim-[a-z-]+ by your network/);
    // Another port: no node's rules take it; the network still delivers it to a node, which has nothing there.
    const other = await curl(c, undefined, 'http://192.0.2.50:81/', '-v');
    expect(other.exitCode).toBe(28);
    expect(other.stderr).toContain('* [route] no rule on kubesim-worker took 192.0.2.50:81: the packet leaves kubesim-worker for the network\n');
  });
});

const HOPS: Record<string, string[]> = {
  '172.18.0.2': [
    "* [node] packet 172.18.0.3:P → 172.18.0.2:30080 from node kubesim-worker's own stack (nat OUTPUT)",
    "* [route] 172.18.0.2 is node kubesim-control-plane's address, not kubesim-worker's: the packet leaves kubesim-worker and is routed to kubesim-control-plane",
    "* [node] packet 172.18.0.3:P → 172.18.0.2:30080 arrives at node kubesim-control-plane (nat PREROUTING)",
  ],
  '172.18.0.3': [
    "* [node] packet 172.18.0.3:P → 172.18.0.3:30080 from node kubesim-worker's own stack (nat OUTPUT)",
    "* [route] DNAT on kubesim-worker: 172.18.0.3:30080 → 10.244.1.6:8080",
  ],
  '172.18.0.4': [
    "* [node] packet 172.18.0.3:P → 172.18.0.4:30080 from node kubesim-worker's own stack (nat OUTPUT)",
    "* [route] 172.18.0.4 is node kubesim-worker2's address, not kubesim-worker's: the packet leaves kubesim-worker and is routed to kubesim-worker2",
    "* [node] packet 172.18.0.3:P → 172.18.0.4:30080 arrives at node kubesim-worker2 (nat PREROUTING)",
  ],
};
const POD_TO_NODEPORT_TRACE = [
  "*   Trying 172.18.0.4:30080...",
  "* [connect] connect to 172.18.0.4:30080 from pod default/kubesim-client (10.244.1.254)",
  "* [node] packet 10.244.1.254:39381 → 172.18.0.4:30080 leaves the pod into node kubesim-worker (nat PREROUTING)",
  "* [rule] kubesim-worker nat PREROUTING: -A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
  "* [rule] kubesim-worker nat POSTROUTING: -A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
  "* [rule] kubesim-worker nat KUBE-POSTROUTING: -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN",
  "* [route] 172.18.0.4 is node kubesim-worker2's address, not kubesim-worker's: the packet leaves kubesim-worker and is routed to kubesim-worker2",
  "* [node] packet 10.244.1.254:39381 → 172.18.0.4:30080 arrives at node kubesim-worker2 (nat PREROUTING)",
  "* [rule] kubesim-worker2 nat PREROUTING: -A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES",
  "* [rule] kubesim-worker2 nat KUBE-SERVICES: -A KUBE-SERVICES -m comment --comment \"kubernetes service nodeports; NOTE: this must be the last rule in this chain\" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS",
  "* [rule] kubesim-worker2 nat KUBE-NODEPORTS: -A KUBE-NODEPORTS -p tcp -m comment --comment \"default/web:http\" -m tcp --dport 30080 -j KUBE-EXT-CDGGSHYLG3RE2FKL",
  "* [rule] kubesim-worker2 nat KUBE-EXT-CDGGSHYLG3RE2FKL: -A KUBE-EXT-CDGGSHYLG3RE2FKL -m comment --comment \"masquerade traffic for default/web:http external destinations\" -j KUBE-MARK-MASQ",
  "* [rule] kubesim-worker2 nat KUBE-MARK-MASQ: -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000",
  "* [rule] kubesim-worker2 nat KUBE-EXT-CDGGSHYLG3RE2FKL: -A KUBE-EXT-CDGGSHYLG3RE2FKL -j KUBE-SVC-CDGGSHYLG3RE2FKL",
  "* [rule] kubesim-worker2 nat KUBE-SVC-CDGGSHYLG3RE2FKL: -A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment \"default/web:http -> 10.244.1.5:8080\" -m statistic --mode random --probability 0.33333333349 -j KUBE-SEP-AFGSLHOD2HFNCBX4  [probability 0.33333333349, draw 0.73033696599: no match]",
  "* [rule] kubesim-worker2 nat KUBE-SVC-CDGGSHYLG3RE2FKL: -A KUBE-SVC-CDGGSHYLG3RE2FKL -m comment --comment \"default/web:http -> 10.244.1.6:8080\" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-F7BHZ7WL3PFYMSRY  [probability 0.50000000000, draw 0.37511648331: match]",
  "* [rule] kubesim-worker2 nat KUBE-SEP-F7BHZ7WL3PFYMSRY: -A KUBE-SEP-F7BHZ7WL3PFYMSRY -p tcp -m comment --comment \"default/web:http\" -m tcp -j DNAT --to-destination 10.244.1.6:8080",
  "* [rule] kubesim-worker2 filter FORWARD: -A FORWARD -m comment --comment \"kubernetes forwarding rules\" -j KUBE-FORWARD",
  "* [rule] kubesim-worker2 filter KUBE-FORWARD: -A KUBE-FORWARD -m comment --comment \"kubernetes forwarding rules\" -m mark --mark 0x4000/0x4000 -j ACCEPT",
  "* [rule] kubesim-worker2 nat POSTROUTING: -A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING",
  "* [rule] kubesim-worker2 nat KUBE-POSTROUTING: -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0",
  "* [rule] kubesim-worker2 nat KUBE-POSTROUTING: -A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\" -j MASQUERADE --random-fully",
  "* [snat] SNAT (masquerade) on kubesim-worker2: source 10.244.1.254:39381 → 172.18.0.4:37568",
  "* [route] DNAT on kubesim-worker2: 172.18.0.4:30080 → 10.244.1.6:8080",
  "* [route] 10.244.1.6 is on node kubesim-worker (pod CIDR routing from kubesim-worker2)",
  "* [pod] pod default/web-c (10.244.1.6) on node kubesim-worker accepts the connection on port 8080",
  "* Connected to 172.18.0.4 (172.18.0.4) port 30080",
  "> GET / HTTP/1.1",
  "> Host: 172.18.0.4:30080",
  "> User-Agent: curl/8.5.0",
  "> Accept: */*",
  "> ",
  "< HTTP/1.1 200 OK",
  "< Date: Sat, 21 Nov 2026 10:00:00 GMT",
  "< Content-Length: 153",
  "< Content-Type: text/plain; charset=utf-8",
  "< ",
  "* Connection #0 to host 172.18.0.4 left intact",
].join('\n') + '\n';
