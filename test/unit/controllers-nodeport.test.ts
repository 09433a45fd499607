import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { allocateService } from '../../src/controllers/service-allocation.js';
import { portRange } from '../../src/controllers/nodeport-allocator.js';
import { ApiError, InvalidError } from '../../src/api/errors.js';
import type { KubeObject } from '../../src/api/types.js';

const NOW = new Date('2026-11-21T10:00:00Z');

function cluster(range?: string): Cluster {
  const state = createClusterState({}, NOW);
  if (range) state.cluster.nodePortRange = range;
  return new Cluster(state, NOW);
}

function svc(name: string, spec: any = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type: 'NodePort', ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: name }, ...spec } };
}

function create(c: Cluster, s: KubeObject): KubeObject {
  const errs = allocateService(c, s, undefined);
  if (errs.length) throw new InvalidError('Service', s.metadata.name!, errs);
  return c.create(s);
}

const nodePorts = (s: KubeObject) => s.spec.ports.map((p: any) => p.nodePort);

describe('node-port range', () => {
  it('keeps 30000-30085 as the static band', () => {
    expect(portRange('30000-32767')).toEqual({ text: '30000-32767', base: 30000, size: 2768, offset: 86 });
  });
});

describe('NodePort allocation', () => {
  it('allocates from the dynamic band, deterministically', () => {
    const a = create(cluster(), svc('a'));
    const [np] = nodePorts(a);
    expect(np).toBeGreaterThanOrEqual(30086);
    expect(np).toBeLessThanOrEqual(32767);
    expect(nodePorts(create(cluster(), svc('a')))).toEqual([np]);
    expect(a.spec.clusterIP).toMatch(/^10\./);
  });

  it('gives each port its own node port, but 53/TCP and 53/UDP share one', () => {
    const c = cluster();
    const s = create(c, svc('dns', { ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
    ] }));
    const [u, t, m] = nodePorts(s);
    expect(u).toBe(t);
    expect(m).not.toBe(u);
    const s2 = create(c, svc('dns2', { ports: [
      { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
      { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53, nodePort: 30053 },
    ] }));
    expect(nodePorts(s2)).toEqual([30053, 30053]);
  });

  it('honours a requested port (static band too) and refuses a taken or out-of-range one', () => {
    const c = cluster();
    expect(nodePorts(create(c, svc('a', { ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30080 }] })))).toEqual([30080]);
    expect(() => create(c, svc('b', { ports: [{ name: 'x', port: 81, protocol: 'TCP', targetPort: 80 }, { name: 'y', port: 82, protocol: 'TCP', targetPort: 80, nodePort: 30080 }] }))).toThrow(
      'The Service "b" is invalid: spec.ports[1].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(() => create(c, svc('c', { ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 80 }] }))).toThrow(
      'The Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('gives LoadBalancer Services node ports unless allocateLoadBalancerNodePorts is false (explicit ones kept)', () => {
    const c = cluster();
    expect(nodePorts(create(c, svc('lb', { type: 'LoadBalancer' })))[0]).toBeGreaterThanOrEqual(30086);
    const none = create(c, svc('lb2', { type: 'LoadBalancer', allocateLoadBalancerNodePorts: false, ports: [{ name: 'a', port: 80, protocol: 'TCP', targetPort: 80 }, { name: 'b', port: 81, protocol: 'TCP', targetPort: 81, nodePort: 31000 }] }));
    expect(nodePorts(none)).toEqual([undefined, 31000]);
    const clusterIP = create(c, svc('cip', { type: 'ClusterIP' }));
    expect(nodePorts(clusterIP)).toEqual([undefined]);
  });

  it('allocates a healthCheckNodePort for LoadBalancer with externalTrafficPolicy Local', () => {
    const c = cluster();
    const s = create(c, svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }));
    expect(s.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30086);
    expect(s.spec.healthCheckNodePort).not.toBe(s.spec.ports[0].nodePort);
  });

  it('keeps node ports on update and releases them when the type leaves NodePort', () => {
    const c = cluster();
    const a = create(c, svc('a'));
    const [np] = nodePorts(a);
    const again = svc('a', { clusterIP: a.spec.clusterIP });
    expect(allocateService(c, again, a)).toEqual([]);
    expect(nodePorts(again)).toEqual([np]);
    const explicit = svc('a', { ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: np }] });
    expect(allocateService(c, explicit, a)).toEqual([]);
    const toClusterIP = structuredClone(a);
    toClusterIP.spec.type = 'ClusterIP';
    expect(allocateService(c, toClusterIP, a)).toEqual([]);
    expect(nodePorts(toClusterIP)).toEqual([undefined]);
    c.update(toClusterIP);
    expect(nodePorts(create(c, svc('b', { ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: np }] })))).toEqual([np]);
  });

  it('falls back to the static band, then reports the range full', () => {
    // 40 ports: static band 16 (30000-30015), dynamic 30016-30039.
    const c = cluster('30000-30039');
    const got: number[] = [];
    for (let i = 0; i < 24; i++) got.push(...nodePorts(create(c, svc(`d${i}`))));
    expect(Math.min(...got)).toBe(30016);
    for (let i = 0; i < 16; i++) got.push(...nodePorts(create(c, svc(`s${i}`))));
    expect(got.slice(24).every((p) => p < 30016)).toBe(true);
    expect(new Set(got).size).toBe(40);
    let caught: unknown;
    try {
      create(c, svc('full'));
    } catch (e) {
      caught = e;
    }
    expect((caught as ApiError).format()).toBe('Error from server (InternalError): Internal error occurred: failed to allocate a nodePort: range is full');
  });
});
