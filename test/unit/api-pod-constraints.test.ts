// Pods whose only scheduling constraints are admission's tolerations: every node filter judges them as it judges
// ADMISSION_ONLY_POD, which lets the scheduler pass over thousands of such waiting pods without decoding them.
import { describe, expect, it } from 'vitest';
import { ADMISSION_ONLY_POD, hasOnlyAdmissionConstraints } from '../../src/api/pod-constraints.js';
import { applyDefaults } from '../../src/api/defaulting.js';
import { filterNode } from '../../src/controllers/scheduler.js';

const admitted = (spec: any = {}) => {
  const pod: any = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } };
  applyDefaults(pod, undefined);
  return pod;
};

const node = (spec: any = {}, labels: Record<string, string> = {}) => ({ node: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n', labels }, spec }, pods: 0, capacity: 110 });

// Nodes each filter judges differently: cordoned, tainted (NoSchedule, NoExecute, the keys admission tolerates),
// labelled.
const NODES = [
  node(),
  node({ unschedulable: true }),
  node({ taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
  node({ taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
  node({ taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
  node({ taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] }),
  node({ taints: [{ key: 'dedicated', value: 'db', effect: 'PreferNoSchedule' }] }),
  node({}, { disk: 'ssd' }),
];

describe('pods with admission\'s constraints only', () => {
  it('are the pods that ask for no placement, whatever their tolerations\' order and seconds', () => {
    expect(hasOnlyAdmissionConstraints(admitted())).toBe(true);
    expect(hasOnlyAdmissionConstraints(admitted({ nodeSelector: {} }))).toBe(true);
    const reordered = admitted();
    reordered.spec.tolerations.reverse();
    reordered.spec.tolerations[0].tolerationSeconds = 60;
    expect(hasOnlyAdmissionConstraints(reordered)).toBe(true);
    expect(hasOnlyAdmissionConstraints(ADMISSION_ONLY_POD)).toBe(true);
  });

  it('are not pods with a node selector, node affinity, or a toleration of their own', () => {
    expect(hasOnlyAdmissionConstraints(admitted({ nodeSelector: { disk: 'ssd' } }))).toBe(false);
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }] } } };
    expect(hasOnlyAdmissionConstraints(admitted({ affinity }))).toBe(false);
    expect(hasOnlyAdmissionConstraints(admitted({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] }))).toBe(false);
    expect(hasOnlyAdmissionConstraints(admitted({ tolerations: [{ operator: 'Exists' }] }))).toBe(false);
    const valued = admitted();
    valued.spec.tolerations[0].value = 'x';
    expect(hasOnlyAdmissionConstraints(valued)).toBe(false);
    const twice = admitted();
    twice.spec.tolerations[1] = { ...twice.spec.tolerations[0] };
    expect(hasOnlyAdmissionConstraints(twice)).toBe(false);
    expect(hasOnlyAdmissionConstraints({ apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: {} })).toBe(false);
  });

  it('are judged by every filter as ADMISSION_ONLY_POD is, on every kind of node', () => {
    const pods = [admitted(), admitted({ nodeSelector: {} })];
    const verdicts = NODES.map((n) => filterNode(ADMISSION_ONLY_POD, n));
    expect(verdicts).toEqual([
      undefined,
      'node(s) were unschedulable',
      'node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
      undefined,
      undefined,
      'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
      undefined,
      undefined,
    ]);
    for (const pod of pods) expect(NODES.map((n) => filterNode(pod, n))).toEqual(verdicts);
  });
});
