// Pieces every describer shares: labels/annotations blocks, times, events, selectors.
import type { KubeObject } from '../../../api/types.js';
import type { Cluster } from '../../../store/cluster.js';
import { eventsFor } from '../../../controllers/events.js';
import type { Paint } from '../../colors.js';
import { since } from '../format.js';
import type { PrefixWriter } from './writer.js';

export interface DescribeContext {
  cluster: Cluster;
  paint: Paint;
}

export type Describer = (obj: KubeObject, ctx: DescribeContext) => string;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const MAX_ANNOTATION_LEN = 140;

/** printLabelsMultilineWithIndent: first pair on the title line, the rest on continuation lines. */
export function writeLabels(w: PrefixWriter, title: string, labels: Record<string, string> | undefined, indent = ''): void {
  w.write(0, `${indent}${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write(0, `${indent}\t`);
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

/** printAnnotationsMultiline: `key: value`, last-applied-configuration hidden, long values on their own lines. */
export function writeAnnotations(w: PrefixWriter, title: string, annotations: Record<string, string> | undefined, indent = ''): void {
  w.write(0, `${indent}${title}:\t`);
  const keys = Object.keys(annotations ?? {})
    .filter((k) => k !== LAST_APPLIED)
    .sort();
  if (keys.length === 0) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write(0, `${indent}\t`);
    const value = annotations![k].replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const line of value.split('\n')) {
        const s = line.length > MAX_ANNOTATION_LEN - 2 ? line.slice(0, MAX_ANNOTATION_LEN - 5) + '...' : line;
        w.write(0, `${indent}\t  ${s}\n`);
      }
    } else w.write(0, `${k}: ${value}\n`);
  });
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z, in UTC so output does not depend on the machine: `Sat, 21 Nov 2026 10:00:00 +0000`. */
export function rfc1123z(ts: string | undefined): string {
  if (!ts) return '<unset>';
  const d = new Date(ts);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** DescribeEvents: `<none>`, or a Type/Reason/Age/From/Message table sorted by last time seen. */
export function writeEvents(w: PrefixWriter, obj: KubeObject, ctx: DescribeContext): void {
  const events = eventsFor(ctx.cluster, obj);
  if (events.length === 0) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const now = ctx.cluster.now;
  const sorted = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => Date.parse(a.e.lastTimestamp ?? a.e.firstTimestamp ?? '') - Date.parse(b.e.lastTimestamp ?? b.e.firstTimestamp ?? '') || a.i - b.i)
    .map((x) => x.e);
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
    let age = first;
    if (e.series) age = `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
    else if ((e.count ?? 1) > 1) age = `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
    const from = e.source?.component || e.reportingComponent || '';
    const type = e.type === 'Warning' ? ctx.paint('Warning') : e.type ?? '';
    w.write(1, `${type}\t${e.reason ?? ''}\t${age}\t${from}\t${String(e.message ?? '').trim()}\n`);
  }
}

export function boolString(v: unknown): string {
  return v ? 'True' : 'False';
}

/** `Kind/name` of the controlling owner, for `Controlled By:`. */
export function controlledBy(obj: KubeObject): string | undefined {
  const owner = (obj.metadata.ownerReferences ?? []).find((o) => o.controller);
  return owner ? `${owner.kind}/${owner.name}` : undefined;
}
