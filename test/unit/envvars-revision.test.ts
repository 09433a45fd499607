import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { servicesForPod } from '../../src/dataplane/envvars.js';

const now = new Date('2026-11-21T10:00:00Z');
const svc = (name: string, ip: string) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec: { type: 'LoadBalancer', clusterIP: ip, clusterIPs: [ip], ports: [{ port: 80, protocol: 'TCP' }] },
  status: { loadBalancer: {} },
});

describe('which Services a pod sees in its environment', () => {
  it('keeps a Service that existed at start even after the Service is updated (an LB address), not one created later', () => {
    const c = new Cluster(createClusterState({}, now), now);
    c.create(svc('web', '10.96.5.5'));
    const pod = c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const updated = structuredClone(c.get('services', 'default', 'web')!);
    updated.status = { loadBalancer: { ingress: [{ ip: '203.0.113.1' }] } };
    c.update(updated);
    c.create(svc('late', '10.96.6.6'));
    expect(servicesForPod(c, pod).map((s) => s.metadata.name)).toEqual(['kubernetes', 'web']);
  });
});
