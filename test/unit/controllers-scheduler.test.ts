import { describe, expect, it } from 'vitest';
import { failureMessage } from '../../src/controllers/scheduler.js';
import { reconcile } from '../../src/controllers/index.js';
import { cordon } from '../../src/controllers/workload-commands.js';
import { cluster, deployment, events, pods } from './controllers-workloads-fixture.js';

describe('scheduler', () => {
  it('spreads a deployment over the workers, never the tainted control plane', () => {
    const c = cluster();
    c.create(deployment('web', 4));
    reconcile(c);
    const nodes = pods(c).map((p) => p.spec.nodeName).sort();
    expect(nodes).toEqual(['kubesim-worker', 'kubesim-worker', 'kubesim-worker2', 'kubesim-worker2']);
    const p = pods(c)[0];
    expect(events(c, 'Scheduled')).toContain(`Successfully assigned default/${p.metadata.name} to ${p.spec.nodeName}`);
    const sched = p.status.conditions.find((x: any) => x.type === 'PodScheduled');
    expect(sched).toEqual({ lastProbeTime: null, lastTransitionTime: '2026-11-21T10:00:00Z', status: 'True', type: 'PodScheduled' });
  });

  it('leaves pods Pending with PodScheduled False and FailedScheduling when every worker is cordoned', () => {
    const c = cluster();
    expect(cordon(c, 'kubesim-worker', true)).toBe('node/kubesim-worker cordoned');
    expect(cordon(c, 'kubesim-worker', true)).toBe('node/kubesim-worker already cordoned');
    cordon(c, 'kubesim-worker2', true);
    c.create(deployment('web', 1));
    reconcile(c);
    const [p] = pods(c);
    const msg =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) were unschedulable. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';
    expect(p.status.phase).toBe('Pending');
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status.conditions).toEqual([{ lastProbeTime: null, lastTransitionTime: '2026-11-21T10:00:00Z', message: msg, reason: 'Unschedulable', status: 'False', type: 'PodScheduled' }]);
    expect(events(c, 'FailedScheduling')).toEqual([msg]);
    expect(c.get('nodes', undefined, 'kubesim-worker')!.spec.taints).toEqual([{ effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', timeAdded: '2026-11-21T10:00:00Z' }]);
    // A settled cluster stays settled (no repeated events).
    const before = c.changes;
    reconcile(c);
    expect(c.changes).toBe(before);
    cordon(c, 'kubesim-worker2', false);
    reconcile(c);
    expect(pods(c)[0].spec.nodeName).toBe('kubesim-worker2');
  });

  it('honours nodeSelector and tolerations', () => {
    const c = cluster();
    c.create(deployment('cp', 1, { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
    c.create(deployment('nowhere', 1, { nodeSelector: { disk: 'ssd' } }));
    reconcile(c);
    expect(pods(c).find((p) => p.metadata.name!.startsWith('cp-'))!.spec.nodeName).toBe('kubesim-control-plane');
    expect(events(c, 'FailedScheduling')).toEqual([
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    ]);
  });

  it('places pods of one ReplicaSet until the nodes are full, then gives every other the same message', () => {
    const c = cluster();
    for (const n of ['kubesim-worker', 'kubesim-worker2']) {
      const node = structuredClone(c.get('nodes', undefined, n)!);
      node.status.allocatable.pods = '2';
      c.update(node);
    }
    c.create(deployment('web', 6));
    c.create(deployment('cp', 1, { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' }, tolerations: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }));
    reconcile(c);
    const web = pods(c).filter((p) => p.metadata.name!.startsWith('web-'));
    // kubesim-worker already runs a CoreDNS pod: one place left there, two on kubesim-worker2.
    expect(web.map((p) => p.spec.nodeName ?? '-').sort()).toEqual(['-', '-', '-', 'kubesim-worker', 'kubesim-worker2', 'kubesim-worker2']);
    expect(pods(c).find((p) => p.metadata.name!.startsWith('cp-'))!.spec.nodeName).toBe('kubesim-control-plane');
    const full =
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Too many pods. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    expect(web.filter((p) => !p.spec.nodeName).map((p) => p.status.conditions.find((x: any) => x.type === 'PodScheduled').message)).toEqual([full, full, full]);
  });

  it('formats the no-nodes and too-many-pods cases', () => {
    expect(failureMessage(0, new Map())).toBe('no nodes available to schedule pods');
    expect(failureMessage(2, new Map([['Too many pods', 2]]))).toBe('0/2 nodes are available: 2 Too many pods. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.');
  });
});
