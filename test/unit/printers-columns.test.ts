import { describe, expect, it } from 'vitest';
import { pods } from '../../src/cli/printers/columns/pods.js';
import { labelsString } from '../../src/cli/printers/format.js';
import { ByteTable, formatTable } from '../../src/cli/printers/table.js';
import { podFactsOf, podSummary } from '../../src/store/row-summary.js';

// The pod row as printPod makes it: READY, the STATUS reason (init containers, sidecars, waiting and terminated
// containers, deletion), RESTARTS with the last restart's age, AGE, and the wide cells.
describe('pod columns', () => {
  const now = new Date('2026-11-21T10:00:00Z');
  const meta = (name: string, extra: any = {}) => ({ name, namespace: 'default', creationTimestamp: '2026-11-21T09:00:00Z', ...extra });
  const running = (name: string, extra: any = {}) => ({ name, ready: true, restartCount: 0, started: true, state: { running: { startedAt: '2026-11-21T09:00:00Z' } }, ...extra });
  const cases: any[] = [
    { kind: 'Pod', metadata: meta('plain'), spec: { containers: [{ name: 'a' }], nodeName: 'n1' }, status: { phase: 'Running', podIP: '10.0.0.1', containerStatuses: [running('a')] } },
    { kind: 'Pod', metadata: meta('pending'), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } },
    { kind: 'Pod', metadata: meta('no-status'), spec: { containers: [] } },
    { kind: 'Pod', metadata: meta('restarts'), spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status: { phase: 'Running', containerStatuses: [running('a', { restartCount: 2, lastState: { terminated: { exitCode: 1, finishedAt: '2026-11-21T09:55:00Z' } } }), running('b', { ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, finishedAt: '2026-11-21T09:58:30Z' } } })] } },
    { kind: 'Pod', metadata: meta('restarts-no-time'), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running', containerStatuses: [running('a', { restartCount: 3 })] } },
    { kind: 'Pod', metadata: meta('init-running'), spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] }, status: { phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 1, state: { terminated: { exitCode: 0 } }, lastState: { terminated: { exitCode: 1, finishedAt: '2026-11-21T09:30:00Z' } } }, { name: 'i2', restartCount: 0, state: { running: {} } }], containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] } },
    { kind: 'Pod', metadata: meta('init-failed'), spec: { initContainers: [{ name: 'i1' }], containers: [{ name: 'a' }] }, status: { phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { terminated: { exitCode: 2 } } }] } },
    { kind: 'Pod', metadata: meta('init-waiting'), spec: { initContainers: [{ name: 'i1' }], containers: [{ name: 'a' }] }, status: { phase: 'Pending', initContainerStatuses: [{ name: 'i1', restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] } },
    { kind: 'Pod', metadata: meta('sidecar'), spec: { initContainers: [{ name: 's', restartPolicy: 'Always' }], containers: [{ name: 'a' }] }, status: { phase: 'Running', initContainerStatuses: [{ name: 's', started: true, restartCount: 0, state: { running: {} } }], containerStatuses: [running('a')] } },
    { kind: 'Pod', metadata: meta('completed'), spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [running('a'), { name: 'b', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] } },
    { kind: 'Pod', metadata: meta('signal'), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 137, signal: 9 } } }] } },
    { kind: 'Pod', metadata: meta('exitcode'), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Failed', containerStatuses: [{ name: 'a', ready: false, restartCount: 0, state: { terminated: { exitCode: 3 } } }] } },
    { kind: 'Pod', metadata: meta('terminating', { deletionTimestamp: '2026-11-21T09:59:00Z' }), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running', containerStatuses: [running('a')] } },
    { kind: 'Pod', metadata: meta('nodelost', { deletionTimestamp: '2026-11-21T09:59:00Z' }), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running', reason: 'NodeLost' } },
    { kind: 'Pod', metadata: meta('evicted'), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Failed', reason: 'Evicted' } },
    { kind: 'Pod', metadata: meta('gates'), spec: { containers: [{ name: 'a' }], readinessGates: [{ conditionType: 'x/ok' }, { conditionType: 'x/lb' }], nodeName: 'n2' }, status: { phase: 'Running', podIP: '10.0.0.9', nominatedNodeName: 'n3', conditions: [{ type: 'x/ok', status: 'True' }, { type: 'x/lb', status: 'False' }], containerStatuses: [running('a')] } },
    { kind: 'Pod', metadata: { name: 'no-time', namespace: 'default' }, spec: { containers: [{ name: 'a' }] }, status: { phase: 'Running' } },
  ];

  it('makes every cell as kubectl does', () => {
    expect(cases.map((p) => pods.row(p, { now, wide: true }))).toEqual([
      ['plain', '1/1', 'Running', '0', '60m', '10.0.0.1', 'n1', '<none>', '<none>'],
      ['pending', '0/1', 'Pending', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['no-status', '0/0', '', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['restarts', '1/2', 'CrashLoopBackOff', '3 (90s ago)', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['restarts-no-time', '1/1', 'Running', '3', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['init-running', '0/1', 'Init:1/2', '1 (30m ago)', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['init-failed', '0/1', 'Init:ExitCode:2', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['init-waiting', '0/1', 'Init:ImagePullBackOff', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['sidecar', '1/1', 'Running', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['completed', '1/2', 'NotReady', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['signal', '0/1', 'Signal:9', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['exitcode', '0/1', 'ExitCode:3', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['terminating', '1/1', 'Terminating', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['nodelost', '0/1', 'Unknown', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['evicted', '0/1', 'Evicted', '0', '60m', '<none>', '<none>', '<none>', '<none>'],
      ['gates', '1/1', 'Running', '0', '60m', '10.0.0.9', 'n2', 'n3', '1/2'],
      ['no-time', '0/1', 'Running', '0', '<unknown>', '<none>', '<none>', '<none>', '<none>'],
    ]);
  });

  it('leaves the wide cells out unless -o wide', () => {
    expect(cases.map((p) => pods.row(p, { now, wide: false }))).toEqual(cases.map((p) => pods.row(p, { now, wide: true }).slice(0, 5)));
  });

  it('prints the same row from the summary the state file keeps beside each pod, at any time', () => {
    expect(podSummary(cases[3])).toBe('1/2|CrashLoopBackOff|3|1795255110000|2026-11-21T09:00:00Z||||||||');
    expect(podSummary(cases[15])).toBe('1/1|Running|0||2026-11-21T09:00:00Z|10.0.0.9|n2|n3|1/2||||');
    for (const at of [now, new Date('2026-11-24T18:30:00Z')]) {
      for (const wide of [true, false]) {
        // The summaries one after another, between other bytes, as the table's source.
        const source = Buffer.from(cases.map((p) => `x${podSummary(p)}x`).join(''));
        const t = new ByteTable(4, source);
        let start = 1;
        for (const p of cases) {
          const end = start + podSummary(p).length;
          t.cell(p.metadata.name);
          expect(pods.summaryCells!(t, source, start, end, { now: at, wide })).toBe(true);
          t.endRow();
          start = end + 2;
        }
        expect(t.bytes().toString()).toBe(formatTable([], cases.map((p) => pods.row(p, { now: at, wide }))));
      }
    }
  });

  it('reads a summary written before the scheduler\'s fields were added (9 fields)', () => {
    const older = Buffer.from('1/1|Running|2|1795255110000|2026-11-21T09:00:00Z|10.244.1.5|kubesim-worker||');
    const t = new ByteTable(1, older);
    t.cell('old');
    expect(pods.summaryCells!(t, older, 0, older.length, { now, wide: true })).toBe(true);
    t.endRow();
    expect(t.bytes().toString()).toBe('old   1/1   Running   2 (90s ago)   60m   10.244.1.5   kubesim-worker   <none>   <none>\n');
  });

  it('keeps no summary of a pod whose cells hold characters a line cannot carry unescaped (it is decoded instead)', () => {
    const odd = { ...cases[14], status: { phase: 'Failed', reason: 'Evicted "now"' } };
    expect(podSummary(odd)).toBe('?');
    expect(podFactsOf('?')).toBeUndefined();
    expect(podFactsOf('1/1|Running')).toBeUndefined();
    const t = new ByteTable();
    for (const summary of ['1/1|Running', '?', '1/1|Running|0||||||||']) expect(pods.summaryCells!(t, Buffer.from(summary), 0, summary.length, { now, wide: true })).toBe(false);
    t.row(['x']);
    expect(t.bytes().toString()).toBe('x\n');
  });
});

describe('labels (labels.FormatLabels)', () => {
  it('sorts by key, joins k=v with commas, <none> when there are none', () => {
    expect(labelsString({ tier: 'web', app: 'x', 'app.kubernetes.io/name': 'y', B: '' })).toBe('B=,app=x,app.kubernetes.io/name=y,tier=web');
    expect(labelsString({ app: 'x' })).toBe('app=x');
    expect(labelsString({})).toBe('<none>');
    expect(labelsString(undefined)).toBe('<none>');
  });
});
