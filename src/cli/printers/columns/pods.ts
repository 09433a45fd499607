// Pods (printPod): READY, the STATUS reason as kubectl derives it, RESTARTS with the last restart's age. The
// facts come from the pod (api/pod-row.ts) or, for a pod not decoded, from the summary the state file keeps
// beside it (store/row-summary.ts): both print through podCells.
import { podRowFacts, type PodRowFacts } from '../../../api/pod-row.js';
import { podFactsOf } from '../../../store/row-summary.js';
import { humanDuration, age } from '../age.js';
import { cols, type ColumnSet, type PrintContext } from './types.js';

/** `3 (5m ago)`: restarts with the age of the last one, or the bare count. */
function restartsCell(count: number, last: number, now: Date): string {
  return last && count ? `${count} (${humanDuration(now.getTime() - last)} ago)` : count === 0 ? '0' : String(count);
}

/** A pod's row: the wide cells only with -o wide. */
export function podCells(name: string, f: PodRowFacts, { now, wide }: PrintContext): string[] {
  const cells = [name, f.ready, f.status, restartsCell(f.restarts, f.lastRestart, now), age(f.created || undefined, now)];
  if (wide) cells.push(f.ip || '<none>', f.node || '<none>', f.nominated || '<none>', f.gates || '<none>');
  return cells;
}

export const pods: ColumnSet = {
  columns: cols(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']),
  row: (pod, ctx) => podCells(pod.metadata.name!, podRowFacts(pod), ctx),
  summaryRow: (name, summary, ctx) => {
    const facts = podFactsOf(summary);
    return facts && podCells(name, facts, ctx);
  },
};
