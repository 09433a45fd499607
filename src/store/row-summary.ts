// Row summaries: what a resource's `get` table shows of an object, kept as its line summary (summaries.ts), so
// that listing thousands of objects reads a short string per object instead of decoding each. Only pods keep
// one (their table is the one listed in the thousands).
import { podRowFacts, type PodRowFacts } from '../api/pod-row.js';
import type { KubeObject } from '../api/types.js';
import { SAFE_TAG, UNKNOWN } from './tags.js';

const SEP = '|';
const POD_FIELDS = 9;

/**
 * A pod's facts as `ready|status|restarts|lastRestart|created|ip|node|nominated|gates`; UNKNOWN when a field
 * holds a character outside the tags' safe set (the reader then decodes the pod).
 */
export function podSummary(pod: KubeObject): string {
  const f = podRowFacts(pod);
  const fields = [f.ready, f.status, String(f.restarts), f.lastRestart ? String(f.lastRestart) : '', f.created, f.ip, f.node, f.nominated, f.gates];
  for (const x of fields) if (!SAFE_TAG.test(x)) return UNKNOWN;
  return fields.join(SEP);
}

/** The facts a pod summary holds; undefined for UNKNOWN or a summary of another shape. */
export function podFactsOf(summary: string): PodRowFacts | undefined {
  const f = summary.split(SEP);
  if (f.length !== POD_FIELDS) return undefined;
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
