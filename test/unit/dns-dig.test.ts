// dig's whole output (BIND 9.18 layout), nslookup's, from the fixture cluster. Message sizes checked by hand
// against real dig output (an uncompressed CoreDNS answer + 8-byte echoed cookie).
import { describe, expect, test } from 'vitest';
import { resolveClient } from '../../src/dataplane/client.js';
import { formatQuestion, formatRR, runDig, digDate } from '../../src/dataplane/dns/dig.js';
import { runNslookup } from '../../src/dataplane/dns/nslookup.js';
import { messageSize } from '../../src/dataplane/dns/wire.js';
import { fixtureCluster, NOW } from './dns-fixture.js';

const c = fixtureCluster();
const client = resolveClient(c, 'client', 'default');
// A fixed "random" source: id 4242, cookie bytes 0xab.
const env = () => ({ int: (n: number) => (n === 65536 ? 4242 : 0xab), now: NOW });
const dig = (line: string) => runDig(c, client, line.split(' '), env());

describe('dig', () => {
  test('column layout (tab stops 24/32/40/48)', () => {
    expect(formatRR({ name: 'example.com.', ttl: 86400, type: 'A', data: '93.184.215.14' })).toBe('example.com.\t\t86400\tIN\tA\t93.184.215.14');
    expect(formatQuestion('example.com.', 'A')).toBe(';example.com.\t\t\tIN\tA');
    expect(formatQuestion('istio-protected-pod-service.k8s-lan-party.svc.cluster.local.', 'A')).toBe(';istio-protected-pod-service.k8s-lan-party.svc.cluster.local. IN\tA');
    expect(digDate(NOW)).toBe('Sat Nov 21 10:00:00 UTC 2026');
  });

  test('message size matches real dig (139 bytes for one A answer of a 43-byte name)', () => {
    const resp = { question: { name: 'myapp-clusterip.default.svc.cluster.local.', type: 'A' as const }, rcode: 'NOERROR' as const, authoritative: true, answer: [{ name: 'myapp-clusterip.default.svc.cluster.local.', ttl: 30, type: 'A' as const, data: '10.15.212.21' }], authority: [], additional: [], server: '10.0.0.10' };
    expect(messageSize(resp, { compress: false, optionBytes: 12 })).toBe(139);
  });

  test('A record of a ClusterIP Service: whole output', () => {
    expect(dig('currency-exchange.default.svc.cluster.local')).toEqual({
      stdout: `
; <<>> DiG 9.18.33 <<>> currency-exchange.default.svc.cluster.local
;; global options: +cmd
;; Got answer:
;; WARNING: .local is reserved for Multicast DNS
;; You are currently testing what happens when an mDNS query is leaked to DNS
;; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242
;; flags: qr aa rd; QUERY: 1, ANSWER: 1, AUTHORITY: 0, ADDITIONAL: 1
;; WARNING: recursion requested but not available

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
; COOKIE: abababababababab (echoed)
;; QUESTION SECTION:
;currency-exchange.default.svc.cluster.local. IN\tA

;; ANSWER SECTION:
currency-exchange.default.svc.cluster.local. 30\tIN A 10.96.12.34

;; Query time: 0 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: Sat Nov 21 10:00:00 UTC 2026
;; MSG SIZE  rcvd: 143

`,
      stderr: '',
      exitCode: 0,
    });
  });

  test('without +search a short name goes to the root: NXDOMAIN from upstream, exit 0', () => {
    expect(dig('currency-exchange').stdout).toBe(`
; <<>> DiG 9.18.33 <<>> currency-exchange
;; global options: +cmd
;; Got answer:
;; ->>HEADER<<- opcode: QUERY, status: NXDOMAIN, id: 4242
;; flags: qr rd ra; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1

;; OPT PSEUDOSECTION:
; EDNS: version: 0, flags:; udp: 1232
;; QUESTION SECTION:
;currency-exchange.\t\tIN\tA

;; AUTHORITY SECTION:
.\t\t\t86400\tIN\tSOA\ta.root-servers.net. nstld.verisign-grs.com. 2026112100 1800 900 604800 86400

;; Query time: 0 msec
;; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)
;; WHEN: Sat Nov 21 10:00:00 UTC 2026
;; MSG SIZE  rcvd: 121

`);
    expect(dig('currency-exchange').exitCode).toBe(0);
  });

  test('+short, +search, SRV, -x, ExternalName, headless', () => {
    expect(dig('+short currency-exchange')).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(dig('+short +search currency-exchange').stdout).toBe('10.96.12.34\n');
    expect(dig('+short nginx.default.svc.cluster.local').stdout).toBe('10.244.1.20\n10.244.2.21\n10.244.1.22\n');
    expect(dig('+short +search nginx').stdout).toBe('10.244.1.20\n10.244.2.21\n10.244.1.22\n');
    expect(dig('+short my-xn-service.default.svc.cluster.local').stdout).toBe('example.com.\n93.184.215.14\n');
    expect(dig('+short SRV _http._tcp.currency-exchange.default.svc.cluster.local').stdout).toBe('0 100 8080 currency-exchange.default.svc.cluster.local.\n');
    expect(dig('_http._tcp.currency-exchange.default.svc.cluster.local SRV +noall +answer +additional').stdout).toBe(
      '_http._tcp.currency-exchange.default.svc.cluster.local.\t30 IN SRV 0 100 8080 currency-exchange.default.svc.cluster.local.\n' +
        'currency-exchange.default.svc.cluster.local. 30\tIN A 10.96.12.34\n',
    );
    expect(dig('+short -x 10.96.12.34').stdout).toBe('currency-exchange.default.svc.cluster.local.\n');
    expect(dig('+short -t TXT dns-version.cluster.local').stdout).toBe('"1.1.0"\n');
    expect(dig('+short currency-exchange.default.svc.cluster.local AAAA').stdout).toBe('');
  });

  test('NODATA keeps NOERROR with the SOA in AUTHORITY', () => {
    const out = dig('+noall +comments +authority currency-exchange.default.svc.cluster.local AAAA').stdout;
    expect(out).toContain(';; ->>HEADER<<- opcode: QUERY, status: NOERROR, id: 4242\n;; flags: qr aa rd; QUERY: 1, ANSWER: 0, AUTHORITY: 1, ADDITIONAL: 1\n');
    expect(out).toContain(`;; AUTHORITY SECTION:\ncluster.local.\t\t30\tIN\tSOA\tns.dns.cluster.local. hostmaster.cluster.local. `);
  });

  test('@SERVER: a public resolver answers; an unreachable one times out (exit 9)', () => {
    expect(dig('@8.8.8.8 +short example.com').stdout).toBe('93.184.215.14\n');
    expect(dig('@10.96.0.1 example.com')).toEqual({
      stdout: `;; communications error to 10.96.0.1#53: timed out
;; communications error to 10.96.0.1#53: timed out
;; communications error to 10.96.0.1#53: timed out

; <<>> DiG 9.18.33 <<>> @10.96.0.1 example.com
; (1 server found)
;; global options: +cmd
;; no servers could be reached
`,
      stderr: '',
      exitCode: 9,
    });
  });

  test('bad option: usage on stderr, exit 1', () => {
    const r = dig('+bogus example.com');
    expect(r.exitCode).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('Invalid option: +bogus');
  });
});

describe('nslookup', () => {
  const ns = (args: string) => runNslookup(c, client, args.split(' '));
  test('short name with the search list', () => {
    expect(ns('currency-exchange')).toEqual({ stdout: 'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nName:\tcurrency-exchange.default.svc.cluster.local\nAddress: 10.96.12.34\n\n', stderr: '', exitCode: 0 });
  });
  test('NXDOMAIN', () => {
    expect(ns('nosuch')).toEqual({ stdout: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n** server can't find nosuch: NXDOMAIN\n\n", stderr: '', exitCode: 1 });
  });
  test('external name: non-authoritative, A then AAAA', () => {
    expect(ns('example.com').stdout).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nNon-authoritative answer:\nName:\texample.com\nAddress: 93.184.215.14\nName:\texample.com\nAddress: 2606:2800:21f:cb07:6820:80da:af6b:ba59\n\n');
  });
  test('ExternalName: the CNAME for each query', () => {
    expect(ns('my-xn-service').stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\nmy-xn-service.default.svc.cluster.local\tcanonical name = example.com.\nName:\texample.com\nAddress: 93.184.215.14\nmy-xn-service.default.svc.cluster.local\tcanonical name = example.com.\nName:\texample.com\nAddress: 2606:2800:21f:cb07:6820:80da:af6b:ba59\n\n',
    );
  });
  test('reverse lookup of an IP', () => {
    expect(ns('10.96.12.34').stdout).toBe('Server:\t\t10.96.0.10\nAddress:\t10.96.0.10#53\n\n34.12.96.10.in-addr.arpa\tname = currency-exchange.default.svc.cluster.local.\n\n');
  });
});
