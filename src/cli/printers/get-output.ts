// Turn the objects of a `get` into kubectl's output: tables (per type, blank line between types), or one
// document for yaml/json/name/jsonpath/custom-columns.
import { isAscii } from 'node:buffer';
import { ClientError } from '../../api/errors.js';
import { qualifiedKind } from '../../api/resources.js';
import type { KubeObject } from '../../api/types.js';
import { columnsFor, type ColumnSet, type PrintContext } from './columns.js';
import { labelsString } from './format.js';
import type { Group, QueryResult } from './query.js';
import type { ListedRows } from '../../store/cluster.js';
import { nameStart, namespaceEnd } from '../../store/summary-rows.js';
import { ByteTable, Table } from './table.js';

export interface GetOptions {
  output?: string;
  showLabels: boolean;
  noHeaders: boolean;
  sortBy?: string;
  allNamespaces: boolean;
  now: Date;
  /** Reads a -o jsonpath-file / custom-columns-file argument. */
  readFile(path: string): string;
}

const FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** What `get` prints: stdout as text, or (tables) as UTF-8 bytes. */
export interface GetResult {
  stdout: string | Uint8Array;
  stderr: string;
}

export async function renderGet(q: QueryResult, o: GetOptions, namespace: string): Promise<GetResult> {
  const groups = o.sortBy ? await sortGroups(q.groups, o.sortBy) : q.groups;
  const fmt = o.output ?? '';
  const [kind, arg] = splitFormat(fmt);
  // Every object, for the one-document formats (tables go type by type).
  const all = kind === '' || kind === 'wide' ? [] : groups.length === 1 ? groups[0].objs : groups.flatMap((g) => g.objs);
  const data = (): unknown => (q.singleItem && all.length === 1 ? all[0] : undefined);

  switch (kind) {
    case '':
    case 'wide':
      break;
    case 'yaml':
    case 'json': {
      const { asList, jsonListBytes, toJson, toYaml, toYamlBytes } = await import('./objects.js');
      if (q.singleItem && all.length === 0) return { stdout: '', stderr: '' };
      const one = data();
      if (kind === 'json') return { stdout: one ? toJson(one) : jsonListBytes(all), stderr: '' };
      return { stdout: one ? await toYaml(one) : await toYamlBytes(asList(all)), stderr: '' };
    }
    case 'name': {
      const { nameOf } = await import('./objects.js');
      return { stdout: all.map((x) => nameOf(x) + '\n').join(''), stderr: '' };
    }
    case 'jsonpath':
    case 'jsonpath-file': {
      const { parseJsonPath, executeJsonPath } = await import('./jsonpath.js');
      const { asList } = await import('./objects.js');
      const template = kind === 'jsonpath' ? arg : o.readFile(arg);
      if (template === '') throw new ClientError('template format specified but no template given');
      const jp = parseJsonPath(template);
      if (q.singleItem && all.length === 0) return { stdout: '', stderr: '' };
      return { stdout: executeJsonPath(jp, JSON.parse(JSON.stringify(data() ?? asList(all)))), stderr: '' };
    }
    case 'custom-columns':
    case 'custom-columns-file': {
      const { parseCustomColumns, customColumnsTable } = await import('./custom-columns.js');
      const spec = kind === 'custom-columns' ? arg : fileColumns(o.readFile(arg));
      const columns = parseCustomColumns(spec);
      if (all.length === 0) return { stdout: '', stderr: noResources(o, namespace) };
      return { stdout: customColumnsTable(columns, all, o.noHeaders), stderr: '' };
    }
    default:
      throw new ClientError(`unable to match a printer suitable for the output format "${fmt}", allowed formats are: ${FORMATS}`);
  }

  // Tables as UTF-8 bytes, a blank line between two (none with --no-headers), written to stdout as they are.
  const wide = kind === 'wide';
  const parts: Buffer[] = [];
  for (const g of groups) {
    if (g.objs.length === 0 && !g.summarized?.order.length) continue;
    if (parts.length && !o.noHeaders) parts.push(NEWLINE);
    parts.push(table(g, { wide, showKind: q.multipleTypes, ...o }));
  }
  if (parts.length === 0) return { stdout: '', stderr: q.errors.length ? '' : noResources(o, namespace) };
  return { stdout: parts.length === 1 ? parts[0] : Buffer.concat(parts), stderr: '' };
}

const NEWLINE = Buffer.from('\n');

function noResources(o: GetOptions, namespace: string): string {
  return o.allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`;
}

function splitFormat(fmt: string): [string, string] {
  const i = fmt.indexOf('=');
  return i < 0 ? [fmt, ''] : [fmt.slice(0, i), fmt.slice(i + 1)];
}

/** A custom-columns file: a header line and a line of paths, aligned by whitespace. */
function fileColumns(text: string): string {
  const [head = '', paths = ''] = text.split('\n').filter((l) => l.trim() !== '');
  const h = head.trim().split(/\s+/);
  const p = paths.trim().split(/\s+/);
  if (h.length !== p.length) throw new ClientError(`number of headers (${h.length}) does not match number of columns (${p.length})`);
  return h.map((x, i) => `${x}:${p[i]}`).join(',');
}

function table(g: Group, o: GetOptions & { wide: boolean; showKind: boolean }): Buffer {
  const set = columnsFor(g.rt.plural);
  // The row cells kept (wide-only columns dropped unless -o wide), by index.
  const kept: number[] = [];
  const headers: string[] = [];
  set.columns.forEach((c, i) => {
    if (!c.wide || o.wide) {
      kept.push(i);
      headers.push(c.header);
    }
  });
  const withNs = g.rt.namespaced && o.allNamespaces;
  const nameIdx = headers.indexOf('NAME');
  const kindPrefix = o.showKind && nameIdx >= 0 ? `${qualifiedKind(g.rt)}/` : '';
  if (o.showLabels) headers.push('LABELS');
  if (withNs) headers.unshift('NAMESPACE');
  const ctx = { now: o.now, wide: o.wide };
  const listed = g.summarized;
  if (listed) {
    const t = new ByteTable(listed.order.length + 1, listed.rows.bytes);
    if (!o.noHeaders) t.row(headers);
    fillListed(t, listed, set, ctx, kept, withNs, kindPrefix);
    return t.bytes();
  }
  const t = new Table(g.objs.length + 1);
  if (!o.noHeaders) t.row(headers);
  fill(t, g.objs, set, ctx, kept, withNs, o.showLabels, kindPrefix ? nameIdx : -1, kindPrefix);
  return t.bytes();
}

/**
 * As fill, for objects given as their row summaries' bytes (or decoded, where a summary cannot be read); no
 * labels (they are not summarized). The name is the first column of every resource that keeps summaries.
 */
function fillListed(t: ByteTable, listed: ListedRows, set: ColumnSet, ctx: PrintContext, kept: number[], withNs: boolean, kindPrefix: string): void {
  const { rows, order } = listed;
  const { bytes, at } = rows;
  // The table refers to ASCII bytes only: with a character beyond it anywhere, each row is checked.
  const allAscii = isAscii(bytes);
  for (let i = 0; i < order.length; i++) {
    const r = order[i];
    const keyStart = at[4 * r];
    const keyEnd = at[4 * r + 1];
    const nsEnd = namespaceEnd(rows, r);
    const name = nameStart(rows, r, nsEnd);
    const summary = at[4 * r + 2];
    const ascii = allAscii || isAscii(bytes.subarray(keyStart, summary < 0 ? keyEnd : at[4 * r + 3]));
    if (withNs) {
      if (ascii) t.sourceCell(keyStart, nsEnd);
      else t.cell(bytes.toString('utf8', keyStart, nsEnd));
    }
    if (kindPrefix || !ascii) t.cell(kindPrefix + bytes.toString('utf8', name, keyEnd));
    else t.sourceCell(name, keyEnd);
    if (summary < 0 || !ascii || !set.summaryCells!(t, bytes, summary, at[4 * r + 3], ctx)) {
      const row = set.row(listed.object(r), ctx);
      for (let k = 1; k < kept.length; k++) if (kept[k] < row.length) t.cell(row[kept[k]]);
    }
    t.endRow();
  }
}

/** A row's kept cells (a row with fewer cells than its columns ends early), `kind/` before the one at `nameIdx`. */
function keptCells(t: Table, row: string[], kept: number[], nameIdx: number, kindPrefix: string): void {
  for (let k = 0; k < kept.length; k++) {
    if (kept[k] >= row.length) continue;
    t.cell(k === nameIdx ? kindPrefix + row[kept[k]] : row[kept[k]]);
  }
}

/**
 * A row per object: the namespace if asked for, its kept cells (a row with fewer cells than its columns ends
 * early), `kind/` before the one at `nameIdx` (-1: none), the labels if asked for. The loop is a function of its
 * own with nothing after it: the optimizing compiler, entering it mid-loop, compiles just the loop.
 */
function fill(t: Table, objs: KubeObject[], set: ColumnSet, ctx: PrintContext, kept: number[], withNs: boolean, showLabels: boolean, nameIdx: number, kindPrefix: string): void {
  for (let i = 0; i < objs.length; i++) {
    const obj = objs[i];
    const row = set.row(obj, ctx);
    if (withNs) t.cell(obj.metadata.namespace ?? '');
    keptCells(t, row, kept, nameIdx, kindPrefix);
    if (showLabels) t.cell(labelsString(obj.metadata.labels));
    t.endRow();
  }
}

/** --sort-by: order each type's objects by one JSONPath value (numbers numerically, missing values first). */
async function sortGroups(groups: Group[], sortBy: string): Promise<Group[]> {
  const { parseSinglePath, findResults } = await import('./jsonpath.js');
  const src = sortBy.startsWith('{') ? sortBy : `{${sortBy.startsWith('.') ? sortBy : '.' + sortBy}}`;
  const path = parseSinglePath(src);
  const key = (o: KubeObject) => findResults(path, JSON.parse(JSON.stringify(o)))[0];
  return groups.map((g) => ({
    rt: g.rt,
    objs: g.objs
      .map((obj, i) => ({ obj, i, k: key(obj) }))
      .sort((a, b) => compareValues(a.k, b.k) || a.i - b.i)
      .map((x) => x.obj),
  }));
}

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = typeof a === 'object' ? JSON.stringify(a) : String(a);
  const y = typeof b === 'object' ? JSON.stringify(b) : String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
