// Row summaries: what a resource's `get` table shows of an object, kept as its line summary (summaries.ts), so
// that listing thousands of objects reads a short string per object instead of decoding each. Only pods keep
// one (their table is the one listed in the thousands). A pod's also holds what the scheduler orders and skips
// waiting pods by, so that trying the pods that wait for a node (thousands on a full cluster) decodes only those
// it may place.
import { podRowFacts, type PodRowFacts } from '../api/pod-row.js';
import type { KubeObject } from '../api/types.js';
import { hasOnlyAdmissionConstraints } from '../api/pod-constraints.js';
import { SAFE_TAG, UNKNOWN } from './tags.js';

const SEP = '|';
/** The table's fields; a summary written before the scheduler's were added has only these. */
const ROW_FIELDS = 9;
const POD_FIELDS = ROW_FIELDS + 4;

/** What the scheduler reads of a pod waiting for a node, as the pod holds it ('' for absent, never for empty). */
export interface PodQueueFacts {
  resourceVersion: string;
  schedulerName: string;
  /** The reason of the pod's (first) PodScheduled condition. */
  scheduledReason: string;
  /** Whether the pod is bound to no node and its only constraints are admission's (api/pod-constraints.ts). */
  admissionOnly: boolean;
}

/**
 * A scheduler's field as written: '' when absent; undefined (no summary) when it is not a non-empty string (an empty
 * one would read back as absent, which the scheduler tells apart: an empty schedulerName is not the default one).
 */
function field(v: unknown): string | undefined {
  if (v == null) return '';
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * A pod's facts as `ready|status|restarts|lastRestart|created|ip|node|nominated|gates|resourceVersion|
 * schedulerName|scheduledReason|constraints` (the last four empty for a pod bound to a node; constraints `a` when
 * the pod's only constraints are admission's, else empty); UNKNOWN when a field is not a string or holds a
 * character outside the tags' safe set (the reader then decodes the pod).
 */
export function podSummary(pod: KubeObject): string {
  const f = podRowFacts(pod);
  const fields: Array<string | undefined> = [f.ready, f.status, String(f.restarts), f.lastRestart ? String(f.lastRestart) : '', f.created, f.ip, f.node, f.nominated, f.gates];
  // The scheduler's fields only for a pod bound to no node (no other is in its queue): thousands of running pods'
  // lines stay as short as before.
  if (!pod.spec?.nodeName) {
    const scheduled = (pod.status?.conditions as any[] | undefined)?.find?.((c: any) => c?.type === 'PodScheduled');
    fields.push(field(pod.metadata?.resourceVersion), field(pod.spec?.schedulerName), field(scheduled?.reason), hasOnlyAdmissionConstraints(pod) ? 'a' : '');
  } else fields.push('', '', '', '');
  for (const x of fields) if (x === undefined || !SAFE_TAG.test(x)) return UNKNOWN;
  return fields.join(SEP);
}

/** The table's facts a pod summary holds; undefined for UNKNOWN or a summary of another shape. */
export function podFactsOf(summary: string): PodRowFacts | undefined {
  const f = summary.split(SEP);
  if (f.length !== POD_FIELDS && f.length !== ROW_FIELDS) return undefined;
  return {
    ready: f[0],
    status: f[1],
    restarts: Number(f[2]),
    lastRestart: f[3] === '' ? 0 : Number(f[3]),
    created: f[4],
    ip: f[5],
    node: f[6],
    nominated: f[7],
    gates: f[8],
  };
}

/**
 * Where the table's fields of a pod summary held as bytes [start, end) are: field k (0-8) is bytes [bounds[k],
 * bounds[k + 1] - 1) (it ends at its separator, or at `end`); false for a summary podFactsOf does not read. No
 * string made: a table of thousands of pods copies its cells from the bytes (cli/printers/columns/pods.ts).
 */
export function podFieldBounds(bytes: Buffer, start: number, end: number, bounds: Int32Array): boolean {
  const SEP_BYTE = 0x7c; // |
  let fields = 1;
  bounds[0] = start;
  for (let i = start; i < end; i++) {
    if (bytes[i] !== SEP_BYTE) continue;
    if (fields < ROW_FIELDS + 1) bounds[fields] = i + 1;
    fields++;
  }
  if (fields === ROW_FIELDS) bounds[ROW_FIELDS] = end + 1;
  return fields === ROW_FIELDS || fields === POD_FIELDS;
}

/**
 * The scheduler's facts a pod summary holds (for a pod bound to no node: all empty for one bound to a node);
 * undefined for UNKNOWN or a summary without them (an older one).
 */
export function podQueueFactsOf(summary: string): PodQueueFacts | undefined {
  const f = summary.split(SEP);
  if (f.length !== POD_FIELDS) return undefined;
  return { resourceVersion: f[9], schedulerName: f[10], scheduledReason: f[11], admissionOnly: f[12] === 'a' };
}
