import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { allocateService } from '../../src/controllers/service-allocation.js';
import { allocateClusterIP, serviceCIDR, ipToInt } from '../../src/controllers/clusterip-allocator.js';
import { ApiError, InvalidError } from '../../src/api/errors.js';
import type { KubeObject } from '../../src/api/types.js';

const NOW = new Date('2026-11-21T10:00:00Z');

function cluster(serviceCIDR?: string): Cluster {
  const state = createClusterState({}, NOW);
  if (serviceCIDR) state.cluster.serviceCIDR = serviceCIDR;
  return new Cluster(state, NOW);
}

function svc(name: string, spec: any = {}, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: name }, ...spec } };
}

/** admit + store, as createObject does. */
function create(c: Cluster, s: KubeObject): KubeObject {
  const errs = allocateService(c, s, undefined);
  if (errs.length) throw new InvalidError('Service', s.metadata.name!, errs);
  return c.create(s);
}

describe('service CIDR bands', () => {
  it('reserves min(max(16, size/16), 256) addresses at the bottom', () => {
    expect(serviceCIDR('10.96.0.0/12')).toEqual({ cidr: '10.96.0.0/12', base: ipToInt('10.96.0.1'), size: 1048574, offset: 256 });
    expect(serviceCIDR('10.96.0.0/24').offset).toBe(16);
    expect(serviceCIDR('10.96.0.0/28').offset).toBe(0);
  });
});

describe('ClusterIP allocation', () => {
  it('takes dynamic IPs from 10.96.1.1 upward, seeded, with clusterIPs and families', () => {
    const c = cluster();
    const a = create(c, svc('a'));
    expect(a.spec.clusterIP).toBe(a.spec.clusterIPs[0]);
    expect(a.spec.ipFamilies).toEqual(['IPv4']);
    expect(a.spec.ipFamilyPolicy).toBe('SingleStack');
    const n = ipToInt(a.spec.clusterIP)!;
    expect(n).toBeGreaterThanOrEqual(ipToInt('10.96.1.1')!);
    expect(n).toBeLessThanOrEqual(ipToInt('10.111.255.254')!);
    // Same seed, same IP.
    expect(create(cluster(), svc('a')).spec.clusterIP).toBe(a.spec.clusterIP);
  });

  it('gives exact, deterministic IPs on a /24 (dynamic band .17-.254)', () => {
    const c = cluster('10.96.0.0/24');
    const ips = ['a', 'b', 'c'].map((n) => create(c, svc(n)).spec.clusterIP);
    for (const ip of ips) expect(Number(ip.split('.')[3])).toBeGreaterThanOrEqual(17);
    expect(new Set(ips).size).toBe(3);
    expect(ips).toMatchInlineSnapshot(`
      [
        "10.96.0.178",
        "10.96.0.174",
        "10.96.0.216",
      ]
    `);
  });

  it('honours a requested IP anywhere in the range, also in the static band', () => {
    const c = cluster();
    expect(create(c, svc('a', { clusterIP: '10.96.0.50' })).spec.clusterIPs).toEqual(['10.96.0.50']);
    expect(create(c, svc('b', { clusterIP: '10.100.7.7', clusterIPs: ['10.100.7.7'] })).spec.clusterIP).toBe('10.100.7.7');
  });

  it('refuses a taken IP in the API server words', () => {
    const c = cluster();
    expect(() => create(c, svc('x', { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'] }))).toThrow(
      'The Service "x" is invalid: spec.clusterIPs: Invalid value: ["10.96.0.10"]: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
  });

  it('refuses an IP outside the range, and the network and broadcast addresses', () => {
    const c = cluster();
    expect(() => create(c, svc('x', { clusterIP: '10.0.0.5' }))).toThrow(
      'The Service "x" is invalid: spec.clusterIPs: Invalid value: ["10.0.0.5"]: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
    expect(allocateClusterIP(c, 'default/y', '10.96.0.0')).toEqual({ ok: false, error: 'the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12' });
    expect(allocateClusterIP(c, 'default/y', '10.111.255.255').ok).toBe(false);
    expect(allocateClusterIP(c, 'default/y', '10.111.255.254').ok).toBe(true);
  });

  it('gives headless and ExternalName Services no IP', () => {
    const c = cluster();
    const h = create(c, svc('h', { clusterIP: 'None' }));
    expect(h.spec.clusterIPs).toEqual(['None']);
    expect(h.spec.ipFamilyPolicy).toBe('SingleStack');
    const hs = create(c, svc('hs', { clusterIP: 'None', selector: undefined }));
    expect([hs.spec.ipFamilyPolicy, hs.spec.ipFamilies]).toEqual(['RequireDualStack', ['IPv4', 'IPv6']]);
    const e = create(c, { apiVersion: 'v1', kind: 'Service', metadata: { name: 'e', namespace: 'default' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
    expect(e.spec).toEqual({ type: 'ExternalName', externalName: 'example.com' });
  });

  it('uses the static band only when the dynamic band is full, then reports the range full', () => {
    // /27: 30 usable, static band 16 (.1-.16), dynamic .17-.30.
    const c = cluster('10.96.0.0/27');
    c.remove('services', 'default', 'kubernetes');
    c.remove('services', 'kube-system', 'kube-dns');
    const last = (s: KubeObject) => Number(s.spec.clusterIP.split('.')[3]);
    const dynamic = Array.from({ length: 14 }, (_, i) => last(create(c, svc(`d${i}`))));
    expect(dynamic.sort((a, b) => a - b)).toEqual([17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    const statics = Array.from({ length: 16 }, (_, i) => last(create(c, svc(`s${i}`))));
    expect(statics.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    let caught: unknown;
    try {
      create(c, svc('full'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ApiError);
    expect((caught as ApiError).format()).toBe('Error from server (InternalError): Internal error occurred: failed to allocate a serviceIP: range is full');
  });

  it('releases an IP when its Service is deleted (same Cluster instance)', () => {
    const c = cluster();
    create(c, svc('a', { clusterIP: '10.96.5.5' }));
    expect(() => create(c, svc('b', { clusterIP: '10.96.5.5' }))).toThrow(/already allocated/);
    c.remove('services', 'default', 'a');
    expect(create(c, svc('b', { clusterIP: '10.96.5.5' })).spec.clusterIP).toBe('10.96.5.5');
  });

  it('keeps the IP on update, refuses a change, and releases/allocates across ExternalName', () => {
    const c = cluster();
    const a = create(c, svc('a'));
    const ip = a.spec.clusterIP;
    // apply without clusterIP: carried forward.
    const upd = svc('a', { ports: [{ port: 81, protocol: 'TCP', targetPort: 81 }] });
    expect(allocateService(c, upd, a)).toEqual([]);
    expect(upd.spec.clusterIP).toBe(ip);
    const moved = svc('a', { clusterIP: '10.96.9.9' });
    expect(allocateService(c, moved, a)).toEqual([{ field: 'spec.clusterIPs[0]', type: 'Invalid value', value: '["10.96.9.9"]', detail: 'may not change once set' }]);
    const ext = { ...structuredClone(a), spec: { ...structuredClone(a.spec), type: 'ExternalName', externalName: 'x.example.com' } };
    expect(allocateService(c, ext, a)).toEqual([]);
    expect(ext.spec.clusterIP).toBeUndefined();
    expect(ext.spec.clusterIPs).toBeUndefined();
    c.update(ext);
    // The IP is free again.
    expect(create(c, svc('b', { clusterIP: ip })).spec.clusterIP).toBe(ip);
    const back = svc('a');
    expect(allocateService(c, back, c.get('services', 'default', 'a'))).toEqual([]);
    expect(back.spec.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
    expect(back.spec.clusterIP).not.toBe(ip);
  });
});
