// One resource's objects in the state file (a "bucket"), laid out one object per line so that a command decodes
// only the objects it reads and writes back the others byte for byte:
//
//   {"v":3,"bases":[
//   [-1,{…root: the first shared object without its metadata and node…},""],
//   [0,{…patch against the root…},"owner-uid"]
//   ],"objects":{
//   "default/kubernetes":{…full object…},
//   "bench/web-6594766f-jcxts":[1,{…patch against base 1…}]
//   }}
//
// Objects sharing a controller owner (the replicas of one ReplicaSet) are stored as a patch against one base per
// owner, each base a patch against the root; the others in full. Bases carry no node name, so every pod's own
// line says where it runs: a search of the text for a value (a node, a label) finds the few objects to decode. The text is plain JSON; the layout (newlines only
// between entries, JSON.stringify never writes one inside a value) is what the lazy reader relies on, and the
// state file's checksum tells it the bytes are kubesim's own. Anything else is parsed whole.
import type { KubeObject } from '../api/types.js';
import { diff, patchOf, type Patch } from './patch.js';
import { SAFE_TAG, UNKNOWN, type Tagger } from './tags.js';
import { countByte, eachLine, eachLineIn, heldBytes, heldOffset, lineStartBefore, piecesBytes, searchText, textBytes, type DeferredText, type Piece } from './deferred-text.js';
import type { Summarizer } from './summaries.js';
import { rowKey, SummaryRowsBuilder, type SummaryRows } from './summary-rows.js';

type BaseEntry = [from: number, patchOrObject: Patch | KubeObject, ownerUid?: string];
/** An object in full; or [base, patch against it] (base -1: the object in full), its owner uid, its tag and, in a
 *  resource that keeps them, its line summary (summaries.ts). */
type Entry = KubeObject | [base: number, patch: Patch | KubeObject | null, owner?: string, tag?: string, summary?: string];
/**
 * A change kept in the state file's change journal (codec.ts): the key, its object now (null: deleted), and where
 * the key's line is in the resource's text as written ([start, stop) of its value; -1, -1: the text has no line
 * for it, or it is added again after every other key).
 */
export type JournalEntry = [key: string, obj: KubeObject | null, start: number, stop: number];
/** Store position of the first key added since the text was written (after every line of any text). */
const FIRST_ADDED = Number.MAX_SAFE_INTEGER / 2;
/** An object as its line in the text holds it (journalDelta). */
const AS_WRITTEN = Symbol('as written');

const HEAD = '{"v":3,"bases":[\n';
const MIDDLE = '],"objects":{\n';
const TAIL = '}}';
const NL = 0x0a;
const SEP = Buffer.from(',\n');
const NL_BYTE = Buffer.from('\n');
/** The line closing the bases, and the objects' opening. */
const BASES_END = Buffer.from('\n' + MIDDLE);
/**
 * Searches for an owner's uid or a tag a resource makes before it builds its line index instead (keysOwnedBy,
 * keysReferencing, keysTagged): each reads the whole text (a few ms on 20,000 pods); the index, with the owners
 * and tags read from every line, costs dozens of them.
 */
export const SEARCHES = 8;
/** Owner uids searched for: written as they are (a uid Kubernetes makes, or a name-like one), no escapes. */
const SEARCHABLE_UID = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
/**
 * Lookups by key a resource answers by searching its text before it builds its line index (see find). A search
 * runs at memory speed; the index costs a pass over every line, 50-100 searches' worth on 20,000 pods (measured):
 * a curl that looks up the ten pods behind a Service searches for each.
 */
export const PROBES = 16;
/** Where the line of a key written as it is (no escapes: `"key":`) starts, from where its value starts. */
const lineStart = (key: string, valueStart: number): number => valueStart - Buffer.byteLength(key) - 3;

/** Lines found by a search of a text not read past which it is read whole (see keysMentioningBeforeIndex). */
const MANY_LINES = 64;
/** Keys found by searching the text: written as they are (no escapes), as every name Kubernetes validates is. */
const PROBE_KEY = /^[a-z0-9][a-z0-9.\/:_-]*$/;

function controllerUid(obj: KubeObject): string | undefined {
  const refs = obj?.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  const uid = refs.find((r) => r?.controller)?.uid;
  return typeof uid === 'string' ? uid : undefined;
}

/** What a base keeps of an object: all but its node (each object's own line then names its node). */
function baseFrom(obj: KubeObject): KubeObject {
  if (!obj.spec || typeof obj.spec !== 'object' || !('nodeName' in obj.spec)) return obj;
  const { nodeName: _n, ...spec } = obj.spec;
  return { ...obj, spec };
}

/**
 * The root every base patches (and every object whose owner has no base of its own): the first such object with
 * every string of its metadata emptied, so that the root mentions no name, label or uid (a search of the text for
 * a label value then finds only the bases, and objects, that hold it), and no node (see baseFrom).
 */
function rootFrom(obj: KubeObject): KubeObject {
  return { ...baseFrom(obj), metadata: skeleton(obj.metadata ?? {}) } as KubeObject;
}

function skeleton(v: unknown): unknown {
  if (typeof v === 'string') return '';
  if (Array.isArray(v)) return v.map(skeleton);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = skeleton(x);
    return out;
  }
  return v;
}

/** The bases written so far while encoding: objects, their lines, and the base each owner uses. */
class Bases {
  readonly lines: Array<Piece | string> = [];
  /** Base objects by index; undefined for a base kept from the text, decoded through `load` when needed. */
  readonly objects: Array<KubeObject | undefined> = [];
  readonly byOwner = new Map<string, number>();

  constructor(private readonly load: (i: number) => KubeObject = () => undefined as never) {}

  object(i: number): KubeObject {
    return (this.objects[i] ??= this.load(i));
  }

  private push(entry: BaseEntry, obj: KubeObject): number {
    this.lines.push(JSON.stringify(entry));
    this.objects.push(obj);
    return this.objects.length - 1;
  }

  /** The root (base 0), made from this object if there is none yet. */
  root(obj: KubeObject): void {
    if (this.objects.length) return;
    const root = rootFrom(obj);
    this.push([-1, root, ''], root);
  }

  /** A new base for this owner's objects: a patch against the root (made from this object if there is none). */
  add(obj: KubeObject, owner: string): number {
    const base = baseFrom(obj);
    this.root(obj);
    const i = this.push([0, diff(this.object(0), base) ?? {}, owner], base);
    this.byOwner.set(owner, i);
    return i;
  }
}

const safe = (v: string | undefined): string => (v === undefined ? '' : SAFE_TAG.test(v) ? v : UNKNOWN);

/**
 * An object's entry: `[base, patch against it, owner, tag]`, or `[-1, object, owner, tag]` when its owner has no
 * base, then its summary if the resource keeps them; an object with no owner, in a resource with neither tags
 * nor summaries, in full. Owner, tag and summary end the line, where readers find them.
 */
function entryText(key: string, obj: KubeObject, bases: Bases, tagger?: Tagger, summarizer?: Summarizer): string {
  const refs = obj?.metadata?.ownerReferences;
  if (!tagger && !summarizer && (!Array.isArray(refs) || !refs.length)) return `${JSON.stringify(key)}:${JSON.stringify(obj)}`;
  const owner = controllerUid(obj);
  // An owned object: against its owner's base, or the root when its owner has none (an only child).
  const b = owner === undefined ? undefined : (bases.byOwner.get(owner) ?? (bases.objects.length ? 0 : undefined));
  const value = b === undefined ? [-1, obj] : [b, diff(bases.object(b), obj) ?? null];
  const fields = [...value, safe(ownersOf(obj)), safe(tagger?.(obj))];
  if (summarizer) fields.push(summarizer(obj));
  return `${JSON.stringify(key)}:${JSON.stringify(fields)}`;
}

/** The controller's uid ('' for none), '+' when other owner references exist too: the line's owner field. */
function ownersOf(obj: KubeObject): string {
  const refs = obj?.metadata?.ownerReferences;
  const owner = controllerUid(obj);
  const others = Array.isArray(refs) && refs.length > (owner === undefined ? 0 : 1);
  return (owner ?? '') + (others ? '+' : '');
}

/** A resource's bytes, as the pieces to write one after the other (copied lines stay views or slices of the text
 *  read). */
function assemble(baseLines: Array<Piece | string>, entries: Array<Piece | string>): Piece[] {
  const parts: Piece[] = [Buffer.from(HEAD)];
  const join = (lines: Array<Piece | string>) =>
    lines.forEach((l, i) => {
      if (i) parts.push(SEP);
      parts.push(typeof l === 'string' ? Buffer.from(l) : l);
    });
  join(baseLines);
  if (baseLines.length) parts.push(Buffer.from('\n'));
  parts.push(Buffer.from(MIDDLE));
  join(entries);
  if (entries.length) parts.push(Buffer.from('\n'));
  parts.push(Buffer.from(TAIL));
  return parts;
}

/** A whole resource, encoded afresh. */
export function encodeBucket(bucket: Record<string, KubeObject>, tagger?: Tagger, summarizer?: Summarizer): Buffer {
  return piecesBytes(encodeBucketParts(bucket, tagger, summarizer));
}

export function encodeBucketParts(bucket: Record<string, KubeObject>, tagger?: Tagger, summarizer?: Summarizer): Piece[] {
  const all = entriesOf(bucket);
  // An owner with one object gets no base of its own: that object patches the root.
  const owned = new Map<string, KubeObject[]>();
  for (const [, obj] of all) {
    const owner = controllerUid(obj);
    if (owner !== undefined) owned.get(owner)?.push(obj) ?? owned.set(owner, [obj]);
  }
  const bases = new Bases();
  for (const [owner, objs] of owned) if (objs.length > 1) bases.add(objs[0], owner);
  const first = owned.values().next().value;
  if (first) bases.root(first[0]);
  return assemble(
    bases.lines,
    all.map(([key, obj]) => entryText(key, obj, bases, tagger, summarizer)),
  );
}

/** Is this text laid out as above (so it can be read lazily)? For a text not read yet: its first bytes and length. */
export function isLineLayout(text: Buffer, length = text.length): boolean {
  return length >= HEAD.length + MIDDLE.length + TAIL.length && text.toString('latin1', 0, HEAD.length) === HEAD;
}

/** How many first bytes isLineLayout needs. */
export const LINE_LAYOUT_HEAD = HEAD.length;

/** A resource read lazily: which objects the text holds, where, and what this command has done to them. */
class LazyBucket {
  /** key → its entry's index in the text (entries in text order, each one line). */
  private readonly entryOf = new Map<string, number>();
  /** Per entry: [start, stop) of its `"key":value` text (to find the entry holding a position), where the value
   *  starts, and its key. Plain arrays of numbers: no object per entry. */
  private readonly entryStarts: number[] = [];
  private readonly entryStops: number[] = [];
  private readonly valueStarts: number[] = [];
  private readonly entryKeys: string[] = [];
  /** Where tail() found the strings ending a line: [open, close] quote positions of each, last string first. */
  private readonly quotes = new Int32Array(6);
  /** Where in the text the buffer bytesAround returned last starts. */
  private aroundFrom = 0;
  private readonly baseSpans: Array<[number, number]> = [];
  private readonly bases: Array<KubeObject | undefined> = [];
  /** The resource now: key → object, or null while it is still the undecoded text's. Before the line index is
   *  built, only the objects decoded so far (each found by key). */
  private readonly present = new Map<string, KubeObject | null>();
  /** Objects decoded from the text (an object still identical to its decoded self is written back as read). */
  private readonly decoded = new Map<string, KubeObject>();
  /** Keys present whose object is not the one read from the text (added or replaced). */
  private readonly changed = new Set<string>();
  private readonly searched = new Map<string, { entryHit: Set<number>; baseHit: Uint8Array; anyBase: boolean }>();
  dirty = false;
  /** Whether the line index (every key, where its line is) is built: see buildLineIndex. */
  private indexed = false;
  get lineIndexBuilt(): boolean {
    return this.indexed;
  }
  /** Where the first entry line starts (after the bases): found by findObjectsStart, or with the bases' lines. */
  private objectsStart = -1;
  /** Whether the bases' lines are read (scanBases). */
  private basesScanned = false;
  /** Before the index: lookups by key made by searching the text (see find), and keys found absent. */
  private probes = 0;
  private readonly absent = new Set<string>();
  /** Before the index: the lines a search found (key → where its value starts and stops), decoded by get(). */
  private readonly located = new Map<string, [number, number]>();
  /** Before the index: each needle's keys in the text (which never changes; changes made since are added). */
  private readonly foundBeforeIndex = new Map<string, string[]>();
  /**
   * Before the index: the strings ending the lines a tag search found ([owner, tag, summary?], see tail), read
   * while the search held each line: thousands of them (the pods waiting for a node) are then read without
   * reading the text whole.
   */
  private readonly tailsRead = new Map<string, string[]>();
  /**
   * Before the index: the changes made (key and new object, null for a delete), in order, replayed onto the index
   * when it is built. A command that changes a few objects found by key or by search (a scale, an apply) changes
   * them without the pass over every line, and its write copies the lines around them (encodeBeforeIndex).
   */
  private log: Array<[string, KubeObject | null]> = [];
  /** Before the index: owner uids and tags searched for (see SEARCHES). */
  private searches = 0;

  /** The text, once read (at once, or from `deferred` when first needed whole). */
  private loaded?: Buffer;
  /** A text not read yet (a big resource of a file): searched, and read a line at a time, until needed whole. */
  private readonly deferred?: DeferredText;
  /** Per base: the base it patches (-1: none, the root), read from its line's start when the bases are scanned. */
  private readonly baseFroms: number[] = [];
  /** Per base: the owner uid its line ends with, read when the bases are scanned (see ownerAtEnd). */
  private readonly baseOwners: Array<string | undefined> = [];

  constructor(
    text: Buffer | DeferredText,
    private readonly tagger?: Tagger,
    /** Called with each object decoded from the text (a shape check that may throw). */
    private readonly onDecode?: (key: string, obj: KubeObject) => void,
    private readonly summarizer?: Summarizer,
    /** What to throw for text found not to be in this layout, or an entry or base that is not JSON. */
    private readonly broken: (e: SyntaxError) => Error = (e) => e,
    /** How many objects of the text carry each tag, as the file said (see tagCounts). */
    private readonly storedCounts?: Map<string, number>,
  ) {
    if (Buffer.isBuffer(text)) this.loaded = text;
    else this.deferred = text;
  }

  /** The whole text (a deferred one is read now). */
  get text(): Buffer {
    return (this.loaded ??= this.deferred!.load());
  }

  /** The text's length (a deferred one not read for it). */
  private get textLength(): number {
    return this.loaded ? this.loaded.length : this.deferred!.length;
  }

  /**
   * Builds the line index: every key, where its line and its value start and stop, in text order. Done on the first
   * use that needs it (a listing, a search, a change), not when the resource is opened: a command that looks up a
   * few objects by key finds each by searching the text instead (find), without this pass over every line.
   */
  private buildLineIndex(): void {
    if (this.indexed) return;
    this.indexed = true;
    // The lines are found in the bytes themselves (a search per line), not in the text made a string first: that
    // string, a copy of every byte into fresh memory, cost more than the searches (L's 20,000 pods: 60 → 36 ms).
    try {
      this.scanBases();
      const text = this.text;
      // Objects decoded by key before the index keep their place in text order, as read (changes since are
      // replayed below).
      const decodedBefore = this.decoded.size ? this.decoded : undefined;
      this.present.clear();
      let pos = this.objectsStart;
      for (;;) {
        if (text[pos] === 0x7d /* } */) break;
        const end = text.indexOf(NL, pos);
        if (end < 0) throw new SyntaxError('a resource ends in the middle of its objects');
        const stop = text[end - 1] === 0x2c ? end - 1 : end;
        const key = this.readKey(pos, stop);
        this.entryOf.set(key, this.entryStarts.length);
        this.entryStarts.push(pos);
        this.entryStops.push(stop);
        this.valueStarts.push(this.keyEnd);
        this.entryKeys.push(key);
        this.present.set(key, decodedBefore?.get(key) ?? null);
        pos = end + 1;
      }
    } catch (e) {
      throw e instanceof SyntaxError ? this.broken(e) : e;
    }
    this.replay();
  }

  /** The changes made before the index, made again on it (as set and delete make them once it is built). */
  private replay(): void {
    const log = this.log;
    if (!log.length) return;
    // The keys added keep their places (the journal's mark tells the keys this command added by them).
    const order = new Map(this.order);
    const next = this.nextOrder;
    this.log = [];
    this.changed.clear();
    this.order.clear();
    this.dirty = false;
    for (const [key, obj] of log) {
      if (obj) this.set(key, obj);
      else this.delete(key);
    }
    this.order.clear();
    for (const [key, at] of order) this.order.set(key, at);
    this.nextOrder = next;
  }

  /**
   * Where the entry lines start, without reading the bases' lines: after the first line that starts with `]` (no
   * base line holds a newline: JSON.stringify writes none inside a value). What reads only the objects' lines (a
   * listing, a lookup by key) reads no base: a pass over the lines of L's 2,000 pod bases cost 16 ms.
   */
  private findObjectsStart(): void {
    if (this.objectsStart >= 0) return;
    const from = HEAD.length - 1; // the newline ending the head
    const at = this.loaded ? this.loaded.indexOf(BASES_END, from) : searchText(this.deferred!, BASES_END, from);
    if (at < 0) throw this.broken(new SyntaxError('a resource ends before its objects'));
    this.objectsStart = at + BASES_END.length;
  }

  /** The bases' lines: where each is, and where the entry lines start after them. */
  private scanBases(): void {
    if (this.basesScanned) return;
    this.basesScanned = true;
    if (!this.loaded) return this.scanDeferredBases();
    const text = this.loaded;
    let pos = text.indexOf(NL) + 1;
    for (;;) {
      const end = text.indexOf(NL, pos);
      if (end < 0) throw this.broken(new SyntaxError('a resource ends before its objects'));
      if (text[pos] === 0x5d /* ] */) {
        this.objectsStart = end + 1;
        return;
      }
      const stop = text[end - 1] === 0x2c ? end - 1 : end;
      this.baseSpans.push([pos, stop]);
      this.baseFroms.push(patchedBase(text, pos));
      this.baseOwners.push(ownerAtEnd(text, pos, stop));
      pos = end + 1;
    }
  }

  /** scanBases of a deferred text: its lines read through the search chunk. */
  private scanDeferredBases(): void {
    eachLine(this.deferred!, HEAD.length, (line, start) => {
      if (line[0] === 0x5d /* ] */) {
        this.objectsStart = start + line.length + 1;
        return false;
      }
      const stop = line[line.length - 1] === 0x2c ? line.length - 1 : line.length;
      this.baseSpans.push([start, start + stop]);
      this.baseFroms.push(patchedBase(line, 0));
      this.baseOwners.push(ownerAtEnd(line, 0, stop));
      return true;
    });
    if (this.objectsStart < 0) throw this.broken(new SyntaxError('a resource ends before its objects'));
  }

  /** The base base i patches (undefined: none, it is the root or an object in full). */
  private baseFrom(i: number): number | undefined {
    const from = this.baseFroms[i];
    return from < 0 ? undefined : from;
  }

  /** The text of bytes [start, stop), as UTF-8. */
  private slice(start: number, stop: number): string {
    if (this.loaded) return this.loaded.toString('utf8', start, stop);
    return textBytes(this.deferred!, start, stop).toString('utf8');
  }

  /** JSON.parse of bytes [start, stop); text that is not JSON is this resource broken. */
  private parse(start: number, stop: number): unknown {
    try {
      return JSON.parse(this.slice(start, stop));
    } catch (e) {
      throw e instanceof SyntaxError ? this.broken(e) : e;
    }
  }

  /** Where the value of the entry whose key readKey read last starts. */
  private keyEnd = 0;

  /**
   * The key at the start of an entry line (and where its value starts, in keyEnd: no array returned per line,
   * which a command's cold code would destructure slowly).
   */
  private readKey(start: number, stop: number): string {
    const text = this.text;
    const key = plainKeyAt(text, start, stop);
    if (key !== undefined) {
      this.keyEnd = plainValueStart;
      return key;
    }
    // A key with escapes (keys kubesim writes have none): read the slow way.
    const [escaped, valueStart] = readEscapedKey(text, start, stop);
    this.keyEnd = valueStart;
    return escaped;
  }

  /** plainKeyAt, a line found not to start with a key being this resource broken. */
  private keyAt(bytes: Buffer, start: number, stop: number): string | undefined {
    try {
      return plainKeyAt(bytes, start, stop);
    } catch (e) {
      throw e instanceof SyntaxError ? this.broken(e) : e;
    }
  }

  /** Base i, decoded on first use (with the base it patches). */
  private base(i: number, depth = 0): KubeObject {
    const known = this.bases[i];
    if (known) return known;
    this.scanBases();
    const span = this.baseSpans[i];
    if (!span || depth > this.baseSpans.length) throw this.broken(new SyntaxError(`base ${i} is missing`));
    const [from, p] = this.parse(span[0], span[1]) as BaseEntry;
    if (from >= i) throw this.broken(new SyntaxError(`base ${i} refers to a later base ${from}`));
    return (this.bases[i] = from < 0 ? (p as KubeObject) : patchOf(this.base(from, depth + 1), p as Patch));
  }

  /** The owner uid base i's line ends with. */
  private baseOwner(i: number): string | undefined {
    this.scanBases();
    return this.baseOwners[i];
  }

  /** Bytes [start, stop) of the text to write as they are: a view of the text read, or a slice of one not read. */
  private piece(start: number, stop: number): Piece {
    return this.loaded ? this.loaded.subarray(start, stop) : { text: this.deferred!, start, end: stop };
  }

  /** Whether the resource has this key now. */
  has(key: string): boolean {
    if (this.indexed || this.present.has(key)) return this.present.has(key);
    return this.get(key) !== undefined;
  }

  /** The object of this key now, decoded on first use; undefined when there is none. */
  get(key: string): KubeObject | undefined {
    const v = this.present.get(key);
    if (v) return v;
    if (!this.indexed) {
      if (this.absent.has(key)) return undefined;
      const line = this.located.get(key);
      if (line) return this.decode(key, line[0], line[1]);
      const at = this.find(key);
      if (at !== undefined) return at === null ? undefined : this.decode(key, at[0], at[1]);
      this.buildLineIndex();
    }
    const e = this.entryOf.get(key);
    if (e === undefined || !this.present.has(key)) return undefined;
    return this.decode(key, this.valueStarts[e], this.entryStops[e]);
  }

  /**
   * Before the index: where the value of key's line starts and stops, found by searching the text for the line's
   * start (`\n"key":`, JSON.stringify's spelling of the key, as written); null when absent. Undefined when the
   * index should answer instead: a key that may be spelled otherwise, or after a few searches (each reads the
   * whole text; the index costs a few of them, and answers every later lookup).
   */
  private find(key: string): [number, number] | null | undefined {
    if (this.absent.has(key)) return null;
    if (this.probes >= PROBES || !PROBE_KEY.test(key)) return undefined;
    this.probes++;
    this.findObjectsStart();
    const needle = Buffer.from(`\n"${key}":`, 'latin1');
    const at = this.hit(needle, this.objectsStart - 1, false);
    if (at < 0) {
      this.absent.add(key);
      return null;
    }
    const valueStart = at + needle.length;
    const end = this.loaded ? this.loaded.indexOf(NL, valueStart) : searchText(this.deferred!, NL_BYTE, valueStart);
    if (end < 0) throw this.broken(new SyntaxError('a resource ends in the middle of its objects'));
    const last = this.loaded ? this.loaded[end - 1] : textBytes(this.deferred!, end - 1, end)[0];
    return [valueStart, last === 0x2c ? end - 1 : end];
  }

  /**
   * Before the index: where `pattern` next occurs at or after `from` (-1: nowhere); when `quoted`, only where a
   * quote comes just before it. A deferred text is searched without being read whole.
   */
  private hit(pattern: Buffer, from: number, quoted: boolean): number {
    const text = this.loaded;
    if (!text) return searchText(this.deferred!, pattern, from, quoted ? 0x22 : undefined);
    let at = text.indexOf(pattern, from);
    while (quoted && at >= 0 && text[at - 1] !== 0x22) at = text.indexOf(pattern, at + 1);
    return at;
  }

  /** The object whose value is bytes [start, stop): decoded, checked (onDecode), and kept as read. */
  private decode(key: string, start: number, stop: number): KubeObject {
    const value = this.parse(start, stop) as Entry;
    const obj: KubeObject = !Array.isArray(value) ? value : value[0] < 0 ? (value[1] as KubeObject) : patchOf(this.base(value[0]), value[1] as Patch);
    this.onDecode?.(key, obj);
    this.present.set(key, obj);
    this.decoded.set(key, obj);
    // Before the index: where its line is, for a change to it (see encodeBeforeIndex).
    if (!this.indexed) this.located.set(key, [start, stop]);
    return obj;
  }

  /** Every key now, in store order. */
  keys(): IterableIterator<string> {
    this.buildLineIndex();
    return this.present.keys();
  }

  set(key: string, obj: KubeObject): void {
    this.touched.add(key);
    if (!this.indexed && this.changeBeforeIndex(key, obj)) return;
    this.buildLineIndex();
    const had = this.present.has(key);
    const old = had ? this.present.get(key) : undefined;
    if (had && old === obj) return;
    this.dirty = true;
    if (had) this.unindex(key);
    this.present.set(key, obj);
    if (this.entryOf.has(key) && this.decoded.get(key) === obj) this.changed.delete(key);
    else this.changed.add(key);
    if (!had) this.order.set(key, this.nextOrder++);
    this.index(key, this.metaOf(key, obj));
  }

  delete(key: string): boolean {
    this.touched.add(key);
    if (!this.indexed && this.changeBeforeIndex(key, null)) return true;
    this.buildLineIndex();
    if (!this.present.has(key)) return true;
    this.unindex(key);
    this.present.delete(key);
    this.changed.delete(key);
    this.order.delete(key);
    this.dirty = true;
    return true;
  }

  /**
   * set (obj) or delete (null) before the index, as they are made after it: false when the index had to be built
   * to find the key (it may then be spelled otherwise, or the lookups by search are spent).
   */
  private changeBeforeIndex(key: string, obj: KubeObject | null): boolean {
    const had = this.has(key); // the object now, decoded: found by key, or known gone
    if (this.indexed) return false;
    if (!obj) {
      if (!had) return true;
      this.present.delete(key);
      this.changed.delete(key);
      this.order.delete(key);
      this.absent.add(key);
    } else {
      if (had && this.present.get(key) === obj) return true;
      this.present.set(key, obj);
      this.absent.delete(key);
      if (this.located.has(key) && this.decoded.get(key) === obj) this.changed.delete(key);
      else this.changed.add(key);
      if (!had) this.order.set(key, this.nextOrder++);
    }
    this.dirty = true;
    this.log.push([key, obj]);
    return true;
  }

  // Indexes by owner and by tag: built on first use from the lines' ends (nothing decoded but objects whose
  // owner or tag was not written), then kept current by set and delete.
  private owners?: Map<string, Set<string>>;
  private tags?: Map<string, Set<string>>;
  /** Objects with owner references besides (or other than) a controller: any of them may reference a uid. */
  private others?: Set<string>;
  /** Store position of each key added since read (after every other, as in the Map); in the order added, which
   *  is also this Map's own order (a key is set here only when absent, and deleted when it goes). */
  private readonly order = new Map<string, number>();
  private nextOrder = FIRST_ADDED;

  // The change journal (codec.ts): the changes written since the text, made again when it is opened (replayJournal),
  // and what this command changed after them (journalDelta: the next record). The mark is the resource as the
  // journal left it: the objects it changed or added, the keys it deleted, where keys added after it go.
  private markObjects = new Map<string, KubeObject>();
  private markAbsent = new Set<string>();
  private markOrder = FIRST_ADDED;
  /** Keys set or deleted since the mark (each compared with the mark by journalDelta). */
  private readonly touched = new Set<string>();

  /**
   * Makes the journal's changes again, in order, before the index (just opened): each key's line is known from
   * the entry, so nothing is searched for or decoded. Then marks the resource as they left it.
   */
  replayJournal(entries: JournalEntry[]): void {
    if (this.indexed) throw new Error('kubesim: a journal is replayed onto a resource just opened');
    for (const [key, obj, start, stop] of entries) {
      if (start >= 0 && !this.located.has(key)) this.located.set(key, [start, stop]);
      const had = this.present.has(key) || (this.located.has(key) && !this.absent.has(key));
      if (!obj) {
        if (!had) continue;
        this.present.delete(key);
        this.changed.delete(key);
        this.order.delete(key);
        this.absent.add(key);
      } else {
        this.present.set(key, obj);
        this.absent.delete(key);
        this.changed.add(key);
        if (!had) this.order.set(key, this.nextOrder++);
      }
      this.dirty = true;
      this.log.push([key, obj]);
    }
    this.markObjects = new Map([...this.changed].map((key) => [key, this.present.get(key)!]));
    this.markAbsent = new Set(this.absent);
    this.markOrder = this.nextOrder;
    this.touched.clear();
  }

  /**
   * What this command changed since the mark, as journal entries replayJournal makes again: changes and deletions
   * (each with its line in the text, if any), then the keys added (or deleted and added again) in the order added.
   */
  journalDelta(): JournalEntry[] {
    const out: JournalEntry[] = [];
    const added: Array<[number, JournalEntry]> = [];
    for (const key of this.touched) {
      const line = this.lineOf(key);
      const start = line ? line[0] : -1;
      const stop = line ? line[1] : -1;
      const was = this.markObjects.get(key) ?? (this.markAbsent.has(key) || !line ? null : AS_WRITTEN);
      const now = this.changed.has(key) ? this.present.get(key)! : this.present.has(key) || (!this.indexed && !this.absent.has(key) && line) ? AS_WRITTEN : null;
      const at = this.order.get(key);
      if (now !== null && at !== undefined && at >= this.markOrder) {
        if (was !== null) out.push([key, null, start, stop]);
        added.push([at, [key, now === AS_WRITTEN ? this.get(key)! : now, -1, -1]]);
      } else if (now === null) {
        if (was !== null) out.push([key, null, start, stop]);
      } else if (now !== was) out.push([key, now === AS_WRITTEN ? this.get(key)! : now, start, stop]);
    }
    added.sort((a, b) => a[0] - b[0]);
    for (const [, entry] of added) out.push(entry);
    return out;
  }

  /** Where the text has a line for this key: [start, stop) of its value (undefined: none known). */
  private lineOf(key: string): [number, number] | undefined {
    const line = this.located.get(key);
    if (line || !this.indexed) return line;
    const e = this.entryOf.get(key);
    return e === undefined ? undefined : [this.valueStarts[e], this.entryStops[e]];
  }

  private position(key: string): number {
    return this.order.get(key) ?? this.entryOf.get(key)!;
  }

  /** [owner field, tag] of an object: from its line when it is as read and they were written, else computed. */
  private metaOf(key: string, v: KubeObject | null): [string, string] {
    const e = this.entryOf.get(key);
    if (e !== undefined && this.asRead(key, v)) {
      const meta = this.written(e);
      if (meta && meta[0] !== UNKNOWN && meta[1] !== UNKNOWN) return meta;
      // An object written in full (not an array) has no owner references; only its tag, if any, needs decoding.
      if (!meta && this.text[this.valueStarts[e]] === 0x7b && !this.tagger) return ['', ''];
    }
    const obj = v ?? this.get(key)!;
    return [ownersOf(obj), this.tagger ? this.tagger(obj) : ''];
  }

  private index(key: string, meta: [string, string]): void {
    this.indexAs(key, meta[0], meta[1]);
  }

  private indexAs(key: string, owner: string, tag: string): void {
    if (!this.owners) return;
    const plus = owner.endsWith('+');
    addTo(this.owners, plus ? owner.slice(0, -1) : owner, key);
    if (plus) this.others!.add(key);
    if (this.tags) addTo(this.tags, tag, key);
  }

  private unindex(key: string): void {
    if (!this.owners) return;
    const [owner, tag] = this.metaOf(key, this.present.get(key) ?? null);
    this.owners.get(owner.endsWith('+') ? owner.slice(0, -1) : owner)?.delete(key);
    this.others!.delete(key);
    this.tags?.get(tag)?.delete(key);
  }

  /** [owner, tag] written at the end of an entry's line (`…,"owner","tag"]`), or undefined if it has none. */
  private written(e: number): [string, string] | undefined {
    const n = this.tail(e);
    return n === 0 ? undefined : [this.tailString(ownerAt(n)), this.tailString(ownerAt(n) - 1)];
  }

  /** The i-th string from the end of the line tail() read last (0: the last one). */
  private tailString(i: number): string {
    return this.slice(this.quotes[2 * i] + 1, this.quotes[2 * i + 1]);
  }

  /** The line summary an entry's line ends with (`…,"owner","tag","summary"]`), or undefined if it has none. */
  private summaryAt(e: number): string | undefined {
    return this.tail(e) === 3 ? this.tailString(0) : undefined;
  }

  /**
   * How many strings end an entry's line: 2 (`…,"owner","tag"]`), 3 (`…,"owner","tag","summary"]`) or 0 when it
   * is not such a line (a value before them is an object, null or a number, never a string; written strings hold
   * no quote or backslash). Their quotes' positions are left in `quotes`, the last string first (see tailString).
   */
  private tail(e: number): number {
    return readTail(this.text, this.valueStarts[e], this.entryStops[e], this.quotes);
  }

  /**
   * Before the index: the strings ending the line of a key found (located) and still as read, [owner, tag,
   * summary?] (see tail); undefined for any other key or line.
   */
  private tailBeforeIndex(key: string): string[] | undefined {
    const line = this.located.get(key);
    if (!line || this.absent.has(key) || this.changed.has(key) || this.order.has(key)) return undefined;
    return this.tailsRead.get(key) ?? this.tailAt(line[0], line[1]);
  }

  /** The strings ending the entry value at bytes [start, stop) of the text (see tail); undefined for none. */
  private tailAt(start: number, stop: number): string[] | undefined {
    const bytes = this.bytesAround(start, stop);
    const o = this.aroundFrom; // where `bytes` starts in the text
    const q = this.quotes;
    const n = readTail(bytes, start - o, stop - o, q);
    if (n === 0) return undefined;
    const out: string[] = [];
    for (let i = n - 1; i >= 0; i--) out.push(bytes.toString('utf8', q[2 * i] + 1, q[2 * i + 1]));
    return out;
  }

  /** The line summary of one object still as read; undefined when absent, changed, or kept without one (or UNKNOWN). */
  lineSummary(key: string): string | undefined {
    if (!this.indexed && (this.present.has(key) || this.located.has(key))) {
      if (this.present.has(key) && this.present.get(key) !== this.decoded.get(key)) return undefined;
      const summary = this.tailBeforeIndex(key)?.[2];
      return summary === UNKNOWN ? undefined : summary;
    }
    this.buildLineIndex();
    const e = this.entryOf.get(key);
    if (e === undefined || !this.present.has(key) || !this.asRead(key, this.present.get(key)!)) return undefined;
    const summary = this.summaryAt(e);
    return summary === UNKNOWN ? undefined : summary;
  }

  /**
   * Each key in store order with the line summary its line ends with, or its object when it has none to trust (a
   * line written without one, an UNKNOWN one, an object changed since read).
   */
  summaries(): Summaries {
    if (!this.indexed) {
      const found = this.summariesBeforeIndex();
      if (found) return found;
    }
    this.buildLineIndex();
    const keys: string[] = [];
    const values: Array<string | KubeObject> = [];
    this.present.forEach((v, key) => {
      const summary = v === null ? this.summaryAt(this.entryOf.get(key)!) : undefined;
      keys.push(key);
      values.push(summary !== undefined && summary !== UNKNOWN ? summary : this.get(key)!);
    });
    return { keys, values };
  }

  /**
   * summaries before the index: one pass over the lines (a text not read is read a chunk at a time, into the same
   * buffer), each key and summary read from its line, no index built; the lines of objects changed or gone since
   * read (editedLines) stand for their objects now, or for nothing, and the keys added come last. Undefined when
   * a key has escapes (the index reads it).
   */
  private summariesBeforeIndex(): Summaries | undefined {
    this.findObjectsStart();
    const keys: string[] = [];
    const values: Array<string | KubeObject> = [];
    /** Lines without a summary to trust: [their place in values, where the value starts and stops]. */
    const toDecode: Array<[number, number, number]> = [];
    const q = this.quotes;
    let escaped = false;
    const edited = this.editedLines();
    let next = 0;
    this.eachObjectLine((bytes, start, end, pos) => {
      if (next < edited.length && edited[next][0] === pos) {
        const key = edited[next++][1];
        if (this.inPlace(key)) {
          keys.push(key);
          values.push(this.present.get(key)!);
        }
        return true;
      }
      const stop = bytes[end - 1] === 0x2c ? end - 1 : end;
      const key = plainKeyAt(bytes, start, stop); // a SyntaxError: see eachObjectLine
      // A key with escapes: the index reads it the slow way.
      if (key === undefined) {
        escaped = true;
        return false;
      }
      const close = plainValueStart - 2;
      const known = this.present.get(key);
      const summary = known ? undefined : readTail(bytes, close + 2, stop, q) === 3 ? bytes.toString('utf8', q[0] + 1, q[1]) : undefined;
      keys.push(key);
      if (known) values.push(known);
      else if (summary !== undefined && summary !== UNKNOWN) values.push(summary);
      else {
        // Decoded after the pass (decoding may read through the chunk the pass is reading).
        toDecode.push([values.length, pos + close + 2 - start, pos + stop - start]);
        values.push('');
      }
      return true;
    });
    if (escaped) return undefined;
    for (const [i, start, stop] of toDecode) values[i] = this.decode(keys[i], start, stop);
    for (const key of this.order.keys()) {
      keys.push(key);
      values.push(this.present.get(key)!);
    }
    return { keys, values };
  }

  /**
   * Before the index: the lines of the text whose object changed or went since read (the journal's changes, and
   * the command's), [where each starts, its key], in text order.
   */
  private editedLines(): Array<[number, string]> {
    const out: Array<[number, string]> = [];
    if (!this.dirty) return out;
    for (const [key, [valueStart]] of this.located) if (this.changed.has(key) || this.absent.has(key) || this.order.has(key)) out.push([lineStart(key, valueStart), key]);
    return out.sort((a, b) => a[0] - b[0]);
  }

  /** Before the index: whether an edited line's key is still in its place, changed (not gone, not added again last). */
  private inPlace(key: string): boolean {
    return !this.absent.has(key) && !this.order.has(key);
  }

  /** The summaries as bytes (summary-rows.ts): read from the lines before the index, else from summaries(). */
  summaryRows(): SummaryRows {
    // Before the index, no object decoded but those changed since read (their lines are left out for them).
    if (!this.indexed && this.present.size === this.changed.size) {
      const found = this.summaryRowsBeforeIndex();
      if (found) return found;
    }
    const { keys, values } = this.summaries();
    const rows = new SummaryRowsBuilder(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const v = values[i];
      if (typeof v === 'string') rows.addStrings(keys[i], v);
      else rows.addStrings(keys[i], undefined, v);
    }
    return rows.done();
  }

  /**
   * As summariesBeforeIndex, nothing decoded yet but the objects changed since read: each line's key and summary
   * bytes copied as they are, no string made; undefined when a key has escapes.
   */
  private summaryRowsBeforeIndex(): SummaryRows | undefined {
    this.findObjectsStart();
    // Room for the keys and summaries of lines of 128 bytes or more, half of each (a running pod's line is ~200
    // bytes, a third of them its key and summary): pages of a buffer never written are never touched.
    const length = (this.loaded ?? this.deferred!).length;
    const rows = new SummaryRowsBuilder(length >> 7, length >> 1);
    const q = this.quotes;
    let escaped = false;
    /** Rows without a summary to trust: [row, where its value starts, where it stops] each. */
    const toDecode: number[] = [];
    const edited = this.editedLines();
    let next = 0;
    this.eachObjectLine((bytes, start, end, pos) => {
      if (next < edited.length && edited[next][0] === pos) {
        const key = edited[next++][1];
        if (this.inPlace(key)) rows.addStrings(key, undefined, this.present.get(key)!);
        return true;
      }
      const stop = bytes[end - 1] === 0x2c ? end - 1 : end;
      const close = plainKeyClose(bytes, start, stop); // a SyntaxError: see eachObjectLine
      if (close < 0) {
        escaped = true;
        return false;
      }
      const trusted = readTail(bytes, close + 2, stop, q) === 3 && !isUnknown(bytes, q[0] + 1, q[1]);
      const row = rows.add(bytes, start + 1, close, trusted ? q[0] + 1 : -1, q[1]);
      if (!trusted) toDecode.push(row, pos + close + 2 - start, pos + stop - start);
      return true;
    });
    if (escaped) return undefined;
    for (const key of this.order.keys()) rows.addStrings(key, undefined, this.present.get(key)!);
    const done = rows.done();
    for (let i = 0; i < toDecode.length; i += 3) done.objects[toDecode[i]] = this.decode(rowKey(done, toDecode[i]), toDecode[i + 1], toDecode[i + 2]);
    return done;
  }

  /**
   * Calls `visit` with each object line before the index (bytes [start, end) of a buffer, valid during the call
   * only, and where the line starts in the text) until it returns false; a SyntaxError it throws is this resource
   * broken.
   */
  private eachObjectLine(visit: (bytes: Buffer, start: number, end: number, pos: number) => boolean): void {
    const text = this.loaded;
    try {
      if (text) {
        for (let pos = this.objectsStart, end = text.indexOf(NL, pos); end >= 0; pos = end + 1, end = text.indexOf(NL, pos)) {
          if (!visit(text, pos, end, pos)) break;
        }
      } else eachLineIn(this.deferred!, this.objectsStart, visit);
    } catch (e) {
      throw e instanceof SyntaxError ? this.broken(e) : e;
    }
  }

  private buildIndexes(): void {
    this.buildLineIndex();
    if (this.owners) return;
    this.owners = new Map();
    this.others = new Set();
    if (this.tagger) this.tags = new Map();
    // The objects still as read, in line order: owner and tag straight from the lines' ends (no lookup by key, no
    // array per line); a line without them (or with UNKNOWN) the slow way. Then the objects changed since read.
    const dirty = this.dirty;
    for (let e = 0; e < this.entryKeys.length; e++) {
      const key = this.entryKeys[e];
      if (dirty && (this.changed.has(key) || !this.present.has(key))) continue;
      const n = this.tail(e);
      const owner = n === 0 ? UNKNOWN : this.tailString(ownerAt(n));
      const tag = n === 0 ? UNKNOWN : this.tailString(ownerAt(n) - 1);
      if (owner === UNKNOWN || tag === UNKNOWN) this.index(key, this.metaOf(key, this.present.get(key) ?? null));
      else this.indexAs(key, owner, tag);
    }
    if (dirty) this.changed.forEach((key) => this.index(key, this.metaOf(key, this.present.get(key)!)));
  }

  private sorted(keys: Iterable<string> | undefined): string[] {
    const out = [...(keys ?? [])];
    if (out.length > 1) out.sort((a, b) => this.position(a) - this.position(b));
    return out;
  }

  /** Keys of the objects whose controller has this uid ('' for none), in store order. */
  keysOwnedBy(uid: string): string[] {
    const found = this.ownersBeforeIndex(uid);
    if (found) return found.filter((key) => controllerUid(this.get(key)!) === uid);
    this.buildIndexes();
    return this.sorted(this.owners!.get(uid));
  }

  /** Keys of the objects that may hold an owner reference to `uid` (controller or not), in store order. */
  keysReferencing(uid: string): string[] {
    const found = this.ownersBeforeIndex(uid);
    if (found) return found.filter((key) => this.get(key)!.metadata?.ownerReferences?.some?.((r: { uid?: string }) => r?.uid === uid));
    this.buildIndexes();
    const owned = this.owners!.get(uid);
    if (!this.others!.size) return owned?.size ? this.sorted(owned) : [];
    return this.sorted(new Set([...(owned ?? []), ...this.others!]));
  }

  /**
   * Before the index: the keys of the objects that may reference `uid` (their line or base holds it as a string, as
   * an owner reference does), by searching the text; undefined when the index should answer (a uid that cannot be
   * searched for as written, or after SEARCHES searches).
   */
  private ownersBeforeIndex(uid: string): string[] | undefined {
    if (this.indexed || !SEARCHABLE_UID.test(uid)) return undefined;
    const needle = `"${uid}"`;
    return this.searchable([needle]) ? this.keysMentioningBeforeIndex(needle) : undefined;
  }

  /** Whether these needles may be searched for before the index (counting those not searched for yet). */
  private searchable(needles: string[]): boolean {
    const fresh = needles.filter((n) => !this.foundBeforeIndex.has(n)).length;
    if (this.searches + fresh > SEARCHES) return false;
    this.searches += fresh;
    return true;
  }

  /**
   * Before the index: the keys of the objects with any of these tags, in store order, found by searching the text
   * for each tag as a line ends with it (`…,"owner","tag"`: after a string, which no patch is), each candidate
   * checked; undefined when the index should answer. Lines ending with the UNKNOWN tag are not searched for: a tag
   * is written as UNKNOWN only when it is not safe to write, and every tag searched for is safe, so such a line
   * (unchanged since read: changed objects are candidates anyway) never has one of them.
   */
  private taggedBeforeIndex(tags: string[]): string[] | undefined {
    const tagger = this.tagger;
    if (this.indexed || !tagger || !tags.every((t) => SAFE_TAG.test(t))) return undefined;
    const needles = tags.map((t) => `","${t}"`);
    if (!this.searchable(needles)) return undefined;
    const found = new Set<string>();
    for (const needle of needles) {
      const keys = this.keysMentioningBeforeIndex(needle, true);
      if (!keys) return undefined;
      for (const key of keys) found.add(key);
    }
    const wanted = new Set(tags);
    // Each candidate's tag from its line's end while it is as read (nothing decoded), else from its object.
    const tagOf = (key: string) => {
      const tag = this.tailBeforeIndex(key)?.[1];
      return tag !== undefined && tag !== UNKNOWN ? tag : tagger(this.get(key)!);
    };
    const out = [...found].filter((key) => wanted.has(tagOf(key)));
    // One search's keys are in store order already (the search for pods waiting for a node finds thousands).
    return needles.length === 1 ? out : out.sort((a, b) => this.placeBeforeIndex(a) - this.placeBeforeIndex(b));
  }

  /** Keys of the objects with any of these tags, in store order (undefined: the resource has no tags). */
  keysTagged(tags: string[]): string[] | undefined {
    const found = this.taggedBeforeIndex(tags);
    if (found) return found;
    this.buildIndexes();
    return this.tags && this.sorted(tags.flatMap((t) => [...(this.tags!.get(t) ?? [])]));
  }

  /**
   * How many objects carry each tag (undefined: the resource has no tags): the counts the file kept for the text,
   * with the objects changed since taken off under their tag as read and counted under their tag now; else from
   * every line's tag (the tag index).
   */
  tagCounts(): Map<string, number> | undefined {
    if (this.storedCounts && this.tagger && !this.tags) return this.countsSinceStored(this.storedCounts, this.tagger);
    this.buildIndexes();
    if (!this.tags) return undefined;
    const counts = new Map<string, number>();
    for (const [tag, keys] of this.tags) if (keys.size) counts.set(tag, keys.size);
    return counts;
  }

  /** The tag counts without building the tag index: kept by the file, or the index's if built; else undefined. */
  cheapTagCounts(): Map<string, number> | undefined {
    return this.tagger && (this.storedCounts || this.tags) ? this.tagCounts() : undefined;
  }

  private countsSinceStored(stored: Map<string, number>, tagger: Tagger): Map<string, number> {
    const counts = new Map(stored);
    const add = (tag: string, n: number) => {
      const total = (counts.get(tag) ?? 0) + n;
      if (total) counts.set(tag, total);
      else counts.delete(tag);
    };
    // A line of the text whose object is gone or changed: its tag as read no longer counts.
    if (!this.indexed) {
      for (const [key, [start, stop]] of this.located) if (this.absent.has(key) || this.changed.has(key)) add(this.lineTag(key, start, stop, tagger), -1);
    } else {
      for (let e = 0; e < this.entryKeys.length; e++) {
        const key = this.entryKeys[e];
        if (!this.present.has(key) || this.changed.has(key)) add(this.tagAsRead(e), -1);
      }
    }
    for (const key of this.changed) add(tagger(this.present.get(key)!), 1);
    return counts;
  }

  /** The tag of entry e's object as read: from its line's end, else from the object (decoded without keeping it). */
  private tagAsRead(e: number): string {
    const key = this.entryKeys[e];
    const written = this.written(e)?.[1];
    if (written !== undefined && written !== UNKNOWN) return written;
    return this.tagger!(this.decoded.get(key) ?? this.objectAt(this.valueStarts[e], this.entryStops[e]));
  }

  /** Before the index: the tag of the object the line of `key` at [start, stop) holds (a line a journal replaced
   *  is known without being decoded). */
  private lineTag(key: string, start: number, stop: number, tagger: Tagger): string {
    const known = this.decoded.get(key);
    if (known) return tagger(known);
    const tag = this.tailAt(start, stop)?.[1];
    return tag !== undefined && tag !== UNKNOWN ? tag : tagger(this.objectAt(start, stop));
  }

  /** The object the value at bytes [start, stop) holds, decoded without keeping it. */
  private objectAt(start: number, stop: number): KubeObject {
    const value = this.parse(start, stop) as Entry;
    return !Array.isArray(value) ? value : value[0] < 0 ? (value[1] as KubeObject) : patchOf(this.base(value[0]), value[1] as Patch);
  }

  private asRead(key: string, v: KubeObject | null): boolean {
    return v === null || v === this.decoded.get(key);
  }

  /** Where the text holds `needle`: entries and bases (searched once per needle: the text never changes). */
  private textHits(needle: string): { entryHit: Set<number>; baseHit: Uint8Array; anyBase: boolean } {
    const known = this.searched.get(needle);
    if (known) return known;
    const text = this.text;
    const entryHit = new Set<number>();
    const baseHit = new Uint8Array(this.baseSpans.length);
    const firstEntry = this.entryStarts[0] ?? text.length;
    const baseStarts = this.baseSpans.map((s) => s[0]);
    // Searched without its first character when that is a quote (JSON's commonest byte slows the search).
    const quoted = needle.length > 1 && needle[0] === '"';
    const pattern = Buffer.from(quoted ? needle.slice(1) : needle);
    for (let at = text.indexOf(pattern); at >= 0; at = text.indexOf(pattern, at + pattern.length)) {
      if (quoted && text[at - 1] !== 0x22) continue;
      if (at < firstEntry) {
        const b = lastAtOrBefore(baseStarts, at);
        if (b >= 0) baseHit[b] = 1;
      } else entryHit.add(lastAtOrBefore(this.entryStarts, at));
    }
    const hits = { entryHit, baseHit, anyBase: this.inheritBaseHits(baseHit) };
    this.searched.set(needle, hits);
    return hits;
  }

  /** Marks each base that patches a marked one (a base holds what its own line holds and what the base it patches
   *  holds); whether any base is marked. */
  private inheritBaseHits(baseHit: Uint8Array): boolean {
    let any = false;
    for (let i = 0; i < this.baseSpans.length; i++) {
      if (!baseHit[i]) {
        const from = this.baseFrom(i);
        if (from !== undefined && from < i && baseHit[from]) baseHit[i] = 1;
      }
      if (baseHit[i]) any = true;
    }
    return any;
  }

  /**
   * Keys (in store order) of the objects that may contain `needle` in their JSON: those whose line or base holds
   * it, and every object changed since read (the caller checks each candidate itself).
   */
  keysMentioning(needle: string): string[] {
    if (!this.indexed) {
      const keys = this.keysMentioningBeforeIndex(needle);
      if (keys) return keys;
    }
    this.buildLineIndex();
    const { entryHit, baseHit, anyBase } = this.textHits(needle);
    const out = new Set<string>();
    const take = (e: number) => {
      const key = this.entryKeys[e];
      if (this.present.has(key) && !this.changed.has(key)) out.add(key);
    };
    for (const e of entryHit) take(e);
    if (anyBase) {
      baseHit.forEach((hit, b) => hit && this.entriesOfBase(b).forEach(take));
    }
    for (const key of this.changed) out.add(key);
    return this.sorted(out);
  }

  /**
   * keysMentioning before the line index (nothing changed yet, so every object is as read): the lines holding the
   * needle, and those patching a base that holds it, found from the bytes around each hit, without a pass over
   * every line; their places are kept for get(). Undefined for a line whose key has escapes (the index reads it).
   */
  private keysMentioningBeforeIndex(needle: string, keepTails = false): string[] | undefined {
    const inText = this.textKeysMentioning(needle, keepTails);
    if (!inText || !this.log.length) return inText && [...inText];
    // Changed since read: the keys gone or changed dropped from the text's, and every key changed added (the caller
    // checks each), in store order: a line's place in the text, then the keys added since, in the order added.
    const out = inText.filter((key) => !this.absent.has(key) && !this.changed.has(key));
    for (const key of this.changed) out.push(key);
    return out.sort((a, b) => this.placeBeforeIndex(a) - this.placeBeforeIndex(b));
  }

  /** Before the index, a key found or added: its place in store order (where its line is; one added goes last). */
  private placeBeforeIndex(key: string): number {
    return this.order.get(key) ?? this.located.get(key)![0];
  }

  /**
   * How many objects the resource has: before the index, its text's lines counted (a search for each newline, no
   * key read), less those deleted since, plus those added.
   */
  size(): number {
    if (this.indexed) return this.present.size;
    this.findObjectsStart();
    if (this.textLines < 0) {
      const end = this.textLength - TAIL.length;
      let n = 0;
      if (this.loaded) for (let at = this.loaded.indexOf(NL, this.objectsStart); at >= 0 && at < end; at = this.loaded.indexOf(NL, at + 1)) n++;
      else n = countByte(this.deferred!, NL, this.objectsStart, end);
      this.textLines = n;
    }
    let n = this.textLines;
    for (const key of this.absent) if (this.located.has(key)) n--;
    for (const key of this.order.keys()) if (!this.located.has(key)) n++;
    return n;
  }
  /**
   * The first n keys in store order (fewer if there are fewer): before the index, read from the text's first lines
   * (those of keys gone or moved since skipped), then the keys added since; undefined when a line's key has escapes.
   */
  firstKeys(n: number): string[] | undefined {
    const out: string[] = [];
    if (this.indexed) {
      for (const key of this.present.keys()) {
        if (out.length >= n) break;
        out.push(key);
      }
      return out;
    }
    this.findObjectsStart();
    const end = this.textLength - TAIL.length;
    for (let pos = this.objectsStart; out.length < n && pos < end; ) {
      const line = this.lineAt(pos);
      if (!line) return undefined;
      if (!this.absent.has(line.key) && !this.order.has(line.key)) {
        out.push(line.key);
        if (!this.located.has(line.key)) this.located.set(line.key, [line.valueStart, line.stop]);
      }
      pos = line.stop + 2; // past `,\n`
    }
    for (const key of this.order.keys()) {
      if (out.length >= n) break;
      out.push(key);
    }
    return out;
  }

  /** Before the index: how many entry lines the text has (-1: not counted yet). */
  private textLines = -1;

  /** Those of `keys` the resource has, in store order: before the index, each found by key (see find). */
  ordered(keys: Iterable<string>): string[] {
    const out: string[] = [];
    for (const key of keys) if (this.has(key)) out.push(key);
    if (this.indexed) return this.sorted(out);
    return out.sort((a, b) => this.placeBeforeIndex(a) - this.placeBeforeIndex(b));
  }

  /** The keys of the lines holding `needle`, or patching a base that holds it, as in the text (see above). */
  private textKeysMentioning(needle: string, keepTails: boolean): string[] | undefined {
    const known = this.foundBeforeIndex.get(needle);
    if (known) return known;
    this.scanBases();
    const lines = new Map<number, { key: string; valueStart: number; stop: number }>(); // by where the line starts
    // `keepTails`: each line's ending strings read now, while the search holds it (tailsRead).
    const found = (line: { key: string; start: number; valueStart: number; stop: number }) => {
      lines.set(line.start, line);
      if (!keepTails || this.tailsRead.has(line.key)) return;
      const tail = this.tailAt(line.valueStart, line.stop);
      if (tail) this.tailsRead.set(line.key, tail);
    };
    const baseHit = new Uint8Array(this.baseSpans.length);
    const baseStarts = this.baseSpans.map((span) => span[0]);
    const quoted = needle.length > 1 && needle[0] === '"';
    const pattern = Buffer.from(quoted ? needle.slice(1) : needle);
    for (let from = 0, at = this.hit(pattern, 0, quoted); at >= 0; at = this.hit(pattern, from, quoted)) {
      from = at + 1;
      if (at < this.objectsStart) {
        const b = lastAtOrBefore(baseStarts, at);
        if (b >= 0) baseHit[b] = 1;
        continue;
      }
      const line = this.lineAt(at);
      if (!line) return undefined;
      found(line);
      from = line.stop; // the rest of this line adds nothing
    }
    this.inheritBaseHits(baseHit);
    for (let i = 0; i < this.baseSpans.length; i++) {
      if (!baseHit[i]) continue;
      // Entries patching base i: their value starts `[i,` (see entriesOfBase).
      const patching = Buffer.from(`[${i},`);
      for (let at = this.hit(patching, this.objectsStart, false); at >= 0; at = this.hit(patching, at + patching.length, false)) {
        const line = this.lineAt(at);
        if (!line) return undefined;
        if (line.valueStart === at) found(line);
      }
    }
    // Many lines found in a text not read: read it whole now, as reading each line found (to decode it, or read its
    // end) would cost more (a read each); not when the caller reads only their ends, read already.
    if (!this.loaded && lines.size > MANY_LINES && !keepTails) void this.text;
    const starts = [...lines.keys()].sort((a, b) => a - b);
    const keys: string[] = [];
    for (const start of starts) {
      const line = lines.get(start)!;
      this.located.set(line.key, [line.valueStart, line.stop]);
      keys.push(line.key);
    }
    this.foundBeforeIndex.set(needle, keys);
    return keys;
  }

  /** The entry line holding byte `pos` (after the bases), read from the bytes; undefined when its key has escapes. */
  private lineAt(pos: number): { key: string; start: number; valueStart: number; stop: number } | undefined {
    const loaded = this.loaded;
    const start = (loaded ? loaded.lastIndexOf(NL, pos) : lineStartBefore(this.deferred!, pos + 1)) + 1;
    const end = loaded ? loaded.indexOf(NL, pos) : searchText(this.deferred!, NL_BYTE, pos);
    if (end < 0) throw this.broken(new SyntaxError('a resource ends in the middle of its objects'));
    const text = this.bytesAround(start, end);
    const o = this.aroundFrom;
    const stop = text[end - 1 - o] === 0x2c ? end - 1 : end;
    const key = this.keyAt(text, start - o, stop - o);
    return key === undefined ? undefined : { key, start, valueStart: plainValueStart + o, stop };
  }

  /**
   * A buffer holding bytes [start, end) of the text, aroundFrom where in the text it starts: the text read, or the
   * search chunk holding them (no view made: a search may find thousands of lines), else the bytes read.
   */
  private bytesAround(start: number, end: number): Buffer {
    if (this.loaded) {
      this.aroundFrom = 0;
      return this.loaded;
    }
    const at = heldOffset(this.deferred!, start, end);
    if (at >= 0) {
      this.aroundFrom = start - at;
      return heldBytes();
    }
    this.aroundFrom = start;
    return textBytes(this.deferred!, start, end);
  }

  changedObjects(): KubeObject[] {
    return [...this.changed].map((k) => this.present.get(k)!);
  }

  /**
   * Entries that patch base b (their value starts `[b,`): found by searching the text for `[b,` (each hit checked
   * to be where an entry's value starts), not by reading every line. Not for `":[b,`: a search runs from each
   * occurrence of the pattern's first character, and `"` is JSON's commonest (8 times slower, measured).
   */
  private entriesOfBase(b: number): number[] {
    const out: number[] = [];
    const pattern = Buffer.from(`[${b},`);
    const firstEntry = this.entryStarts[0] ?? this.text.length;
    for (let at = this.text.indexOf(pattern, firstEntry); at >= 0; at = this.text.indexOf(pattern, at + pattern.length)) {
      const e = lastAtOrBefore(this.entryStarts, at);
      if (e >= 0 && this.valueStarts[e] === at) out.push(e);
    }
    return out;
  }

  /** The bytes to write: the text itself when nothing changed, else unchanged entries copied and the rest encoded. */
  encode(): Piece[] {
    if (!this.dirty) return [this.loaded ?? this.piece(0, this.textLength)];
    const bases = this.basesToWrite();
    if (!this.indexed) return assemble(bases.lines, this.entriesBeforeIndex(bases));
    const entries: Array<Piece | string> = [];
    // The run of unchanged entries being copied: [start, stop) of the text (-1: none).
    let runStart = -1;
    let runStop = -1;
    const flush = () => {
      if (runStart >= 0) entries.push(this.text.subarray(runStart, runStop));
      runStart = -1;
    };
    this.present.forEach((v, key) => {
      const e = this.entryOf.get(key);
      if (e !== undefined && this.asRead(key, v)) {
        // Entries adjacent in the text stay one slice (the separator between them is already in it).
        if (runStart >= 0 && runStop + 2 === this.entryStarts[e]) runStop = this.entryStops[e];
        else {
          flush();
          runStart = this.entryStarts[e];
          runStop = this.entryStops[e];
        }
        return;
      }
      flush();
      entries.push(entryText(key, v!, bases, this.tagger, this.summarizer));
    });
    flush();
    return assemble(bases.lines, entries);
  }

  /** The bases to write: every base kept as written (entries copied as they are refer to them by position), and a
   *  new one for an owner without a base that has several objects to write (e.g. a new ReplicaSet's pods). */
  private basesToWrite(): Bases {
    this.scanBases();
    const bases = new Bases((i) => this.base(i));
    this.baseSpans.forEach(([s, e], i) => {
      bases.lines.push(this.piece(s, e));
      bases.objects.push(undefined);
      const owner = this.baseOwner(i);
      if (owner && !bases.byOwner.has(owner)) bases.byOwner.set(owner, i);
    });
    const written = new Map<string, KubeObject[]>();
    for (const key of this.changed) {
      const obj = this.present.get(key)!;
      const owner = controllerUid(obj);
      if (owner !== undefined && !bases.byOwner.has(owner)) written.get(owner)?.push(obj) ?? written.set(owner, [obj]);
    }
    for (const [owner, objs] of written) if (objs.length > 1) bases.add(objs[0], owner);
    return bases;
  }

  /**
   * The entries to write when changes were made before the index: the runs of lines between the lines changed or
   * gone copied as they are (whole runs: no pass over their lines), a changed line in its place, then the keys
   * added since (and those deleted and added again), in the order added. The same bytes as encode after the index.
   */
  private entriesBeforeIndex(bases: Bases): Array<Piece | string> {
    const edited: Array<[start: number, stop: number, key: string]> = [];
    for (const [key, [valueStart, stop]] of this.located) {
      if (this.changed.has(key) || this.absent.has(key) || this.order.has(key)) edited.push([lineStart(key, valueStart), stop, key]);
    }
    edited.sort((a, b) => a[0] - b[0]);
    const length = this.textLength;
    // The objects end where the text's last `\n}}` starts (no objects: the first entry line is that `}}`).
    const firstByte = this.loaded ? this.loaded[this.objectsStart] : textBytes(this.deferred!, this.objectsStart, this.objectsStart + 1)[0];
    const objectsEnd = firstByte === 0x7d ? this.objectsStart : length - TAIL.length - 1;
    const entries: Array<Piece | string> = [];
    let pos = this.objectsStart;
    for (const [start, stop, key] of edited) {
      // The lines before this one (without the `,\n` ending the last of them).
      if (start > pos) entries.push(this.piece(pos, start - 2));
      if (!this.order.has(key) && this.present.has(key)) entries.push(entryText(key, this.present.get(key)!, bases, this.tagger, this.summarizer));
      pos = stop + 2;
    }
    if (pos < objectsEnd) entries.push(this.piece(pos, objectsEnd));
    for (const key of this.order.keys()) {
      const obj = this.present.get(key)!;
      const line = this.located.get(key);
      if (line && this.decoded.get(key) === obj) entries.push(this.piece(lineStart(key, line[0]), line[1]));
      else entries.push(entryText(key, obj, bases, this.tagger, this.summarizer));
    }
    return entries;
  }
}

/**
 * How many strings end the entry value at bytes [start, stop) of t: 2 (`…,"owner","tag"]`), 3 (`…,"owner","tag",
 * "summary"]`) or 0 when it is not such a line (a value before them is an object, null or a number, never a string;
 * written strings hold no quote or backslash). Their quotes' positions are left in `q`, the last string first.
 */
function readTail(t: Buffer, start: number, stop: number, q: Int32Array): number {
  if (t[start] !== 0x5b || t[stop - 1] !== 0x5d || t[stop - 2] !== 0x22) return 0;
  let close = stop - 2; // the closing quote of the string being read
  for (let n = 0; n < 3; n++) {
    const open = t.lastIndexOf(0x22, close - 1);
    if (open <= start || t[open - 1] !== 0x2c) return 0;
    q[2 * n] = open;
    q[2 * n + 1] = close;
    if (t[open - 2] !== 0x22) return n === 0 ? 0 : n + 1; // the value before is not a string
    close = open - 2;
  }
  return 0; // more strings than a line ends with
}

/** Of the n strings ending a line (owner, tag, and a summary when n is 3), the owner's place from the end (0: the
 *  last); the tag's is one less. */
const ownerAt = (n: number): number => n - 1;

function addTo(m: Map<string, Set<string>>, k: string, key: string): void {
  let set = m.get(k);
  if (!set) m.set(k, (set = new Set())); // not new Set([key]): the iterator protocol is slow in cold code
  set.add(key);
}

/** The owner uid a base line at bytes [start, stop) ends with (`…,"uid"]`), if it ends so. */
function ownerAtEnd(bytes: Buffer, start: number, stop: number): string | undefined {
  if (bytes[stop - 1] !== 0x5d || bytes[stop - 2] !== 0x22) return undefined;
  const open = bytes.lastIndexOf(0x22, stop - 3);
  return open > start && bytes[open - 1] === 0x2c ? bytes.toString('utf8', open + 1, stop - 2) : undefined;
}

/** The base a value at bytes[at] patches (it starts `[N,`), or -1 for an object in full (`[-1,` or `{`). */
function patchedBase(bytes: Buffer, at: number): number {
  if (bytes[at] !== 0x5b /* [ */ || bytes[at + 1] === 0x2d /* - */) return -1;
  let n = 0;
  for (let i = at + 1; i < bytes.length; i++) {
    const c = bytes[i];
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

/** Index of the last element of an ascending array that is ≤ x (-1 if none). */
function lastAtOrBefore(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= x) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** Where the value of the entry whose key plainKeyAt read last starts (no array returned per line). */
let plainValueStart = 0;

/**
 * The key an entry line at bytes [start, stop) starts with (its value's start left in plainValueStart); undefined
 * when the key has escapes (a backslash before its first quote: readEscapedKey reads it). Throws a SyntaxError
 * for a line that does not start with a key.
 */
function plainKeyAt(bytes: Buffer, start: number, stop: number): string | undefined {
  if (bytes[start] !== 0x22) throw new SyntaxError('an entry does not start with its key');
  const close = bytes.indexOf(0x22, start + 1);
  if (close < 0 || close >= stop) throw new SyntaxError('an entry key is not closed');
  const key = bytes.toString('utf8', start + 1, close);
  if (key.indexOf('\\') >= 0) return undefined;
  if (bytes[close + 1] !== 0x3a /* : */) throw new SyntaxError('an entry key is not followed by a colon');
  plainValueStart = close + 2;
  return key;
}

/**
 * Where the key an entry line at bytes [start, stop) starts with closes (its closing quote), found without making a
 * string; -1 when the key has escapes. Throws as plainKeyAt.
 */
function plainKeyClose(bytes: Buffer, start: number, stop: number): number {
  if (bytes[start] !== 0x22) throw new SyntaxError('an entry does not start with its key');
  for (let i = start + 1; i < stop; i++) {
    const c = bytes[i];
    if (c === 0x5c /* \ */) return -1;
    if (c !== 0x22) continue;
    if (bytes[i + 1] !== 0x3a /* : */) throw new SyntaxError('an entry key is not followed by a colon');
    return i;
  }
  throw new SyntaxError('an entry key is not closed');
}

const UNKNOWN_BYTES = Buffer.from(UNKNOWN);
/** Whether bytes [start, end) are UNKNOWN. */
function isUnknown(bytes: Buffer, start: number, end: number): boolean {
  if (end - start !== UNKNOWN_BYTES.length) return false;
  for (let i = 0; i < UNKNOWN_BYTES.length; i++) if (bytes[start + i] !== UNKNOWN_BYTES[i]) return false;
  return true;
}

/** The key at the start of an entry line (one with escapes), and where its value starts. */
function readEscapedKey(text: Buffer, start: number, stop: number): [string, number] {
  if (text[start] !== 0x22) throw new SyntaxError('an entry does not start with its key');
  let i = start + 1;
  let escaped = false;
  for (; i < stop; i++) {
    const c = text[i];
    if (c === 0x5c /* \ */) {
      escaped = true;
      i++;
    } else if (c === 0x22) break;
  }
  if (text[i + 1] !== 0x3a /* : */) throw new SyntaxError('an entry key is not followed by a colon');
  const key = escaped ? (JSON.parse(text.toString('utf8', start, i + 1)) as string) : text.toString('utf8', start + 1, i);
  return [key, i + 2];
}

const lazyOf = new WeakMap<object, LazyBucket>();

/**
 * The resource as a record (key → object) that decodes each object on first access. Reads, writes, deletes,
 * Object.keys/values/entries and for…in work as on a plain object; Object.keys decodes nothing.
 */
export function openBucket(
  /** The text, or a big one not read yet (deferred-text.ts): searched and read a line at a time until needed whole. */
  text: Buffer | DeferredText,
  tagger?: Tagger,
  onDecode?: (key: string, obj: KubeObject) => void,
  summarizer?: Summarizer,
  /** What to throw when the text is found not to be in this layout, or a line not to be JSON (default: the SyntaxError). */
  broken?: (e: SyntaxError) => Error,
  /** How many of its objects carry each tag, as the file kept them (see LazyBucket.tagCounts). */
  storedCounts?: Map<string, number>,
): Record<string, KubeObject> {
  const lazy = new LazyBucket(text, tagger, onDecode, summarizer, broken, storedCounts);
  const proxy = new Proxy({} as Record<string, KubeObject>, {
    get: (target, p, receiver) => (typeof p === 'string' && lazy.has(p) ? lazy.get(p) : Reflect.get(target, p, receiver)),
    set: (target, p, v) => {
      if (typeof p !== 'string') return Reflect.set(target, p, v);
      lazy.set(p, v);
      return true;
    },
    deleteProperty: (target, p) => (typeof p === 'string' ? lazy.delete(p) : Reflect.deleteProperty(target, p)),
    has: (target, p) => (typeof p === 'string' && lazy.has(p)) || Reflect.has(target, p),
    ownKeys: () => [...lazy.keys()],
    getOwnPropertyDescriptor: (target, p) => {
      if (typeof p !== 'string' || !lazy.has(p)) return Reflect.getOwnPropertyDescriptor(target, p);
      // An accessor, so that listing keys (Object.keys, for…in) does not decode the values.
      return { configurable: true, enumerable: true, get: () => lazy.get(p), set: (v: KubeObject) => lazy.set(p, v) };
    },
    defineProperty: (target, p, desc) => {
      if (typeof p !== 'string' || !('value' in desc)) return Reflect.defineProperty(target, p, desc);
      lazy.set(p, desc.value);
      return true;
    },
  });
  lazyOf.set(proxy, lazy);
  return proxy;
}

/** A lazily read resource's bytes to write (the text as read when unchanged); undefined for a plain record. */
export function lazyBucketBytes(bucket: object): Buffer | undefined {
  const parts = lazyBucketParts(bucket);
  return parts && piecesBytes(parts);
}

/** The same as pieces to write one after the other ([the text as read] when unchanged). */
export function lazyBucketParts(bucket: object): Piece[] | undefined {
  return lazyOf.get(bucket)?.encode();
}

/** Objects added or replaced since the resource was read lazily (undefined: not read lazily). */
export function lazyBucketChangedObjects(bucket: object): KubeObject[] | undefined {
  return lazyOf.get(bucket)?.changedObjects();
}

/** Replays a resource's journal entries onto it, just opened (see LazyBucket.replayJournal). */
export function replayJournal(bucket: object, entries: JournalEntry[]): void {
  lazyOf.get(bucket)!.replayJournal(entries);
}

/** What the command changed in a lazily read resource since its journal (undefined: not read lazily). */
export function journalDelta(bucket: object): JournalEntry[] | undefined {
  return lazyOf.get(bucket)?.journalDelta();
}

/** Was this lazily read resource changed by the command? (undefined: not a lazily read resource) */
export function lazyBucketChanged(bucket: object): boolean | undefined {
  return lazyOf.get(bucket)?.dirty;
}

/**
 * Keys of the objects that may contain `needle` (a JSON string, e.g. a label value or node name, quotes
 * included), decoding nothing; undefined for a resource not read lazily. Callers check each candidate.
 */
export function keysMentioning(bucket: Record<string, KubeObject>, needle: string): string[] | undefined {
  return lazyOf.get(bucket)?.keysMentioning(needle);
}

/** Whether a lazily read resource has built its line index (tests: work a command did not need); undefined for a
 *  plain record. */
export function lineIndexBuilt(bucket: object): boolean | undefined {
  return lazyOf.get(bucket)?.lineIndexBuilt;
}

/** The first n keys of a resource in store order (a lazily read one reads only its first lines). */
export function firstKeysOf(bucket: Record<string, KubeObject>, n: number): string[] {
  const lazy = lazyOf.get(bucket);
  return lazy?.firstKeys(n) ?? keysOf(bucket).slice(0, n);
}

/** How many objects a resource has (a lazily read one counts its lines, decoding nothing). */
export function sizeOf(bucket: Record<string, KubeObject>): number {
  const lazy = lazyOf.get(bucket);
  return lazy ? lazy.size() : Object.keys(bucket).length;
}

/** Those of `keys` the resource has, in store order; undefined when not read lazily. */
export function keysInStoreOrder(bucket: Record<string, KubeObject>, keys: Iterable<string>): string[] | undefined {
  return lazyOf.get(bucket)?.ordered(keys);
}

/** Keys of the objects controlled by `uid` ('' for none), in store order; undefined when not read lazily. */
export function keysOwnedBy(bucket: Record<string, KubeObject>, uid: string): string[] | undefined {
  return lazyOf.get(bucket)?.keysOwnedBy(uid);
}

/** Keys of the objects that may reference `uid` as an owner, in store order; undefined when not read lazily. */
export function keysReferencing(bucket: Record<string, KubeObject>, uid: string): string[] | undefined {
  return lazyOf.get(bucket)?.keysReferencing(uid);
}

/** Keys of the objects tagged with any of `tags`, in store order; undefined when not read lazily or untagged. */
export function keysTagged(bucket: Record<string, KubeObject>, tags: string[]): string[] | undefined {
  return lazyOf.get(bucket)?.keysTagged(tags);
}

/**
 * The tag counts to keep in the file for a resource: a lazily read one's when known without the tag index
 * (undefined otherwise), a plain record's counted from its objects.
 */
export function tagCountsToKeep(bucket: Record<string, KubeObject>, tagger: Tagger): Map<string, number> | undefined {
  const lazy = lazyOf.get(bucket);
  if (lazy) return lazy.cheapTagCounts();
  const counts = new Map<string, number>();
  for (const obj of Object.values(bucket)) {
    const tag = tagger(obj);
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return counts;
}

/** Objects per tag; undefined when not read lazily or untagged. */
export function tagCounts(bucket: Record<string, KubeObject>): Map<string, number> | undefined {
  return lazyOf.get(bucket)?.tagCounts();
}

/** Keys, and for each its line summary or (where there is none to trust) its object: two arrays, no pair per object. */
export interface Summaries {
  keys: string[];
  values: Array<string | KubeObject>;
}

/**
 * Each key of a lazily read resource in store order, with its line summary or, where there is none to trust, its
 * object; undefined for a resource not read lazily.
 */
export function summariesOf(bucket: Record<string, KubeObject>): Summaries | undefined {
  return lazyOf.get(bucket)?.summaries();
}

/** The keys and summaries of a lazily read resource as bytes (summary-rows.ts); undefined for one not read lazily. */
export function summaryRowsOf(bucket: Record<string, KubeObject>): SummaryRows | undefined {
  return lazyOf.get(bucket)?.summaryRows();
}

/** One object's line summary (see LazyBucket.lineSummary); undefined too for a resource not read lazily. */
export function lineSummaryOf(bucket: Record<string, KubeObject>, key: string): string | undefined {
  return lazyOf.get(bucket)?.lineSummary(key);
}

/** Keys of a resource, without decoding anything when it is read lazily. */
export function keysOf(bucket: Record<string, KubeObject>): string[] {
  const lazy = lazyOf.get(bucket);
  return lazy ? [...lazy.keys()] : Object.keys(bucket);
}

/** [key, object] pairs of a resource, in store order. */
export function entriesOf(bucket: Record<string, KubeObject>): Array<[string, KubeObject]> {
  const lazy = lazyOf.get(bucket);
  if (!lazy) return Object.entries(bucket);
  const out: Array<[string, KubeObject]> = [];
  for (const key of lazy.keys()) out.push([key, lazy.get(key)!]);
  return out;
}

/** The objects of a resource, in store order. */
export function valuesOf(bucket: Record<string, KubeObject>): KubeObject[] {
  const lazy = lazyOf.get(bucket);
  if (!lazy) return Object.values(bucket);
  const out: KubeObject[] = [];
  for (const key of lazy.keys()) out.push(lazy.get(key)!);
  return out;
}

/** A resource in this layout, parsed whole (JSON.parse'd already, e.g. from a hand-edited file). */
export function decodeParsedBucket(shape: { bases?: BaseEntry[]; objects?: Record<string, Entry> }): Record<string, KubeObject> {
  const bases: KubeObject[] = [];
  for (const [from, p] of shape.bases ?? []) {
    if (from >= 0 && bases[from] === undefined) throw new SyntaxError(`base ${bases.length} refers to a missing base ${from}`);
    bases.push(from < 0 ? (p as KubeObject) : patchOf(bases[from], p as Patch));
  }
  const out: Record<string, KubeObject> = {};
  for (const [key, value] of Object.entries(shape.objects ?? {})) {
    if (Array.isArray(value)) {
      if (value[0] < 0) out[key] = value[1] as KubeObject;
      else if (bases[value[0]] === undefined) throw new SyntaxError(`base ${value[0]} of ${key} is missing`);
      else out[key] = patchOf(bases[value[0]], value[1] as Patch);
    } else out[key] = value;
  }
  return out;
}
