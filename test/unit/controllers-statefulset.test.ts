import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/controllers/index.js';
import { scale } from '../../src/controllers/workload-commands.js';
import { resolveResourceType } from '../../src/api/resources.js';
import { computeHash } from '../../src/controllers/pod-template-hash.js';
import { cluster, events, pods } from './controllers-workloads-fixture.js';

const STS = resolveResourceType('sts')!;
const sts = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default' },
  spec: { serviceName: 'nginx', replicas, selector: { matchLabels: { app: 'nginx' } }, template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
});

describe('statefulset controller', () => {
  it('creates ordinal pods in order with stable identity, and scales down from the highest ordinal', () => {
    const c = cluster();
    c.create(sts(3));
    reconcile(c);
    const ps = pods(c);
    expect(ps.map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    const rev = `web-${computeHash(sts(3).spec.template)}`;
    expect(ps[1].metadata.labels).toEqual({ app: 'nginx', 'apps.kubernetes.io/pod-index': '1', 'controller-revision-hash': rev, 'statefulset.kubernetes.io/pod-name': 'web-1' });
    expect(ps[1].spec.hostname).toBe('web-1');
    expect(ps[1].spec.subdomain).toBe('nginx');
    expect(ps.every((p) => p.status.phase === 'Running')).toBe(true);
    expect(events(c, 'SuccessfulCreate').filter((m) => m.includes('StatefulSet'))).toEqual([
      'create Pod web-0 in StatefulSet web successful',
      'create Pod web-1 in StatefulSet web successful',
      'create Pod web-2 in StatefulSet web successful',
    ]);
    expect(c.get('statefulsets', 'default', 'web')!.status).toEqual({
      availableReplicas: 3, collisionCount: 0, currentReplicas: 3, currentRevision: rev, observedGeneration: 1, readyReplicas: 3, replicas: 3, updateRevision: rev, updatedReplicas: 3,
    });
    expect(scale(c, STS, 'default', 'web', 1)).toBe('statefulset.apps/web scaled');
    reconcile(c);
    expect(pods(c).map((p) => p.metadata.name)).toEqual(['web-0']);
    expect(events(c, 'SuccessfulDelete')).toEqual(['delete Pod web-2 in StatefulSet web successful', 'delete Pod web-1 in StatefulSet web successful']);
  });

  it('recreates a deleted pod under the same name with a new IP', () => {
    const c = cluster();
    c.create(sts(2));
    reconcile(c);
    const old = c.get('pods', 'default', 'web-0')!;
    c.remove('pods', 'default', 'web-0');
    reconcile(c);
    const now = c.get('pods', 'default', 'web-0')!;
    expect(now.metadata.uid).not.toBe(old.metadata.uid);
    expect(now.status.podIP).not.toBe(old.status.podIP);
  });

  it('OrderedReady waits for a not-ready pod before creating the next', () => {
    const c = cluster();
    for (const n of ['kubesim-worker', 'kubesim-worker2']) {
      const node = structuredClone(c.get('nodes', undefined, n)!);
      node.spec.unschedulable = true;
      c.update(node);
    }
    c.create(sts(3));
    reconcile(c);
    expect(pods(c).map((p) => `${p.metadata.name} ${p.status.phase}`)).toEqual(['web-0 Pending']);
  });
});
