// The seeds' traffic flows, through the real binary: inside by name, NodePort, LoadBalancer, Ingress, failures.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { freshCluster } from '../helpers/cli.js';

function seeded() {
  const k = freshCluster();
  for (const f of ['01-currency-exchange', '02-currency-conversion', '03-ingress-nginx-controller', '04-ingress', '05-nodeport', '06-loadbalancer']) {
    const r = k.run(`apply -f manifests/${f}.yaml`);
    expect(r.code, r.stderr).toBe(0);
  }
  return k;
}

const hostname = (out: string) => /^Hostname: (\S+)/.exec(out)?.[1];

describe('traffic flows (e2e)', () => {
  const k = seeded();

  test('pod → ClusterIP by name in every FQDN form', () => {
    for (const name of ['currency-exchange', 'currency-exchange.default', 'currency-exchange.default.svc', 'currency-exchange.default.svc.cluster.local', 'currency-exchange.default.svc.cluster.local.']) {
      const r = k.run(`curl http://${name}/`);
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      expect(hostname(r.stdout)).toMatch(/^currency-exchange-[a-z0-9]+-[a-z0-9]{5}$/);
      expect(r.stdout).toContain(`Host: ${name}\r\n`);
    }
  });

  test('-v shows DNS, the KUBE-SERVICES rule, DNAT and the pod', () => {
    const r = k.run('curl -v http://currency-exchange/');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('* [dns] query currency-exchange.default.svc.cluster.local. A → 10.96.0.10: NOERROR currency-exchange.default.svc.cluster.local. A ');
    expect(r.stderr).toMatch(/-A KUBE-SERVICES -d 10\.\d+\.\d+\.\d+\/32 -p tcp -m comment --comment "default\/currency-exchange:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-[A-Z2-7]{16}/);
    expect(r.stderr).toMatch(/-j DNAT --to-destination 10\.244\.\d\.\d+:8000/);
    expect(r.stderr).toContain('< HTTP/1.1 200 OK');
    // Filter chains the packet only passed through are left out; nothing in filter decided this request.
    expect(r.stderr).not.toContain(' filter ');
  });

  test('NodePort via each of the three node IPs from the throwaway pod, from another node and from outside', () => {
    for (const from of ['', ' --from node/kubesim-worker2', ' --from outside']) {
      for (const ip of ['172.18.0.2', '172.18.0.3', '172.18.0.4']) {
        const r = k.run(`curl http://${ip}:30080/${from}`);
        expect(r.code, `${ip}${from}: ${r.stderr}`).toBe(0);
        // ETP Cluster: masqueraded to the node the packet entered by, whoever sent it.
        expect(r.stdout).toMatch(new RegExp(`^Hostname: frontend-[a-z0-9]+-[a-z0-9]{5}\\nIP: 127\\.0\\.0\\.1\\nIP: 10\\.244\\.[12]\\.\\d+\\nRemoteAddr: ${ip.replace(/\./g, '\\.')}:\\d+\\nGET / HTTP/1\\.1\\r\\nHost: ${ip.replace(/\./g, '\\.')}:30080\\r\\nUser-Agent: curl/8\\.5\\.0\\r\\nAccept: \\*/\\*\\r\\n\\r\\n$`));
      }
    }
  });

  test('-v: a pod calling another node\'s NodePort hops to that node, whose rules take it', () => {
    const r = k.run('curl -v http://172.18.0.4:30080/');
    expect(r.code).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('* [')).map((l) => l.replace(/(packet [\d.]+):\d+/, '$1:P'));
    expect(lines.slice(0, 12)).toEqual([
      '* [connect] connect to 172.18.0.4:30080 from pod default/kubesim-client (10.244.1.254)',
      '* [node] packet 10.244.1.254:P → 172.18.0.4:30080 leaves the pod into node kubesim-worker (nat PREROUTING)',
      '* [rule] kubesim-worker nat PREROUTING: -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '* [rule] kubesim-worker nat POSTROUTING: -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
      '* [rule] kubesim-worker nat KUBE-POSTROUTING: -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      "* [route] 172.18.0.4 is node kubesim-worker2's address, not kubesim-worker's: the packet leaves kubesim-worker and is routed to kubesim-worker2",
      '* [node] packet 10.244.1.254:P → 172.18.0.4:30080 arrives at node kubesim-worker2 (nat PREROUTING)',
      '* [rule] kubesim-worker2 nat PREROUTING: -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
      '* [rule] kubesim-worker2 nat KUBE-SERVICES: -A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
      '* [rule] kubesim-worker2 nat KUBE-NODEPORTS: -A KUBE-NODEPORTS -p tcp -m comment --comment "default/frontend:http" -m tcp --dport 30080 -j KUBE-EXT-UHJVR435UML62OOS',
      '* [rule] kubesim-worker2 nat KUBE-EXT-UHJVR435UML62OOS: -A KUBE-EXT-UHJVR435UML62OOS -m comment --comment "masquerade traffic for default/frontend:http external destinations" -j KUBE-MARK-MASQ',
      '* [rule] kubesim-worker2 nat KUBE-MARK-MASQ: -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    ]);
    expect(r.stderr).toMatch(/\* \[snat\] SNAT \(masquerade\) on kubesim-worker2: source 10\.244\.1\.254:\d+ → 172\.18\.0\.4:\d+\n/);
  });

  test('outside → LoadBalancer IP', () => {
    const ip = k.run(['get', 'svc', 'web', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}']).stdout.trim();
    expect(ip).toMatch(/^203\.0\.113\.\d+$/);
    const r = k.run(`curl http://${ip}/ --from outside`);
    expect(r.code, r.stderr).toBe(0);
    expect(hostname(r.stdout)).toMatch(/^web-/);
  });

  test('Ingress path routing to currency-exchange and currency-conversion', () => {
    const ip = k.run(['get', 'ingress', 'gateway-ingress', '-o', 'jsonpath={.status.loadBalancer.ingress[0].ip}']).stdout.trim();
    expect(ip).toMatch(/^203\.0\.113\.\d+$/);
    expect(hostname(k.run(`curl http://${ip}/currency-exchange --from outside`).stdout)).toMatch(/^currency-exchange-/);
    expect(hostname(k.run(`curl http://${ip}/currency-conversion/x --from outside`).stdout)).toMatch(/^currency-conversion-/);
    const none = k.run(`curl http://${ip}/other --from outside`);
    expect(none.stdout).toContain('<head><title>404 Not Found</title></head>');
  });

  test('failures: unknown name (6), ClusterIP from outside (28)', () => {
    expect(k.run('curl http://no-such-service/')).toEqual({ stdout: '', stderr: 'curl: (6) Could not resolve host: no-such-service\n', code: 6 });
    const cip = k.run(['get', 'svc', 'currency-exchange', '-o', 'jsonpath={.spec.clusterIP}']).stdout.trim();
    expect(k.run(`curl http://${cip}/ --from outside`)).toEqual({ stdout: '', stderr: `curl: (28) Failed to connect to ${cip} port 80 after 3002 ms: Timeout was reached\n`, code: 28 });
  });

  test('--count 10000 over 3 pods is within 5% of even', () => {
    const r = k.run('curl http://web/ --count 10000');
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').slice(1);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(Math.abs(Number(row.split(/\s+/)[3]) - 3333)).toBeLessThan(500);
  });

  test('iptables-save: chain names and probabilities for the 3-pod web Service', () => {
    const r = k.run('iptables-save -t nat');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('# Generated by iptables-save v1.8.9 (nf_tables) on Sat Nov 21 10:00:00 2026\n*nat\n')).toBe(true);
    expect(r.stdout).toContain('-A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y');
    const web = r.stdout.split('\n').filter((l) => /^-A KUBE-SVC-\w+ -m comment --comment "default\/web:http -> /.test(l));
    expect(web).toHaveLength(3);
    expect(web[0]).toContain('--probability 0.33333333349 -j KUBE-SEP-');
    expect(web[1]).toContain('--probability 0.50000000000 -j KUBE-SEP-');
    expect(web[2]).not.toContain('--probability');
  });
});

describe('failures (e2e)', () => {
  test('no endpoints → connection refused; a deleted pod\'s old IP → timeout', () => {
    const k = freshCluster();
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lonely\nspec:\n  selector:\n    app: nobody\n  ports:\n  - port: 80\n';
    expect(k.run('apply -f -', { input: svc }).code).toBe(0);
    const r = k.run('curl http://lonely/');
    expect(r.code).toBe(7);
    expect(r.stderr).toMatch(/^curl: \(7\) Failed to connect to 10\.\d+\.\d+\.\d+ port 80 after 0 ms: Couldn't connect to server\n$/);
    expect(k.run('curl http://10.244.1.200/').code).toBe(28);
  });
});

describe('exec POD -- curl (e2e)', () => {
  test('records ClientIP affinity in the state, as kubesim curl does; other exec commands leave the state untouched', () => {
    const k = freshCluster();
    expect(k.run('apply -f manifests/05-nodeport.yaml').code).toBe(0);
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: sticky\nspec:\n  selector:\n    app: frontend\n  sessionAffinity: ClientIP\n  ports:\n  - port: 80\n    targetPort: 8080\n';
    expect(k.run('apply -f -', { input: svc }).code).toBe(0);
    const pods = k.run(['get', 'pods', '-l', 'app=frontend', '-o', 'jsonpath={.items[*].metadata.name}']).stdout.trim().split(' ');
    expect(pods).toHaveLength(2);
    const before = readFileSync(k.state, 'utf8');
    expect(k.run(['exec', pods[0], '--', 'hostname']).stdout).toBe(pods[0] + '\n');
    expect(readFileSync(k.state, 'utf8')).toBe(before);
    const first = k.run(['exec', pods[0], '--', 'curl', '-s', 'http://sticky/']);
    expect(first.code).toBe(0);
    const pinned = /^Hostname: (\S+)/.exec(first.stdout)![1];
    // The recent list the exec'd curl wrote is on the node now: every later request from that pod sticks.
    const spread = k.run(['curl', 'http://sticky/', '--from', pods[0], '--count', '200']);
    expect(spread.stdout.trim().split('\n').slice(1)).toEqual([expect.stringMatching(new RegExp(`^${pinned} .* 200 +100\\.0%$`))]);
    const viaShell = k.run(['exec', pods[0], '--', 'sh', '-c', 'curl -s http://sticky/']);
    expect(/^Hostname: (\S+)/.exec(viaShell.stdout)![1]).toBe(pinned);
  });
});

