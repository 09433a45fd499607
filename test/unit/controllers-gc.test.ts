import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/controllers/index.js';
import { cluster, deployment, pods } from './controllers-workloads-fixture.js';

describe('garbage collector and namespace controller', () => {
  it('deleting a Deployment removes its ReplicaSets and pods', () => {
    const c = cluster();
    c.create(deployment('web', 2));
    reconcile(c);
    c.remove('deployments', 'default', 'web');
    reconcile(c);
    expect(c.list('replicasets', 'default')).toEqual([]);
    expect(pods(c)).toEqual([]);
  });

  it('deleting a Namespace removes everything in it', () => {
    const c = cluster();
    c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } });
    const d = deployment('web', 2);
    d.metadata.namespace = 'shop';
    c.create(d);
    c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: {} });
    reconcile(c);
    expect(pods(c, 'shop')).toHaveLength(2);
    c.remove('namespaces', undefined, 'shop');
    reconcile(c);
    for (const plural of ['deployments', 'replicasets', 'pods', 'configmaps', 'events']) expect(c.list(plural, 'shop')).toEqual([]);
    expect(pods(c, 'kube-system')).toHaveLength(2);
  });
});
