import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { run as serviceLB, setTunnel } from '../../src/controllers/service-lb.js';
import { eventsFor } from '../../src/controllers/events.js';
import type { KubeObject } from '../../src/api/types.js';

const NOW = new Date('2026-11-21T10:00:00Z');

function cluster(provider: 'cloud' | 'local' = 'cloud', pool?: string): Cluster {
  const state = createClusterState({ provider }, NOW);
  if (pool) state.cluster.loadBalancerPool = pool;
  return new Cluster(state, NOW);
}

let n = 0;
function lb(c: Cluster, name: string, spec: any = {}): KubeObject {
  n++;
  return c.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { type: 'LoadBalancer', clusterIP: `10.96.7.${n}`, clusterIPs: [`10.96.7.${n}`], ports: [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 30000 + n }], ...spec }, status: { loadBalancer: {} } });
}
const ingress = (c: Cluster, name: string) => c.get('services', 'default', name)!.status.loadBalancer.ingress;

describe('cloud load balancers', () => {
  it('assigns the lowest free pool address with ipMode VIP and records the service-controller events', () => {
    const c = cluster();
    lb(c, 'a');
    lb(c, 'b');
    c.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'plain', namespace: 'default' }, spec: { type: 'ClusterIP', clusterIP: '10.96.9.9' }, status: { loadBalancer: {} } });
    serviceLB(c);
    expect(ingress(c, 'a')).toEqual([{ ip: '203.0.113.1', ipMode: 'VIP' }]);
    expect(ingress(c, 'b')).toEqual([{ ip: '203.0.113.2', ipMode: 'VIP' }]);
    expect(c.get('services', 'default', 'plain')!.status.loadBalancer).toEqual({});
    const ev = eventsFor(c, c.get('services', 'default', 'a')!).map((e) => [e.type, e.reason, e.message, e.source.component]);
    expect(ev).toEqual([
      ['Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', 'service-controller'],
      ['Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', 'service-controller'],
    ]);
    const before = c.changes;
    serviceLB(c);
    expect(c.changes).toBe(before);
  });

  it('honours a free loadBalancerIP, reuses a released address, and reports an exhausted pool once', () => {
    const c = cluster('cloud', '203.0.113.0/30'); // two usable addresses
    lb(c, 'want', { loadBalancerIP: '203.0.113.2' });
    lb(c, 'a');
    lb(c, 'b');
    serviceLB(c);
    expect(ingress(c, 'want')).toEqual([{ ip: '203.0.113.2', ipMode: 'VIP' }]);
    expect(ingress(c, 'a')).toEqual([{ ip: '203.0.113.1', ipMode: 'VIP' }]);
    expect(ingress(c, 'b')).toBeUndefined();
    const warn = () => eventsFor(c, c.get('services', 'default', 'b')!).map((e) => [e.type, e.reason, e.message, e.count]);
    expect(warn()).toEqual([['Warning', 'SyncLoadBalancerFailed', 'Error syncing load balancer: failed to ensure load balancer: no free address in 203.0.113.0/30', 1]]);
    serviceLB(c);
    expect(warn()[0][3]).toBe(1);
    c.remove('services', 'default', 'a');
    serviceLB(c);
    expect(ingress(c, 'b')).toEqual([{ ip: '203.0.113.1', ipMode: 'VIP' }]);
  });
});

describe('local clusters', () => {
  it('leave LoadBalancer Services pending until the tunnel runs, then use the ClusterIP; stopping takes it back', () => {
    const c = cluster('local');
    const s = lb(c, 'web');
    serviceLB(c);
    expect(ingress(c, 'web')).toBeUndefined();
    setTunnel(c, { running: true, startedAt: '2026-11-21T10:00:00Z' });
    serviceLB(c);
    expect(ingress(c, 'web')).toEqual([{ ip: s.spec.clusterIP, ipMode: 'VIP' }]);
    setTunnel(c, undefined);
    serviceLB(c);
    expect(ingress(c, 'web')).toBeUndefined();
  });
});
