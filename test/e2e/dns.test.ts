// The real binary: dig and dig +short, exec -- cat /etc/resolv.conf, nslookup, and the Service env vars a pod
// only sees once it is recreated after the Service exists.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { freshCluster } from '../helpers/cli.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: currency-exchange
spec:
  replicas: 2
  selector:
    matchLabels:
      app: currency-exchange
  template:
    metadata:
      labels:
        app: currency-exchange
    spec:
      containers:
      - name: app
        image: nginx
        env:
        - name: GREETING
          value: hello
`;
const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: currency-exchange
spec:
  selector:
    app: currency-exchange
  ports:
  - name: http
    port: 8000
    targetPort: 8000
`;

function setup() {
  const k = freshCluster();
  const dir = dirname(k.state);
  writeFileSync(join(dir, 'deploy.yaml'), DEPLOYMENT);
  writeFileSync(join(dir, 'svc.yaml'), SERVICE);
  return { ...k, deploy: join(dir, 'deploy.yaml'), svc: join(dir, 'svc.yaml') };
}

const pods = (run: (a: string) => { stdout: string }) =>
  run('get pods -o name')
    .stdout.trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.replace('pod/', ''));

const KUBERNETES_ENV = `KUBERNETES_SERVICE_HOST=10.96.0.1
KUBERNETES_SERVICE_PORT=443
KUBERNETES_SERVICE_PORT_HTTPS=443
KUBERNETES_PORT=tcp://10.96.0.1:443
KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443
KUBERNETES_PORT_443_TCP_PROTO=tcp
KUBERNETES_PORT_443_TCP_PORT=443
KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1
`;

describe('dig and exec against the real flow', () => {
  test('dig: whole output for the kubernetes Service, +short, NXDOMAIN without +search, exit codes', () => {
    const { run } = setup();
    const r = run('dig kubernetes.default.svc.cluster.local');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.replace(/id: \d+/, 'id: ID').replace(/COOKIE: [0-9a-f]{16}/, 'COOKIE: C')).toBe(`
; <<>> DiG 9.18.33 <<>> kubernetes.default.svc.cluster.local
;; global options: +cmd
;; Got answer:
;; WARNING: .local is reserved for Multicast DNS
;; You are currently testing what happens when an mDNS query is leaked to DNS
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: ID
;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: C (echoed)
;; QUESTION SECTION:
;kubernetes.default.svc.cluster.local. IN A

;; ANSWER SECTION:
kubernetes.default.svc.cluster.local. 30 IN A\t10.96.0.1

;; Query time: 0 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: Sat Nov 21 10:00:00 UTC 2026
;; MSG SIZE  rcvd: 129

`);
    // reproducible: same state, same id and cookie
    expect(run('dig kubernetes.default.svc.cluster.local').stdout).toBe(r.stdout);
    expect(run('dig +short kubernetes.default.svc.cluster.local')).toEqual({ stdout: '10.96.0.1\n', stderr: '', code: 0 });
    expect(run('dig +short kubernetes')).toEqual({ stdout: '', stderr: '', code: 0 });
    expect(run('dig +short +search kubernetes')).toEqual({ stdout: '10.96.0.1\n', stderr: '', code: 0 });
    expect(run('dig +short +search kubernetes -n kube-system').stdout).toBe('');
    expect(run('dig +short +search kubernetes.default -n kube-system').stdout).toBe('10.96.0.1\n');
    expect(run('dig +short -x 10.96.0.10').stdout).toBe('kube-dns.kube-system.svc.cluster.local.\n');
    expect(run('dig +short example.com').stdout).toBe('93.184.215.14\n');
    expect(run('dig +short example.com --from outside').stdout).toBe('93.184.215.14\n');
    expect(run('dig +short kubernetes.default.svc.cluster.local --from outside').stdout).toBe('');
    const timeout = run('dig @10.96.0.10 +short kubernetes.default.svc.cluster.local --from outside');
    expect(timeout).toEqual({ stdout: ';; communications error to 10.96.0.10#53: timed out\n'.repeat(3) + ';; no servers could be reached\n', stderr: '', code: 9 });
  });

  test('exec: resolv.conf, nslookup, dig from the pod; Service env vars appear only after the pod is recreated', () => {
    const { run, deploy, svc } = setup();
    expect(run(['apply', '-f', deploy]).code).toBe(0);
    const [first, second] = pods(run);
    expect(first).toBeTruthy();

    expect(run(['exec', first, '--', 'cat', '/etc/resolv.conf'])).toEqual({
      stdout: 'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
      stderr: '',
      code: 0,
    });
    expect(run(['exec', first, '--', 'hostname']).stdout).toBe(first + '\n');

    const before = run(['exec', first, '--', 'env']);
    expect(before).toEqual({
      stdout: `PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=${first}\nGREETING=hello\n${KUBERNETES_ENV}HOME=/root\n`,
      stderr: '',
      code: 0,
    });

    expect(run(['apply', '-f', svc]).code).toBe(0);
    const ip = run('get svc currency-exchange -o jsonpath={.spec.clusterIP}').stdout.trim();
    expect(ip).toMatch(/^10\.\d+\.\d+\.\d+$/);

    // The running pods still have the old environment…
    expect(run(['exec', first, '--', 'env']).stdout).toBe(before.stdout);
    // …but DNS knows the Service at once, by every name form.
    expect(run(['exec', first, '--', 'nslookup', 'currency-exchange'])).toEqual({
      stdout: `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tcurrency-exchange.default.svc.cluster.local\nAddress: ${ip}\n\n`,
      stderr: '',
      code: 0,
    });
    for (const name of ['currency-exchange', 'currency-exchange.default', 'currency-exchange.default.svc', 'currency-exchange.default.svc.cluster.local', 'currency-exchange.default.svc.cluster.local.']) {
      expect(run(['exec', first, '--', 'dig', '+short', '+search', name]).stdout).toBe(`${ip}\n`);
    }
    expect(run(['exec', first, '--', 'nslookup', 'nosuch'])).toEqual({
      stdout: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nosuch: NXDOMAIN\n\n",
      stderr: 'command terminated with exit code 1\n',
      code: 1,
    });

    // Recreate one pod: the new one sees the Service's variables.
    expect(run(['delete', 'pod', first]).code).toBe(0);
    const fresh = pods(run).find((p) => p !== first && p !== second)!;
    expect(fresh).toBeTruthy();
    expect(run(['exec', fresh, '--', 'env']).stdout).toBe(
      `PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nHOSTNAME=${fresh}\nGREETING=hello\n` +
        `CURRENCY_EXCHANGE_SERVICE_HOST=${ip}\nCURRENCY_EXCHANGE_SERVICE_PORT=8000\nCURRENCY_EXCHANGE_SERVICE_PORT_HTTP=8000\n` +
        `CURRENCY_EXCHANGE_PORT=tcp://${ip}:8000\nCURRENCY_EXCHANGE_PORT_8000_TCP=tcp://${ip}:8000\nCURRENCY_EXCHANGE_PORT_8000_TCP_PROTO=tcp\n` +
        `CURRENCY_EXCHANGE_PORT_8000_TCP_PORT=8000\nCURRENCY_EXCHANGE_PORT_8000_TCP_ADDR=${ip}\n${KUBERNETES_ENV}HOME=/root\n`,
    );
    // the untouched pod still doesn't
    expect(run(['exec', second, '--', 'env']).stdout).not.toContain('CURRENCY_EXCHANGE');
  });

  test('exec errors as kubectl prints them', () => {
    const { run, deploy } = setup();
    run(['apply', '-f', deploy]);
    const [pod] = pods(run);
    expect(run(['exec', pod, '--', 'foo'])).toEqual({
      stdout: '',
      stderr: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "foo": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n',
      code: 126,
    });
    expect(run(['exec', pod, 'ls'])).toEqual({ stdout: '', stderr: 'error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n', code: 1 });
    expect(run(['exec', 'nope', '--', 'ls'])).toEqual({ stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect(run(['exec', pod, '-c', 'bogus', '--', 'env'])).toEqual({ stdout: '', stderr: `Error from server (BadRequest): container bogus is not valid for pod ${pod}\n`, code: 1 });
  });
});
