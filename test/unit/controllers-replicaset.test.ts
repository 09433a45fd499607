import { describe, expect, it } from 'vitest';
import { rankForDeletion } from '../../src/controllers/replicaset.js';
import { reconcile } from '../../src/controllers/index.js';
import type { KubeObject } from '../../src/api/types.js';
import { cluster, deployment, pods, update } from './controllers-workloads-fixture.js';

function pod(name: string, o: { node?: string; phase?: string; ready?: boolean; created?: string; cost?: string; restarts?: number; rv?: number } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      creationTimestamp: o.created ?? '2026-11-21T10:00:00Z',
      resourceVersion: String(o.rv ?? 1),
      ...(o.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': o.cost } } : {}),
    },
    spec: o.node ? { nodeName: o.node } : {},
    status: {
      phase: o.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True', lastTransitionTime: o.created ?? '2026-11-21T10:00:00Z' }],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}

describe('scale-down ranking (ActivePodsWithRanks)', () => {
  it('deletes unscheduled, then pending, not ready, cheaper, doubled-up, more restarts, newer pods first', () => {
    const ranked = rankForDeletion([
      pod('old-running', { node: 'a', created: '2026-11-21T09:00:00Z' }),
      pod('new-running', { node: 'b', created: '2026-11-21T09:30:00Z' }),
      pod('unscheduled', { phase: 'Pending', ready: false }),
      pod('pending', { node: 'c', phase: 'Pending', ready: false }),
      pod('not-ready', { node: 'd', ready: false }),
      pod('costly', { node: 'e', cost: '100', created: '2026-11-21T09:59:00Z' }),
      pod('cheap', { node: 'f', cost: '-5', created: '2026-11-21T08:00:00Z' }),
      pod('restarted', { node: 'g', restarts: 3, created: '2026-11-21T08:00:00Z' }),
    ]).map((p) => p.metadata.name);
    expect(ranked).toEqual(['unscheduled', 'pending', 'not-ready', 'cheap', 'new-running', 'old-running', 'restarted', 'costly']);
  });

  it('prefers pods doubled up on a node', () => {
    const ranked = rankForDeletion([pod('alone', { node: 'a', created: '2026-11-21T09:59:00Z' }), pod('pair1', { node: 'b', rv: 1 }), pod('pair2', { node: 'b', rv: 2 })]).map((p) => p.metadata.name);
    expect(ranked).toEqual(['pair2', 'pair1', 'alone']);
  });
});

describe('replicaset controller', () => {
  it('replaces a deleted pod with a new name and a new IP, and releases a pod relabelled out of its selector', () => {
    const c = cluster();
    c.create(deployment('web', 2));
    reconcile(c);
    const [victim, keep] = pods(c);
    c.remove('pods', 'default', victim.metadata.name!);
    reconcile(c);
    const after = pods(c);
    expect(after).toHaveLength(2);
    const replacement = after.find((p) => p.metadata.name !== keep.metadata.name)!;
    expect(replacement.metadata.name).not.toBe(victim.metadata.name);
    expect(replacement.status.podIP).not.toBe(victim.status.podIP);
    expect(replacement.status.podIP).not.toBe(keep.status.podIP);

    update(c, 'pods', 'default', keep.metadata.name!, (p) => (p.metadata.labels!.app = 'debug'));
    const released = c.get('pods', 'default', keep.metadata.name!)!;
    expect(released.metadata.ownerReferences).toBeUndefined();
    expect(pods(c).filter((p) => p.metadata.labels?.app === 'web')).toHaveLength(2);
    const rs = c.list('replicasets', 'default')[0];
    expect(rs.status).toEqual({ availableReplicas: 2, fullyLabeledReplicas: 2, observedGeneration: 1, readyReplicas: 2, replicas: 2 });
  });
});
