// A pod's line summary: the table's facts, and for a pod bound to no node the scheduler's (its resourceVersion,
// schedulerName, PodScheduled reason, and whether its only constraints are admission's).
import { describe, expect, it } from 'vitest';
import { podFactsOf, podQueueFactsOf, podSummary } from '../../src/store/row-summary.js';
import { applyDefaults } from '../../src/api/defaulting.js';

const waiting = () => {
  const pod: any = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-1', namespace: 'default', creationTimestamp: '2026-11-21T09:00:00Z', resourceVersion: '4021' },
    spec: { containers: [{ name: 'web', image: 'nginx' }] },
  };
  // As the API server admits it (admission's tolerations included), then as the scheduler left it.
  applyDefaults(pod, undefined);
  pod.status.conditions = [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 1 Too many pods.' }];
  return pod;
};

describe('pod line summaries', () => {
  it('keep the scheduler\'s facts for a pod waiting for a node', () => {
    const pod = waiting();
    expect(pod.spec.schedulerName).toBe('default-scheduler');
    expect(podSummary(pod)).toBe('0/1|Pending|0||2026-11-21T09:00:00Z|||||4021|default-scheduler|Unschedulable|a');
    expect(podQueueFactsOf(podSummary(pod))).toEqual({ resourceVersion: '4021', schedulerName: 'default-scheduler', scheduledReason: 'Unschedulable', admissionOnly: true });
    expect(podFactsOf(podSummary(pod))).toMatchObject({ ready: '0/1', status: 'Pending', node: '' });
  });

  it('mark only the pods whose constraints are admission\'s as such', () => {
    const selective = waiting();
    selective.spec.nodeSelector = { disk: 'ssd' };
    expect(podQueueFactsOf(podSummary(selective))?.admissionOnly).toBe(false);
    const bare = waiting();
    delete bare.spec.tolerations;
    expect(podQueueFactsOf(podSummary(bare))?.admissionOnly).toBe(false);
  });

  it('leave the scheduler\'s fields empty for a pod bound to a node', () => {
    const pod = waiting();
    pod.spec.nodeName = 'kubesim-worker';
    expect(podSummary(pod)).toBe('0/1|Pending|0||2026-11-21T09:00:00Z||kubesim-worker||||||');
    expect(podQueueFactsOf(podSummary(pod))).toEqual({ resourceVersion: '', schedulerName: '', scheduledReason: '', admissionOnly: false });
  });

  it('keep none for a field that would read back as another value (an empty schedulerName is not the default one)', () => {
    const pod = waiting();
    pod.spec.schedulerName = '';
    expect(podSummary(pod)).toBe('?');
    pod.spec.schedulerName = 'my scheduler';
    expect(podSummary(pod)).toBe('?');
    pod.spec.schedulerName = 'other-scheduler';
    expect(podQueueFactsOf(podSummary(pod))?.schedulerName).toBe('other-scheduler');
  });

  it('written before the scheduler\'s fields were added, still give the table\'s facts and no scheduler\'s', () => {
    const older = '1/1|Running|0||2026-11-21T09:00:00Z|10.244.1.5|kubesim-worker||';
    expect(podFactsOf(older)).toEqual({ ready: '1/1', status: 'Running', restarts: 0, lastRestart: 0, created: '2026-11-21T09:00:00Z', ip: '10.244.1.5', node: 'kubesim-worker', nominated: '', gates: '' });
    expect(podQueueFactsOf(older)).toBeUndefined();
    expect(podQueueFactsOf('?')).toBeUndefined();
  });
});
