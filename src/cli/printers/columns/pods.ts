// Pods (printPod): READY, the STATUS reason as kubectl derives it, RESTARTS with the last restart's age.
import type { KubeObject } from '../../../api/types.js';
import { humanDuration } from '../age.js';
import { ageOf } from '../format.js';
import { cols, type ColumnSet } from './types.js';

// Plain loops, no closures: this runs for every pod of `get pods -A` on clusters of thousands of pods.
export function podStatusReason(pod: KubeObject): string {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || '';
  const initStatuses: any[] | undefined = status.initContainerStatuses;
  let initializing = false;
  if (initStatuses && initStatuses.length) {
    const initSpecs: any[] = pod.spec?.initContainers ?? [];
    for (let i = 0; i < initStatuses.length; i++) {
      const c = initStatuses[i];
      const term = c.state?.terminated;
      if (term && term.exitCode === 0) continue;
      const sidecar = initSpecs.find((s) => s.name === c.name)?.restartPolicy === 'Always';
      if (sidecar && c.started) continue;
      if (term) {
        reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
      } else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') {
        reason = `Init:${c.state.waiting.reason}`;
      } else {
        reason = `Init:${i}/${initSpecs.length}`;
      }
      initializing = true;
      break;
    }
  }
  if (!initializing) {
    let hasRunning = false;
    const statuses: any[] | undefined = status.containerStatuses;
    if (statuses) {
      for (let i = statuses.length - 1; i >= 0; i--) {
        const c = statuses[i];
        const state = c.state;
        if (state?.waiting?.reason) reason = state.waiting.reason;
        else if (state?.terminated?.reason) reason = state.terminated.reason;
        else if (state?.terminated) reason = state.terminated.signal ? `Signal:${state.terminated.signal}` : `ExitCode:${state.terminated.exitCode}`;
        else if (c.ready && state?.running) hasRunning = true;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const conditions: any[] = status.conditions ?? [];
      reason = conditions.some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (pod.metadata.deletionTimestamp) reason = status.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

/** `3 (5m ago)`: restarts with the age of the last one, or the bare count. */
function restartsCell(count: number, last: number, now: Date): string {
  return last && count ? `${count} (${humanDuration(now.getTime() - last)} ago)` : count === 0 ? '0' : String(count);
}

function gatesCell(pod: KubeObject): string {
  const gates: any[] | undefined = pod.spec?.readinessGates;
  if (!gates || gates.length === 0) return '<none>';
  const conds: any[] = pod.status?.conditions ?? [];
  return `${gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`;
}

export const pods: ColumnSet = {
  columns: cols(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']),
  // One pass over the container statuses for READY and RESTARTS (a big table reads each pod's objects once);
  // the wide cells only with -o wide.
  row: (pod, { now, wide }) => {
    const status = pod.status;
    let ready = 0;
    let count = 0;
    let last = 0;
    const init: any[] | undefined = status?.initContainerStatuses;
    if (init) {
      for (let i = 0; i < init.length; i++) {
        const c = init[i];
        count += c.restartCount ?? 0;
        const finished = c.lastState?.terminated?.finishedAt;
        if (finished) last = Math.max(last, Date.parse(finished));
      }
    }
    const statuses: any[] | undefined = status?.containerStatuses;
    if (statuses) {
      for (let i = 0; i < statuses.length; i++) {
        const c = statuses[i];
        if (c.ready && c.state?.running) ready++;
        count += c.restartCount ?? 0;
        const finished = c.lastState?.terminated?.finishedAt;
        if (finished) last = Math.max(last, Date.parse(finished));
      }
    }
    const total = pod.spec?.containers?.length ?? 0;
    const cells = [
      pod.metadata.name!,
      // The usual READY cell without building a string per pod.
      total === 1 && ready === 1 ? '1/1' : `${ready}/${total}`,
      podStatusReason(pod),
      restartsCell(count, last, now),
      ageOf(pod, now),
    ];
    if (wide) cells.push(status?.podIP || '<none>', pod.spec?.nodeName || '<none>', status?.nominatedNodeName || '<none>', gatesCell(pod));
    return cells;
  },
};
