// Cell formats shared by kubectl's printers (pkg/printers/internalversion/printers.go).
import type { KubeObject } from '../../api/types.js';
import type { LabelSelector } from '../../api/labels.js';
import { age, humanDuration } from './age.js';

/** `k=v,k2=v2` sorted by key, `<none>` when empty (labels.FormatLabels). A plain loop: a big table (--show-labels,
 * Service selectors) calls it for every object. */
export function labelsString(labels: Record<string, string> | undefined): string {
  if (!labels) return '<none>';
  const keys = Object.keys(labels);
  if (keys.length === 0) return '<none>';
  if (keys.length > 1) keys.sort();
  let s = keys[0] + '=' + labels[keys[0]];
  for (let i = 1; i < keys.length; i++) s += ',' + keys[i] + '=' + labels[keys[i]];
  return s;
}

/** metav1.LabelSelector as a selector string: requirements sorted by key; empty → `<none>`, nil → `<none>`. */
export function labelSelectorString(sel: LabelSelector | undefined): string {
  if (!sel) return '<none>';
  const reqs: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push([k, `${k}=${v}`]);
  for (const e of sel.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') reqs.push([e.key, `${e.key} in (${vals})`]);
    else if (e.operator === 'NotIn') reqs.push([e.key, `${e.key} notin (${vals})`]);
    else if (e.operator === 'Exists') reqs.push([e.key, e.key]);
    else if (e.operator === 'DoesNotExist') reqs.push([e.key, `!${e.key}`]);
  }
  if (reqs.length === 0) return '<none>';
  return reqs
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map((r) => r[1])
    .join(',');
}

/** Up to `max` items joined by `,`, then ` + N more...` (listWithMoreString). */
export function listWithMore(list: string[], max = 3, empty = '<unset>'): string {
  if (list.length > max) return `${list.slice(0, max).join(',')} + ${list.length - max} more...`;
  const s = list.join(',');
  return s === '' ? empty : s;
}

export function podTemplateContainers(template: any): { names: string; images: string } {
  const cs: any[] = template?.spec?.containers ?? [];
  return { names: cs.map((c) => c.name).join(','), images: cs.map((c) => c.image).join(',') };
}

export function ageOf(obj: KubeObject, now: Date): string {
  return age(obj.metadata.creationTimestamp, now);
}

/** translateTimestampSince: `<unknown>` for an unset time. */
export function since(ts: string | undefined, now: Date): string {
  if (!ts) return '<unknown>';
  return humanDuration(now.getTime() - Date.parse(ts));
}

export function num(v: unknown): number {
  return typeof v === 'number' ? v : 0;
}
