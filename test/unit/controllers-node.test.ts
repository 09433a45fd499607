import { describe, expect, it } from 'vitest';
import { reconcile } from '../../src/controllers/index.js';
import { drain, nodePower } from '../../src/controllers/workload-commands.js';
import { cluster, deployment, events, later, pods } from './controllers-workloads-fixture.js';

describe('node lifecycle', () => {
  it('node stop: conditions Unknown, taints, pods not ready, evicted after 300 s and recreated elsewhere', () => {
    let c = cluster();
    c.create(deployment('web', 2));
    reconcile(c);
    const onWorker = pods(c).filter((p) => p.spec.nodeName === 'kubesim-worker');
    expect(onWorker).toHaveLength(1);
    expect(nodePower(c, 'kubesim-worker', true)).toBe('node/kubesim-worker stopped');
    reconcile(c);
    const node = c.get('nodes', undefined, 'kubesim-worker')!;
    expect(node.status.conditions.find((x: any) => x.type === 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(node.spec.taints).toEqual([
      { effect: 'NoSchedule', key: 'node.kubernetes.io/unreachable', timeAdded: '2026-11-21T10:00:00Z' },
      { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', timeAdded: '2026-11-21T10:00:00Z' },
    ]);
    const victim = c.get('pods', 'default', onWorker[0].metadata.name!)!;
    expect(victim.status.conditions.find((x: any) => x.type === 'Ready').status).toBe('False');
    expect(events(c, 'NodeNotReady')).toEqual(['Node kubesim-worker status is now: NodeNotReady', 'Node is not ready', 'Node is not ready']);

    c = later(c, 299);
    reconcile(c);
    expect(c.get('pods', 'default', victim.metadata.name!)).toBeDefined();
    c = later(c, 1);
    reconcile(c);
    expect(c.get('pods', 'default', victim.metadata.name!)).toBeUndefined();
    expect(events(c, 'TaintManagerEviction')).toContain(`Marking for deletion Pod default/${victim.metadata.name}`);
    const now = pods(c);
    expect(now).toHaveLength(2);
    expect(now.every((p) => p.spec.nodeName === 'kubesim-worker2' && p.status.phase === 'Running')).toBe(true);

    expect(nodePower(c, 'kubesim-worker', false)).toBe('node/kubesim-worker started');
    reconcile(c);
    const back = c.get('nodes', undefined, 'kubesim-worker')!;
    expect(back.status.conditions.find((x: any) => x.type === 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(back.spec.taints).toBeUndefined();
  });

  it('node stop --evict evicts at once', () => {
    const c = cluster();
    c.create(deployment('web', 2));
    reconcile(c);
    nodePower(c, 'kubesim-worker', true, true);
    reconcile(c);
    expect(pods(c).map((p) => p.spec.nodeName)).toEqual(['kubesim-worker2', 'kubesim-worker2']);
  });

  it('drain: cordons, evicts, and refuses bare pods without --force', () => {
    const c = cluster();
    c.create(deployment('web', 2));
    c.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'default' }, spec: { nodeName: 'kubesim-worker2', containers: [{ name: 'b', image: 'busybox' }] } });
    reconcile(c);
    const r1 = drain(c, 'kubesim-worker2', {});
    expect(r1.failed).toBe(true);
    expect(r1.stdout).toEqual(['node/kubesim-worker2 cordoned']);
    expect(r1.stderr).toEqual([
      'error: unable to drain node "kubesim-worker2" due to error: cannot delete Pods that declare no controller (use --force to override): default/bare, continuing command...',
      'There are pending nodes to be drained:',
      ' kubesim-worker2',
      'cannot delete Pods that declare no controller (use --force to override): default/bare',
    ]);
    const web = pods(c).find((p) => p.spec.nodeName === 'kubesim-worker2' && p.metadata.name !== 'bare')!;
    const r2 = drain(c, 'kubesim-worker2', { force: true });
    expect(r2.failed).toBe(false);
    expect(r2.stderr).toEqual(['Warning: deleting Pods that declare no controller: default/bare']);
    expect(r2.stdout).toEqual([
      'node/kubesim-worker2 already cordoned',
      'evicting pod default/bare',
      `evicting pod default/${web.metadata.name}`,
      'pod/bare evicted',
      `pod/${web.metadata.name} evicted`,
      'node/kubesim-worker2 drained',
    ]);
    reconcile(c);
    expect(pods(c).map((p) => p.spec.nodeName)).toEqual(['kubesim-worker', 'kubesim-worker']);
  });
});
