// -o custom-columns=HEADER:PATH,… (cli-runtime CustomColumnsPrinter): one JSONPath per column, `<none>` when it
// finds nothing, several values joined by `,`, printed with Go's %v.
import { ClientError } from '../../api/errors.js';
import type { KubeObject } from '../../api/types.js';
import { findResults, parseSinglePath } from './jsonpath.js';
import { formatTable } from './table.js';

export interface CustomColumn {
  header: string;
  path: ReturnType<typeof parseSinglePath>;
}

/** kubectl's massageJSONPath: `.a.b`, `a.b` and `{.a.b}` are the same path. */
function massage(p: string): string {
  if (p.startsWith('{')) return p;
  return `{${p.startsWith('.') ? p : '.' + p}}`;
}

export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec === '') throw new ClientError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0) throw new ClientError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, i), path: parseSinglePath(massage(part.slice(i + 1))) };
  });
}

/** Go's fmt %v of decoded JSON. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goValue(o[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

export function customColumnsTable(columns: CustomColumn[], objs: KubeObject[], noHeaders: boolean): string {
  const rows = objs.map((o) =>
    columns.map((c) => {
      const vals = findResults(c.path, o);
      return vals.length === 0 ? '<none>' : vals.map(goValue).join(',');
    }),
  );
  return formatTable(noHeaders ? [] : columns.map((c) => c.header), rows);
}
