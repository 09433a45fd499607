// A resource's keys and line summaries (summaries.ts) as bytes: one buffer and four offsets per object, no string
// per object. A table of 20,000 pods is then made from the bytes the state file holds: a string per key and per
// summary (and the pieces split from it) would each be kept until the table is laid out, and every collection of
// the young generation copies what is kept (measured on 5,000 pods: 6 collections, about a fifth of the command).
import type { KubeObject } from '../api/types.js';

export interface SummaryRows {
  readonly count: number;
  /** Every row's bytes (and only them). */
  readonly bytes: Buffer;
  /**
   * Per row r: at[4r], at[4r+1]: its key's bytes [start, end); at[4r+2], at[4r+3]: its summary's, both -1 when the
   * row has none to trust (objects[r] then holds its object).
   */
  readonly at: Int32Array;
  readonly objects: Array<KubeObject | undefined>;
}

/** Rows added one by one, their bytes copied into one buffer that grows as needed. */
export class SummaryRowsBuilder {
  private bytes: Buffer;
  private at: Int32Array;
  private count = 0;
  private used = 0;
  private readonly objects: Array<KubeObject | undefined> = [];

  /** Room for `rows` rows and `bytes` bytes at first. */
  constructor(rows = 64, bytes = rows * 128) {
    this.at = new Int32Array(4 * Math.max(16, rows));
    this.bytes = Buffer.allocUnsafe(Math.max(4096, bytes));
  }

  /** A row: key bytes [ks, ke) of src, summary bytes [ss, se) of src (ss < 0: none to trust); its index. */
  add(src: Buffer, ks: number, ke: number, ss: number, se: number): number {
    const r = this.row();
    const need = ke - ks + (ss < 0 ? 0 : se - ss);
    if (this.used + need > this.bytes.length) this.grow(need);
    const at = this.at;
    const out = this.bytes;
    at[4 * r] = this.used;
    this.used = copyBytes(src, ks, ke, out, this.used);
    at[4 * r + 1] = this.used;
    if (ss < 0) {
      at[4 * r + 2] = -1;
      at[4 * r + 3] = -1;
    } else {
      at[4 * r + 2] = this.used;
      this.used = copyBytes(src, ss, se, out, this.used);
      at[4 * r + 3] = this.used;
    }
    return r;
  }

  /** A row from strings: a summary, or (undefined) the object it stands for. */
  addStrings(key: string, summary: string | undefined, obj?: KubeObject): number {
    const k = Buffer.from(key);
    if (summary === undefined) {
      const r = this.add(k, 0, k.length, -1, -1);
      this.objects[r] = obj;
      return r;
    }
    const s = Buffer.from(summary);
    return this.add(Buffer.concat([k, s]), 0, k.length, k.length, k.length + s.length);
  }

  done(): SummaryRows {
    return { count: this.count, bytes: this.bytes.subarray(0, this.used), at: this.at, objects: this.objects };
  }

  private row(): number {
    if (4 * (this.count + 1) > this.at.length) {
      const bigger = new Int32Array(this.at.length * 2);
      bigger.set(this.at);
      this.at = bigger;
    }
    return this.count++;
  }

  private grow(need: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.used + need, this.bytes.length * 2));
    this.bytes.copy(bigger, 0, 0, this.used);
    this.bytes = bigger;
  }
}

/** Copies src[s, e) to out from o, a byte at a time (a few dozen bytes: cheaper than a call into Buffer.copy); the end. */
function copyBytes(src: Buffer, s: number, e: number, out: Buffer, o: number): number {
  for (let i = s; i < e; i++) out[o++] = src[i];
  return o;
}

/** A row's key as a string. */
export function rowKey(rows: SummaryRows, r: number): string {
  return rows.bytes.toString('utf8', rows.at[4 * r], rows.at[4 * r + 1]);
}

/** Where a row's namespace ends (its key's first `/`), or its key starts when it has none (cluster-scoped). */
export function namespaceEnd(rows: SummaryRows, r: number): number {
  const b = rows.bytes;
  const start = rows.at[4 * r];
  const end = rows.at[4 * r + 1];
  for (let i = start; i < end; i++) if (b[i] === 0x2f) return i;
  return start;
}

/** Where a row's name starts in its key, the end of its namespace given (namespaceEnd). */
export function nameStart(rows: SummaryRows, r: number, nsEnd: number): number {
  return nsEnd === rows.at[4 * r] ? nsEnd : nsEnd + 1;
}

/**
 * The rows of one namespace (undefined: all), in `Cluster.list` order: by namespace, then name, compared as
 * strings (UTF-16 code units). Names are compared as strings (made for the sort only): a comparison of bytes one
 * by one in JavaScript costs more while the code is not yet optimized.
 */
export function rowsInListOrder(rows: SummaryRows, namespace: string | undefined): Int32Array {
  const { bytes: b, at } = rows;
  const picked: number[] = [];
  /** Per picked row: its namespace's number (in first-seen order, ranked below) and its name. */
  const nsOf: number[] = [];
  const names: string[] = [];
  const namespaces: string[] = [];
  let lastStart = -1;
  let lastEnd = -1;
  let lastNs = -1;
  for (let r = 0; r < rows.count; r++) {
    const keyStart = at[4 * r];
    const nsEnd = namespaceEnd(rows, r);
    // Keys of one namespace mostly follow each other: the previous row's namespace is tried first.
    if (lastNs < 0 || !sameBytes(b, keyStart, nsEnd, lastStart, lastEnd)) {
      const ns = b.toString('utf8', keyStart, nsEnd);
      lastNs = namespaces.indexOf(ns);
      if (lastNs < 0) lastNs = namespaces.push(ns) - 1;
      lastStart = keyStart;
      lastEnd = nsEnd;
    }
    if (namespace !== undefined && namespaces[lastNs] !== namespace) continue;
    picked.push(r);
    nsOf.push(lastNs);
    names.push(utf8(b, nameStart(rows, r, nsEnd), at[4 * r + 1]));
  }
  // Each namespace's place among them, sorted.
  const rank = new Int32Array(namespaces.length);
  [...namespaces.keys()].sort((x, y) => (namespaces[x] < namespaces[y] ? -1 : 1)).forEach((ns, i) => (rank[ns] = i));
  const place = Array.from(picked.keys());
  place.sort((x, y) => (nsOf[x] !== nsOf[y] ? rank[nsOf[x]] - rank[nsOf[y]] : names[x] < names[y] ? -1 : names[x] > names[y] ? 1 : 0));
  const order = new Int32Array(place.length);
  for (let i = 0; i < place.length; i++) order[i] = picked[place[i]];
  return order;
}

/** Bytes [start, end) as UTF-8: Buffer's own slice, without toString's checks of its arguments (thousands of calls). */
const utf8 = (b: Buffer, start: number, end: number): string => (b as Buffer & { utf8Slice(s: number, e: number): string }).utf8Slice(start, end);

/** Whether bytes [xs, xe) and [ys, ye) of b are the same. */
function sameBytes(b: Buffer, xs: number, xe: number, ys: number, ye: number): boolean {
  if (xe - xs !== ye - ys) return false;
  for (let i = 0; i < xe - xs; i++) if (b[xs + i] !== b[ys + i]) return false;
  return true;
}
