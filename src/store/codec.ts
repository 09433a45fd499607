// The state file's encoding, built so a command pays only for what it touches.
// - Lazy: each resource (pods, services…) is stored as its own JSON text inside the file, at byte offsets the
//   first line gives; a resource a command never reads is never read from disk nor parsed (only the first line
//   is read at once), and a write copies it back byte for byte from the file opened when reading.
// - Per object: inside a resource, one object per line (bucket.ts); a command decodes only the objects it
//   reads, and writes back the unchanged ones as they were.
// - Compact: objects sharing a controller owner are stored as patches against one shared base (bucket.ts).
// The file stays plain JSON; older layouts (objects written out in full, earlier bucket shapes) are read too.
import type { KubeObject } from '../api/types.js';
import type { ClusterState } from './state.js';
import { diff, patchOf, type Patch } from './patch.js';
import { TAGGERS } from './tags.js';
import { SUMMARIZERS } from './summaries.js';
import { bufferSource, type ByteSource, type FileIdentity } from './source.js';
import { deferredText, pieceLength, piecesBytes, type DeferredText, type Piece } from './deferred-text.js';
import { decodeParsedBucket, encodeBucketParts, isLineLayout, journalDelta, keysOf, tagCountsToKeep, LINE_LAYOUT_HEAD, lazyBucketChanged, lazyBucketChangedObjects, lazyBucketParts, openBucket, replayJournal, valuesOf, type JournalEntry } from './bucket.js';
import { appendedRecord, applyJournal, journalEntries, journalOfValue, readJournal, type Journal } from './journal.js';

export { diff, patchOf };

type Encoded = [base: number, patch: Patch | null];

/** The first bucket shape (still read): objects without a controller owner as they are, the others as patches. */
interface BucketShapeV1 {
  plain?: Record<string, KubeObject>;
  /** Each base: [-1, full object] or [earlier base index, patch against it]. */
  bases?: Encoded[];
  /** key → [base index, patch]. */
  patched?: Record<string, Encoded>;
}

/** The current bucket shape (bucket.ts), once parsed as JSON. */
interface BucketShapeV2 {
  v: 2 | 3;
  bases?: Array<[number, Patch, string?]>;
  objects?: Record<string, KubeObject | Encoded>;
}

type BucketShape = BucketShapeV1 | BucketShapeV2;

/**
 * The file, as JSON: `{"index": {plural: [start, end, owned]}, "schemaVersion": …, "cluster": …, "buckets":
 * {plural: bucket}}`, written so that its first line holds the index and the rest of the state but its objects,
 * and each resource's JSON sits at the byte offsets the index gives (fixed-width, so the index's own length does
 * not depend on them). A reader parses the first line and then only the slices it needs; a file edited by hand
 * (offsets no longer matching) is parsed whole instead. Older layouts are read too: plain `objects`, and
 * resources as JSON strings in `buckets`.
 */
interface FileShape extends Omit<ClusterState, 'objects'> {
  objects?: ClusterState['objects'];
  /** plural → [start, end, owned] of its JSON in the file, fixed-width (older files: a crc32 third, or fourth). */
  index?: Record<string, [string, string, string?]>;
  buckets?: Record<string, string | BucketShape>;
  /** plural → tag → how many of its objects carry that tag (tags.ts), for tagged resources: kept so that a command
   *  knows them without reading every line (the scheduler's pods per node). */
  tagCounts?: TagCounts;
  /** plural → the kinds its objects' owner references name (at least: a kind no longer named may stay): kept so
   *  that the garbage collector knows a resource holds no dependent of a deleted kind without searching it. */
  ownerKinds?: OwnerKinds;
  /** Changes written after the resources (journal.ts). */
  journal?: unknown[];
}

type TagCounts = Record<string, Record<string, number>>;
type OwnerKinds = Record<string, string[]>;
/** What the first line keeps about the resources besides where they are. */
interface Kept {
  tagCounts?: TagCounts;
  ownerKinds?: OwnerKinds;
}

const INDEX_PREFIX = '{"index":';
const OFFSET_WIDTH = 12;

type BucketCheck = (plural: string, bucket: Record<string, KubeObject>) => void;
/** Checks one object as it is decoded (a resource read lazily is checked object by object, when read). */
type ObjectCheck = (plural: string, key: string, obj: KubeObject) => void;

/** How a decoded bucket looked when read: its text, and (once parsed) the objects it held. */
interface LoadedBucket {
  /**
   * The resource's JSON as read (bytes of the file, or a string from an older layout); undefined until read from
   * a file read on demand (then `range` says where).
   */
  text: Buffer | string | undefined;
  /** [start, end] of its JSON in the file, read when first needed. */
  range?: [number, number];
  /** Parsed already (an older layout, or a file parsed whole): the resource's JSON value. */
  shape?: BucketShape;
  /** Objects of this resource a hand edit wrote in full beside its text: merged over it, never dropped. */
  extra?: Record<string, KubeObject>;
  /** False when the file says none of its objects has owner references. */
  owned?: boolean;
  /** Written whole when saved (a hand edit, or an older layout): never as read. */
  edited?: boolean;
  parsed?: Record<string, KubeObject>;
  /** For a resource parsed whole: its objects as read (a lazily read one tracks its changes itself). */
  snapshot?: Map<string, KubeObject>;
  /** A big resource opened without being read (see deferredBucket): read whole, into `text`, by its load(). */
  deferred?: DeferredText;
}

/** A decoded state's resources as read, and what parsing them needs. */
interface Context {
  read: Map<string, LoadedBucket>;
  /** The file, while resources are still to be read from it. */
  file?: FileReader;
  check?: BucketCheck;
  checkObject?: ObjectCheck;
  hooks: DecodeHooks;
  /** Why the file could not be parsed whole, once found (see fallBack). */
  broken?: unknown;
  /** Where the file read kept its resources (while its index held: see fallBack), for headerOnlyWrite. */
  layout?: { firstLine: Buffer; ranges: Map<string, [number, number]>; ownerless: Set<string>; file?: FileIdentity; schemaVersion?: unknown } & Kept;
  /** The changes written after the resources (journal.ts), made again on each resource when it is opened. */
  journal?: Journal;
  /** The same, of a file parsed whole (decodeWhole). */
  parsedJournal?: Map<string, JournalEntry[]>;
  /** The header the next journal record says what changed in, key by key as JSON: the one the journal leaves, or the
   *  file's own. */
  headerBase?: Map<string, string>;
}

/** Whether the journal has changes for a resource. */
const hasJournal = (ctx: Context, plural: string): boolean => Boolean(ctx.journal?.lines.has(plural) || ctx.parsedJournal?.has(plural));

/** A resource's changes in the journal (parsed now), if it has any. */
function journalChanges(ctx: Context, plural: string): JournalEntry[] | undefined {
  if (ctx.parsedJournal) return ctx.parsedJournal.get(plural);
  if (!ctx.journal?.lines.has(plural)) return undefined;
  const entries = journalEntries(ctx.journal, plural);
  ctx.file?.done(JOURNAL_PENDING + plural);
  return entries;
}

/** What keeps the file open while a resource's journal lines are still to be read (see FileReader.pending). */
const JOURNAL_PENDING = '\0journal:';

/** objects record of a decoded state → its buckets as read. */
const loaded = new WeakMap<object, Context>();

/** A resource's text (any layout), parsed whole. */
export function decodeBucket(text: string): Record<string, KubeObject> {
  return decodeBucketShape(JSON.parse(text) as BucketShape);
}

function decodeBucketShape(shape: BucketShape): Record<string, KubeObject> {
  if (!shape || typeof shape !== 'object' || Array.isArray(shape)) throw new SyntaxError('a resource is not a JSON object');
  if ((shape as BucketShapeV2).v === 2 || (shape as BucketShapeV2).v === 3) return decodeParsedBucket(shape as BucketShapeV2);
  const v1 = shape as BucketShapeV1;
  const bucket: Record<string, KubeObject> = v1.plain ?? {};
  if (v1.bases && v1.patched) {
    const bases: KubeObject[] = [];
    for (const [from, p] of v1.bases) bases.push(from < 0 ? (p as unknown as KubeObject) : patchOf(bases[from], p));
    for (const [key, [b, patch]] of Object.entries(v1.patched)) {
      const base = bases[b];
      if (base === undefined) throw new SyntaxError(`base ${b} of ${key} is missing`);
      bucket[key] = patchOf(base, patch);
    }
  }
  return bucket;
}

/** Unchanged since read: same keys holding the very same objects. */
function unchanged(read: LoadedBucket, bucket: Record<string, KubeObject>): boolean {
  if (read.parsed !== bucket || !read.snapshot) return false;
  let n = 0;
  for (const key in bucket) {
    if (read.snapshot.get(key) !== bucket[key]) return false;
    n++;
  }
  return n === read.snapshot.size;
}

const hasOwners = (o: KubeObject | undefined) => Array.isArray(o?.metadata?.ownerReferences) && o!.metadata.ownerReferences!.length > 0;

/**
 * A resource's bytes to write (as pieces), and whether any of its objects may have owner references (as the file
 * said, or set by an object written since).
 */
function bucketBytes(ctx: Context | undefined, lazy: LoadedBucket | undefined, objects: ClusterState['objects'], plural: string): [Piece[], boolean] | undefined {
  if (lazy && !changedSinceRead(lazy, objects, plural)) {
    const text = lazy.text ?? unreadText(ctx!, lazy);
    const piece: Piece = typeof text === 'string' ? Buffer.from(text) : Buffer.isBuffer(text) ? text : { text, start: 0, end: text.length };
    return [[piece], lazy.owned !== false];
  }
  const bucket = objects[plural];
  // Read lazily and changed: unchanged lines copied, the others encoded.
  const parts = lazy && lazy.parsed === bucket ? lazyBucketParts(bucket) : undefined;
  if (parts) return [parts, mayHaveOwners(objects, plural)];
  if (!bucket || Object.keys(bucket).length === 0) return undefined;
  return [encodeBucketParts(bucket, TAGGERS[plural], SUMMARIZERS[plural]), valuesOf(bucket).some(hasOwners)];
}

/**
 * Whether a resource may hold objects with owner references: false only when the file says none of its objects
 * had any and none was written since (what the garbage collector needs to skip it).
 */
export function mayHaveOwners(objects: ClusterState['objects'], plural: string): boolean {
  const entry = loaded.get(objects)?.read.get(plural);
  if (!entry || entry.owned !== false || entry.edited) return true;
  if (!entry.parsed) return false;
  const changed = lazyBucketChangedObjects(entry.parsed);
  return changed === undefined || changed.some(hasOwners);
}

/**
 * The bytes of a resource never read, or opened unread and still unread: copied from the file opened when decoding
 * as the new file is written (see eachPieceChunk), not read into memory first.
 */
function unreadText(ctx: Context, entry: LoadedBucket): DeferredText {
  if (entry.deferred) return entry.deferred;
  const [start, end] = entry.range!;
  return fileText(ctx.file!, start, end, () => ctx.file!.bytes(start, end));
}

/** The state file, as the pieces to write one after the other. */
export function encodeStateParts(state: ClusterState): Piece[] {
  const ctx = loaded.get(state.objects);
  // A resource the journal changed is written with its changes: opened (they are made again on it) if it was not.
  if (ctx?.journal) for (const plural of ctx.journal.lines.keys()) if (Object.prototype.hasOwnProperty.call(state.objects, plural)) void state.objects[plural];
  // Resources never read are written back as they were, from the file opened when decoding: each is checked to be
  // where the index says now (a few bytes read), a file edited by hand since being read whole instead (fallBack).
  if (ctx) for (const [plural, entry] of [...ctx.read]) if (entry.text === undefined && !entry.parsed && !entry.deferred && !(ctx.file && inPlace(ctx, plural))) textOf(ctx, state.objects, plural);
  const read = ctx?.read;
  const parts: Array<[string, Piece[], boolean]> = [];
  for (const plural of Object.keys(state.objects)) {
    const b = bucketBytes(ctx, read?.get(plural), state.objects, plural);
    if (b) parts.push([plural, ...b]);
  }
  const plurals = parts.map(([p]) => p);
  const firstLine = firstLineOf(state, { tagCounts: tagCountsOf(ctx, state, plurals), ownerKinds: ownerKindsToKeep(ctx, state, plurals) });
  // The first line's length depends only on the plurals and the header, not on the offsets' values.
  const placeholder = Object.fromEntries(parts.map(([p]) => [p, [pad(0), pad(0), '0']]));
  const lineLength = Buffer.byteLength(firstLine(placeholder));
  let offset = lineLength;
  // plural → [start, end, "1" if any object may have owner references else "0"], fixed width.
  const index: Record<string, string[]> = {};
  const chunks: Piece[] = [];
  parts.forEach(([plural, pieces, owned], i) => {
    const key = Buffer.from(`${i ? ',\n' : ''}${JSON.stringify(plural)}:`);
    offset += key.length;
    const length = pieces.reduce((n, b) => n + pieceLength(b), 0);
    index[plural] = [pad(offset), pad(offset + length), owned ? '1' : '0'];
    offset += length;
    chunks.push(key);
    for (const piece of pieces) chunks.push(piece); // not push(...pieces): a line each, past what a call's arguments can hold
  });
  return [Buffer.from(firstLine(index)), ...chunks, Buffer.from('\n}}\n')];
}

/**
 * The tag counts to keep for the tagged resources written: as the file kept them for one never decoded, else the
 * resource's own (a lazily read one's only when known without reading every line: otherwise none is kept, and
 * readers count from the lines).
 */
function tagCountsOf(ctx: Context | undefined, state: ClusterState, plurals: string[]): TagCounts | undefined {
  const out: TagCounts = {};
  for (const plural of plurals) {
    const tagger = TAGGERS[plural];
    if (!tagger) continue;
    const entry = ctx?.read.get(plural);
    const counts = entry && !entry.parsed ? ctx!.layout?.tagCounts?.[plural] : mapToRecord(tagCountsToKeep(state.objects[plural], tagger));
    if (counts) out[plural] = counts;
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The owner kinds to keep for the resources written: as the file kept them for one never decoded; for one read
 * lazily, those as read and those of the objects written since; for one held whole, those of its objects. None
 * for a resource whose kinds as read are not known.
 */
function ownerKindsToKeep(ctx: Context | undefined, state: ClusterState, plurals: string[]): OwnerKinds | undefined {
  const out: OwnerKinds = {};
  for (const plural of plurals) {
    const kinds = ownerKindsNow(ctx, state.objects, plural);
    if (kinds) out[plural] = [...kinds].sort();
  }
  return Object.keys(out).length ? out : undefined;
}

/**
 * The kinds a resource's objects may name as owners now (every one of them, maybe more); undefined when not
 * known (a file that does not keep them, a hand-edited one).
 */
function ownerKindsNow(ctx: Context | undefined, objects: ClusterState['objects'], plural: string): Set<string> | undefined {
  const entry = ctx?.read.get(plural);
  const kindsOf = (objs: Iterable<KubeObject>, into = new Set<string>()) => {
    for (const o of objs) for (const r of o?.metadata?.ownerReferences ?? []) if (typeof r?.kind === 'string') into.add(r.kind);
    return into;
  };
  if (!entry) return objects[plural] ? kindsOf(valuesOf(objects[plural])) : undefined;
  const asRead = entry.edited ? undefined : ctx!.layout?.ownerKinds?.[plural];
  if (!entry.parsed) return asRead && new Set(asRead);
  const changed = lazyBucketChangedObjects(entry.parsed);
  // Held whole (replaced, edited by hand, an older layout): from its objects.
  if (changed === undefined) return kindsOf(valuesOf(entry.parsed));
  return asRead && kindsOf(changed, new Set(asRead));
}

/**
 * Whether a resource's objects as read may name an owner of this kind: false only when the file keeps the kinds
 * they name, none of them this one. Objects written since are the caller's to look at (the garbage collector
 * keeps them by owner).
 */
export function mayBeOwnedByKind(objects: ClusterState['objects'], plural: string, kind: string): boolean {
  const ctx = loaded.get(objects);
  const entry = ctx?.read.get(plural);
  // Not read from a file, or held whole (replaced, an older layout): any object may be there.
  if (!entry || entry.edited || (entry.parsed && lazyBucketChanged(entry.parsed) === undefined)) return true;
  return ctx!.layout?.ownerKinds?.[plural]?.includes(kind) ?? true;
}

/** Tag → count, in tag order (the same counts always written alike). */
function mapToRecord(counts: Map<string, number> | undefined): Record<string, number> | undefined {
  return counts && Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** An offset in the index: fixed width, so that the first line's length does not depend on the offsets. */
const pad = (n: number) => String(n).padStart(OFFSET_WIDTH, '0');

/** The first line for an index (plural → [start, end, owner flag]): the index, then the state but its objects. */
function firstLineOf(state: ClusterState, facts: Kept = {}): (index: Record<string, string[]>) => string {
  // Facts come from the codec only (a state carrying fields of those names, from a hand-written file, drops them).
  const { objects: _objects, tagCounts: _t, ownerKinds: _k, ...header } = state as ClusterState & Kept;
  const rest = JSON.stringify(header).slice(1, -1);
  const kept = (facts.tagCounts ? `,"tagCounts":${JSON.stringify(facts.tagCounts)}` : '') + (facts.ownerKinds ? `,"ownerKinds":${JSON.stringify(facts.ownerKinds)}` : '');
  return (index) => `${INDEX_PREFIX}${JSON.stringify(index)}${kept}${rest ? ',' + rest : ''},"buckets":{\n`;
}

/** A newer first line for a state file, kept beside it (statefile.ts): used while the file's own is `base`. */
export interface NewerHead {
  base: Buffer;
  line: Buffer;
}

/**
 * A write that changed no resource, only the header (the random generator's position, the data plane's memory:
 * what curl changes): the new first line, when the rest of the file read (same resources, same order, same
 * offsets) is what the write would put after it, with the file's own first line it replaces. The writer then
 * keeps that line beside the file (statefile.ts), instead of writing every resource again. Undefined otherwise.
 */
export function headerOnlyWrite(state: ClusterState): (NewerHead & { file: FileIdentity }) | undefined {
  const ctx = loaded.get(state.objects);
  const layout = ctx?.layout;
  // A file with journal records: a header-only change is a record too (see journalRecord), newer than any .head.
  if (!ctx || !layout?.file || ctx.broken !== undefined || ctx.journal?.records) return undefined;
  // A state migrated since read is written whole, in its new schema (a first line of another schema beside the
  // file would not be used).
  if (state.schemaVersion !== layout.schemaVersion) return undefined;
  const order = resourcesAsLaidOut(state, layout);
  if (!order) return undefined;
  for (const plural of order) {
    const entry = ctx.read.get(plural);
    if (!entry || changedSinceRead(entry, state.objects, plural)) return undefined;
  }
  // Only then (it reads a few bytes of each): are the resources never read where the index says?
  for (const plural of order) if (!inPlace(ctx, plural)) return undefined;
  const index: Record<string, string[]> = {};
  for (const [plural, [start, end]] of layout.ranges) index[plural] = [pad(start), pad(end), layout.ownerless.has(plural) ? '0' : '1'];
  return { base: layout.firstLine, line: Buffer.from(firstLineOf(state, layout)(index)), file: layout.file };
}

/**
 * The file's resources in its order, when the state has the same ones in the same order (one created since read,
 * as a lookup makes an empty one, only if it stays empty: it is not written); undefined otherwise. Reads none.
 */
function resourcesAsLaidOut(state: ClusterState, layout: NonNullable<Context['layout']>): string[] | undefined {
  const order = [...layout.ranges.keys()];
  let i = 0;
  for (const plural of Object.keys(state.objects)) {
    if (!layout.ranges.has(plural)) {
      const bucket = state.objects[plural];
      if (bucket && keysOf(bucket).length > 0) return undefined;
      continue;
    }
    if (order[i++] !== plural) return undefined;
  }
  return i === order.length ? order : undefined;
}

/** A journal record to append to the file read (its bytes, and where), and what deciding whether to append it needs. */
export interface JournalWrite {
  at: number;
  bytes: Buffer;
  journal: Journal;
  file: FileIdentity;
}

/**
 * What the command changed since the file was read, as a journal record (journal.ts): when every resource it
 * changed was read lazily from that file and changed object by object (not replaced whole, not created, not
 * edited by hand), in the same schema, and the record takes at most the bytes `room` gives for the file's journal.
 * Undefined otherwise: the state is then written whole.
 */
export function journalRecord(state: ClusterState, room: (journal: Journal) => number): JournalWrite | undefined {
  const ctx = loaded.get(state.objects);
  const layout = ctx?.layout;
  const journal = ctx?.journal;
  if (!ctx || !layout?.file || !journal || ctx.broken !== undefined || state.schemaVersion !== layout.schemaVersion) return undefined;
  const bytes = room(journal);
  if (bytes <= 0) return undefined;
  const order = resourcesAsLaidOut(state, layout);
  if (!order) return undefined;
  const changes: Array<[string, JournalEntry[]]> = [];
  const owners: Record<string, string[]> = {};
  for (const plural of order) {
    const entry = ctx.read.get(plural);
    if (!entry || entry.edited) return undefined;
    if (!entry.parsed) continue; // never opened: as the file (and its journal) holds it
    if (entry.parsed !== state.objects[plural]) return undefined;
    const delta = journalDelta(entry.parsed);
    if (delta === undefined) {
      if (unchanged(entry, entry.parsed)) continue;
      return undefined;
    }
    if (!delta.length) continue;
    changes.push([plural, delta]);
    const kinds = new Set<string>();
    for (const [, obj] of delta) for (const r of obj?.metadata?.ownerReferences ?? []) if (typeof r?.kind === 'string') kinds.add(r.kind);
    if (kinds.size) owners[plural] = [...kinds].sort();
  }
  const { objects: _objects, tagCounts: _t, ownerKinds: _k, ...header } = state as ClusterState & Kept;
  const record = appendedRecord(journal, header, ctx.headerBase!, owners, changes, bytes);
  return record && { ...record, journal, file: layout.file };
}

/**
 * How many journal records of the file a state was read from come before the last one that changed objects (the
 * state before that change: see cluster restore); undefined when none did (records that changed only the header,
 * a curl's random draws, as a write beside the file does, are not a change to go back from).
 */
export function recordsBeforeLastChange(state: ClusterState): number | undefined {
  const n = loaded.get(state.objects)?.journal?.beforeLastChange ?? -1;
  return n < 0 ? undefined : n;
}

/** Whether a resource may differ from its bytes in the file (changed, replaced, or not written as read). */
function changedSinceRead(entry: LoadedBucket, objects: ClusterState['objects'], plural: string): boolean {
  if (entry.edited || (entry.text === undefined && !entry.range)) return true;
  if (!entry.parsed) return false; // never parsed (replacing the resource would have set parsed: see defineResource)
  if (entry.parsed !== objects[plural]) return true;
  const changed = lazyBucketChanged(entry.parsed);
  return changed === undefined ? !unchanged(entry, entry.parsed) : changed;
}

/**
 * Whether a resource is where the index says: read from there, or (never read) its key just before its start and
 * braces at both ends, as readResource checks, reading only those bytes.
 */
function inPlace(ctx: Context, plural: string): boolean {
  const entry = ctx.read.get(plural)!;
  if (entry.text !== undefined) return true;
  if (!entry.range || !ctx.file) return false;
  const [start, end] = entry.range;
  const key = resourceKey(plural);
  return placed(key, ctx.file.bytes(start - key.length, start + 1), ctx.file.bytes(end - 1, end)[0]);
}

/** The state file's bytes. */
export function encodeStateBytes(state: ClusterState): Buffer {
  return piecesBytes(encodeStateParts(state));
}

export function encodeState(state: ClusterState): string {
  return encodeStateBytes(state).toString('utf8');
}

/** Reads a state file's bytes for the codec: the first line at once, each resource when it is first needed. */
class FileReader {
  /** The bytes from the start of the file read so far (the first line, and what came with it). */
  head: Buffer = Buffer.alloc(0);
  /** Resources whose bytes are still to be read: when none is left, the file is released. */
  readonly pending = new Set<string>();
  constructor(
    readonly source: ByteSource,
    /** Bytes already in memory: every resource is checked at once (reading is free). */
    readonly inMemory: boolean,
  ) {}
  bytes(start: number, end: number): Buffer {
    return end <= this.head.length ? this.head.subarray(start, end) : this.source.read(start, end);
  }
  /** Bytes [start, start + length) into `buf` (an existing buffer: no new memory); how many were read. */
  readInto(buf: Buffer, start: number, length: number): number {
    if (start + length <= this.head.length) return this.head.copy(buf, 0, start, start + length);
    return this.source.readInto ? this.source.readInto(buf, start, length) : this.source.read(start, start + length).copy(buf);
  }
  whole(): Buffer {
    return this.head.length >= this.source.size ? this.head : this.source.read(0, this.source.size);
  }
  done(plural: string): void {
    if (this.pending.delete(plural) && this.pending.size === 0) this.source.close();
  }
  close(): void {
    this.pending.clear();
    this.source.close();
  }
}

/** How much of a file is read first: the first line (the index and header) is often all of it, or most. */
const HEAD_CHUNK = 16 * 1024;
/** The index's first entry: where the first resource starts, hence where the first line ends. */
const FIRST_ENTRY = /^\{"index":\{("(?:[^"\\\n]|\\.)*"):\["(\d+)"/;

interface Head {
  header: Omit<ClusterState, 'objects'>;
  /** plural → [start, end] of its JSON (its key `"plural":` just before start), in the index's order. */
  ranges: Map<string, [number, number]>;
  ownerless: Set<string>;
  /** The file's own first line, its newline included. */
  firstLine: Buffer;
  /** The header that line holds (`header` may be a newer one kept beside the file). */
  ownHeader: Record<string, unknown>;
  tagCounts?: TagCounts;
  ownerKinds?: OwnerKinds;
}

/**
 * The first line's index, if it has one whose offsets fit in the file. That each offset points at its resource
 * as written (its key just before, braces at both ends) is checked when the resource is read (readResource).
 * With `newer` (a line kept beside the file: see headerOnlyWrite), the header is read from that line while the
 * file's own first line is still its base.
 */
function readHead(file: FileReader, newer?: NewerHead): Head | undefined {
  const { source } = file;
  const size = source.size;
  let head = source.read(0, file.inMemory ? size : Math.min(size, HEAD_CHUNK));
  file.head = head;
  if (head.toString('latin1', 0, INDEX_PREFIX.length) !== INDEX_PREFIX) return undefined;
  let nl = head.indexOf(10);
  if (nl < 0) {
    // The first line ends just before the first resource's key: read up to there, if the index says where.
    const m = FIRST_ENTRY.exec(head.toString('latin1', 0, Math.min(head.length, 4096)));
    const lineEnd = m ? Number(m[2]) - m[1].length - 1 : -1;
    if (lineEnd > head.length && lineEnd <= size) {
      head = Buffer.concat([head, source.read(head.length, lineEnd)]);
      if (head[lineEnd - 1] === 10) nl = lineEnd - 1;
    }
    while (nl < 0 && head.length < size) {
      const from = head.length;
      const more = source.read(from, Math.min(size, 2 * from));
      if (more.length === 0) break;
      head = Buffer.concat([head, more]);
      nl = head.indexOf(10, from);
    }
    file.head = head;
    if (nl < 0) return undefined;
  }
  let parsed: FileShape;
  try {
    parsed = JSON.parse(head.toString('utf8', 0, nl) + '}}');
  } catch {
    return undefined;
  }
  if (!parsed.index || typeof parsed.index !== 'object') return undefined;
  const firstLine = Buffer.from(head.subarray(0, nl + 1));
  let header = parsed;
  if (newer && newer.base.equals(firstLine)) {
    // Written by a header-only write: the same index and schema, a newer rest. Any other line is not used.
    try {
      const line = newer.line.toString('utf8');
      const h: FileShape = line.endsWith('\n') ? JSON.parse(line.slice(0, -1) + '}}') : undefined;
      if (h?.schemaVersion === parsed.schemaVersion && JSON.stringify(h.index) === JSON.stringify(parsed.index)) header = h;
    } catch {
      // not JSON: the file's own header
    }
  }
  const ranges = new Map<string, [number, number]>();
  const ownerless = new Set<string>();
  for (const [plural, pair] of Object.entries(parsed.index)) {
    if (!Array.isArray(pair) || pair.length < 2 || pair.length > 4) return undefined;
    // The owner flag: a one-digit last element (a 12-digit third one is an older file's checksum, unused now).
    const flag = (pair as string[])[pair.length - 1];
    if (pair.length > 2 && flag === '0') ownerless.add(plural);
    const [start, end] = pair.map(Number);
    const keyLength = Buffer.byteLength(`${JSON.stringify(plural)}:`);
    if (!Number.isInteger(start) || !Number.isInteger(end) || start - keyLength <= nl || end <= start || end > size) return undefined;
    ranges.set(plural, [start, end]);
  }
  const { index: _i, buckets: _b, objects: _o, tagCounts, ownerKinds, ...rest } = header;
  const own = header === parsed ? rest : withoutFacts(parsed);
  return { header: rest as Omit<ClusterState, 'objects'>, ownHeader: own, ranges, ownerless, firstLine, tagCounts: validCounts(tagCounts), ownerKinds: validKinds(ownerKinds) };
}

/** A first line's header: the state but its objects and what the codec keeps about them. */
function withoutFacts(line: FileShape): Record<string, unknown> {
  const { index: _i, buckets: _b, objects: _o, tagCounts: _t, ownerKinds: _k, ...rest } = line;
  return rest;
}

/** Owner kinds as the first line keeps them, if they have that shape (else none: not known). */
function validKinds(kinds: unknown): OwnerKinds | undefined {
  if (!kinds || typeof kinds !== 'object' || Array.isArray(kinds)) return undefined;
  for (const list of Object.values(kinds)) if (!Array.isArray(list) || !list.every((k) => typeof k === 'string')) return undefined;
  return kinds as OwnerKinds;
}

/** Tag counts as the first line keeps them, if they have that shape (else none: readers count from the lines). */
function validCounts(counts: unknown): TagCounts | undefined {
  if (!counts || typeof counts !== 'object' || Array.isArray(counts)) return undefined;
  for (const perTag of Object.values(counts)) {
    if (!perTag || typeof perTag !== 'object' || Array.isArray(perTag)) return undefined;
    for (const n of Object.values(perTag)) if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) return undefined;
  }
  return counts as TagCounts;
}

/** A resource's JSON, if its offsets point at it as written (its key just before it, braces at both ends). */
function readResource(file: FileReader, plural: string, [start, end]: [number, number]): Buffer | undefined {
  const key = resourceKey(plural);
  const bytes = file.bytes(start - key.length, end);
  if (bytes.length !== end - start + key.length || !placed(key, bytes.subarray(0, key.length + 1), bytes[bytes.length - 1])) return undefined;
  return bytes.subarray(key.length);
}

/** `"plural":`, as it stands just before the resource's JSON. */
const resourceKey = (plural: string) => Buffer.from(`${JSON.stringify(plural)}:`);

/** Whether the bytes at a resource's offsets show it there: `start` (its key, then `{`) and its `last` byte, `}`. */
function placed(key: Buffer, start: Buffer, last: number | undefined): boolean {
  return start.length === key.length + 1 && start.subarray(0, key.length).equals(key) && start[key.length] === 0x7b && last === 0x7d;
}

/** What the caller wants thrown instead of the codec's SyntaxErrors. */
export interface DecodeHooks {
  /** A resource's text cannot be parsed (found when it is first read, or, for one read lazily, when its lines are
   *  indexed or one of its objects is parsed). */
  resourceBroken?: (plural: string, e: SyntaxError) => Error;
  /** The whole file cannot be parsed (found when a resource's offsets turn out wrong after the file was opened). */
  fileBroken?: (e: SyntaxError, bytes: Buffer) => Error;
  /** A newer first line kept beside the file (see headerOnlyWrite). */
  newerHead?: NewerHead;
  /** Read at most this many journal records (restore: all but the last). */
  journalRecords?: number;
}

const isSource = (x: unknown): x is ByteSource => typeof x === 'object' && x !== null && !Buffer.isBuffer(x) && typeof (x as ByteSource).read === 'function';

/**
 * Parse a state file: bytes, text, or a source read on demand (only the first line at once; each resource's
 * bytes when it is first read, or when the state is written). Resources are parsed on first access; `check` then
 * validates each one (and may throw). Throws SyntaxError on bad JSON in what is parsed at once.
 */
export function decodeState(input: Buffer | string | ByteSource, check?: BucketCheck, checkObject?: ObjectCheck, hooks: DecodeHooks = {}): ClusterState {
  const file = isSource(input) ? new FileReader(input, false) : new FileReader(bufferSource(Buffer.isBuffer(input) ? input : Buffer.from(input)), true);
  let head: Head | undefined;
  try {
    head = readHead(file, hooks.newerHead);
  } catch (e) {
    file.close();
    throw e;
  }
  const ctx: Context = { read: new Map(), check, checkObject, hooks };
  if (head && file.inMemory) {
    // Bytes in memory: check every offset now, as reading costs nothing (and any wrong one means the whole file).
    for (const [plural, range] of head.ranges) {
      const text = readResource(file, plural, range);
      if (!text) {
        head = undefined;
        break;
      }
      ctx.read.set(plural, { text, owned: !head.ownerless.has(plural) });
    }
  }
  if (!head) {
    const bytes = file.whole();
    file.close();
    return decodeWhole(bytes, check, checkObject, hooks);
  }
  ctx.file = file.inMemory ? undefined : file;
  ctx.layout = { firstLine: head.firstLine, ranges: head.ranges, ownerless: head.ownerless, file: file.inMemory ? undefined : file.source.identity, tagCounts: head.tagCounts, ownerKinds: head.ownerKinds, schemaVersion: head.header.schemaVersion };
  const journal = journalOf(file, head, hooks.journalRecords);
  const objects: ClusterState['objects'] = {};
  for (const [plural, range] of head.ranges) {
    if (!ctx.read.has(plural)) {
      ctx.read.set(plural, { text: undefined, range, owned: !head.ownerless.has(plural) });
      file.pending.add(plural);
    }
    defineResource(objects, plural, ctx);
  }
  if (ctx.file && file.pending.size === 0) file.close();
  let header = head.header;
  if (journal) {
    ctx.journal = journal;
    if (journal.head) header = journal.head as typeof header;
    // The file stays open until each resource's journal lines are read.
    if (ctx.file) for (const plural of journal.lines.keys()) file.pending.add(JOURNAL_PENDING + plural);
    // Objects the records wrote may name owners the file's resources did not.
    for (const [plural, kinds] of journal.owners) {
      const entry = ctx.read.get(plural);
      if (entry && kinds.size) entry.owned = true;
      const known = ctx.layout.ownerKinds?.[plural];
      if (known) ctx.layout.ownerKinds![plural] = [...new Set([...known, ...kinds])].sort();
    }
    // What the next record says what changed in: a first record's, in the file's own header (a newer first line
    // kept beside the file is not read once the file has records).
    ctx.headerBase = new Map(Object.entries(journal.records ? header : head.ownHeader).map(([k, v]) => [k, JSON.stringify(v)]));
  }
  loaded.set(objects, ctx);
  return { ...header, objects };
}

/**
 * The journal after the resources (journal.ts), when it is one this file's first line goes with (its records'
 * header of the same schema); undefined when the file ends otherwise.
 */
function journalOf(file: FileReader, head: Head, limit?: number): Journal | undefined {
  let start = head.firstLine.length;
  for (const [, end] of head.ranges.values()) start = Math.max(start, end);
  const size = file.source.size;
  if (start > size) return undefined;
  const journal = readJournal((s, e) => file.bytes(s, e), start, size, head.ownHeader, limit);
  if (journal?.head && journal.head.schemaVersion !== head.header.schemaVersion) return undefined;
  return journal;
}

/** A file parsed whole (no usable index): older layouts, and files edited by hand. */
function decodeWhole(buf: Buffer, check?: BucketCheck, checkObject?: ObjectCheck, hooks: DecodeHooks = {}): ClusterState {
  let file: FileShape;
  try {
    file = JSON.parse(buf.toString('utf8')) as FileShape;
  } catch (e) {
    if (e instanceof SyntaxError && hooks.fileBroken) throw hooks.fileBroken(e, buf);
    throw e;
  }
  if (file && typeof file === 'object' && (file as LegacyFile).compact) return readLegacyCompact(file as LegacyFile, check);
  if (!file || typeof file !== 'object' || !file.buckets || typeof file.buckets !== 'object') {
    if (file && typeof file === 'object' && file.objects && check) {
      for (const [plural, bucket] of Object.entries(file.objects)) check(plural, bucket);
    }
    return file as ClusterState;
  }
  // The facts the first line keeps are not read from a file parsed whole (its resources may have been edited).
  const { buckets: texts, objects: plainObjects, index: _i, tagCounts: _t, ownerKinds: _k, journal: journalValue, ...fileHeader } = file;
  // Changes written after the resources: made on each resource when it is parsed (see parseResource).
  const journal = journalOfValue(journalValue, fileHeader, hooks.journalRecords);
  const header = journal.head;
  // Resources written out in full beside the encoded ones (a hand edit) count too, merged over them.
  const written: Record<string, Record<string, KubeObject>> = plainObjects && typeof plainObjects === 'object' ? plainObjects : {};
  const objects: ClusterState['objects'] = {};
  const ctx: Context = { read: new Map(), check, checkObject, hooks, parsedJournal: journal.changes };
  for (const [plural, bucket] of Object.entries(written)) {
    if (plural in texts) continue;
    const changes = journal.changes.get(plural);
    if (changes) applyJournal(bucket, changes);
    check?.(plural, bucket);
    objects[plural] = bucket;
  }
  for (const [plural, raw] of Object.entries(texts)) {
    const isText = typeof raw === 'string';
    if (!isText && (typeof raw !== 'object' || raw === null)) throw new SyntaxError(`buckets.${plural} is not a resource`);
    const extra = written[plural] && typeof written[plural] === 'object' ? written[plural] : undefined;
    ctx.read.set(plural, {
      text: isText ? raw : JSON.stringify(raw),
      shape: isText ? undefined : (raw as BucketShape),
      extra,
      edited: Boolean(extra) || !isText,
    });
    defineResource(objects, plural, ctx);
  }
  loaded.set(objects, ctx);
  return { ...(header as Omit<ClusterState, 'objects'>), objects };
}

/** A resource of a decoded state: parsed on first access, from the text read then (see Context). */
function defineResource(objects: ClusterState['objects'], plural: string, ctx: Context): void {
  Object.defineProperty(objects, plural, {
    enumerable: true,
    configurable: true,
    get(this: ClusterState['objects']) {
      return ctx.read.get(plural)?.parsed ?? parseResource(ctx, this, plural);
    },
    set(this: ClusterState['objects'], v) {
      // Replacing a whole resource: from now on it is encoded from the objects (its text is not needed).
      Object.defineProperty(this, plural, { value: v, enumerable: true, configurable: true, writable: true });
      const entry = ctx.read.get(plural);
      if (entry) {
        entry.parsed = v;
        entry.snapshot = undefined;
      }
      ctx.file?.done(plural);
    },
  });
}

function parseResource(ctx: Context, objects: ClusterState['objects'], plural: string): Record<string, KubeObject> | undefined {
  const opened = ctx.read.get(plural)?.parsed ?? deferredBucket(ctx, plural);
  if (opened) return opened;
  const entry = textOf(ctx, objects, plural);
  if (!entry) return (objects as Record<string, Record<string, KubeObject> | undefined>)[plural];
  if (entry.parsed) return entry.parsed;
  const text = entry.text!;
  try {
    // The line layout: decoded object by object, on demand (each object checked as it is decoded).
    if (!entry.extra && Buffer.isBuffer(text) && isLineLayout(text)) {
      entry.parsed = openLineLayout(ctx, plural, text);
      return entry.parsed;
    }
    const bucket = entry.shape ? decodeBucketShape(entry.shape) : decodeBucket(text.toString());
    if (entry.extra) Object.assign(bucket, entry.extra);
    const changes = journalChanges(ctx, plural);
    if (changes) applyJournal(bucket, changes);
    ctx.check?.(plural, bucket);
    entry.parsed = bucket;
    // A merged hand edit (or journal) must be written out, so no snapshot: the resource counts as changed.
    entry.snapshot = entry.edited || changes ? undefined : new Map(Object.entries(bucket));
    return bucket;
  } catch (e) {
    if (e instanceof SyntaxError && ctx.hooks.resourceBroken) throw ctx.hooks.resourceBroken(plural, e);
    throw e;
  }
}

/** Resources from this size are opened without being read (deferredBucket). */
let deferFrom = 1 << 20;

/** Tests: open resources from this size without reading them (undefined: the default). */
export function deferResourcesFrom(bytes: number | undefined): void {
  deferFrom = bytes ?? 1 << 20;
}

/**
 * A big resource of a file, opened without being read, when it is where the index says and in the line layout (a
 * few bytes read tell): a command that looks up a few of its objects searches the file for them and reads their
 * lines only (deferred-text.ts); it is read whole when first needed whole. Undefined for any other resource.
 */
function deferredBucket(ctx: Context, plural: string): Record<string, KubeObject> | undefined {
  const entry = ctx.read.get(plural);
  const file = ctx.file;
  if (!entry || !file || entry.text !== undefined || !entry.range || entry.extra) return undefined;
  const [start, end] = entry.range;
  if (end - start < deferFrom || !inPlace(ctx, plural) || !isLineLayout(file.bytes(start, start + LINE_LAYOUT_HEAD), end - start)) return undefined;
  const text = fileText(file, start, end, () => {
    // Where inPlace found it: the file read is the one opened (a writer renames a new file over the path).
    const bytes = file.bytes(start, end);
    entry.text = bytes;
    file.done(plural);
    return bytes;
  });
  entry.deferred = text;
  entry.parsed = openLineLayout(ctx, plural, text);
  return entry.parsed;
}

/** Bytes [start, end) of the file, not read yet: read in pieces on demand, or whole by `load`. */
function fileText(file: FileReader, start: number, end: number, load: () => Buffer): DeferredText {
  return deferredText(start, end - start, { read: (s, e) => file.bytes(s, e), readInto: (buf, s, n) => file.readInto(buf, s, n) }, load);
}

/**
 * A resource in the line layout, opened lazily: its lines are indexed, and its objects parsed, on first use; what
 * is found broken then is reported as when it is read.
 */
function openLineLayout(ctx: Context, plural: string, text: Buffer | DeferredText): Record<string, KubeObject> {
  const checkObject = ctx.checkObject;
  const broken = ctx.hooks.resourceBroken;
  const counts = ctx.layout?.tagCounts?.[plural];
  const bucket = openBucket(text, TAGGERS[plural], checkObject && ((key, obj) => checkObject(plural, key, obj)), SUMMARIZERS[plural], broken && ((e) => broken(plural, e)), counts && new Map(Object.entries(counts)));
  if (hasJournal(ctx, plural)) {
    let changes: JournalEntry[];
    try {
      changes = journalChanges(ctx, plural)!;
    } catch (e) {
      throw e instanceof SyntaxError && broken ? broken(plural, e) : e;
    }
    // Checked as the objects of the text are (a journal edited by hand holds what it holds).
    if (checkObject) for (const [key, obj] of changes) if (obj) checkObject(plural, key, obj);
    replayJournal(bucket, changes);
  }
  return bucket;
}

/**
 * A resource's entry with its text read (reading it from the file now if need be). Offsets found not to point at
 * the resource mean a file edited by hand: it is then parsed whole (see fallBack), and the entry may change or go.
 */
function textOf(ctx: Context, objects: ClusterState['objects'], plural: string): LoadedBucket | undefined {
  const entry = ctx.read.get(plural);
  if (!entry || entry.text !== undefined || !entry.range) return entry;
  if (entry.deferred) {
    entry.deferred.load();
    return entry;
  }
  if (!ctx.file) {
    if (entry.parsed) return entry; // replaced whole: its text is not needed
    throw ctx.broken ?? new Error(`kubesim: the ${plural} resource was not read before its file was closed`);
  }
  const text = readResource(ctx.file, plural, entry.range);
  if (!text) {
    fallBack(ctx, objects);
    return ctx.read.get(plural);
  }
  entry.text = text;
  ctx.file.done(plural);
  return entry;
}

/**
 * A resource's offsets did not point at it: the file was edited by hand since kubesim wrote it. Parse it whole, as
 * a file without an index is: the resources not read yet are taken from that (and written out in full, as edited
 * ones are); those already read were where the index said, so they stay as read.
 */
function fallBack(ctx: Context, objects: ClusterState['objects']): void {
  const file = ctx.file!;
  ctx.file = undefined;
  ctx.layout = undefined;
  let whole: ClusterState;
  try {
    const bytes = file.whole();
    // Resources opened unread were where the index said: kept, so read before the file is let go.
    for (const entry of ctx.read.values()) entry.deferred?.load();
    file.close();
    whole = decodeWhole(bytes, ctx.check, ctx.checkObject, ctx.hooks);
  } catch (e) {
    // Every later read of a resource still to be read fails the same way.
    ctx.broken = e;
    throw e;
  }
  const from = loaded.get(whole.objects);
  // Resources read from here on are parsed whole, with the journal of the file parsed whole.
  ctx.journal = undefined;
  ctx.parsedJournal = from?.parsedJournal;
  const fresh = (whole.objects ?? {}) as Record<string, unknown>;
  const settle = (plural: string) => {
    const entry = from?.read.get(plural);
    if (entry && Object.getOwnPropertyDescriptor(fresh, plural)?.get) {
      ctx.read.set(plural, entry);
      defineResource(objects, plural, ctx);
    } else {
      ctx.read.delete(plural);
      Object.defineProperty(objects, plural, { value: fresh[plural], enumerable: true, configurable: true, writable: true });
    }
  };
  for (const [plural, entry] of [...ctx.read]) {
    if (entry.text !== undefined || entry.parsed) continue; // read where the index said: kept as read
    if (Object.prototype.hasOwnProperty.call(fresh, plural)) settle(plural);
    else {
      ctx.read.delete(plural);
      delete (objects as Record<string, unknown>)[plural];
    }
  }
  for (const plural of Object.keys(fresh)) if (!Object.prototype.hasOwnProperty.call(objects, plural)) settle(plural);
}

/** The first layout of this codec: plain `objects`, plus one `compact` section of bases and patched objects. */
interface LegacyFile extends FileShape {
  compact?: { bases: Encoded[]; objects: Record<string, Record<string, Encoded>> };
}

function readLegacyCompact(file: LegacyFile, check?: BucketCheck): ClusterState {
  const { compact, objects: plain, ...rest } = file;
  const objects: ClusterState['objects'] = (plain && typeof plain === 'object' ? plain : {}) as ClusterState['objects'];
  const bases: KubeObject[] = [];
  for (const [from, p] of compact!.bases ?? []) bases.push(from < 0 ? (p as unknown as KubeObject) : patchOf(bases[from], p));
  for (const [plural, entries] of Object.entries(compact!.objects ?? {})) {
    const bucket = (objects[plural] ??= {});
    for (const [key, [b, patch]] of Object.entries(entries)) {
      if (bases[b] === undefined) throw new SyntaxError(`compact: base ${b} of ${key} is missing`);
      bucket[key] = patchOf(bases[b], patch);
    }
  }
  if (check) for (const [plural, bucket] of Object.entries(objects)) check(plural, bucket);
  return { ...(rest as Omit<ClusterState, 'objects'>), objects };
}

/**
 * The text a resource was read from, if every object it held then is in it (not a hand-edited or replaced
 * resource): with the objects written since, all a caller needs to rule the resource out by a substring search
 * (the garbage collector looking for an owner's uid) instead of parsing or scanning it.
 */
export function textAsRead(objects: object, plural: string): Buffer | string | undefined {
  const ctx = loaded.get(objects);
  const usable = (entry: LoadedBucket | undefined) =>
    // Read lazily, the text still holds every object as read (changes since are in the change log).
    entry && !entry.edited && !(entry.parsed && !entry.snapshot && lazyBucketChanged(entry.parsed) === undefined);
  // Objects a journal record wrote are in neither the text nor the command's changes.
  if (!ctx || !usable(ctx.read.get(plural)) || hasJournal(ctx, plural)) return undefined;
  const entry = textOf(ctx, objects as ClusterState['objects'], plural);
  return usable(entry) ? entry!.text : undefined;
}

/** Parse every resource now (validating it): for callers that need the whole state, e.g. a backup check. */
export function decodeAll(state: ClusterState): void {
  for (const plural of Object.keys(state.objects)) void state.objects[plural];
}
