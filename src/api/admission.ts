// The API server's write path, used by every command that changes objects (apply, create, expose, run, label…):
// defaulting → validation → allocation (ClusterIPs, node ports) → store. Errors are thrown in kubectl's words
// and nothing is stored. Controllers write through Cluster directly; users' changes come through here.
import type { KubeObject } from './types.js';
import type { Cluster } from '../store/cluster.js';
import { ApiError, InvalidError } from './errors.js';
import { apiVersionOf, qualifiedResource, resourceTypeForKind, type ResourceType } from './resources.js';
import { applyDefaults } from './defaulting.js';
import { validateObject } from './validation/index.js';
import { allocateService } from '../controllers/service-allocation.js';
import { LAST_APPLIED, threeWayMerge, lastAppliedOf, stripServerMetadata } from './three-way-merge.js';

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

export interface WriteOptions {
  /** client: nothing is stored and nothing allocated; server: everything runs but nothing is stored. */
  dryRun?: 'client' | 'server';
}

export function typeOf(obj: KubeObject): ResourceType {
  const rt = resourceTypeForKind(obj.kind);
  if (!rt || (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(rt))) {
    throw new ApiError('BadRequest', `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
  }
  return rt;
}

function requireNamespace(cluster: Cluster, rt: ResourceType, obj: KubeObject): void {
  if (!rt.namespaced) return;
  const ns = obj.metadata.namespace!;
  if (!cluster.get('namespaces', undefined, ns)) throw ApiError.notFound('namespaces', ns);
}

/** Default, validate and allocate; returns the object as it would be stored. Throws on any error. */
export function admit(cluster: Cluster, obj: KubeObject, old: KubeObject | undefined, opts: WriteOptions = {}): KubeObject {
  const rt = typeOf(obj);
  const next = structuredClone(obj);
  next.metadata ??= {};
  if (!rt.namespaced) delete next.metadata.namespace;
  applyDefaults(next, old, cluster);
  const causes = validateObject(next, old, cluster);
  if (causes.length) throw new InvalidError(rt.kind, next.metadata.name ?? '', causes);
  if (rt.kind === 'Service' && opts.dryRun !== 'client') {
    const allocationErrors = allocateService(cluster, next, old);
    if (allocationErrors.length) throw new InvalidError(rt.kind, next.metadata.name ?? '', allocationErrors);
  }
  return next;
}

/** POST: create a new object (`kubectl create`); AlreadyExists if it is there. */
export function createObject(cluster: Cluster, obj: KubeObject, opts: WriteOptions = {}): KubeObject {
  const rt = typeOf(obj);
  requireNamespace(cluster, rt, obj);
  const ns = rt.namespaced ? obj.metadata.namespace : undefined;
  if (obj.metadata.name && cluster.get(rt.plural, ns, obj.metadata.name)) {
    throw ApiError.alreadyExists(qualifiedResource(rt), obj.metadata.name);
  }
  const admitted = admit(cluster, stripServerMetadata(obj), undefined, opts);
  if (opts.dryRun) return admitted;
  return cluster.create(admitted);
}

/** PUT: replace an existing object (`kubectl replace`, label, scale…), keeping what the server owns. */
export function updateObject(cluster: Cluster, obj: KubeObject, opts: WriteOptions = {}): KubeObject {
  const rt = typeOf(obj);
  const ns = rt.namespaced ? obj.metadata.namespace : undefined;
  const old = cluster.get(rt.plural, ns, obj.metadata.name!);
  if (!old) throw ApiError.notFound(qualifiedResource(rt), obj.metadata.name!);
  const next = admit(cluster, withServerMetadata(obj, old), old, opts);
  if (opts.dryRun) return next;
  cluster.update(next);
  return cluster.get(rt.plural, ns, next.metadata.name!)!;
}

/** The server keeps uid, creationTimestamp and the like whatever a PUT says. */
function withServerMetadata(obj: KubeObject, old: KubeObject): KubeObject {
  const next = stripServerMetadata(obj);
  const keep = ['uid', 'creationTimestamp', 'resourceVersion', 'generation', 'deletionTimestamp', 'ownerReferences'] as const;
  for (const k of keep) {
    if (k === 'ownerReferences' && next.metadata.ownerReferences !== undefined) continue;
    if (old.metadata[k] !== undefined) (next.metadata as Record<string, unknown>)[k] = old.metadata[k];
  }
  return next;
}

/**
 * kubectl apply (client-side): create when missing, with the manifest recorded in the last-applied annotation;
 * else a three-way merge of last-applied, the manifest and the live object: fields dropped from the manifest are
 * removed, fields the server or controllers set (clusterIP, nodePorts, defaults, status) are kept.
 */
export function applyObject(cluster: Cluster, obj: KubeObject, opts: WriteOptions = {}): { outcome: ApplyOutcome; object: KubeObject } {
  const rt = typeOf(obj);
  requireNamespace(cluster, rt, obj);
  const ns = rt.namespaced ? obj.metadata.namespace : undefined;
  const manifest = stripServerMetadata(obj);
  const annotation = lastAppliedOf(manifest);
  const old = cluster.get(rt.plural, ns, obj.metadata.name!);
  if (!old) {
    const withAnnotation = structuredClone(manifest);
    withAnnotation.metadata.annotations = { ...(withAnnotation.metadata.annotations ?? {}), [LAST_APPLIED]: annotation };
    return { outcome: 'created', object: createObject(cluster, withAnnotation, opts) };
  }
  const previous = parseLastApplied(old);
  const merged = threeWayMerge(previous, manifest, old);
  // Re-applying what is already there (the manifest, or `get -o yaml` of the object) changes nothing.
  const mergedWithoutAnnotation = admit(cluster, withServerMetadata(merged, old), old, { dryRun: 'client' });
  if (sameIgnoringLastApplied(mergedWithoutAnnotation, old)) return { outcome: 'unchanged', object: old };
  merged.metadata.annotations = { ...(merged.metadata.annotations ?? {}), [LAST_APPLIED]: annotation };
  const next = admit(cluster, withServerMetadata(merged, old), old, opts);
  if (opts.dryRun) return { outcome: 'configured', object: next };
  const changed = cluster.update(next);
  return { outcome: changed ? 'configured' : 'unchanged', object: cluster.get(rt.plural, ns, next.metadata.name!)! };
}

function parseLastApplied(obj: KubeObject): Record<string, unknown> | undefined {
  const text = obj.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    const v = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

function sameIgnoringLastApplied(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const c = structuredClone(o);
    if (c.metadata.annotations) {
      delete c.metadata.annotations[LAST_APPLIED];
      if (Object.keys(c.metadata.annotations).length === 0) delete c.metadata.annotations;
    }
    delete c.metadata.resourceVersion;
    delete c.metadata.generation;
    return JSON.stringify(sortDeep(c));
  };
  return strip(a) === strip(b);
}

function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) Object.defineProperty(out, k, { value: sortDeep((v as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

/** DELETE. Dependents (ownerReferences) and a namespace's contents are removed by the controllers after. */
export function deleteObject(cluster: Cluster, rt: ResourceType, namespace: string | undefined, name: string, opts: WriteOptions = {}): KubeObject {
  const ns = rt.namespaced ? namespace : undefined;
  const old = cluster.get(rt.plural, ns, name);
  if (!old) throw ApiError.notFound(qualifiedResource(rt), name);
  if (!opts.dryRun) cluster.remove(rt.plural, ns, name);
  return old;
}
