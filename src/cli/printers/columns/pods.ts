// Pods (printPod): READY, the STATUS reason as kubectl derives it, RESTARTS with the last restart's age.
import type { KubeObject } from '../../../api/types.js';
import { humanDuration } from '../age.js';
import { ageOf } from '../format.js';
import { cols, type ColumnSet } from './types.js';

export function podStatusReason(pod: KubeObject): string {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || '';
  const conditions: any[] = status.conditions ?? [];
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  const initSpecs: any[] = pod.spec?.initContainers ?? [];
  let initializing = false;
  initStatuses.forEach((c, i) => {
    if (initializing) return;
    const term = c.state?.terminated;
    if (term && term.exitCode === 0) return;
    const sidecar = initSpecs.find((s) => s.name === c.name)?.restartPolicy === 'Always';
    if (sidecar && c.started) return;
    if (term) {
      reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
      reason = `Init:${c.state.waiting.reason}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
  });
  if (!initializing) {
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
      else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
      else if (c.ready && c.state?.running) hasRunning = true;
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

function restarts(pod: KubeObject, now: Date): string {
  let count = 0;
  let last = 0;
  const all: any[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const c of all) {
    count += c.restartCount ?? 0;
    const finished = c.lastState?.terminated?.finishedAt;
    if (finished) last = Math.max(last, Date.parse(finished));
  }
  return last && count ? `${count} (${humanDuration(now.getTime() - last)} ago)` : String(count);
}

export const pods: ColumnSet = {
  columns: cols(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']),
  row: (pod, { now }) => {
    const total = (pod.spec?.containers ?? []).length;
    const ready = (pod.status?.containerStatuses ?? []).filter((c: any) => c.ready && c.state?.running).length;
    const gates: any[] = pod.spec?.readinessGates ?? [];
    const conds: any[] = pod.status?.conditions ?? [];
    const gatesCell = gates.length
      ? `${gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`
      : '<none>';
    return [
      pod.metadata.name!,
      `${ready}/${total}`,
      podStatusReason(pod),
      restarts(pod, now),
      ageOf(pod, now),
      pod.status?.podIP || '<none>',
      pod.spec?.nodeName || '<none>',
      pod.status?.nominatedNodeName || '<none>',
      gatesCell,
    ];
  },
};
