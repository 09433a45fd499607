// The cluster side of kubectl's workload verbs (scale, rollout, cordon/uncordon, drain) and kubesim's own
// (probe, node stop|start): pure functions of the Cluster returning the lines to print, unit-testable without I/O.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { ApiError, ClientError } from '../api/errors.js';
import { qualifiedKind, qualifiedResource, resolveResourceType, type ResourceType } from '../api/resources.js';
import { killPod } from './events-util.js';
import { controllerRef, isPodActive } from './workload-util.js';
import { REVISION } from './deployment.js';
import { liveUids, ownedBy, ownerExists, podsOnNode } from './work.js';
import { templateWithoutHash, canonicalJSON } from './pod-template-hash.js';
import { READINESS } from './kubelet.js';
import { EVICT_NOW, STOPPED } from './node-lifecycle.js';
import { cloneJSON } from '../store/clone.js';

export const SCALABLE = ['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers'];

export function mustGet(cluster: Cluster, rt: ResourceType, namespace: string | undefined, name: string): KubeObject {
  const obj = cluster.get(rt.plural, rt.namespaced ? namespace : undefined, name);
  if (!obj) throw ApiError.notFound(qualifiedResource(rt), name);
  return obj;
}

/** `TYPE NAME…` or `TYPE/NAME…` into (type, name) pairs, as kubectl's resource builder reads them. */
export function parseTargets(args: string[]): Array<{ rt: ResourceType; name: string }> {
  if (!args.length) return [];
  const out: Array<{ rt: ResourceType; name: string }> = [];
  const resolve = (t: string) => {
    const rt = resolveResourceType(t);
    if (!rt) throw new ClientError(`the server doesn't have a resource type "${t}"`);
    return rt;
  };
  if (args[0].includes('/')) {
    for (const a of args) {
      const [t, n] = a.split('/', 2);
      if (!n) throw new ClientError(`arguments in resource/name form must have a single resource and name`);
      out.push({ rt: resolve(t), name: n });
    }
    return out;
  }
  const rt = resolve(args[0]);
  for (const n of args.slice(1)) out.push({ rt, name: n });
  return out;
}

// ---- scale -----------------------------------------------------------------------------------------------------

export function scale(cluster: Cluster, rt: ResourceType, namespace: string, name: string, replicas: number, currentReplicas?: number): string {
  if (!SCALABLE.includes(rt.plural)) throw new ClientError(`cannot scale a ${rt.kind} (only deployments, replicasets, statefulsets and replicationcontrollers scale)`);
  const obj = mustGet(cluster, rt, namespace, name);
  const current = obj.spec?.replicas ?? 1;
  if (currentReplicas !== undefined && currentReplicas !== current) throw new ClientError(`Expected replicas to be ${currentReplicas}, was ${current}`);
  const next = cloneJSON(obj);
  next.spec = { ...(next.spec ?? {}), replicas };
  cluster.update(next);
  return `${qualifiedKind(rt)}/${name} scaled`;
}

// ---- rollout ---------------------------------------------------------------------------------------------------

const ROLLOUT_KINDS = ['deployments', 'statefulsets', 'daemonsets'];

function rolloutTarget(cluster: Cluster, rt: ResourceType, namespace: string, name: string): KubeObject {
  if (!ROLLOUT_KINDS.includes(rt.plural)) throw new ClientError(`no ${'rollout'} support for ${rt.kind}`);
  return mustGet(cluster, rt, namespace, name);
}

export function rolloutRestart(cluster: Cluster, rt: ResourceType, namespace: string, name: string): string {
  const obj = rolloutTarget(cluster, rt, namespace, name);
  const next = cloneJSON(obj);
  next.spec.template ??= {};
  next.spec.template.metadata ??= {};
  next.spec.template.metadata.annotations = { ...(next.spec.template.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': cluster.timestamp() };
  cluster.update(next);
  return `${qualifiedKind(rt)}/${name} restarted`;
}

/** What `rollout status` prints once (kubesim's rollouts finish within the command, so there is nothing to watch). */
export function rolloutStatus(cluster: Cluster, rt: ResourceType, namespace: string, name: string): { text: string; done: boolean } {
  const obj = rolloutTarget(cluster, rt, namespace, name);
  const s = obj.status ?? {};
  const want = obj.spec?.replicas ?? 1;
  if (rt.plural === 'deployments') {
    const updated = s.updatedReplicas ?? 0;
    const total = s.replicas ?? 0;
    const available = s.availableReplicas ?? 0;
    if (updated < want) return { text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...`, done: false };
    if (total > updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${total - updated} old replicas are pending termination...`, done: false };
    if (available < updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...`, done: false };
    return { text: `deployment "${name}" successfully rolled out`, done: true };
  }
  if (rt.plural === 'statefulsets') {
    const ready = s.readyReplicas ?? 0;
    if (ready < want) return { text: `Waiting for ${want - ready} pods to be ready...`, done: false };
    if (s.updateRevision !== s.currentRevision) return { text: `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision}...`, done: false };
    return { text: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision}...`, done: true };
  }
  return { text: `daemon set "${name}" successfully rolled out`, done: true };
}

/** The Deployment's ReplicaSets (found from the state file's lines, not by decoding every one), oldest revision first. */
function ownedReplicaSets(cluster: Cluster, d: KubeObject): KubeObject[] {
  return ownedBy(cluster, 'replicasets', d.metadata.uid!).sort((a, b) => rev(a) - rev(b));
}

function rev(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

/** `rollout history`: kubectl's name line, then a tabwriter table (padding 2), then a blank line. */
export function rolloutHistory(cluster: Cluster, rt: ResourceType, namespace: string, name: string): string {
  const obj = rolloutTarget(cluster, rt, namespace, name);
  if (rt.plural !== 'deployments') return `${qualifiedKind(rt)}/${name} \nREVISION  CHANGE-CAUSE\n\n`;
  const rows = ownedReplicaSets(cluster, obj).map((rs) => [String(rev(rs)), rs.metadata.annotations?.['kubernetes.io/change-cause'] ?? '<none>']);
  if (!rows.length) return `No rollout history found.`;
  const w = Math.max(8, ...rows.map((r) => r[0].length)) + 2;
  const lines = ['REVISION'.padEnd(w) + 'CHANGE-CAUSE', ...rows.map((r) => r[0].padEnd(w) + r[1])];
  return `${qualifiedKind(rt)}/${name} \n${lines.join('\n')}\n\n`;
}

export function rolloutUndo(cluster: Cluster, rt: ResourceType, namespace: string, name: string, toRevision = 0): string {
  const d = rolloutTarget(cluster, rt, namespace, name);
  if (rt.plural !== 'deployments') throw new ClientError(`no rollback support for ${rt.kind}`);
  const rsets = ownedReplicaSets(cluster, d);
  let target: KubeObject | undefined;
  if (toRevision > 0) {
    target = rsets.find((rs) => rev(rs) === toRevision);
    if (!target) throw new ClientError(`unable to find specified revision ${toRevision} in history`);
  } else {
    const sorted = [...rsets].sort((a, b) => rev(b) - rev(a));
    target = sorted[1];
    if (!target) throw new ClientError(`no rollout history found for deployment "${name}"`);
  }
  const template = templateWithoutHash(target.spec?.template);
  if (canonicalJSON(template) === canonicalJSON(templateWithoutHash(d.spec?.template))) {
    return `${qualifiedKind(rt)}/${name} skipped rollback (current template already matches revision ${rev(target)})`;
  }
  const next = cloneJSON(d);
  next.spec.template = template;
  cluster.update(next);
  return `${qualifiedKind(rt)}/${name} rolled back`;
}

// ---- nodes -----------------------------------------------------------------------------------------------------

const NODES = resolveResourceType('nodes')!;

export function cordon(cluster: Cluster, nodeName: string, on: boolean): string {
  const node = mustGet(cluster, NODES, undefined, nodeName);
  const verb = on ? 'cordoned' : 'uncordoned';
  if (Boolean(node.spec?.unschedulable) === on) return `node/${nodeName} already ${verb}`;
  const next = cloneJSON(node);
  next.spec ??= {};
  if (on) next.spec.unschedulable = true;
  else delete next.spec.unschedulable;
  cluster.update(next);
  return `node/${nodeName} ${verb}`;
}

export interface DrainOptions {
  force?: boolean;
  ignoreDaemonsets?: boolean;
  deleteEmptydirData?: boolean;
}

export interface DrainResult {
  stdout: string[];
  stderr: string[];
  failed: boolean;
}

/** kubectl drain: cordon, then evict every pod on the node, refusing (unless told) the pods drain would lose. */
export function drain(cluster: Cluster, nodeName: string, opts: DrainOptions): DrainResult {
  const res: DrainResult = { stdout: [], stderr: [], failed: false };
  res.stdout.push(cordon(cluster, nodeName, true));
  // The node's pods from the pods' node tags; a controller looked up by kind and name (every object's uid only
  // for a kind kubesim does not serve): draining one node decodes neither every pod nor every object.
  const pods = [...podsOnNode(cluster, nodeName).values()].sort((a, b) =>
    `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`),
  );
  let uids: Set<string> | undefined;
  const allUids = () => (uids ??= liveUids(cluster));
  const unmanaged: string[] = [];
  const daemons: string[] = [];
  const local: string[] = [];
  const evict: KubeObject[] = [];
  for (const p of pods) {
    const id = `${p.metadata.namespace}/${p.metadata.name}`;
    if (p.metadata.annotations?.['kubernetes.io/config.mirror']) continue;
    const ref = controllerRef(p);
    if (!isPodActive(p)) {
      evict.push(p);
      continue;
    }
    const managed = ref !== undefined && ownerExists(cluster, p.metadata.namespace, ref, allUids);
    if (ref?.kind === 'DaemonSet' && managed) {
      daemons.push(id);
      continue;
    }
    if (!managed) unmanaged.push(id);
    if ((p.spec?.volumes ?? []).some((v: any) => v.emptyDir)) local.push(id);
    evict.push(p);
  }
  const errors: string[] = [];
  const warnings: string[] = [];
  if (unmanaged.length) {
    if (opts.force) warnings.push(`deleting Pods that declare no controller: ${unmanaged.join(', ')}`);
    else errors.push(`cannot delete Pods that declare no controller (use --force to override): ${unmanaged.join(', ')}`);
  }
  if (daemons.length) {
    if (opts.ignoreDaemonsets) warnings.push(`ignoring DaemonSet-managed Pods: ${daemons.join(', ')}`);
    else errors.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${daemons.join(', ')}`);
  }
  if (local.length) {
    if (opts.deleteEmptydirData) warnings.push(`deleting Pods with local storage: ${local.join(', ')}`);
    else errors.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${local.join(', ')}`);
  }
  if (errors.length) {
    const msg = errors.join(', ');
    res.stderr.push(`error: unable to drain node "${nodeName}" due to error: ${msg}, continuing command...`, 'There are pending nodes to be drained:', ` ${nodeName}`, msg);
    res.failed = true;
    return res;
  }
  if (warnings.length) res.stderr.push(`Warning: ${warnings.join('; ')}`);
  for (const p of evict) res.stdout.push(`evicting pod ${p.metadata.namespace}/${p.metadata.name}`);
  for (const p of evict) {
    killPod(cluster, p);
    res.stdout.push(`pod/${p.metadata.name} evicted`);
  }
  res.stdout.push(`node/${nodeName} drained`);
  return res;
}

/** `kubesim node stop|start`: the node's kubelet stops (or resumes) posting status. */
export function nodePower(cluster: Cluster, nodeName: string, stop: boolean, evictNow = false): string {
  const node = mustGet(cluster, NODES, undefined, nodeName);
  const stopped = node.metadata.annotations?.[STOPPED] !== undefined;
  if (stop === stopped && !(stop && evictNow && node.metadata.annotations?.[EVICT_NOW] === undefined)) return `node/${nodeName} already ${stop ? 'stopped' : 'started'}`;
  const next = cloneJSON(node);
  const a = { ...(next.metadata.annotations ?? {}) };
  if (stop) {
    a[STOPPED] ??= cluster.timestamp();
    if (evictNow) a[EVICT_NOW] = 'true';
  } else {
    delete a[STOPPED];
    delete a[EVICT_NOW];
  }
  next.metadata.annotations = a;
  cluster.update(next);
  return `node/${nodeName} ${stop ? 'stopped' : 'started'}`;
}

// ---- probe -----------------------------------------------------------------------------------------------------

const PODS = resolveResourceType('pods')!;

export function probe(cluster: Cluster, namespace: string, podName: string, pass: boolean): string {
  const pod = mustGet(cluster, PODS, namespace, podName);
  const next = cloneJSON(pod);
  const a = { ...(next.metadata.annotations ?? {}) };
  if (pass) delete a[READINESS];
  else a[READINESS] = 'fail';
  if (Object.keys(a).length) next.metadata.annotations = a;
  else delete next.metadata.annotations;
  cluster.update(next);
  return `pod/${podName} readiness probe ${pass ? 'passing' : 'failing'}`;
}
