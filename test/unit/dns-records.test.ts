// CoreDNS kubernetes-plugin answers against the hand-built fixture cluster: one row per (name, type).
import { describe, expect, test } from 'vitest';
import { coreDnsAnswer, dnsIndex, dashedIP, reverseName } from '../../src/dataplane/dns/records.js';
import type { RRType } from '../../src/dataplane/dns/types.js';
import { fixtureCluster } from './dns-fixture.js';

const c = fixtureCluster();
const index = dnsIndex(c);
const SOA = `ns.dns.cluster.local. hostmaster.cluster.local. ${index.serial} 7200 1800 86400 30`;

/** rcode and answer data (`TYPE data`), compactly. */
function ask(name: string, type: RRType = 'A') {
  const r = coreDnsAnswer(index, name, type);
  return { rcode: r.rcode, answer: r.answer.map((rr) => `${rr.name} ${rr.ttl} ${rr.type} ${rr.data}`), additional: r.additional.map((rr) => `${rr.name} ${rr.type} ${rr.data}`), aa: r.authoritative, soa: r.authority.map((rr) => `${rr.name} ${rr.ttl} ${rr.data}`) };
}

describe('CoreDNS answers', () => {
  test.each<[string, RRType, string, string[]]>([
    ['currency-exchange.default.svc.cluster.local.', 'A', 'NOERROR', ['currency-exchange.default.svc.cluster.local. 30 A 10.96.12.34']],
    ['CURRENCY-EXCHANGE.Default.svc.cluster.local', 'A', 'NOERROR', ['currency-exchange.default.svc.cluster.local. 30 A 10.96.12.34']],
    ['kubernetes.default.svc.cluster.local.', 'A', 'NOERROR', ['kubernetes.default.svc.cluster.local. 30 A 10.96.0.1']],
    ['kube-dns.kube-system.svc.cluster.local.', 'A', 'NOERROR', ['kube-dns.kube-system.svc.cluster.local. 30 A 10.96.0.10']],
    ['data.prod.svc.cluster.local.', 'A', 'NOERROR', ['data.prod.svc.cluster.local. 30 A 10.96.200.1']],
    // headless: ready endpoints only; not-ready 10.244.2.23 left out
    ['nginx.default.svc.cluster.local.', 'A', 'NOERROR', ['nginx.default.svc.cluster.local. 30 A 10.244.1.20', 'nginx.default.svc.cluster.local. 30 A 10.244.2.21', 'nginx.default.svc.cluster.local. 30 A 10.244.1.22']],
    ['10-244-1-20.nginx.default.svc.cluster.local.', 'A', 'NOERROR', ['10-244-1-20.nginx.default.svc.cluster.local. 30 A 10.244.1.20']],
    ['10-244-2-23.nginx.default.svc.cluster.local.', 'A', 'NXDOMAIN', []],
    ['web-0.web.default.svc.cluster.local.', 'A', 'NOERROR', ['web-0.web.default.svc.cluster.local. 30 A 10.244.1.30']],
    // the endpoint's hostname, which the EndpointSlice controller copies from the pod (hostname + subdomain = the Service)
    ['web-1.web.default.svc.cluster.local.', 'A', 'NOERROR', ['web-1.web.default.svc.cluster.local. 30 A 10.244.2.31']],
    ['web-2.web.default.svc.cluster.local.', 'A', 'NXDOMAIN', []],
    ['empty-headless.default.svc.cluster.local.', 'A', 'NXDOMAIN', []],
    ['ready-anyway.default.svc.cluster.local.', 'A', 'NOERROR', ['ready-anyway.default.svc.cluster.local. 30 A 10.244.2.41']],
    // ExternalName: CNAME, and for A the target resolved upstream
    ['my-xn-service.default.svc.cluster.local.', 'A', 'NOERROR', ['my-xn-service.default.svc.cluster.local. 30 CNAME example.com.', 'example.com. 300 A 93.184.215.14']],
    ['my-xn-service.default.svc.cluster.local.', 'CNAME', 'NOERROR', ['my-xn-service.default.svc.cluster.local. 30 CNAME example.com.']],
    ['my-xn-service.default.svc.cluster.local.', 'TXT', 'NOERROR', []],
    // NODATA vs NXDOMAIN
    ['currency-exchange.default.svc.cluster.local.', 'AAAA', 'NOERROR', []],
    ['currency-exchange.default.svc.cluster.local.', 'ANY', 'NOERROR', []],
    ['svc.cluster.local.', 'A', 'NOERROR', []],
    ['pod.cluster.local.', 'A', 'NOERROR', []],
    ['default.svc.cluster.local.', 'A', 'NOERROR', []],
    ['nosuchns.svc.cluster.local.', 'A', 'NXDOMAIN', []],
    ['currency-exchange.prod.svc.cluster.local.', 'A', 'NXDOMAIN', []],
    ['currency-exchange.default.cluster.local.', 'A', 'NXDOMAIN', []],
    ['a.b.c.d.e.f.svc.cluster.local.', 'A', 'NXDOMAIN', []],
    ['cluster.local.', 'A', 'NOERROR', []],
    // pods insecure
    ['10-244-1-5.default.pod.cluster.local.', 'A', 'NOERROR', ['10-244-1-5.default.pod.cluster.local. 30 A 10.244.1.5']],
    ['10-244-1-5.nosuchns.pod.cluster.local.', 'A', 'NXDOMAIN', []],
    ['10-244-1-5.default.pod.cluster.local.', 'AAAA', 'NOERROR', []],
    ['dns-version.cluster.local.', 'TXT', 'NOERROR', ['dns-version.cluster.local. 28800 TXT "1.1.0"']],
    // SRV
    ['_http._tcp.currency-exchange.default.svc.cluster.local.', 'SRV', 'NOERROR', ['_http._tcp.currency-exchange.default.svc.cluster.local. 30 SRV 0 100 8080 currency-exchange.default.svc.cluster.local.']],
    ['_HTTP._TCP.currency-exchange.default.svc.cluster.local.', 'SRV', 'NOERROR', ['_http._tcp.currency-exchange.default.svc.cluster.local. 30 SRV 0 100 8080 currency-exchange.default.svc.cluster.local.']],
    ['_http._udp.currency-exchange.default.svc.cluster.local.', 'SRV', 'NXDOMAIN', []],
    ['_grpc._tcp.currency-exchange.default.svc.cluster.local.', 'SRV', 'NXDOMAIN', []],
    ['_dns-udp._udp.multi.default.svc.cluster.local.', 'SRV', 'NOERROR', ['_dns-udp._udp.multi.default.svc.cluster.local. 30 SRV 0 100 53 multi.default.svc.cluster.local.']],
    ['multi.default.svc.cluster.local.', 'SRV', 'NOERROR', ['multi.default.svc.cluster.local. 30 SRV 0 50 80 multi.default.svc.cluster.local.', 'multi.default.svc.cluster.local. 30 SRV 0 50 53 multi.default.svc.cluster.local.']],
    ['_http._tcp.nginx.default.svc.cluster.local.', 'SRV', 'NOERROR', [
      '_http._tcp.nginx.default.svc.cluster.local. 30 SRV 0 33 80 10-244-1-20.nginx.default.svc.cluster.local.',
      '_http._tcp.nginx.default.svc.cluster.local. 30 SRV 0 33 80 10-244-2-21.nginx.default.svc.cluster.local.',
      '_http._tcp.nginx.default.svc.cluster.local. 30 SRV 0 33 80 10-244-1-22.nginx.default.svc.cluster.local.',
    ]],
    ['_web._tcp.web.default.svc.cluster.local.', 'SRV', 'NOERROR', ['_web._tcp.web.default.svc.cluster.local. 30 SRV 0 50 8080 web-0.web.default.svc.cluster.local.', '_web._tcp.web.default.svc.cluster.local. 30 SRV 0 50 8080 web-1.web.default.svc.cluster.local.']],
    ['_http._tcp.currency-exchange.default.svc.cluster.local.', 'A', 'NOERROR', ['_http._tcp.currency-exchange.default.svc.cluster.local. 30 A 10.96.12.34']],
    // PTR
    [reverseName('10.96.12.34'), 'PTR', 'NOERROR', ['34.12.96.10.in-addr.arpa. 30 PTR currency-exchange.default.svc.cluster.local.']],
    [reverseName('10.96.0.10'), 'PTR', 'NOERROR', ['10.0.96.10.in-addr.arpa. 30 PTR kube-dns.kube-system.svc.cluster.local.']],
    [reverseName('10.244.1.20'), 'PTR', 'NOERROR', ['20.1.244.10.in-addr.arpa. 30 PTR 10-244-1-20.nginx.default.svc.cluster.local.']],
    [reverseName('10.244.1.30'), 'PTR', 'NOERROR', ['30.1.244.10.in-addr.arpa. 30 PTR web-0.web.default.svc.cluster.local.']],
  ])('%s %s → %s', (name, type, rcode, answer) => {
    const r = ask(name, type);
    expect(r.rcode).toBe(rcode);
    expect(r.answer).toEqual(answer);
    expect(r.aa).toBe(true);
    // Negative answers carry the zone's SOA (minimum TTL 30); positive ones none.
    if (answer.length === 0) expect(r.soa).toEqual([`${name.endsWith('in-addr.arpa.') ? 'in-addr.arpa.' : 'cluster.local.'} 30 ${SOA}`]);
    else expect(r.soa).toEqual([]);
  });

  test('SRV answers carry the targets\' addresses as additional records', () => {
    expect(ask('_http._tcp.currency-exchange.default.svc.cluster.local.', 'SRV').additional).toEqual(['currency-exchange.default.svc.cluster.local. A 10.96.12.34']);
    expect(ask('_web._tcp.web.default.svc.cluster.local.', 'SRV').additional).toEqual(['web-0.web.default.svc.cluster.local. A 10.244.1.30', 'web-1.web.default.svc.cluster.local. A 10.244.2.31']);
  });

  test('names outside the zone are forwarded upstream: not authoritative, RA set, forwardedTo the node resolver', () => {
    const r = coreDnsAnswer(index, 'example.com.', 'A');
    expect(r).toMatchObject({ rcode: 'NOERROR', authoritative: false, recursionAvailable: true, forwardedTo: '172.18.0.1', server: '10.96.0.10' });
    expect(r.answer).toEqual([{ name: 'example.com.', type: 'A', ttl: 300, data: '93.184.215.14' }]);
    const nx = coreDnsAnswer(index, 'currency-exchange.', 'A');
    expect(nx.rcode).toBe('NXDOMAIN');
    expect(nx.authority.map((rr) => rr.name)).toEqual(['.']);
    // unknown reverse names fall through to forward as well
    expect(coreDnsAnswer(index, reverseName('10.96.99.99'), 'PTR')).toMatchObject({ rcode: 'NXDOMAIN', forwardedTo: '172.18.0.1' });
  });

  test('dashed IPs', () => {
    expect(dashedIP('10.244.1.5')).toBe('10-244-1-5');
    expect(dashedIP('fd00::1')).toBe('fd00--1');
    expect(dashedIP('::1')).toBe('0--1');
  });

  test('the index is built once per state and rebuilt after a change', () => {
    expect(dnsIndex(c)).toBe(index);
    const c2 = fixtureCluster();
    const i1 = dnsIndex(c2);
    c2.remove('services', 'prod', 'data');
    expect(dnsIndex(c2)).not.toBe(i1);
    expect(coreDnsAnswer(dnsIndex(c2), 'data.prod.svc.cluster.local.', 'A').rcode).toBe('NXDOMAIN');
  });
});
