// The state file's change journal: what a command changed, appended to the file instead of the whole file written
// again. A write copies every resource of the file into a new one and flushes it to disk (on 5,000 pods: 30 ms of
// a 110 ms command); a record of a few objects appended and flushed costs about 1 ms. Records follow the
// resources, inside the same JSON (the file stays one plain JSON value, copied with `cp` like any file):
//
//   {"index":…,"buckets":{
//   "pods":{…as written…}
//   },"journal":[
//   {"seq":1,"bytes":205,"lines":[["pods",205]],"owners":{"pods":["ReplicaSet"]},"set":{"resourceVersion":…},"drop":[]},
//   ["pods",[["bench/web-1",{…object…},1234,2345],["bench/web-2",null,2346,2400]]],
//   {"seq":2,"bytes":0,"lines":[],"set":{"random":…},"drop":[]}
//   ]}
//
// A record: a head line (its number; the bytes of the lines after it, and each one's resource and length; the
// owner kinds its objects name; the keys of the state's header it changed and dropped, the first record's against
// the file's own first line), then a line per resource changed. A change is [key, object or null for a delete,
// where the key's line is in the resource's text as written (-1, -1: none, or added again after every other key)]. A reader reads the head lines
// only (each says where the next is), and a resource's lines when it opens that resource (bucket.ts replays them:
// nothing searched or decoded). A record is written in place of the closing `\n]}` and flushed: one cut short by a
// crash (only the last can be) is not read, and the next record is written over it. The file is written whole
// again (statefile.ts) once the journal grows past a share of it.
import type { KubeObject } from '../api/types.js';
import type { JournalEntry } from './bucket.js';

/** Where the journal starts, in place of the file's last `}` (a file without one ends with `\n}}\n`). */
const OPENING = '\n},"journal":[\n';
const CLOSING = '\n]}\n';
const NO_JOURNAL = '\n}}\n';
const SEP = 2; // `,\n` between lines
/** How much is read for a head line at first (most are far shorter). */
const HEAD_CHUNK = 4096;

/** Reads bytes [start, end) of the file (fewer at its end). */
export type ReadBytes = (start: number, end: number) => Buffer;

/** A state file's journal, as read. */
export interface Journal {
  /** Records read (whole ones only). */
  records: number;
  /** Where the resources' JSON ends: the journal (or the file's `\n}}\n`) starts there. */
  start: number;
  /** Where the last whole record ends (the next one is written after it); `start` with none. */
  end: number;
  /** The state's header as the records leave it (the state but its objects); undefined with no record. */
  head?: Record<string, unknown>;
  /** Owner kinds the records' objects name, by resource. */
  owners: Map<string, Set<string>>;
  /** Each resource's change lines: where each is in the file, in record order (read when the resource is opened). */
  lines: Map<string, Array<[start: number, end: number]>>;
  /** The bytes of the records (what a compaction saves). */
  bytes: number;
  /** How many records come before the last one that changed objects (not only the header); -1: none did. */
  beforeLastChange: number;
  /** Reads the file's bytes (the change lines, when needed). */
  read: ReadBytes;
}

interface RecordHead {
  seq: number;
  bytes: number;
  lines: Array<[string, number]>;
  owners?: Record<string, string[]>;
  set?: Record<string, unknown>;
  drop?: string[];
}

/**
 * The journal of a file of `size` bytes whose resources end at `start`: no records when the file ends as one
 * without a journal; undefined when it ends otherwise (a hand edit: it is then written whole). `base`: the header
 * of the file's own first line. Reads at most `limit` records (restore: those before the last change).
 */
export function readJournal(read: ReadBytes, start: number, size: number, base: Record<string, unknown>, limit = Infinity): Journal | undefined {
  const journal: Journal = { records: 0, start, end: start, owners: new Map(), lines: new Map(), bytes: 0, beforeLastChange: -1, read };
  const first = read(start, Math.min(size, start + HEAD_CHUNK));
  if (size - start === NO_JOURNAL.length && first.toString('latin1') === NO_JOURNAL) return journal;
  if (first.toString('latin1', 0, OPENING.length) !== OPENING) return undefined;
  let pos = start + OPENING.length;
  let chunk = first.subarray(OPENING.length);
  // Each record says what it changed in the header before it (the first: in the file's own first line's).
  const header: Record<string, unknown> = { ...base };
  while (journal.records < limit) {
    const found = headLine(read, pos, size, chunk);
    if (!found) break;
    const head = recordHead(found.text, journal.records + 1);
    if (!head) break;
    const linesStart = found.end + SEP;
    const end = head.lines.length ? linesStart + head.bytes : found.end;
    if (end > size) break;
    // The lines where the head says (each `["plural",[` … `]]`), and the record followed by another or the end.
    const spans: Array<[string, number, number]> = [];
    let at = linesStart;
    for (const [plural, length] of head.lines) {
      spans.push([plural, at, at + length]);
      at += length + SEP;
    }
    const next = read(end, Math.min(size, end + HEAD_CHUNK));
    const more = next[0] === 0x2c && next[1] === 0x0a;
    // The last record may have been cut short by a crash (each earlier one was flushed before the next was
    // written): read whole. The others' lines are checked when read (journalEntries).
    if (!more && !whole(read, spans, linesStart, end)) break;
    if (spans.length) journal.beforeLastChange = journal.records;
    journal.records++;
    journal.end = end;
    applyHeader(header, head);
    for (const [plural, kinds] of Object.entries(head.owners ?? {})) {
      const set = journal.owners.get(plural) ?? journal.owners.set(plural, new Set()).get(plural)!;
      if (Array.isArray(kinds)) for (const k of kinds) if (typeof k === 'string') set.add(k);
    }
    for (const [plural, s, e] of spans) journal.lines.get(plural)?.push([s, e]) ?? journal.lines.set(plural, [[s, e]]);
    if (!more) break;
    pos = end + SEP;
    chunk = next.subarray(SEP);
  }
  if (journal.records) journal.head = header;
  journal.bytes = journal.end - start;
  return journal;
}

/** The head line starting at `pos` (`chunk`: the bytes read from there), up to its end; undefined when cut short. */
function headLine(read: ReadBytes, pos: number, size: number, chunk: Buffer): { text: Buffer; end: number } | undefined {
  let nl = chunk.indexOf(0x0a);
  while (nl < 0 && pos + chunk.length < size) {
    const more = read(pos + chunk.length, Math.min(size, pos + 2 * chunk.length + HEAD_CHUNK));
    if (!more.length) return undefined;
    const from = chunk.length;
    chunk = Buffer.concat([chunk, more]);
    nl = chunk.indexOf(0x0a, from);
  }
  if (nl < 0) return undefined;
  const stop = chunk[nl - 1] === 0x2c ? nl - 1 : nl;
  return { text: chunk.subarray(0, stop), end: pos + stop };
}

function recordHead(text: Buffer, seq: number): RecordHead | undefined {
  if (text[0] !== 0x7b || text.indexOf(0) >= 0) return undefined;
  let head: RecordHead;
  try {
    head = JSON.parse(text.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!head || head.seq !== seq || !Number.isInteger(head.bytes) || head.bytes < 0 || !Array.isArray(head.lines)) return undefined;
  let total = -SEP;
  for (const l of head.lines) {
    if (!Array.isArray(l) || typeof l[0] !== 'string' || !Number.isInteger(l[1]) || l[1] < 4) return undefined;
    total += l[1] + SEP;
  }
  if (head.lines.length && total !== head.bytes) return undefined;
  const isObject = (v: unknown) => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
  return isObject(head.set) && Array.isArray(head.drop) && head.drop.every((k) => typeof k === 'string') ? head : undefined;
}

/** The header after a record: the keys it changed set, those it dropped deleted. */
function applyHeader(header: Record<string, unknown>, head: RecordHead): Record<string, unknown> {
  for (const key of head.drop!) delete header[key];
  return Object.assign(header, head.set);
}

/** The last record, read whole: framed as the head says, without the zeros a crash leaves in blocks never written. */
function whole(read: ReadBytes, spans: Array<[string, number, number]>, start: number, end: number): boolean {
  if (!spans.length) return true;
  const bytes = read(start, end);
  if (bytes.length !== end - start || bytes.indexOf(0) >= 0) return false;
  return spans.every(([plural, s, e]) => bytes.toString('utf8', s - start, s - start + linePrefix(plural).length) === linePrefix(plural) && bytes.toString('latin1', e - start - 2, e - start) === ']]');
}

const linePrefix = (plural: string) => `[${JSON.stringify(plural)},[`;

/** A resource's changes in the journal, in order (read and parsed now); a line that is not JSON throws a SyntaxError. */
export function journalEntries(journal: Journal, plural: string): JournalEntry[] {
  const out: JournalEntry[] = [];
  for (const [s, e] of journal.lines.get(plural) ?? []) {
    const line = JSON.parse(journal.read(s, e).toString('utf8')) as [string, unknown];
    if (!Array.isArray(line) || line[0] !== plural || !Array.isArray(line[1])) throw new SyntaxError(`the journal's ${plural} line holds no changes`);
    for (const c of line[1]) {
      if (!Array.isArray(c) || typeof c[0] !== 'string' || typeof c[2] !== 'number' || typeof c[3] !== 'number' || (c[1] !== null && (typeof c[1] !== 'object' || Array.isArray(c[1])))) {
        throw new SyntaxError(`the journal's ${plural} line holds a change that is not [key, object, start, stop]`);
      }
      out.push(c as JournalEntry);
    }
  }
  return out;
}

/** The journal's changes made on a resource held as a plain record (a file parsed whole): in order. */
export function applyJournal(bucket: Record<string, KubeObject>, entries: JournalEntry[]): void {
  for (const [key, obj, start] of entries) {
    if (!obj) delete bucket[key];
    else {
      // Added after every other key (added since, or deleted and added again): last, as a full write puts it.
      if (start < 0) delete bucket[key];
      bucket[key] = obj;
    }
  }
}

/** A file parsed whole: its `journal` value's records (at most `limit`), as readJournal reads them from bytes. */
export function journalOfValue(value: unknown, base: Record<string, unknown>, limit = Infinity): { head: Record<string, unknown>; changes: Map<string, JournalEntry[]> } {
  const changes = new Map<string, JournalEntry[]>();
  const head = { ...base };
  if (!Array.isArray(value)) return { head, changes };
  let records = 0;
  for (let i = 0; i < value.length && records < limit; ) {
    const r = value[i] as RecordHead;
    if (!r || typeof r !== 'object' || Array.isArray(r) || !Array.isArray(r.lines) || !r.set || !Array.isArray(r.drop)) break;
    applyHeader(head, r);
    records++;
    for (const line of value.slice(i + 1, i + 1 + r.lines.length) as Array<[string, JournalEntry[]]>) {
      if (!Array.isArray(line) || typeof line[0] !== 'string' || !Array.isArray(line[1])) continue;
      changes.get(line[0])?.push(...line[1]) ?? changes.set(line[0], [...line[1]]);
    }
    i += 1 + r.lines.length;
  }
  return { head, changes };
}

/**
 * The bytes that append a record to a file whose journal is `journal`, and where they go: what changed in the
 * state's header since `was` (the header the journal leaves, or the file's own first line's, key by key as JSON),
 * the owner kinds its objects name, and each resource's changes; none when nothing changed. Undefined when its
 * changes take more than `room` bytes (a big apply: the file is written whole, and the rest is not encoded).
 */
export function appendedRecord(
  journal: Journal,
  header: Record<string, unknown>,
  was: Map<string, string>,
  owners: Record<string, string[]>,
  changes: Array<[string, JournalEntry[]]>,
  room: number,
): { at: number; bytes: Buffer } | undefined {
  const lines: string[] = [];
  let used = 0;
  for (const [plural, entries] of changes) {
    const parts: string[] = [];
    for (const e of entries) {
      const text = JSON.stringify(e);
      used += text.length + 1;
      if (used > room) return undefined;
      parts.push(text);
    }
    lines.push(`${linePrefix(plural)}${parts.join(',')}]]`);
  }
  const lengths = lines.map((l) => Buffer.byteLength(l));
  const head: RecordHead = { seq: journal.records + 1, bytes: lengths.reduce((n, l) => n + l + SEP, -SEP), lines: changes.map(([plural], i) => [plural, lengths[i]]) };
  if (!lines.length) head.bytes = 0;
  if (Object.keys(owners).length) head.owners = owners;
  head.set = {};
  // A key holding undefined is not written (JSON has no undefined): dropped, as a full write leaves it out.
  head.drop = [...was.keys()].filter((k) => header[k] === undefined);
  for (const [k, v] of Object.entries(header)) if (v !== undefined && JSON.stringify(v) !== was.get(k)) head.set[k] = v;
  if (!lines.length && !head.drop.length && Object.keys(head.set).length === 0) return { at: journal.end, bytes: Buffer.alloc(0) };
  const body = [JSON.stringify(head), ...lines].join(',\n') + CLOSING;
  return journal.records === 0 ? { at: journal.start, bytes: Buffer.from(OPENING + body) } : { at: journal.end, bytes: Buffer.from(',\n' + body) };
}
