// What kubectl's pod table (printPod) shows of a pod, as facts derived from the object: READY, the STATUS reason,
// RESTARTS and the time of the last one, IP, node, nominated node, readiness gates. The printer turns them into
// cells; the state file keeps them beside each pod (store/row-summary.ts), so `get pods` of thousands of pods
// need not decode them.
import type { KubeObject } from './types.js';

export interface PodRowFacts {
  /** `ready/total` containers. */
  ready: string;
  status: string;
  restarts: number;
  /** When the last restart finished (ms since the epoch), 0 for none. */
  lastRestart: number;
  /** metadata.creationTimestamp ('' when unset). */
  created: string;
  /** '' for none, as the three below. */
  ip: string;
  node: string;
  nominated: string;
  /** `passed/total` readiness gates, '' for none. */
  gates: string;
}

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

function gates(pod: KubeObject): string {
  const gates: any[] | undefined = pod.spec?.readinessGates;
  if (!gates || gates.length === 0) return '';
  const conds: any[] = pod.status?.conditions ?? [];
  return `${gates.filter((g) => conds.some((c) => c.type === g.conditionType && c.status === 'True')).length}/${gates.length}`;
}

/** The facts of one pod; one pass over its container statuses for READY and RESTARTS. */
export function podRowFacts(pod: KubeObject): PodRowFacts {
  const status = pod.status;
  let ready = 0;
  let restarts = 0;
  let last = 0;
  const init: any[] | undefined = status?.initContainerStatuses;
  if (init) {
    for (let i = 0; i < init.length; i++) {
      const c = init[i];
      restarts += c.restartCount ?? 0;
      const finished = c.lastState?.terminated?.finishedAt;
      if (finished) last = Math.max(last, Date.parse(finished));
    }
  }
  const statuses: any[] | undefined = status?.containerStatuses;
  if (statuses) {
    for (let i = 0; i < statuses.length; i++) {
      const c = statuses[i];
      if (c.ready && c.state?.running) ready++;
      restarts += c.restartCount ?? 0;
      const finished = c.lastState?.terminated?.finishedAt;
      if (finished) last = Math.max(last, Date.parse(finished));
    }
  }
  const total = pod.spec?.containers?.length ?? 0;
  return {
    // The usual READY cell without building a string per pod.
    ready: total === 1 && ready === 1 ? '1/1' : `${ready}/${total}`,
    status: podStatusReason(pod),
    restarts,
    lastRestart: last || 0,
    created: pod.metadata.creationTimestamp || '',
    ip: status?.podIP || '',
    node: pod.spec?.nodeName || '',
    nominated: status?.nominatedNodeName || '',
    gates: gates(pod),
  };
}
