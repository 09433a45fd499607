// The pod's resolver: resolv.conf per dnsPolicy, search/ndots expansion, every FQDN form of the seeds.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { resolveClient } from '../../src/dataplane/client.js';
import { candidateNames, resolve } from '../../src/dataplane/dns/resolver.js';
import { podResolvConf, renderResolvConf, nodeResolvConf } from '../../src/dataplane/dns/resolvconf.js';
import { fixtureCluster, pod } from './dns-fixture.js';

const c = fixtureCluster();
const fromDefault = resolveClient(c, 'client', 'default');
const fromTest = resolveClient(c, 'client', 'test');
const tried = (r: ReturnType<typeof resolve>) => r.queries.map((q) => `${q.question.name} ${q.rcode}`);

describe('resolv.conf', () => {
  test('ClusterFirst', () => {
    expect(renderResolvConf(podResolvConf(c, c.get('pods', 'default', 'client')!))).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
  test('Default: the node file', () => {
    expect(renderResolvConf(podResolvConf(c, pod('default', 'x', '10.244.1.9', { spec: { dnsPolicy: 'Default' } })))).toBe('nameserver 172.18.0.1\noptions ndots:0\n');
    expect(renderResolvConf(nodeResolvConf())).toBe('nameserver 172.18.0.1\noptions ndots:0\n');
  });
  test('hostNetwork with ClusterFirst falls back to Default; ClusterFirstWithHostNet does not', () => {
    expect(renderResolvConf(podResolvConf(c, pod('default', 'x', '172.18.0.3', { spec: { hostNetwork: true } })))).toBe('nameserver 172.18.0.1\noptions ndots:0\n');
    expect(renderResolvConf(podResolvConf(c, pod('default', 'x', '172.18.0.3', { spec: { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } })))).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });
  test('None: only dnsConfig (custom-dns.yaml)', () => {
    const manifest = parse(readFileSync(new URL('../fixtures/wild-manifests/custom-dns.yaml', import.meta.url), 'utf8'));
    expect(renderResolvConf(podResolvConf(c, manifest))).toBe('search ns1.svc.cluster-domain.example my.dns.search.suffix\nnameserver 192.0.2.1\noptions ndots:2 edns0\n');
  });
  test('ClusterFirst + dnsConfig merges (options replaced by name, searches appended, duplicates dropped)', () => {
    const p = pod('prod', 'x', '10.244.1.9', { spec: { dnsConfig: { nameservers: ['10.96.0.10', '1.1.1.1'], searches: ['corp.example', 'svc.cluster.local'], options: [{ name: 'ndots', value: '2' }, { name: 'single-request-reopen' }] } } });
    expect(renderResolvConf(podResolvConf(c, p))).toBe('search prod.svc.cluster.local svc.cluster.local cluster.local corp.example\nnameserver 10.96.0.10\nnameserver 1.1.1.1\noptions ndots:2 single-request-reopen\n');
  });
});

describe('search expansion', () => {
  test('candidate order: fewer dots than ndots → search first; otherwise as-is first; trailing dot → only as-is', () => {
    const rc = podResolvConf(c, c.get('pods', 'default', 'client')!);
    expect(candidateNames('web', rc)).toEqual(['web.default.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.', 'web.']);
    expect(candidateNames('a.b.c.d.e.f', rc)).toEqual(['a.b.c.d.e.f.', 'a.b.c.d.e.f.default.svc.cluster.local.', 'a.b.c.d.e.f.svc.cluster.local.', 'a.b.c.d.e.f.cluster.local.']);
    expect(candidateNames('web.', rc)).toEqual(['web.']);
    expect(candidateNames('web', rc, false)).toEqual(['web.']);
  });

  test.each<[string, string[]]>([
    ['currency-exchange', ['currency-exchange.default.svc.cluster.local. NOERROR']],
    ['currency-exchange.default', ['currency-exchange.default.default.svc.cluster.local. NXDOMAIN', 'currency-exchange.default.svc.cluster.local. NOERROR']],
    ['currency-exchange.default.svc', ['currency-exchange.default.svc.default.svc.cluster.local. NXDOMAIN', 'currency-exchange.default.svc.svc.cluster.local. NXDOMAIN', 'currency-exchange.default.svc.cluster.local. NOERROR']],
    ['currency-exchange.default.svc.cluster.local', [
      'currency-exchange.default.svc.cluster.local.default.svc.cluster.local. NXDOMAIN',
      'currency-exchange.default.svc.cluster.local.svc.cluster.local. NXDOMAIN',
      'currency-exchange.default.svc.cluster.local.cluster.local. NXDOMAIN',
      'currency-exchange.default.svc.cluster.local. NOERROR',
    ]],
    ['currency-exchange.default.svc.cluster.local.', ['currency-exchange.default.svc.cluster.local. NOERROR']],
  ])('from a pod in default: %s → 10.96.12.34', (name, queries) => {
    const r = resolve(c, fromDefault, name);
    expect(tried(r)).toEqual(queries);
    expect(r.addresses).toEqual(['10.96.12.34']);
    expect(r.error).toBeUndefined();
  });

  test('the short name does not resolve from another namespace; the qualified forms do', () => {
    const r = resolve(c, fromTest, 'currency-exchange');
    expect(tried(r)).toEqual([
      'currency-exchange.test.svc.cluster.local. NXDOMAIN',
      'currency-exchange.svc.cluster.local. NXDOMAIN',
      'currency-exchange.cluster.local. NXDOMAIN',
      'currency-exchange. NXDOMAIN',
    ]);
    expect(r).toMatchObject({ addresses: [], error: 'NXDOMAIN' });
    expect(resolve(c, fromTest, 'currency-exchange.default').addresses).toEqual(['10.96.12.34']);
    expect(resolve(c, fromTest, 'currency-exchange.default.svc').addresses).toEqual(['10.96.12.34']);
    expect(resolve(c, fromTest, 'currency-exchange.default.svc.cluster.local.').addresses).toEqual(['10.96.12.34']);
    expect(resolve(c, fromTest, 'data').addresses).toEqual([]);
    expect(resolve(c, fromTest, 'data.prod').addresses).toEqual(['10.96.200.1']);
  });

  test('external names: three search misses, then the upstream answers', () => {
    const r = resolve(c, fromDefault, 'example.com');
    expect(tried(r)).toEqual(['example.com.default.svc.cluster.local. NXDOMAIN', 'example.com.svc.cluster.local. NXDOMAIN', 'example.com.cluster.local. NXDOMAIN', 'example.com. NOERROR']);
    expect(r.queries[3]).toMatchObject({ authoritative: false, forwardedTo: '172.18.0.1' });
    expect(r.addresses).toEqual(['93.184.215.14']);
    expect(resolve(c, fromDefault, 'nosuch.example.org').error).toBe('NXDOMAIN');
  });

  test('ExternalName: CNAME chain and the target addresses', () => {
    const r = resolve(c, fromDefault, 'my-xn-service');
    expect(r).toMatchObject({ cnames: ['example.com.'], addresses: ['93.184.215.14'], answeredBy: 'my-xn-service.default.svc.cluster.local.' });
  });

  test('headless: every ready endpoint; none ready → NXDOMAIN', () => {
    expect(resolve(c, fromDefault, 'nginx').addresses).toEqual(['10.244.1.20', '10.244.2.21', '10.244.1.22']);
    expect(resolve(c, fromDefault, 'web-0.web').addresses).toEqual(['10.244.1.30']);
    expect(resolve(c, fromDefault, 'empty-headless').error).toBe('NXDOMAIN');
  });

  test('AAAA on an IPv4 Service: NODATA everywhere', () => {
    expect(resolve(c, fromDefault, 'currency-exchange', { type: 'AAAA' })).toMatchObject({ addresses: [], error: 'NODATA' });
  });

  test('outside the cluster: no cluster DNS, only the Internet', () => {
    const outside = resolveClient(c, 'outside', 'default');
    expect(resolve(c, outside, 'currency-exchange.default.svc.cluster.local').error).toBe('NXDOMAIN');
    expect(resolve(c, outside, 'example.com').addresses).toEqual(['93.184.215.14']);
    expect(resolve(c, outside, 'example.com', { server: '10.96.0.10' }).error).toBe('TIMEOUT');
  });

  test('a node uses its own resolver (no search list, cluster names unknown)', () => {
    const node = resolveClient(c, 'node/kubesim-worker', 'default');
    expect(resolve(c, node, 'kubernetes.default.svc.cluster.local').error).toBe('NXDOMAIN');
    expect(resolve(c, node, 'kubernetes.default.svc.cluster.local', { server: '10.96.0.10' }).addresses).toEqual(['10.96.0.1']);
  });

  test('dnsPolicy None with an unreachable nameserver times out', () => {
    c.create(pod('default', 'dns-example', '10.244.1.60', { spec: { dnsPolicy: 'None', dnsConfig: { nameservers: ['192.0.2.1'], searches: ['my.dns.search.suffix'] } } }));
    const r = resolve(c, resolveClient(c, 'dns-example', 'default'), 'example.com');
    expect(r).toMatchObject({ error: 'TIMEOUT', queries: [], nameservers: ['192.0.2.1'] });
  });
});
