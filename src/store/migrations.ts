// Schema migrations: an older state file is brought up to SCHEMA_VERSION when read (in memory; the next write
// saves it in the new layout and keeps the old file as `<state>.bak`).
//
// Schema 0 (kubesim 0.0.x) carried no `schemaVersion`; its `objects` were one flat list, and its `cluster` had
// no `nodePortRange` or `loadBalancerPool` (both were fixed):
//   { "cluster": {name, provider, seed, kubernetesVersion, serviceCIDR, podCIDR, clusterDomain, dnsIP, createdAt},
//     "random": [a, b, c, d], "resourceVersion": 17, "objects": [ {apiVersion, kind, metadata, …}, … ] }
// Schema 1: objects grouped by resource (plural) and keyed by "namespace/name"; see state.ts.
// Schema 2: in the state file, a pod's line also ends with its row summary (row-summary.ts), which a schema 1
// reader would take for its tag; the objects are the same.
// Schema 3: the state file's first line also keeps facts about its resources (the pods per node, the kinds of
// owner each resource's objects name: codec.ts), kept right by every write; a schema 2 reader would copy them
// unchanged into a file it rewrites, where they would no longer be right, so it must refuse the file. The
// objects are the same; a schema 2 file has none of these facts (readers count from the lines).
import { resourceTypeForKind } from '../api/resources.js';
import { objectKey, SCHEMA_VERSION } from './state.js';

export class MigrationError extends Error {}

/**
 * The first schema whose objects are stored as the current one's: migrating from it changes no object, so the
 * state is checked as a current one is (each object when first decoded), not decoded whole to be checked.
 */
export const SAME_OBJECTS_SINCE = 2;

const isRecord = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

const MIGRATIONS: Record<number, (s: any) => any> = {
  // n: migrates a state of schema n to schema n + 1.
  0: (s) => {
    if (!Array.isArray(s.objects)) throw new MigrationError('objects: must be a list in schema 0');
    const objects: Record<string, Record<string, unknown>> = {};
    s.objects.forEach((o: any, i: number) => {
      const rt = isRecord(o) && typeof o.kind === 'string' ? resourceTypeForKind(o.kind) : undefined;
      if (!rt) throw new MigrationError(`objects[${i}].kind: ${isRecord(o) && typeof o.kind === 'string' ? `unknown kind "${o.kind}"` : 'must be a string'}`);
      if (!isRecord(o.metadata) || typeof o.metadata.name !== 'string') throw new MigrationError(`objects[${i}].metadata.name: must be a string`);
      (objects[rt.plural] ??= {})[objectKey(rt.namespaced ? o.metadata.namespace : undefined, o.metadata.name)] = o;
    });
    const cluster = isRecord(s.cluster) ? { nodePortRange: '30000-32767', loadBalancerPool: '203.0.113.0/24', ...s.cluster } : s.cluster;
    return { schemaVersion: 1, cluster, random: s.random, resourceVersion: s.resourceVersion, objects };
  },
  1: (s) => {
    // The pods as a plain record: the next write encodes them afresh, each line with its summary.
    if (isRecord(s.objects) && isRecord(s.objects.pods)) s.objects.pods = { ...s.objects.pods };
    return { ...s, schemaVersion: 2 };
  },
  2: (s) => ({ ...s, schemaVersion: 3 }),
};

/** The schema a parsed state file declares: files from before versioning count as schema 0. */
export function schemaOf(s: Record<string, unknown>): number | undefined {
  if (s.schemaVersion === undefined) return Array.isArray(s.objects) ? 0 : undefined;
  return Number.isInteger(s.schemaVersion) && (s.schemaVersion as number) >= 0 ? (s.schemaVersion as number) : undefined;
}

/** Bring a state of schema `from` (< SCHEMA_VERSION) up to date; throws MigrationError on a bad old file. */
export function migrate(state: any, from: number): any {
  let s = state;
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new MigrationError(`no migration from schema ${v}`);
    s = step(s);
  }
  return s;
}
