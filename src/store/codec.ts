// The state file's encoding, built so a command pays only for what it touches.
// - Lazy: each resource (pods, services…) is stored as its own JSON text inside the file, parsed the first time
//   a command reads it; a resource a command never read is written back byte for byte.
// - Compact: a cluster of 20,000 pods is mostly the same pod 20,000 times — replicas of one ReplicaSet differ
//   in name, uid, IP, node and a few timestamps. Objects sharing a controller owner are written as a small patch
//   against one shared base; bases are patches against the previous base. Decoding shares unchanged subtrees
//   with the base instead of copying them. Objects are never mutated in place (CONTRIBUTING.md), which is what
//   makes the sharing safe.
// The file stays plain JSON; a file whose resources are written out in full (`objects`) is read as well.
import * as zlib from 'node:zlib';
import type { KubeObject } from '../api/types.js';
import type { ClusterState } from './state.js';

/** Patch keys: `=k` set k to the value, `~k` patch the object or same-length array at k, `-k` delete k. */
type Patch = Record<string, unknown>;
type Encoded = [base: number, patch: Patch | null];

/** One resource's text: objects without a controller owner as they are, the others as patches. */
interface BucketShape {
  plain?: Record<string, KubeObject>;
  /** Each base: [-1, full object] or [earlier base index, patch against it]. */
  bases?: Encoded[];
  /** key → [base index, patch]. */
  patched?: Record<string, Encoded>;
}

/**
 * The file, as JSON: `{"index": {plural: [start, end]}, "schemaVersion": …, "cluster": …, "buckets": {plural:
 * BucketShape}}`, written so that its first line holds the index and the rest of the state but its objects, and
 * each resource's JSON sits at the
 * byte offsets the index gives (fixed-width, so the index's own length does not depend on them). A reader parses
 * the first line and then only the slices it needs; a file edited by hand (offsets no longer matching) is parsed
 * whole instead. Older layouts are read too: plain `objects`, and resources as JSON strings in `buckets`.
 */
interface FileShape extends Omit<ClusterState, 'objects'> {
  objects?: ClusterState['objects'];
  /** plural → [start, end, crc32] of its JSON in the file, fixed-width digits. */
  index?: Record<string, [string, string, string?]>;
  buckets?: Record<string, string | BucketShape>;
}

const INDEX_PREFIX = '{"index":';
const OFFSET_WIDTH = 12;

type BucketCheck = (plural: string, bucket: Record<string, KubeObject>) => void;

/** How a decoded bucket looked when read: its text, and (once parsed) the objects it held. */
interface LoadedBucket {
  /** The resource's JSON as read (bytes of the file, or a string from an older layout). */
  text: Buffer | string;
  /** Its bytes match the checksum kubesim wrote with them: they are kubesim's own output, no need to re-check. */
  verified?: boolean;
  /** A hand edit wrote objects of this resource in full beside its text: it must be merged, never dropped. */
  edited?: boolean;
  parsed?: Record<string, KubeObject>;
  snapshot?: Map<string, KubeObject>;
}

/** objects record of a decoded state → its buckets as read. */
const loaded = new WeakMap<object, Map<string, LoadedBucket>>();

/** How an object decoded from a file was encoded: reused when the object is written back unchanged. */
const origin = new WeakMap<object, { base: KubeObject; patch: Patch | null }>();

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function diff(a: unknown, b: unknown): Patch | undefined {
  if (a === b) return undefined;
  const patch: Patch = {};
  let any = false;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < b.length; i++) any = setEntry(patch, String(i), a[i], b[i]) || any;
    return any ? patch : undefined;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (const k of Object.keys(y)) {
    if (!Object.prototype.hasOwnProperty.call(x, k)) {
      patch['=' + k] = y[k];
      any = true;
    } else any = setEntry(patch, k, x[k], y[k]) || any;
  }
  for (const k of Object.keys(x)) {
    if (!Object.prototype.hasOwnProperty.call(y, k)) {
      patch['-' + k] = 1;
      any = true;
    }
  }
  return any ? patch : undefined;
}

function setEntry(patch: Patch, k: string, av: unknown, bv: unknown): boolean {
  if (av === bv) return false;
  const bothPlain = isPlain(av) && isPlain(bv);
  const sameArrays = Array.isArray(av) && Array.isArray(bv) && av.length === bv.length;
  if (bothPlain || sameArrays) {
    const d = diff(av, bv);
    if (d === undefined) return false;
    patch['~' + k] = d;
    return true;
  }
  if (typeof av !== 'object' && typeof bv !== 'object') {
    patch['=' + k] = bv;
    return true;
  }
  // Different shapes (or arrays of different lengths): replace, unless equal after all.
  if (JSON.stringify(av) === JSON.stringify(bv)) return false;
  patch['=' + k] = bv;
  return true;
}

/** Apply a patch, sharing every untouched subtree with the base. */
export function patchOf(base: unknown, patch: Patch | null): any {
  if (!patch) return base;
  const out: any = Array.isArray(base) ? base.slice() : { ...(base as object) };
  for (const key of Object.keys(patch)) {
    const op = key[0];
    const k = key.slice(1);
    if (op === '=') out[k] = patch[key];
    else if (op === '~') out[k] = patchOf(out[k], patch[key] as Patch);
    else if (op === '-') delete out[k];
  }
  return out;
}

function controllerUid(obj: KubeObject): string | undefined {
  const refs = obj.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return undefined;
  return refs.find((r) => r?.controller)?.uid;
}

export function encodeBucket(bucket: Record<string, KubeObject>): string {
  const bases: Encoded[] = [];
  const baseObjects: KubeObject[] = [];
  const baseIndex = new Map<KubeObject, number>();
  let lastBase: number | undefined;
  const addBase = (obj: KubeObject): number => {
    let i = baseIndex.get(obj);
    if (i !== undefined) return i;
    const enc: Encoded = lastBase === undefined ? [-1, obj as unknown as Patch] : [lastBase, diff(baseObjects[lastBase], obj) ?? null];
    i = bases.length;
    bases.push(enc);
    baseObjects.push(obj);
    baseIndex.set(obj, i);
    lastBase = i;
    return i;
  };
  const groups = new Map<string, Array<[string, KubeObject]>>();
  const plain: Record<string, KubeObject> = {};
  for (const [key, obj] of Object.entries(bucket)) {
    const uid = controllerUid(obj);
    if (!uid) {
      plain[key] = obj;
      continue;
    }
    let g = groups.get(uid);
    if (!g) groups.set(uid, (g = []));
    g.push([key, obj]);
  }
  const patched: Record<string, Encoded> = {};
  for (const g of groups.values()) {
    // Reuse the base the group was read with, if its objects still point at it; else the first object.
    const base = g.map(([, o]) => origin.get(o)?.base).find(Boolean) ?? g[0][1];
    const b = addBase(base);
    for (const [key, obj] of g) {
      const o = origin.get(obj);
      patched[key] = [b, o && o.base === base ? o.patch : (diff(base, obj) ?? null)];
    }
  }
  const shape: BucketShape = {};
  if (Object.keys(plain).length) shape.plain = plain;
  if (bases.length) Object.assign(shape, { bases, patched });
  return JSON.stringify(shape);
}

export function decodeBucket(text: string): Record<string, KubeObject> {
  return decodeBucketShape(JSON.parse(text) as BucketShape);
}

function decodeBucketShape(shape: BucketShape): Record<string, KubeObject> {
  if (!shape || typeof shape !== 'object' || Array.isArray(shape)) throw new SyntaxError('a resource is not a JSON object');
  const bucket: Record<string, KubeObject> = shape.plain ?? {};
  if (shape.bases && shape.patched) {
    const bases: KubeObject[] = [];
    for (const [from, p] of shape.bases) bases.push(from < 0 ? (p as unknown as KubeObject) : patchOf(bases[from], p));
    for (const [key, [b, patch]] of Object.entries(shape.patched)) {
      const base = bases[b];
      if (base === undefined) throw new SyntaxError(`base ${b} of ${key} is missing`);
      const obj = patchOf(base, patch);
      origin.set(obj, { base, patch });
      bucket[key] = obj;
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

/** The state file's bytes. */
export function encodeStateBytes(state: ClusterState): Buffer {
  const read = loaded.get(state.objects);
  const parts: Array<[string, Buffer]> = [];
  for (const plural of Object.keys(state.objects)) {
    const lazy = read?.get(plural);
    const asRead = lazy && (lazy.parsed ? unchanged(lazy, state.objects[plural]) : !lazy.edited);
    if (lazy && asRead) {
      parts.push([plural, Buffer.isBuffer(lazy.text) ? lazy.text : Buffer.from(lazy.text)]); // as it was read
      continue;
    }
    const bucket = state.objects[plural];
    if (!bucket || Object.keys(bucket).length === 0) continue;
    parts.push([plural, Buffer.from(encodeBucket(bucket))]);
  }
  const { objects: _objects, ...header } = state;
  const pad = (n: number) => String(n).padStart(OFFSET_WIDTH, '0');
  // The first line's length depends only on the plurals and the header, not on the offsets' values.
  const rest = JSON.stringify(header).slice(1, -1);
  const firstLine = (index: Record<string, [string, string, string?]>) => `${INDEX_PREFIX}${JSON.stringify(index)}${rest ? ',' + rest : ''},"buckets":{\n`;
  const placeholder = Object.fromEntries(parts.map(([p]) => [p, [pad(0), pad(0), pad(0)] as [string, string, string]]));
  let offset = Buffer.byteLength(firstLine(placeholder));
  const index: Record<string, [string, string, string?]> = {};
  const chunks: Buffer[] = [];
  parts.forEach(([plural, bytes], i) => {
    const key = Buffer.from(`${i ? ',\n' : ''}${JSON.stringify(plural)}:`);
    offset += key.length;
    index[plural] = [pad(offset), pad(offset + bytes.length), pad(crc32(bytes))];
    offset += bytes.length;
    chunks.push(key, bytes);
  });
  return Buffer.concat([Buffer.from(firstLine(index)), ...chunks, Buffer.from('\n}}\n')]);
}

export function encodeState(state: ClusterState): string {
  return encodeStateBytes(state).toString('utf8');
}

/** The index, if the file's first line has one and every offset points at its resource as written. */
/** CRC-32 of a resource's bytes (zlib's, in C++: ~2 GB/s); -1 where this Node lacks zlib.crc32 (before 20.15). */
function crc32(bytes: Buffer): number {
  const f = (zlib as unknown as { crc32?: (b: Buffer) => number }).crc32;
  return typeof f === 'function' ? f(bytes) : -1;
}

function readIndex(buf: Buffer): { header: Omit<ClusterState, 'objects'>; slices: Record<string, Buffer>; verified: Set<string> } | undefined {
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
  const verified = new Set<string>();
  for (const [plural, pair] of Object.entries(head.index)) {
    if (!Array.isArray(pair) || pair.length < 2 || pair.length > 3) return undefined;
    const [start, end, sum] = pair.map(Number);
    const key = Buffer.from(`${JSON.stringify(plural)}:`);
    const fits = Number.isInteger(start) && Number.isInteger(end) && start > nl && end > start && end <= buf.length;
    if (!fits || buf[start] !== 0x7b || buf[end - 1] !== 0x7d || !buf.subarray(start - key.length, start).equals(key)) return undefined;
    slices[plural] = buf.subarray(start, end);
    if (pair.length === 3 && sum >= 0 && crc32(slices[plural]) === sum) verified.add(plural);
  }
  const { index: _i, buckets: _b, objects: _o, ...header } = head;
  return { header: header as Omit<ClusterState, 'objects'>, slices, verified };
}

/**
 * Parse a state file (bytes or text). Resources are parsed on first access; `check` then validates each one (and
 * may throw). Throws SyntaxError on bad JSON in what is parsed at once.
 */
export function decodeState(input: Buffer | string, check?: BucketCheck): ClusterState {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input);
  const indexed = readIndex(buf);
  let header: Omit<ClusterState, 'objects'>;
  let texts: Record<string, Buffer | string | BucketShape>;
  let written: Record<string, Record<string, KubeObject>> = {};
  let verified = new Set<string>();
  if (indexed) {
    verified = indexed.verified;
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
      verified: verified.has(plural),
    };
    read.set(plural, entry);
    Object.defineProperty(objects, plural, {
      enumerable: true,
      configurable: true,
      get() {
        if (!entry.parsed) {
          const bucket = isText ? decodeBucket(entry.text.toString()) : decodeBucketShape(raw as BucketShape);
          const extra = written[plural];
          if (extra && typeof extra === 'object') Object.assign(bucket, extra);
          // Bytes that match kubesim's own checksum were written from checked objects: skip the per-object check.
          if (!entry.verified || extra) check?.(plural, bucket);
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
  if (!entry || entry.edited || (entry.parsed && !entry.snapshot)) return undefined;
  return entry.text;
}

/** Parse every resource now (validating it): for callers that need the whole state, e.g. a backup check. */
export function decodeAll(state: ClusterState): void {
  for (const plural of Object.keys(state.objects)) void state.objects[plural];
}
