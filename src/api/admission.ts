// The API server's write path, used by every command that changes objects (apply, create, expose, run, label…):
// defaulting → validation → allocation (ClusterIPs, node ports) → store. Errors are thrown in kubectl's words
// and nothing is stored. Controllers write through Cluster directly; users' changes come through here.
import type { KubeObject } from './types.js';
import type { Cluster } from '../store/cluster.js';
import { ApiError, InvalidError } from './errors.js';
import { qualifiedResource, resourceTypeForKind, type ResourceType } from './resources.js';
import { applyDefaults } from './defaulting.js';
import { validateObject } from './validation/index.js';
import { allocateService } from '../controllers/service-allocation.js';

export type ApplyOutcome = 'created' | 'configured' | 'unchanged';

export interface WriteOptions {
  /** client: nothing is stored and nothing allocated; server: everything runs but nothing is stored. */
  dryRun?: 'client' | 'server';
}

export function typeOf(obj: KubeObject): ResourceType {
  const rt = resourceTypeForKind(obj.kind);
  if (!rt) throw new ApiError('BadRequest', `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
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
  if (obj.metadata.name && cluster.get(rt.plural, obj.metadata.namespace, obj.metadata.name)) {
    throw ApiError.alreadyExists(qualifiedResource(rt), obj.metadata.name);
  }
  const admitted = admit(cluster, obj, undefined, opts);
  if (opts.dryRun) return admitted;
  return cluster.create(admitted);
}

/** PUT: replace an existing object (`kubectl replace`, label, scale…), keeping what the server owns. */
export function updateObject(cluster: Cluster, obj: KubeObject, opts: WriteOptions = {}): KubeObject {
  const rt = typeOf(obj);
  const old = cluster.get(rt.plural, obj.metadata.namespace, obj.metadata.name!);
  if (!old) throw ApiError.notFound(qualifiedResource(rt), obj.metadata.name!);
  const next = admit(cluster, { ...obj, metadata: { ...old.metadata, ...obj.metadata } }, old, opts);
  if (opts.dryRun) return next;
  cluster.update(next);
  return cluster.get(rt.plural, next.metadata.namespace, next.metadata.name!)!;
}

/** kubectl apply: create when missing, else replace the user's fields, keeping what the server owns. */
export function applyObject(cluster: Cluster, obj: KubeObject, opts: WriteOptions = {}): { outcome: ApplyOutcome; object: KubeObject } {
  const rt = typeOf(obj);
  requireNamespace(cluster, rt, obj);
  const old = cluster.get(rt.plural, obj.metadata.namespace, obj.metadata.name!);
  if (!old) return { outcome: 'created', object: createObject(cluster, obj, opts) };
  const merged: KubeObject = { ...obj, metadata: { ...old.metadata, ...obj.metadata }, status: old.status };
  if (merged.status === undefined) delete merged.status;
  const next = admit(cluster, merged, old, opts);
  if (opts.dryRun) return { outcome: 'configured', object: next };
  const changed = cluster.update(next);
  return { outcome: changed ? 'configured' : 'unchanged', object: cluster.get(rt.plural, next.metadata.namespace, next.metadata.name!)! };
}

/** DELETE. Dependents (ownerReferences) and a namespace's contents are removed by the controllers after. */
export function deleteObject(cluster: Cluster, rt: ResourceType, namespace: string | undefined, name: string, opts: WriteOptions = {}): KubeObject {
  const ns = rt.namespaced ? namespace : undefined;
  const old = cluster.get(rt.plural, ns, name);
  if (!old) throw ApiError.notFound(qualifiedResource(rt), name);
  if (!opts.dryRun) cluster.remove(rt.plural, ns, name);
  return old;
}
