// Deep copies of JSON-like values (objects as the state and manifests hold them), as controllers make before
// changing an object: structuredClone serializes and deserializes, about 8 times slower for a pod, and a bulk apply
// copies every pod several times.

/**
 * A deep copy of `value`: objects (own keys, in order; `undefined` values kept, as structuredClone keeps them; an
 * own `__proto__` key stays data, as JSON.parse made it), arrays and primitives.
 */
export function cloneJSON<T>(value: T): T {
  return copy(value) as T;
}

function copy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    const a = new Array(v.length);
    for (let i = 0; i < v.length; i++) a[i] = copy(v[i]);
    return a;
  }
  const o: Record<string, unknown> = {};
  const src = v as Record<string, unknown>;
  for (const k of Object.keys(src)) {
    if (k === '__proto__') Object.defineProperty(o, k, { value: copy(src[k]), enumerable: true, writable: true, configurable: true });
    else o[k] = copy(src[k]);
  }
  return o;
}
