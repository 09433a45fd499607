// pod-template-hash (pkg/controller/controller_utils.go ComputeHash): FNV-1a 32 over the pod template, plus the
// collision count, printed in decimal and each digit passed through apimachinery's SafeEncodeString. Upstream hashes
// a Go object dump we cannot reproduce; a canonical JSON (sorted keys) gives the same properties: deterministic,
// changes whenever the template changes, only characters from `456789bcdf`.
import { K8S_NAME_ALPHABET } from '../sim/random.js';
import { cloneJSON } from '../store/clone.js';

/** JSON with object keys sorted at every level, so equal templates always serialize the same. */
export function canonicalJSON(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return '[' + v.map(canonicalJSON).join(',') + ']';
  const o = v as Record<string, unknown>;
  return (
    '{' +
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => JSON.stringify(k) + ':' + canonicalJSON(o[k]))
      .join(',') +
    '}'
  );
}

export function fnv1a32(bytes: Uint8Array, hash = 0x811c9dc5): number {
  for (const b of bytes) hash = Math.imul(hash ^ b, 0x01000193) >>> 0;
  return hash >>> 0;
}

/** Each character c becomes alphabet[c % 27]: digits map 0→4 1→5 2→6 3→7 4→8 5→9 6→b 7→c 8→d 9→f. */
export function safeEncode(s: string): string {
  let out = '';
  for (const ch of s) out += K8S_NAME_ALPHABET[ch.charCodeAt(0) % K8S_NAME_ALPHABET.length];
  return out;
}

export function computeHash(template: unknown, collisionCount?: number): string {
  let h = fnv1a32(new TextEncoder().encode(canonicalJSON(template ?? {})));
  if (collisionCount) {
    // Upstream writes the count as a little-endian uint32 into 8 bytes.
    const extra = new Uint8Array(8);
    new DataView(extra.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv1a32(extra, h);
  }
  return safeEncode(String(h));
}

/** The template without the pod-template-hash label: how a ReplicaSet's template is compared to its Deployment's. */
export function templateWithoutHash(template: any): any {
  const t = cloneJSON(template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels['pod-template-hash'];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  return t;
}
