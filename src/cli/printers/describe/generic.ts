// describe namespace, and kubectl's generic describer for every other kind: the object's fields as nested
// `Title Case:` lines (printUnstructuredContent), then its events.
import type { KubeObject } from '../../../api/types.js';
import { writeAnnotations, writeEvents, writeLabels, type Describer } from './common.js';
import { PrefixWriter } from './writer.js';

export const describeNamespace: Describer = (ns, ctx) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ns.metadata.name}\n`);
  writeLabels(w, 'Labels', ns.metadata.labels);
  writeAnnotations(w, 'Annotations', ns.metadata.annotations);
  w.write(0, `Status:\t${ctx.paint(ns.status?.phase ?? '')}\n`);
  const quotas = ctx.cluster.list('resourcequotas', ns.metadata.name);
  const limits = ctx.cluster.list('limitranges', ns.metadata.name);
  w.write(0, quotas.length ? `\nResource Quotas\n${quotas.map((q) => `  Name:\t${q.metadata.name}\n`).join('')}` : '\nNo resource quota.\n');
  w.write(0, limits.length ? `\nResource Limits\n${limits.map((l) => `  Name:\t${l.metadata.name}\n`).join('')}` : '\nNo LimitRange resource.\n');
  return w.toString();
};

/** camelCase → `Camel Case` (kubectl's smartLabelFor, simplified: acronyms like IP stay together). */
function smartLabel(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function writeValue(w: PrefixWriter, level: number, key: string, v: unknown): void {
  if (Array.isArray(v)) {
    if (v.length === 0) return;
    if (v.every((x) => typeof x !== 'object' || x === null)) {
      w.write(level, `${smartLabel(key)}:\n`);
      for (const x of v) w.write(level + 1, `${String(x)}\n`);
      return;
    }
    w.write(level, `${smartLabel(key)}:\n`);
    for (const x of v) {
      const entries = Object.entries((x ?? {}) as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
      entries.forEach(([k, val], i) => {
        if (typeof val === 'object' && val !== null) writeValue(w, level + 1, k, val);
        else w.write(level + 1, `${smartLabel(k)}:\t${String(val)}\n`);
        void i;
      });
    }
    return;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    if (entries.length === 0) return;
    w.write(level, `${smartLabel(key)}:\n`);
    for (const [k, val] of entries) writeValue(w, level + 1, k, val);
    return;
  }
  w.write(level, `${smartLabel(key)}:\t${String(v)}\n`);
}

export const describeGeneric: Describer = (obj: KubeObject, ctx) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${obj.metadata.name}\n`);
  if (obj.metadata.namespace) w.write(0, `Namespace:\t${obj.metadata.namespace}\n`);
  writeLabels(w, 'Labels', obj.metadata.labels);
  writeAnnotations(w, 'Annotations', obj.metadata.annotations);
  w.write(0, `API Version:\t${obj.apiVersion}\n`);
  w.write(0, `Kind:\t${obj.kind}\n`);
  const { name: _n, namespace: _ns, labels: _l, annotations: _a, ...meta } = obj.metadata;
  const { apiVersion: _v, kind: _k, metadata: _m, ...rest } = obj;
  writeValue(w, 0, 'metadata', meta);
  for (const k of Object.keys(rest).sort()) writeValue(w, 0, k, rest[k]);
  writeEvents(w, obj, ctx);
  return w.toString();
};
