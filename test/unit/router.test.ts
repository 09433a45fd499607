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
});
