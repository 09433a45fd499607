// Helpers shared by the workload controllers (deployment, replicaset, statefulset, scheduler, kubelet, node
// lifecycle): owner indexes, pod state predicates, conditions, and the pod the API server stores for a template.
import type { KubeObject, OwnerReference } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { valuesOf } from '../store/bucket.js';
import { cloneJSON } from '../store/clone.js';

export function controllerRef(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller);
}

export function ownerRefTo(owner: KubeObject): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name!, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

/** Objects of one resource grouped by their controller's uid: built once per pass, so each owner finds its own in O(1). */
export function indexByController(objs: KubeObject[]): Map<string, KubeObject[]> {
  const m = new Map<string, KubeObject[]>();
  for (const o of objs) {
    const ref = controllerRef(o);
    if (!ref) continue;
    let list = m.get(ref.uid);
    if (!list) m.set(ref.uid, (list = []));
    list.push(o);
  }
  return m;
}

/** Pods a controller counts: not being deleted, not finished (controller_utils.go IsPodActive). */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

export function getCondition(obj: KubeObject, type: string): any {
  return (obj.status?.conditions ?? []).find((c: any) => c.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return getCondition(pod, 'Ready')?.status === 'True';
}

/** Objects whose metadata.namespace is ns, by all namespaces at once: one scan of the bucket. */
export function values(cluster: Cluster, plural: string): KubeObject[] {
  return valuesOf(cluster.state.objects[plural] ?? {});
}

export function byName(a: KubeObject, b: KubeObject): number {
  const x = a.metadata.name ?? '';
  const y = b.metadata.name ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Default `tolerationSeconds` the DefaultTolerationSeconds admission plugin gives every pod. */
export const DEFAULT_TOLERATION_SECONDS = 300;

/**
 * The pod spec as the API server stores it after v1 defaulting and admission (defaults.go, DefaultTolerationSeconds):
 * only fills what is missing, so it is safe on an already-defaulted template.
 */
export function defaultPodSpec(spec: any): any {
  const s = cloneJSON(spec ?? {});
  for (const c of [...(s.initContainers ?? []), ...(s.containers ?? [])]) {
    if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(c.image) === 'latest' ? 'Always' : 'IfNotPresent';
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
    c.resources ??= {};
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
  }
  s.dnsPolicy ??= 'ClusterFirst';
  s.enableServiceLinks ??= true;
  s.preemptionPolicy ??= 'PreemptLowerPriority';
  s.priority ??= 0;
  s.restartPolicy ??= 'Always';
  s.schedulerName ??= 'default-scheduler';
  s.securityContext ??= {};
  s.serviceAccountName ??= s.serviceAccount ?? 'default';
  s.serviceAccount ??= s.serviceAccountName;
  s.terminationGracePeriodSeconds ??= 30;
  const tolerations: any[] = (s.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => (t.key === key || (t.operator === 'Exists' && !t.key)) && (!t.effect || t.effect === 'NoExecute'))) {
      tolerations.push({ effect: 'NoExecute', key, operator: 'Exists', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
  return s;
}

/** The tag of an image reference (`latest` when none is given; none for a digest). */
export function imageTag(image: string | undefined): string | undefined {
  if (!image) return 'latest';
  if (image.includes('@')) return undefined;
  const last = image.split('/').pop()!;
  const i = last.indexOf(':');
  return i < 0 ? 'latest' : last.slice(i + 1);
}

/** QoS class (pkg/apis/core/helper/qos): Guaranteed when every container's requests equal limits for cpu and memory. */
export function qosClass(spec: any): string {
  const containers = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || String(q) !== String(l)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** A new pod from a template, as a controller posts it and the API server stores it (phase Pending). */
export function podFromTemplate(template: any, namespace: string, owner: KubeObject, extra: { name?: string; generateName?: string; labels?: Record<string, string> } = {}): KubeObject {
  const meta = template?.metadata ?? {};
  const spec = defaultPodSpec(template?.spec);
  const metadata: any = {};
  if (extra.generateName) metadata.generateName = extra.generateName;
  if (extra.name) metadata.name = extra.name;
  metadata.namespace = namespace;
  const labels = { ...(meta.labels ?? {}), ...(extra.labels ?? {}) };
  if (Object.keys(labels).length) metadata.labels = labels;
  if (meta.annotations && Object.keys(meta.annotations).length) metadata.annotations = { ...meta.annotations };
  metadata.ownerReferences = [ownerRefTo(owner)];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status: { phase: 'Pending', qosClass: qosClass(spec) } };
}

/**
 * Set a condition the way the controllers' SetCondition helpers do: unchanged status keeps lastTransitionTime;
 * an identical condition is left alone (so a settled object is not rewritten).
 */
export function setCondition(conditions: any[], next: Record<string, any>, now: string, timeFields: string[] = ['lastTransitionTime']): any[] {
  const i = conditions.findIndex((c) => c.type === next.type);
  const old = i >= 0 ? conditions[i] : undefined;
  if (old && old.status === next.status && old.reason === next.reason && old.message === next.message) return conditions;
  const cond: any = { ...next };
  for (const f of timeFields) cond[f] = f === 'lastTransitionTime' && old && old.status === next.status ? old.lastTransitionTime : now;
  const out = conditions.filter((c) => c.type !== next.type);
  out.push(cond);
  return out;
}

/** Write a copy of obj back only if it changed (Cluster.update ignores no-ops). */
export function save(cluster: Cluster, obj: KubeObject): boolean {
  return cluster.update(obj);
}

/**
 * Delete a pod as the kubelet finishes it: kubesim skips the graceful Terminating phase (the simulated containers
 * stop at once), recording the kubelet's Killing event for each running container.
 */
export function deletePod(cluster: Cluster, pod: KubeObject, recordKilling: (pod: KubeObject, container: string) => void): void {
  if (pod.spec?.nodeName && pod.status?.phase === 'Running') for (const c of pod.spec?.containers ?? []) recordKilling(pod, c.name);
  cluster.remove('pods', pod.metadata.namespace, pod.metadata.name!);
}
