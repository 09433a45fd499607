import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { run as endpoints } from '../../src/controllers/endpoints.js';
import { run as slices } from '../../src/controllers/endpointslice.js';
import type { KubeObject } from '../../src/api/types.js';
import { servicesSelecting } from '../../src/controllers/endpoint-util.js';
import { decodeState, encodeState } from '../../src/store/codec.js';

const NOW = new Date('2026-11-21T10:00:00Z');

function cluster(): Cluster {
  return new Cluster(createClusterState({}, NOW), NOW);
}

export function pod(c: Cluster, name: string, ip: string | undefined, opts: { ready?: boolean; labels?: Record<string, string>; node?: string; ports?: any[]; terminating?: boolean; phase?: string; hostname?: string; subdomain?: string; ns?: string } = {}): KubeObject {
  return c.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.ns ?? 'default', labels: opts.labels ?? { app: 'web' }, ...(opts.terminating ? { deletionTimestamp: '2026-11-21T10:00:00Z' } : {}) },
    spec: {
      containers: [{ name: 'c', image: 'nginx', ports: opts.ports ?? [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }],
      nodeName: opts.node ?? 'kubesim-worker',
      ...(opts.hostname ? { hostname: opts.hostname } : {}),
      ...(opts.subdomain ? { subdomain: opts.subdomain } : {}),
    },
    status: {
      phase: opts.phase ?? 'Running',
      ...(ip ? { podIP: ip, podIPs: [{ ip }] } : {}),
      conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }],
    },
  });
}

export function service(c: Cluster, name: string, spec: any = {}, labels?: Record<string, string>): KubeObject {
  return c.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default', ...(labels ? { labels } : {}) },
    spec: { clusterIP: '10.96.100.1', clusterIPs: ['10.96.100.1'], selector: { app: 'web' }, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }], type: 'ClusterIP', ...spec },
  });
}

const ref = (p: KubeObject) => ({ kind: 'Pod', name: p.metadata.name, namespace: 'default', uid: p.metadata.uid });

describe('endpoints controller', () => {
  it('lists ready pods in addresses and the others in notReadyAddresses, sorted, with node and targetRef', () => {
    const c = cluster();
    const b = pod(c, 'b', '10.244.2.5', { node: 'kubesim-worker2' });
    const a = pod(c, 'a', '10.244.1.9');
    const n = pod(c, 'n', '10.244.1.10', { ready: false });
    pod(c, 'noip', undefined);
    pod(c, 'done', '10.244.1.11', { phase: 'Succeeded' });
    pod(c, 'other', '10.244.1.12', { labels: { app: 'db' } });
    pod(c, 'elsewhere', '10.244.1.13', { ns: 'kube-public' });
    service(c, 'web', {}, { tier: 'front' });
    endpoints(c);
    const ep = c.get('endpoints', 'default', 'web')!;
    expect(ep.metadata.labels).toEqual({ tier: 'front', 'endpoints.kubernetes.io/managed-by': 'endpoint-controller' });
    expect(ep.metadata.annotations).toEqual({ 'endpoints.kubernetes.io/last-change-trigger-time': '2026-11-21T10:00:00Z' });
    expect(ep.subsets).toEqual([
      {
        addresses: [
          { ip: '10.244.1.9', nodeName: 'kubesim-worker', targetRef: ref(a) },
          { ip: '10.244.2.5', nodeName: 'kubesim-worker2', targetRef: ref(b) },
        ],
        notReadyAddresses: [{ ip: '10.244.1.10', nodeName: 'kubesim-worker', targetRef: ref(n) }],
        ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      },
    ]);
    // A settled cluster: a second pass changes nothing.
    const before = c.changes;
    endpoints(c);
    expect(c.changes).toBe(before);
  });

  it('resolves a named targetPort per pod: different numbers → different subsets; no such port → left out', () => {
    const c = cluster();
    const a = pod(c, 'a', '10.244.1.2');
    const b = pod(c, 'b', '10.244.1.3', { ports: [{ name: 'http', containerPort: 9090 }] });
    pod(c, 'none', '10.244.1.4', { ports: [{ name: 'metrics', containerPort: 9100 }] });
    pod(c, 'udp', '10.244.1.5', { ports: [{ name: 'http', containerPort: 8080, protocol: 'UDP' }] });
    service(c, 'web');
    endpoints(c);
    expect(c.get('endpoints', 'default', 'web')!.subsets).toEqual([
      { addresses: [{ ip: '10.244.1.2', nodeName: 'kubesim-worker', targetRef: ref(a) }], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
      { addresses: [{ ip: '10.244.1.3', nodeName: 'kubesim-worker', targetRef: ref(b) }], ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] },
    ]);
  });

  it('publishNotReadyAddresses puts every pod in addresses, terminating ones too; otherwise terminating pods leave', () => {
    const c = cluster();
    pod(c, 'a', '10.244.1.2', { ready: false });
    pod(c, 't', '10.244.1.3', { terminating: true });
    service(c, 'all', { publishNotReadyAddresses: true });
    service(c, 'some');
    endpoints(c);
    expect(c.get('endpoints', 'default', 'all')!.subsets[0].addresses.map((x: any) => x.ip)).toEqual(['10.244.1.2', '10.244.1.3']);
    expect(c.get('endpoints', 'default', 'all')!.subsets[0].notReadyAddresses).toBeUndefined();
    expect(c.get('endpoints', 'default', 'some')!.subsets).toEqual([{ notReadyAddresses: [expect.objectContaining({ ip: '10.244.1.2' })], ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }]);
  });

  it('sets hostname when the pod subdomain is the Service; headless without ports lists bare addresses', () => {
    const c = cluster();
    pod(c, 'web-0', '10.244.1.2', { hostname: 'web-0', subdomain: 'nginx' });
    pod(c, 'web-1', '10.244.1.3', { hostname: 'web-1', subdomain: 'other' });
    service(c, 'nginx', { clusterIP: 'None', clusterIPs: ['None'], ports: undefined });
    endpoints(c);
    const ep = c.get('endpoints', 'default', 'nginx')!;
    expect(ep.metadata.labels).toEqual({ 'endpoints.kubernetes.io/managed-by': 'endpoint-controller', 'service.kubernetes.io/headless': '' });
    expect(ep.subsets.map((s: any) => [s.addresses.map((a: any) => [a.ip, a.hostname]), s.ports])).toEqual([
      [
        [
          ['10.244.1.2', 'web-0'],
          ['10.244.1.3', undefined],
        ],
        undefined,
      ],
    ]);
  });

  it('no matching pods → no subsets; a pod relabelled out of the selector leaves; a deleted Service takes its Endpoints', () => {
    const c = cluster();
    service(c, 'web', { selector: { app: 'nothing' } });
    endpoints(c);
    expect(c.get('endpoints', 'default', 'web')!.subsets).toBeUndefined();
    const p = pod(c, 'p', '10.244.1.2', { labels: { app: 'nothing' } });
    endpoints(c);
    expect(c.get('endpoints', 'default', 'web')!.subsets).toHaveLength(1);
    const moved = structuredClone(p);
    moved.metadata.labels = { app: 'else' };
    c.update(moved);
    endpoints(c);
    expect(c.get('endpoints', 'default', 'web')!.subsets).toBeUndefined();
    c.remove('services', 'default', 'web');
    endpoints(c);
    expect(c.get('endpoints', 'default', 'web')).toBeUndefined();
    // The apiserver's own `kubernetes` Endpoints (no selector) is never touched.
    expect(c.get('endpoints', 'default', 'kubernetes')!.subsets[0].addresses).toEqual([{ ip: '172.18.0.2' }]);
  });

  it('caps Endpoints at 1000 addresses and marks them truncated', () => {
    const c = cluster();
    for (let i = 0; i < 1005; i++) pod(c, `p${i}`, `10.244.${1 + (i >> 8)}.${i & 255}`);
    service(c, 'web');
    endpoints(c);
    const ep = c.get('endpoints', 'default', 'web')!;
    expect(ep.subsets[0].addresses).toHaveLength(1000);
    expect(ep.metadata.annotations!['endpoints.kubernetes.io/over-capacity']).toBe('truncated');
  });
});

describe('endpointslice controller', () => {
  const sliceOf = (c: Cluster, svc: string) => c.list('endpointslices', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc);

  it('writes one slice with the standard labels, owner, conditions and ports; stable across passes', () => {
    const c = cluster();
    const a = pod(c, 'a', '10.244.1.2');
    const t = pod(c, 't', '10.244.1.3', { terminating: true });
    const svc = service(c, 'web', {}, { tier: 'front' });
    slices(c);
    const [s, ...rest] = sliceOf(c, 'web');
    expect(rest).toEqual([]);
    expect(s.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(s.metadata.generateName).toBe('web-');
    expect(s.metadata.labels).toEqual({ tier: 'front', 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(s.metadata.ownerReferences).toEqual([{ apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name: 'web', uid: svc.metadata.uid }]);
    expect(s.addressType).toBe('IPv4');
    expect(s.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(s.endpoints).toEqual([
      { addresses: ['10.244.1.2'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'kubesim-worker', targetRef: ref(a) },
      { addresses: ['10.244.1.3'], conditions: { ready: false, serving: true, terminating: true }, nodeName: 'kubesim-worker', targetRef: ref(t) },
    ]);
    const before = c.changes;
    slices(c);
    expect(c.changes).toBe(before);
    // A new pod joins the same slice (same name).
    pod(c, 'b', '10.244.2.2');
    slices(c);
    expect(sliceOf(c, 'web').map((x) => [x.metadata.name, x.endpoints.length])).toEqual([[s.metadata.name, 3]]);
  });

  it('splits more than 100 endpoints into slices of at most 100', () => {
    const c = cluster();
    for (let i = 0; i < 150; i++) pod(c, `p${String(i).padStart(3, '0')}`, `10.244.1.${i + 2}`);
    service(c, 'web');
    slices(c);
    expect(sliceOf(c, 'web').map((s) => s.endpoints.length).sort()).toEqual([100, 50]);
    const names = sliceOf(c, 'web').map((s) => s.metadata.name);
    slices(c);
    expect(sliceOf(c, 'web').map((s) => s.metadata.name)).toEqual(names);
  });

  it('groups pods by resolved ports, and keeps a placeholder when nothing matches', () => {
    const c = cluster();
    service(c, 'web');
    slices(c);
    const [placeholder] = sliceOf(c, 'web');
    expect([placeholder.endpoints, placeholder.ports]).toEqual([null, null]);
    slices(c);
    expect(sliceOf(c, 'web').map((s) => s.metadata.name)).toEqual([placeholder.metadata.name]);
    pod(c, 'a', '10.244.1.2');
    pod(c, 'b', '10.244.1.3', { ports: [{ name: 'http', containerPort: 9090 }] });
    slices(c);
    const got = sliceOf(c, 'web');
    expect(got.map((s) => s.metadata.name)).not.toContain(placeholder.metadata.name);
    expect(got.map((s) => [s.ports[0].port, s.endpoints.map((e: any) => e.addresses[0])]).sort()).toEqual([
      [8080, ['10.244.1.2']],
      [9090, ['10.244.1.3']],
    ]);
  });

  it('publishNotReadyAddresses makes not-ready endpoints ready; a deleted Service takes its slices', () => {
    const c = cluster();
    pod(c, 'a', '10.244.1.2', { ready: false });
    service(c, 'web', { publishNotReadyAddresses: true });
    slices(c);
    expect(sliceOf(c, 'web')[0].endpoints[0].conditions).toEqual({ ready: true, serving: false, terminating: false });
    c.remove('services', 'default', 'web');
    slices(c);
    expect(sliceOf(c, 'web')).toEqual([]);
    expect(c.get('endpointslices', 'default', 'kubernetes')).toBeDefined();
  });

  it('stays O(objects): 2,000 Services over 20,000 pods in well under a second per pass', () => {
    const c = cluster();
    for (let i = 0; i < 20000; i++) pod(c, `p${i}`, `10.${244 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`, { labels: { app: `a${i % 2000}`, tier: 'x' } });
    for (let i = 0; i < 2000; i++) service(c, `s${i}`, { selector: { app: `a${i}`, tier: 'x' } });
    const t0 = performance.now();
    endpoints(c);
    slices(c);
    const before = c.changes;
    const t1 = performance.now();
    endpoints(c);
    slices(c);
    const t2 = performance.now();
    expect(c.changes).toBe(before);
    expect(t2 - t1).toBeLessThan(1500);
    expect(t1 - t0).toBeLessThan(5000);
  });
});

describe('servicesSelecting', () => {
  it("finds a pod's Services by searching the Services' text for its label values, as the view of every selector finds them", () => {
    const c = cluster();
    const web = pod(c, 'web-1', '10.244.1.5', { labels: { app: 'web', tier: 'front' } });
    service(c, 's-app', { selector: { app: 'web' } });
    service(c, 's-both', { selector: { app: 'web', tier: 'front' } });
    service(c, 's-tier', { selector: { tier: 'front' } });
    service(c, 's-more', { selector: { app: 'web', tier: 'back' } }); // a pair the pod does not have
    service(c, 's-none', { selector: undefined }); // no selector: its endpoints are not the controller's
    service(c, 's-ext', { type: 'ExternalName', externalName: 'example.com', selector: { app: 'web' } });
    c.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's-other-ns', namespace: 'other' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    const wanted = ['default/s-app', 'default/s-both', 'default/s-tier'];
    // This cluster's state is not read lazily: the view answers.
    expect(servicesSelecting(c, web).sort()).toEqual(wanted);
    // Read as the next command reads it: the text search answers, and sees a Service created since read too.
    const next = new Cluster(decodeState(encodeState(c.state)), NOW);
    expect(next.mentioning('services', 'web')).toBeDefined();
    expect(servicesSelecting(next, web).sort()).toEqual(wanted);
    service(next, 's-new', { clusterIP: '10.96.100.2', clusterIPs: ['10.96.100.2'], selector: { tier: 'front' } });
    expect(servicesSelecting(next, web).sort()).toEqual([...wanted, 'default/s-new'].sort());
  });
});
