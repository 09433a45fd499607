import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/controllers/index.js';
import { run as runGarbageCollector } from '../../src/controllers/garbage-collector.js';
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

  it('an owner of a kind kubesim serves is looked up by its name: another object of that name (another uid), or none, means it is gone', () => {
    const setup = () => {
      const c = cluster();
      c.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
      reconcile(c);
      const uid = c.get('services', 'default', 'web')!.metadata.uid!;
      const owned = (name: string, kind: string, owner: string, ownerUid: string) =>
        c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind, name: owner, uid: ownerUid }] }, data: {} });
      owned('by-name', 'Service', 'web', uid);
      owned('wrong-name', 'Service', 'nope', uid);
      owned('wrong-uid', 'Service', 'web', 'not-a-live-uid');
      // A kind kubesim does not serve: its owner is looked for by uid among every object.
      owned('widget-live', 'Widget', 'w', uid);
      owned('widget-gone', 'Widget', 'w', 'not-a-live-uid');
      return c;
    };
    const c = setup();
    reconcile(c);
    expect(c.list('configmaps', 'default').map((m) => m.metadata.name)).toEqual(['by-name', 'widget-live']);
    // The full pass (a resync) judges them alike.
    const full = setup();
    runGarbageCollector(full);
    expect(full.list('configmaps', 'default').map((m) => m.metadata.name)).toEqual(['by-name', 'widget-live']);
  });
});
