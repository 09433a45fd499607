// The state file's compact encoding. A cluster of 20,000 pods is mostly the same pod 20,000 times: replicas of
// one ReplicaSet differ only in name, uid, IP, node and a few timestamps. Objects that share a controller owner
// are written as a small patch against one shared base object; bases are themselves patches against earlier
// bases. Decoding shares unchanged subtrees with the base instead of copying them, so reading is proportional
// to the file size, not to the cluster's size in memory. Objects are never mutated in place (CONTRIBUTING.md),
// which is what makes the sharing safe.
import type { KubeObject } from '../api/types.js';
import type { ClusterState } from './state.js';

/** Patch keys: `=k` set k to the value, `~k` patch the object or same-length array at k, `-k` delete k. */
type Patch = Record<string, unknown>;
type Encoded = [base: number, patch: Patch | null];

interface CompactSection {
  /** Each base: [-1, full object] or [earlier base index, patch against it]. */
  bases: Encoded[];
  /** plural → key → [base index, patch]. */
  objects: Record<string, Record<string, Encoded>>;
}

interface FileShape extends Omit<ClusterState, 'objects'> {
  objects: ClusterState['objects'];
  compact?: CompactSection;
}

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

export function encodeState(state: ClusterState): string {
  const bases: Encoded[] = [];
  const baseIndex = new Map<KubeObject, number>();
  const addBase = (obj: KubeObject): number => {
    let i = baseIndex.get(obj);
    if (i !== undefined) return i;
    // A base is stored as a patch against the previous base of the same kind when that is smaller.
    const prev = bases.length ? lastBaseOfKind.get(obj.kind) : undefined;
    let enc: Encoded = [-1, obj as unknown as Patch];
    if (prev !== undefined) {
      const p = diff(baseObjects[prev], obj);
      enc = [prev, p ?? null];
    }
    i = bases.length;
    bases.push(enc);
    baseObjects.push(obj);
    baseIndex.set(obj, i);
    lastBaseOfKind.set(obj.kind, i);
    return i;
  };
  const baseObjects: KubeObject[] = [];
  const lastBaseOfKind = new Map<string, number>();

  const plain: ClusterState['objects'] = {};
  const compact: CompactSection['objects'] = {};
  for (const [plural, bucket] of Object.entries(state.objects)) {
    const groups = new Map<string, Array<[string, KubeObject]>>();
    const rest: Record<string, KubeObject> = {};
    for (const [key, obj] of Object.entries(bucket)) {
      const uid = controllerUid(obj);
      if (!uid) {
        rest[key] = obj;
        continue;
      }
      let g = groups.get(uid);
      if (!g) groups.set(uid, (g = []));
      g.push([key, obj]);
    }
    for (const g of groups.values()) {
      if (g.length < 2 && !origin.has(g[0][1])) {
        rest[g[0][0]] = g[0][1];
        continue;
      }
      // Reuse the base the group was read with, if its objects still point at it; else the first object.
      const known = g.map(([, o]) => origin.get(o)?.base).find(Boolean);
      const base = known ?? g[0][1];
      const b = addBase(base);
      const out = (compact[plural] ??= {});
      for (const [key, obj] of g) {
        const o = origin.get(obj);
        const patch = o && o.base === base ? o.patch : (diff(base, obj) ?? null);
        out[key] = [b, patch];
      }
    }
    if (Object.keys(rest).length) plain[plural] = rest;
  }
  const file: FileShape = { ...state, objects: plain };
  if (bases.length) file.compact = { bases, objects: compact };
  return JSON.stringify(file);
}

/** Parse a state file's text (compact or plain JSON). Throws SyntaxError on bad JSON; shape checks are the caller's. */
export function decodeState(text: string): ClusterState {
  const file = JSON.parse(text) as FileShape;
  const compact = file?.compact;
  if (!compact) return file as ClusterState;
  delete file.compact;
  const bases: KubeObject[] = [];
  for (const [from, p] of compact.bases) bases.push(from < 0 ? (p as unknown as KubeObject) : patchOf(bases[from], p));
  file.objects ??= {};
  for (const [plural, entries] of Object.entries(compact.objects)) {
    const bucket = (file.objects[plural] ??= {});
    for (const [key, [b, patch]] of Object.entries(entries)) {
      const base = bases[b];
      const obj = patchOf(base, patch);
      origin.set(obj, { base, patch });
      bucket[key] = obj;
    }
  }
  return file as ClusterState;
}
