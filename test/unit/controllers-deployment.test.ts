import { describe, expect, it } from 'vitest';
import { canonicalJSON, computeHash, fnv1a32, safeEncode } from '../../src/controllers/pod-template-hash.js';
import { reconcile } from '../../src/controllers/index.js';
import { rolloutHistory, rolloutRestart, rolloutUndo, scale } from '../../src/controllers/workload-commands.js';
import { resolveResourceType } from '../../src/api/resources.js';
import { cluster, deployment, events, pods } from './controllers-workloads-fixture.js';

const DEPLOY = resolveResourceType('deploy')!;

describe('pod-template-hash', () => {
  it('is FNV-1a 32 of canonical JSON, digits mapped through 456789bcdf', () => {
    expect(fnv1a32(new TextEncoder().encode(''))).toBe(0x811c9dc5);
    expect(fnv1a32(new TextEncoder().encode('a'))).toBe(0xe40c292c);
    expect(safeEncode('0123456789')).toBe('456789bcdf');
    expect(canonicalJSON({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } };
    const h = computeHash(t);
    expect(h).toMatch(/^[456789bcdf]{1,10}$/);
    expect(computeHash(structuredClone(t))).toBe(h);
    expect(computeHash({ spec: t.spec, metadata: t.metadata })).toBe(h); // key order does not matter
    expect(computeHash(t, 1)).not.toBe(h);
    expect(h).toBe(safeEncode(String(fnv1a32(new TextEncoder().encode(canonicalJSON(t))))));
  });
});

describe('deployment controller', () => {
  it('creates <deploy>-<hash> with the hash label, owner references, pods and status', () => {
    const c = cluster();
    c.create(deployment('web', 2));
    reconcile(c);
    const rsets = c.list('replicasets', 'default');
    expect(rsets).toHaveLength(1);
    const rs = rsets[0];
    const hash = computeHash(deployment('web', 2).spec.template);
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.template.metadata.labels['pod-template-hash']).toBe(hash);
    expect(rs.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('1');
    const d = c.get('deployments', 'default', 'web')!;
    expect(rs.metadata.ownerReferences).toEqual([{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const ps = pods(c);
    expect(ps).toHaveLength(2);
    for (const p of ps) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
      expect(p.metadata.generateName).toBe(`web-${hash}-`);
      expect(p.metadata.ownerReferences![0]).toMatchObject({ kind: 'ReplicaSet', name: rs.metadata.name, controller: true });
    }
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('1');
    expect(d.status).toMatchObject({ availableReplicas: 2, observedGeneration: 1, readyReplicas: 2, replicas: 2, updatedReplicas: 2 });
    expect(d.status.conditions.map((x: any) => [x.type, x.status, x.reason, x.message])).toEqual([
      ['Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.'],
      ['Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "web-${hash}" has successfully progressed.`],
    ]);
    expect(events(c, 'ScalingReplicaSet')).toContain(`Scaled up replica set web-${hash} from 0 to 2`);
    expect(events(c, 'SuccessfulCreate').filter((m) => m.startsWith(`Created pod: web-`))).toHaveLength(2);
  });

  it('settles: a second pass changes nothing', () => {
    const c = cluster();
    c.create(deployment('web', 3));
    reconcile(c);
    const before = c.changes;
    reconcile(c);
    expect(c.changes).toBe(before);
  });

  it('scales up and down, logging ScalingReplicaSet and SuccessfulDelete', () => {
    const c = cluster();
    c.create(deployment('web', 2));
    reconcile(c);
    expect(scale(c, DEPLOY, 'default', 'web', 4)).toBe('deployment.apps/web scaled');
    reconcile(c);
    expect(pods(c)).toHaveLength(4);
    scale(c, DEPLOY, 'default', 'web', 1);
    reconcile(c);
    expect(pods(c)).toHaveLength(1);
    const rs = c.list('replicasets', 'default')[0].metadata.name;
    expect(events(c, 'ScalingReplicaSet').filter((m) => m.includes(' web-'))).toEqual([`Scaled up replica set ${rs} from 0 to 2`, `Scaled up replica set ${rs} from 2 to 4`, `Scaled down replica set ${rs} from 4 to 1`]);
    expect(events(c, 'SuccessfulDelete').filter((m) => m.startsWith('Deleted pod: web-'))).toHaveLength(3);
    expect(() => scale(c, DEPLOY, 'default', 'nope', 1)).toThrow('deployments.apps "nope" not found');
    expect(() => scale(c, DEPLOY, 'default', 'web', 3, 2)).toThrow('Expected replicas to be 2, was 1');
  });

  it('rollout restart makes a new ReplicaSet (revision 2), the old one kept at 0; undo goes back', () => {
    const c = cluster();
    c.create(deployment('web', 2));
    reconcile(c);
    const first = c.list('replicasets', 'default')[0].metadata.name!;
    const oldPods = pods(c).map((p) => p.metadata.name);
    expect(rolloutRestart(c, DEPLOY, 'default', 'web')).toBe('deployment.apps/web restarted');
    reconcile(c);
    const rsets = c.list('replicasets', 'default');
    expect(rsets).toHaveLength(2);
    const second = rsets.find((r) => r.metadata.name !== first)!;
    expect(second.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('2');
    expect(second.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt']).toBe('2026-11-21T10:00:00Z');
    expect(c.get('replicasets', 'default', first)!.spec.replicas).toBe(0);
    const now = pods(c);
    expect(now).toHaveLength(2);
    expect(now.every((p) => p.metadata.name!.startsWith(second.metadata.name + '-') && !oldPods.includes(p.metadata.name))).toBe(true);
    expect(rolloutHistory(c, DEPLOY, 'default', 'web')).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(rolloutUndo(c, DEPLOY, 'default', 'web')).toBe('deployment.apps/web rolled back');
    reconcile(c);
    expect(c.get('replicasets', 'default', first)!.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('3');
    expect(c.get('replicasets', 'default', first)!.spec.replicas).toBe(2);
    expect(rolloutHistory(c, DEPLOY, 'default', 'web')).toBe('deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n');
  });

  it('keeps at most revisionHistoryLimit old ReplicaSets', () => {
    const c = cluster();
    const d = deployment('web', 1);
    d.spec.revisionHistoryLimit = 1;
    c.create(d);
    reconcile(c);
    for (const image of ['nginx:1', 'nginx:2', 'nginx:3']) {
      const next = structuredClone(c.get('deployments', 'default', 'web')!);
      next.spec.template.spec.containers[0].image = image;
      c.update(next);
      reconcile(c);
    }
    const revs = c.list('replicasets', 'default').map((r) => r.metadata.annotations!['deployment.kubernetes.io/revision']).sort();
    expect(revs).toEqual(['3', '4']);
  });
});
