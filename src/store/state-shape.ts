// What a loaded state must look like before any command touches it: enough that a hand-edited file gives a
// clear error naming the bad field instead of a crash deep in a controller. Cheap: one pass over the objects.
import { resourceTypeForKind } from '../api/resources.js';
import { objectKey } from './state.js';

const isRecord = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

const CONFIG_STRINGS = ['name', 'kubernetesVersion', 'serviceCIDR', 'podCIDR', 'nodePortRange', 'clusterDomain', 'dnsIP', 'loadBalancerPool', 'createdAt'];

/** The first problem found, as `<field path>: <what is wrong>`, or undefined when the shape is right. */
export function stateShapeProblem(s: unknown): string | undefined {
  const top = topLevelProblem(s);
  if (top) return top;
  for (const [plural, bucket] of Object.entries((s as any).objects)) {
    const problem = bucketProblem(plural, bucket);
    if (problem) return problem;
  }
  return undefined;
}

/** Everything but the objects (which the codec may parse lazily, one resource at a time). */
export function topLevelProblem(s: unknown): string | undefined {
  if (!isRecord(s)) return 'the top level must be an object';
  if (!isRecord(s.cluster)) return 'cluster: must be an object';
  for (const k of CONFIG_STRINGS) if (typeof s.cluster[k] !== 'string') return `cluster.${k}: must be a string`;
  if (s.cluster.provider !== 'cloud' && s.cluster.provider !== 'local') return 'cluster.provider: must be "cloud" or "local"';
  if (!isUint32(s.cluster.seed)) return 'cluster.seed: must be an integer between 0 and 4294967295';
  if (!Array.isArray(s.random) || s.random.length !== 4 || !s.random.every(isInt32Word)) return 'random: must be a list of 4 32-bit integers';
  if (!Number.isSafeInteger(s.resourceVersion) || s.resourceVersion < 0) return 'resourceVersion: must be a non-negative integer';
  if (!isRecord(s.objects)) return 'objects: must be an object';
  return undefined;
}

/** One resource's objects. */
export function bucketProblem(plural: string, bucket: unknown): string | undefined {
  const where = `objects.${plural}`;
  if (!isRecord(bucket)) return `${where}: must be an object`;
  for (const [key, obj] of Object.entries(bucket)) {
    const problem = objectProblem(plural, key, obj);
    if (problem) return `${where}[${JSON.stringify(key)}]${problem}`;
  }
  return undefined;
}

/** One object (as stored under `key` in `plural`): what is wrong with it, named from `objects.` on. */
export function objectProblemAt(plural: string, key: string, obj: unknown): string | undefined {
  const problem = objectProblem(plural, key, obj);
  return problem && `objects.${plural}[${JSON.stringify(key)}]${problem}`;
}

function objectProblem(plural: string, key: string, o: unknown): string | undefined {
  if (!isRecord(o)) return ': must be an object';
  if (typeof o.apiVersion !== 'string') return '.apiVersion: must be a string';
  if (typeof o.kind !== 'string') return '.kind: must be a string';
  const rt = resourceTypeForKind(o.kind);
  if (!rt) return `.kind: unknown kind "${o.kind}"`;
  if (rt.plural !== plural) return `.kind: a ${o.kind} does not belong in ${plural}`;
  const m = o.metadata;
  if (!isRecord(m)) return '.metadata: must be an object';
  if (typeof m.name !== 'string' || m.name === '') return '.metadata.name: must be a non-empty string';
  if (rt.namespaced ? typeof m.namespace !== 'string' || m.namespace === '' : m.namespace !== undefined) {
    return rt.namespaced ? '.metadata.namespace: must be a non-empty string' : '.metadata.namespace: must be absent (cluster-scoped)';
  }
  if (objectKey(m.namespace, m.name) !== key) return `: key does not match the object's namespace/name "${objectKey(m.namespace, m.name)}"`;
  for (const f of ['labels', 'annotations'] as const) {
    if (m[f] === undefined) continue;
    if (!isRecord(m[f]) || !allStrings(m[f])) return `.metadata.${f}: must be a map of strings`;
  }
  if (m.ownerReferences !== undefined && !(Array.isArray(m.ownerReferences) && m.ownerReferences.every(isRecord))) {
    return '.metadata.ownerReferences: must be a list of objects';
  }
  for (const f of ['spec', 'status'] as const) {
    if (o[f] !== undefined && !isRecord(o[f])) return `.${f}: must be an object`;
  }
  return undefined;
}

function allStrings(m: Record<string, unknown>): boolean {
  for (const k in m) if (typeof m[k] !== 'string') return false;
  return true;
}

/** The generator's words: uint32, or int32 where an xor left them signed. */
function isInt32Word(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= -0x80000000 && (v as number) <= 0xffffffff;
}

function isUint32(v: unknown): boolean {
  return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;
}
