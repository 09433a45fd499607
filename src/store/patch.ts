// Structural patches between JSON values: how the state file stores an object as its difference from a similar one
// (replicas of one ReplicaSet differ in name, uid, IP, node and a few timestamps).
// Patch keys: `=k` set k to the value, `~k` patch the object or same-length array at k, `-k` delete k.

export type Patch = Record<string, unknown>;

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The patch turning a into b, or undefined when they are equal. */
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

/** Apply a patch, sharing every untouched subtree with the base (objects are never mutated in place). */
export function patchOf(base: unknown, patch: Patch | null): any {
  if (!patch) return base;
  let out: any;
  if (Array.isArray(base)) out = base.slice();
  else {
    // Deleted keys are left out while copying: `delete` would turn the object into a slow dictionary.
    let deletes: Set<string> | undefined;
    for (const key in patch) if (key[0] === '-') (deletes ??= new Set()).add(key.slice(1));
    if (!deletes) out = { ...(base as object) };
    else {
      out = {};
      for (const k in base as object) if (!deletes.has(k)) out[k] = (base as any)[k];
    }
  }
  for (const key in patch) {
    const op = key[0];
    if (op === '=') out[key.slice(1)] = patch[key];
    else if (op === '~') {
      const k = key.slice(1);
      out[k] = patchOf(out[k], patch[key] as Patch);
    } else if (op === '-' && Array.isArray(out)) delete out[key.slice(1) as any];
  }
  return out;
}
