import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/controllers/index.js';
import { run as runGarbageCollector } from '../../src/controllers/garbage-collector.js';
import { cluster, deployment, NOW, pods } from './controllers-workloads-fixture.js';
import { Cluster } from '../../src/store/cluster.js';
import { decodeState, encodeState, mayBeOwnedByKind } from '../../src/store/codec.js';
import type { KubeObject } from '../../src/api/types.js';

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
  it('on a state read from its file, knows from the kinds kept there which resources may hold a deleted object\'s dependents', () => {
    const c = cluster();
    c.create(deployment('web', 2));
    reconcile(c);
    const pod = pods(c)[0];
    const ownedBy = (name: string, owner: KubeObject) =>
      c.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid! }] }, data: {} });
    ownedBy('of-pod', pod);
    c.syncRandom();
    const text = encodeState(c.state);
    const kept = JSON.parse(text.slice(0, text.indexOf('\n')) + '}}').ownerKinds;
    expect(kept).toMatchObject({ configmaps: ['Pod'], pods: ['ReplicaSet'], replicasets: ['Deployment'] });
    // Read back (each resource decoded on demand): a deleted pod's dependents are looked for in configmaps only.
    const decoded: string[] = [];
    const back = new Cluster(decodeState(text, undefined, (plural, key) => decoded.push(`${plural} ${key}`)), NOW);
    expect(mayBeOwnedByKind(back.state.objects, 'replicasets', 'Pod')).toBe(false);
    expect(mayBeOwnedByKind(back.state.objects, 'configmaps', 'Pod')).toBe(true);
    back.remove('pods', 'default', pod.metadata.name!);
    runGarbageCollector(back, { changes: back.log.slice(), first: false } as any);
    expect(back.get('configmaps', 'default', 'of-pod')).toBeUndefined();
    expect(decoded.filter((d) => d.startsWith('replicasets ') || d.startsWith('endpointslices '))).toEqual([]);
    // An object written since naming another kind: found by the collector among the objects written (not in the
    // text as read), and kept in the file's kinds when written.
    const svc = back.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    back.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'of-svc', namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid! }] }, data: {} });
    expect(mayBeOwnedByKind(back.state.objects, 'configmaps', 'Service')).toBe(false);
    const logged = back.log.length;
    back.remove('services', 'default', 'web');
    runGarbageCollector(back, { changes: back.log.slice(logged), first: false } as any);
    expect(back.get('configmaps', 'default', 'of-svc')).toBeUndefined();
    back.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'of-svc', namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'web', uid: svc.metadata.uid! }] }, data: {} });
    const again = encodeState(back.state);
    expect(JSON.parse(again.slice(0, again.indexOf('\n')) + '}}').ownerKinds.configmaps).toEqual(['Pod', 'Service']);
    // A file that keeps no kinds (an older kubesim's) is searched as before: nothing is ruled out.
    const older = decodeState(again.replace(/"ownerKinds":\{[^}]*\},/, (m) => ' '.repeat(m.length)));
    expect(mayBeOwnedByKind(older.objects, 'replicasets', 'Pod')).toBe(true);
  });
});
