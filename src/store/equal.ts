// Equality of JSON-like values, as the API server's "is this write a no-op?" check needs it: key order does not
// matter and a key holding undefined counts as absent (JSON drops it). Stops at the first difference and
// allocates nothing, unlike comparing two JSON.stringify results — it runs for every controller write.

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let nx = 0;
  for (const k in x) {
    const v = x[k];
    if (v === undefined) continue;
    nx++;
    if (!jsonEqual(v, y[k])) return false;
  }
  let ny = 0;
  for (const k in y) if (y[k] !== undefined) ny++;
  return nx === ny;
}
