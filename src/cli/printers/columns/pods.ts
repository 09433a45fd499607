// Pods (printPod): READY, the STATUS reason as kubectl derives it, RESTARTS with the last restart's age. The
// facts come from the pod (api/pod-row.ts), printed by podCells; or, for a pod not decoded, from the summary the
// state file keeps beside it (store/row-summary.ts), whose bytes summaryCells makes the same cells of.
import { podRowFacts, type PodRowFacts } from '../../../api/pod-row.js';
import { podFieldBounds } from '../../../store/row-summary.js';
import { humanDuration, age } from '../age.js';
import type { ByteTable } from '../table.js';
import { cols, type ColumnSet, type PrintContext } from './types.js';

/** `3 (5m ago)`: restarts with the age of the last one, or the bare count. */
function restartsCell(count: number, last: number, now: Date): string {
  return last && count ? `${count} (${humanDuration(now.getTime() - last)} ago)` : count === 0 ? '0' : String(count);
}

const NONE = '<none>';

/** A pod's row: the wide cells only with -o wide. */
export function podCells(name: string, f: PodRowFacts, { now, wide }: PrintContext): string[] {
  const cells = [name, f.ready, f.status, restartsCell(f.restarts, f.lastRestart, now), age(f.created || undefined, now)];
  if (wide) cells.push(f.ip || NONE, f.node || NONE, f.nominated || NONE, f.gates || NONE);
  return cells;
}

export const pods: ColumnSet = {
  columns: cols(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']),
  row: (pod, ctx) => podCells(pod.metadata.name!, podRowFacts(pod), ctx),
  summaryCells,
};

/** Where a summary's fields start (podFieldBounds), one array for every row. */
const bounds = new Int32Array(10);

/**
 * podCells after the name, from a pod's summary at bytes [start, end) of the table's source (an ASCII summary, as
 * podSummary writes them): each cell a range of its bytes, only the RESTARTS of a pod that restarted and the AGE
 * (shared by the pods made together) made as strings.
 */
function summaryCells(t: ByteTable, bytes: Buffer, start: number, end: number, { now, wide }: PrintContext): boolean {
  if (!podFieldBounds(bytes, start, end, bounds)) return false;
  t.sourceCell(bounds[0], bounds[1] - 1); // READY
  t.sourceCell(bounds[1], bounds[2] - 1); // STATUS
  const restarts = bounds[2];
  const last = bounds[3];
  // RESTARTS: '0' as written (podSummary writes String(count)), else with the last restart's age.
  if (last - restarts === 2 && bytes[restarts] === 0x30) t.sourceCell(restarts, restarts + 1);
  else {
    const lastRestart = bytes.toString('latin1', last, bounds[4] - 1);
    t.cell(restartsCell(Number(bytes.toString('latin1', restarts, last - 1)), lastRestart === '' ? 0 : Number(lastRestart), now));
  }
  t.cell(ageOf(bytes, bounds[4], bounds[5] - 1, now));
  if (wide) {
    for (let k = 5; k < 9; k++) {
      if (bounds[k + 1] - 1 === bounds[k]) t.cell(NONE);
      else t.sourceCell(bounds[k], bounds[k + 1] - 1);
    }
  }
  return true;
}

/** The last creation time read (as bytes) and its AGE: the pods of one ReplicaSet mostly follow each other. */
let lastCreated = Buffer.alloc(64);
let lastCreatedLength = -1;
let lastAge = '';
let lastNow = 0;

/** AGE of a creation time at bytes [start, end) ('' for none). */
function ageOf(bytes: Buffer, start: number, end: number, now: Date): string {
  const n = end - start;
  if (n === lastCreatedLength && now.getTime() === lastNow) {
    let same = true;
    for (let i = 0; i < n; i++) {
      if (bytes[start + i] !== lastCreated[i]) {
        same = false;
        break;
      }
    }
    if (same) return lastAge;
  }
  lastAge = age(bytes.toString('utf8', start, end) || undefined, now);
  if (n > lastCreated.length) lastCreated = Buffer.alloc(n);
  bytes.copy(lastCreated, 0, start, end);
  lastCreatedLength = n;
  lastNow = now.getTime();
  return lastAge;
}
