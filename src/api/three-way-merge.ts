// kubectl apply's client-side three-way merge, on plain JSON: last-applied (what the user said before), the new
// manifest (what the user says now) and the live object (what the server and controllers made of it).
import type { KubeObject } from './types.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Set a key as data, never through a setter: `__proto__` from a manifest stays an ordinary key. */
function put(o: Obj, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * Keys in the manifest win; keys in last-applied but not in the manifest are removed; everything else in the live
 * object stays. Lists are replaced by the manifest's (defaulting then refills server-set values such as nodePorts).
 */
export function mergeValue(last: unknown, manifest: unknown, live: unknown): unknown {
  if (!isObj(manifest)) return structuredClone(manifest);
  const out: Obj = {};
  if (isObj(live)) for (const k of Object.keys(live)) put(out, k, structuredClone(live[k]));
  if (isObj(last)) for (const k of Object.keys(last)) if (!Object.prototype.hasOwnProperty.call(manifest, k)) delete out[k];
  for (const k of Object.keys(manifest)) {
    put(out, k, mergeValue(isObj(last) ? last[k] : undefined, manifest[k], Object.prototype.hasOwnProperty.call(out, k) ? out[k] : undefined));
  }
  return out;
}

export function threeWayMerge(last: Obj | undefined, manifest: KubeObject, live: KubeObject): KubeObject {
  const merged = mergeValue(last, manifest, live) as KubeObject;
  merged.metadata ??= {};
  return merged;
}

/** Fields only the server sets: a manifest's values for them (from `get -o yaml`) are not the user's. */
export function stripServerMetadata(obj: KubeObject): KubeObject {
  const c = structuredClone(obj);
  c.metadata = { ...(c.metadata ?? {}) };
  for (const k of ['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
    delete (c.metadata as Obj)[k];
  }
  return c;
}

/** The annotation's value: the manifest as JSON with sorted keys, without the annotation itself, newline-terminated. */
export function lastAppliedOf(manifest: KubeObject): string {
  const c = structuredClone(manifest);
  delete c.status;
  if (c.metadata.annotations) {
    const rest = { ...c.metadata.annotations };
    delete rest[LAST_APPLIED];
    if (Object.keys(rest).length) c.metadata.annotations = rest;
    else delete c.metadata.annotations;
  }
  return JSON.stringify(sortKeys(c)) + '\n';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isObj(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort()) put(out, k, sortKeys(v[k]));
    return out;
  }
  return v;
}
