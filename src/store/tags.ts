// Tags: a short string the state file keeps beside each object of some resources, derived from the object when it
// is written, so that controllers can find objects by it without decoding the resource (bucket.ts). A tag is a
// hint to narrow a search: readers still check each object they decode.
import type { KubeObject } from '../api/types.js';

export type Tagger = (obj: KubeObject) => string;

/**
 * A pod's tag: the node it is bound to ('' when none), with '!' appended when it no longer counts as running
 * there (finished or being deleted: the rule of workload-util's isPodActive). Node names cannot hold a '!'.
 */
export function podTag(pod: KubeObject): string {
  const phase = pod.status?.phase;
  const inactive = phase === 'Succeeded' || phase === 'Failed' || Boolean(pod.metadata?.deletionTimestamp);
  const node = typeof pod.spec?.nodeName === 'string' ? pod.spec.nodeName : '';
  return inactive ? node + '!' : node;
}

export const TAGGERS: Record<string, Tagger | undefined> = { pods: podTag };

/** Tags and owner uids are written only when they need no escaping (the reader scans them from the line's end). */
export const SAFE_TAG = /^[A-Za-z0-9._:!/+-]*$/;

/** Written in place of an owner or tag that is not safe: readers then decode the object to learn it. */
export const UNKNOWN = '?';
