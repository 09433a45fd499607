import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { run as mirroring } from '../../src/controllers/endpointslice-mirroring.js';
import { run as endpoints } from '../../src/controllers/endpoints.js';

const NOW = new Date('2026-11-21T10:00:00Z');

describe('endpointslice mirroring', () => {
  it('mirrors the Endpoints of a selector-less Service into a slice, and leaves skip-mirror ones alone', () => {
    const c = new Cluster(createClusterState({}, NOW), NOW);
    const svc = c.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext-db', namespace: 'default' }, spec: { clusterIP: '10.96.50.1', clusterIPs: ['10.96.50.1'], ports: [{ port: 5432, protocol: 'TCP', targetPort: 5432 }], type: 'ClusterIP' } });
    c.create({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'ext-db', namespace: 'default', labels: { team: 'data' } },
      subsets: [{ addresses: [{ ip: '192.0.2.10' }], notReadyAddresses: [{ ip: '192.0.2.11' }], ports: [{ port: 5432, protocol: 'TCP' }] }],
    });
    mirroring(c);
    endpoints(c);
    const mine = c.list('endpointslices', 'default').filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'ext-db');
    expect(mine).toHaveLength(1);
    const s = mine[0];
    expect(s.metadata.name).toMatch(/^ext-db-[a-z0-9]{5}$/);
    expect(s.metadata.labels).toEqual({ team: 'data', 'kubernetes.io/service-name': 'ext-db', 'endpointslice.kubernetes.io/managed-by': 'endpointslicemirroring-controller.k8s.io' });
    expect(s.metadata.ownerReferences![0]).toMatchObject({ kind: 'Service', name: 'ext-db', uid: svc.metadata.uid });
    expect(s.endpoints).toEqual([
      { addresses: ['192.0.2.10'], conditions: { ready: true } },
      { addresses: ['192.0.2.11'], conditions: { ready: false } },
    ]);
    expect(s.ports).toEqual([{ name: '', port: 5432, protocol: 'TCP' }]);
    // The user's Endpoints are theirs: the endpoints controller leaves them.
    expect(c.get('endpoints', 'default', 'ext-db')!.metadata.labels).toEqual({ team: 'data' });
    const before = c.changes;
    mirroring(c);
    expect(c.changes).toBe(before);
    // The apiserver's kubernetes Endpoints carry skip-mirror: only the built-in slice exists.
    expect(c.list('endpointslices', 'default').filter((x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'kubernetes').map((x) => x.metadata.name)).toEqual(['kubernetes']);
    // Endpoints deleted → the mirror goes.
    c.remove('endpoints', 'default', 'ext-db');
    mirroring(c);
    expect(c.list('endpointslices', 'default').filter((x) => x.metadata.labels?.['kubernetes.io/service-name'] === 'ext-db')).toEqual([]);
  });
});
