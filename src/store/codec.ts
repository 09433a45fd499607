// The state file's encoding, built so a command pays only for what it touches.
// - Lazy: each resource (pods, services…) is stored as its own JSON text inside the file, at byte offsets the
//   first line gives; a resource a command never reads is never parsed and is written back byte for byte.
// - Per object: inside a resource, one object per line (bucket.ts); a command decodes only the objects it
//   reads, and writes back the unchanged ones as they were.
// - Compact: objects sharing a controller owner are stored as patches against one shared base (bucket.ts).
// The file stays plain JSON; older layouts (objects written out in full, earlier bucket shapes) are read too.
import type { KubeObject } from '../api/types.js';
import type { ClusterState } from './state.js';
import { diff, patchOf, type Patch } from './patch.js';
import { TAGGERS } from './tags.js';
import { SUMMARIZERS } from './row-summary.js';
import { decodeParsedBucket, encodeBucketParts, isLineLayout, lazyBucketChanged, lazyBucketChangedObjects, lazyBucketParts, openBucket, valuesOf } from './bucket.js';

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
}

const INDEX_PREFIX = '{"index":';
const OFFSET_WIDTH = 12;

type BucketCheck = (plural: string, bucket: Record<string, KubeObject>) => void;
/** Checks one object as it is decoded (a resource read lazily is checked object by object, when read). */
type ObjectCheck = (plural: string, key: string, obj: KubeObject) => void;

/** How a decoded bucket looked when read: its text, and (once parsed) the objects it held. */
interface LoadedBucket {
  /** The resource's JSON as read (bytes of the file, or a string from an older layout). */
  text: Buffer | string;
  /** False when the file says none of its objects has owner references. */
  owned?: boolean;
  /** A hand edit wrote objects of this resource in full beside its text: it must be merged, never dropped. */
  edited?: boolean;
  parsed?: Record<string, KubeObject>;
  /** For a resource parsed whole: its objects as read (a lazily read one tracks its changes itself). */
  snapshot?: Map<string, KubeObject>;
}

/** objects record of a decoded state → its buckets as read. */
const loaded = new WeakMap<object, Map<string, LoadedBucket>>();

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
function bucketBytes(lazy: LoadedBucket | undefined, objects: ClusterState['objects'], plural: string): [Buffer[], boolean] | undefined {
  const asRead = (): [Buffer[], boolean] => [[Buffer.isBuffer(lazy!.text) ? lazy!.text : Buffer.from(lazy!.text)], lazy!.owned !== false];
  if (lazy && !lazy.parsed && !lazy.edited) return asRead(); // never read by this command
  const bucket = objects[plural];
  if (lazy && lazy.parsed === bucket) {
    const parts = lazyBucketParts(bucket);
    if (parts && parts.length === 1 && parts[0] === lazy.text) return asRead();
    if (parts) return [parts, mayHaveOwners(objects, plural)];
    if (unchanged(lazy, bucket)) return asRead();
  }
  if (!bucket || Object.keys(bucket).length === 0) return undefined;
  return [encodeBucketParts(bucket, TAGGERS[plural], SUMMARIZERS[plural]), valuesOf(bucket).some(hasOwners)];
}

/**
 * Whether a resource may hold objects with owner references: false only when the file says none of its objects
 * had any and none was written since (what the garbage collector needs to skip it).
 */
export function mayHaveOwners(objects: ClusterState['objects'], plural: string): boolean {
  const entry = loaded.get(objects)?.get(plural);
  if (!entry || entry.owned !== false || entry.edited) return true;
  if (!entry.parsed) return false;
  const changed = lazyBucketChangedObjects(entry.parsed);
  return changed === undefined || changed.some(hasOwners);
}

/** The state file, as the pieces to write one after the other. */
export function encodeStateParts(state: ClusterState): Buffer[] {
  const read = loaded.get(state.objects);
  const parts: Array<[string, Buffer[], boolean]> = [];
  for (const plural of Object.keys(state.objects)) {
    const b = bucketBytes(read?.get(plural), state.objects, plural);
    if (b) parts.push([plural, ...b]);
  }
  const { objects: _objects, ...header } = state;
  const pad = (n: number) => String(n).padStart(OFFSET_WIDTH, '0');
  // The first line's length depends only on the plurals and the header, not on the offsets' values.
  const rest = JSON.stringify(header).slice(1, -1);
  const firstLine = (index: Record<string, string[]>) => `${INDEX_PREFIX}${JSON.stringify(index)}${rest ? ',' + rest : ''},"buckets":{\n`;
  const placeholder = Object.fromEntries(parts.map(([p]) => [p, [pad(0), pad(0), '0']]));
  let offset = Buffer.byteLength(firstLine(placeholder));
  // plural → [start, end, "1" if any object may have owner references else "0"], fixed width.
  const index: Record<string, string[]> = {};
  const chunks: Buffer[] = [];
  parts.forEach(([plural, pieces, owned], i) => {
    const key = Buffer.from(`${i ? ',\n' : ''}${JSON.stringify(plural)}:`);
    offset += key.length;
    const length = pieces.reduce((n, b) => n + b.length, 0);
    index[plural] = [pad(offset), pad(offset + length), owned ? '1' : '0'];
    offset += length;
    chunks.push(key, ...pieces);
  });
  return [Buffer.from(firstLine(index)), ...chunks, Buffer.from('\n}}\n')];
}

/** The state file's bytes. */
export function encodeStateBytes(state: ClusterState): Buffer {
  return Buffer.concat(encodeStateParts(state));
}

export function encodeState(state: ClusterState): string {
  return encodeStateBytes(state).toString('utf8');
}

/** The index, if the file's first line has one and every offset points at its resource as written. */
function readIndex(buf: Buffer): { header: Omit<ClusterState, 'objects'>; slices: Record<string, Buffer>; ownerless: Set<string> } | undefined {
  if (buf.toString('latin1', 0, INDEX_PREFIX.length) !== INDEX_PREFIX) return undefined;
  const nl = buf.indexOf(10);
  if (nl < 0) return undefined;
  let head: FileShape;
  try {
    head = JSON.parse(buf.toString('utf8', 0, nl) + '}}');
  } catch {
    return undefined;
  }
  if (!head.index || typeof head.index !== 'object') return undefined;
  const slices: Record<string, Buffer> = {};
  const ownerless = new Set<string>();
  for (const [plural, pair] of Object.entries(head.index)) {
    if (!Array.isArray(pair) || pair.length < 2 || pair.length > 4) return undefined;
    // The owner flag: a one-digit last element (a 12-digit third one is an older file's checksum, unused now).
    const flag = (pair as string[])[pair.length - 1];
    if (pair.length > 2 && flag === '0') ownerless.add(plural);
    const [start, end] = pair.map(Number);
    const key = Buffer.from(`${JSON.stringify(plural)}:`);
    const fits = Number.isInteger(start) && Number.isInteger(end) && start > nl && end > start && end <= buf.length;
    if (!fits || buf[start] !== 0x7b || buf[end - 1] !== 0x7d || !buf.subarray(start - key.length, start).equals(key)) return undefined;
    slices[plural] = buf.subarray(start, end);
  }
  const { index: _i, buckets: _b, objects: _o, ...header } = head;
  return { header: header as Omit<ClusterState, 'objects'>, slices, ownerless };
}

/**
 * Parse a state file (bytes or text). Resources are parsed on first access; `check` then validates each one (and
 * may throw). Throws SyntaxError on bad JSON in what is parsed at once.
 */
export function decodeState(input: Buffer | string, check?: BucketCheck, checkObject?: ObjectCheck): ClusterState {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input);
  const indexed = readIndex(buf);
  let header: Omit<ClusterState, 'objects'>;
  let texts: Record<string, Buffer | string | BucketShape>;
  let written: Record<string, Record<string, KubeObject>> = {};
  let ownerless = new Set<string>();
  if (indexed) {
    ownerless = indexed.ownerless;
    header = indexed.header;
    texts = indexed.slices;
  } else {
    const file = JSON.parse(buf.toString('utf8')) as FileShape;
    if (file && typeof file === 'object' && (file as LegacyFile).compact) return readLegacyCompact(file as LegacyFile, check);
    if (!file || typeof file !== 'object' || !file.buckets || typeof file.buckets !== 'object') {
      if (file && typeof file === 'object' && file.objects && check) {
        for (const [plural, bucket] of Object.entries(file.objects)) check(plural, bucket);
      }
      return file as ClusterState;
    }
    const { buckets, objects: plainObjects, index: _i, ...rest } = file;
    header = rest as Omit<ClusterState, 'objects'>;
    texts = buckets;
    // Resources written out in full beside the encoded ones (a hand edit) count too, merged over them.
    if (plainObjects && typeof plainObjects === 'object') written = plainObjects;
  }
  const objects: ClusterState['objects'] = {};
  const read = new Map<string, LoadedBucket>();
  for (const [plural, bucket] of Object.entries(written)) {
    if (plural in texts) continue;
    check?.(plural, bucket);
    objects[plural] = bucket;
  }
  for (const [plural, raw] of Object.entries(texts)) {
    const isText = typeof raw === 'string' || Buffer.isBuffer(raw);
    if (!isText && (typeof raw !== 'object' || raw === null)) throw new SyntaxError(`buckets.${plural} is not a resource`);
    const entry: LoadedBucket = {
      text: isText ? raw : JSON.stringify(raw),
      edited: Boolean(written[plural] && typeof written[plural] === 'object') || !isText,
      owned: !ownerless.has(plural),
    };
    read.set(plural, entry);
    Object.defineProperty(objects, plural, {
      enumerable: true,
      configurable: true,
      get() {
        if (!entry.parsed) {
          const extra = written[plural];
          // The line layout: decoded object by object, on demand (each object checked as it is decoded).
          if (!extra && Buffer.isBuffer(entry.text) && isLineLayout(entry.text)) {
            entry.parsed = openBucket(entry.text, TAGGERS[plural], checkObject && ((key, obj) => checkObject(plural, key, obj)), SUMMARIZERS[plural]);
            return entry.parsed;
          }
          const bucket = isText ? decodeBucket(entry.text.toString()) : decodeBucketShape(raw as BucketShape);
          if (extra && typeof extra === 'object') Object.assign(bucket, extra);
          check?.(plural, bucket);
          entry.parsed = bucket;
          // A merged hand edit must be written out, so no snapshot: the resource counts as changed.
          entry.snapshot = entry.edited ? undefined : new Map(Object.entries(bucket));
        }
        return entry.parsed;
      },
      set(v) {
        // Replacing a whole resource: from now on it is encoded from the objects.
        Object.defineProperty(objects, plural, { value: v, enumerable: true, configurable: true, writable: true });
        entry.parsed = v;
        entry.snapshot = undefined;
      },
    });
  }
  loaded.set(objects, read);
  return { ...header, objects };
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
  const entry = loaded.get(objects)?.get(plural);
  if (!entry || entry.edited) return undefined;
  // Read lazily, the text still holds every object as read (changes since are in the change log).
  if (entry.parsed && !entry.snapshot && lazyBucketChanged(entry.parsed) === undefined) return undefined;
  return entry.text;
}

/** Parse every resource now (validating it): for callers that need the whole state, e.g. a backup check. */
export function decodeAll(state: ClusterState): void {
  for (const plural of Object.keys(state.objects)) void state.objects[plural];
}
