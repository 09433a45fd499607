// ReplicaSet controller (pkg/controller/replicaset): keeps spec.replicas active pods matching the selector,
// adopting orphans and releasing pods relabelled out of the selector; scale-down deletes the pods Kubernetes
// ranks first (controller_utils.go ActivePodsWithRanks); writes status.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { matchesSelector } from '../api/labels.js';
import { recordEvent } from './events.js';
import { killPod } from './events-util.js';
import { controllerRef, getCondition, indexByController, isPodActive, isPodReady, ownerRefTo, podFromTemplate, values } from './workload-util.js';
import { inStoreOrder, orphanPodsFor, ownedBy, ownerKeyOf, type Work } from './work.js';
import { cloneJSON } from '../store/clone.js';

const COMPONENT = 'replicaset-controller';

const byKey = (a: KubeObject, b: KubeObject) => (a.metadata.namespace! + '/' + a.metadata.name!).localeCompare(b.metadata.namespace! + '/' + b.metadata.name!);

export function run(cluster: Cluster, work?: Work): void {
  if (!work) return runFull(cluster);
  // Queue: changed ReplicaSets, the owners of changed or deleted pods, and the ReplicaSets an orphan pod now
  // matches (adoption); a pod relabelled out of a selector is found through its owner (release).
  const owners = new Map<string, string | undefined>();
  const keys = new Set<string>();
  // A namespace's ReplicaSets, for the orphan pods there to be adopted: found by key, decoding only that
  // namespace's (a bare pod in `default` does not decode the ReplicaSets of every namespace).
  const inNamespace = new Map<string, KubeObject[]>();
  for (const c of work.changes) {
    if (c.plural === 'replicasets') keys.add(c.key);
    else if (c.plural === 'pods') {
      for (const o of [c.old, c.obj]) {
        const key = ownerKeyOf(cluster, 'replicasets', 'ReplicaSet', o, owners);
        if (key !== undefined) keys.add(key);
      }
      const p = c.obj;
      if (p && !controllerRef(p) && isPodActive(p)) {
        const ns = p.metadata.namespace!;
        let rsets = inNamespace.get(ns);
        if (!rsets) inNamespace.set(ns, (rsets = cluster.listByKeyPrefix('replicasets', `${ns}/`)));
        for (const rs of rsets) if (matchesSelector(p.metadata.labels, rs.spec?.selector)) keys.add(`${ns}/${rs.metadata.name}`);
      }
    }
  }
  // Time-based: availability (minReadySeconds) that may have come due since the last command.
  if (work.first) {
    // Only ReplicaSets whose text names minReadySeconds can have any (a search, when the state is read lazily).
    const some = cluster.containing('replicasets', 'minReadySeconds"') ?? values(cluster, 'replicasets');
    for (const rs of some) {
      if ((rs.spec?.minReadySeconds ?? 0) > 0 && (rs.status?.availableReplicas ?? 0) < (rs.status?.readyReplicas ?? 0)) keys.add(`${rs.metadata.namespace}/${rs.metadata.name}`);
    }
  }
  if (!keys.size) return;
  const queue = inStoreOrder(cluster, 'replicasets', keys).sort(byKey);
  const ownedLists = queue.map((rs) => ownedBy(cluster, 'pods', rs.metadata.uid!));
  const orphanLists = queue.map((rs) => orphanPodsFor(cluster, rs.metadata.namespace!, rs.spec?.selector));
  queue.forEach((rs, i) => syncReplicaSet(cluster, rs, ownedLists[i], orphanLists[i]));
}

function runFull(cluster: Cluster): void {
  const rsets = values(cluster, 'replicasets');
  if (!rsets.length) return;
  const pods = values(cluster, 'pods');
  const owned = indexByController(pods);
  // Orphans by namespace, for adoption (usually few).
  const orphans = new Map<string, KubeObject[]>();
  for (const p of pods) {
    if (controllerRef(p) || !isPodActive(p)) continue;
    const ns = p.metadata.namespace!;
    if (!orphans.has(ns)) orphans.set(ns, []);
    orphans.get(ns)!.push(p);
  }
  for (const rs of rsets.sort(byKey)) {
    syncReplicaSet(cluster, rs, owned.get(rs.metadata.uid!) ?? [], orphans.get(rs.metadata.namespace!) ?? []);
  }
}

function syncReplicaSet(cluster: Cluster, rs: KubeObject, ownedPods: KubeObject[], orphans: KubeObject[]): void {
  const selector = rs.spec?.selector;
  let mine: KubeObject[] = [];
  for (const p of ownedPods) {
    if (matchesSelector(p.metadata.labels, selector)) mine.push(p);
    else release(cluster, p, rs);
  }
  for (let i = orphans.length - 1; i >= 0; i--) {
    // As it is now: another ReplicaSet may have adopted it since the list was made.
    const p = cluster.get('pods', orphans[i].metadata.namespace, orphans[i].metadata.name!);
    if (!p || controllerRef(p)) continue;
    if (!matchesSelector(p.metadata.labels, selector)) continue;
    const copy = cloneJSON(p);
    copy.metadata.ownerReferences = [...(copy.metadata.ownerReferences ?? []), ownerRefTo(rs)];
    cluster.update(copy);
    orphans.splice(i, 1);
    mine.push(cluster.get('pods', p.metadata.namespace, p.metadata.name!)!);
  }
  const active = mine.filter(isPodActive);
  const want = rs.spec?.replicas ?? 1;
  if (active.length < want) {
    for (let i = active.length; i < want; i++) {
      const pod = podFromTemplate(rs.spec?.template, rs.metadata.namespace!, rs, { generateName: `${rs.metadata.name}-` });
      pod.metadata.name = generatedName(cluster, rs.metadata.namespace!, `${rs.metadata.name}-`);
      const created = cluster.create(pod);
      active.push(created);
      recordEvent(cluster, rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, COMPONENT);
    }
  } else if (active.length > want) {
    const victims = rankForDeletion(active).slice(0, active.length - want);
    const gone = new Set(victims);
    for (const v of victims) {
      killPod(cluster, v);
      recordEvent(cluster, rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${v.metadata.name}`, COMPONENT);
    }
    mine = mine.filter((p) => !gone.has(p));
  }
  writeStatus(cluster, rs, mine.filter(isPodActive));
}

/** names.SimpleNameGenerator: the base is cut to 58 characters, then 5 random characters; a clash is retried. */
export function generatedName(cluster: Cluster, namespace: string, base: string): string {
  const prefix = base.length > 58 ? base.slice(0, 58) : base;
  let name: string;
  do name = prefix + cluster.random.string(5);
  while (cluster.get('pods', namespace, name));
  return name;
}

function release(cluster: Cluster, pod: KubeObject, rs: KubeObject): void {
  const copy = cloneJSON(pod);
  copy.metadata.ownerReferences = copy.metadata.ownerReferences!.filter((r) => r.uid !== rs.metadata.uid);
  if (!copy.metadata.ownerReferences.length) delete copy.metadata.ownerReferences;
  cluster.update(copy);
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * Pods in the order Kubernetes deletes them on scale-down (ActivePodsWithRanks.Less): unscheduled first, then
 * Pending < Unknown < Running, not ready, lower pod-deletion-cost, more pods of the set on the same node, ready
 * for less time, more restarts, newer. Ties fall back to the name, so the order is deterministic.
 */
export function rankForDeletion(pods: KubeObject[]): KubeObject[] {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const key = (p: KubeObject) => {
    const ready = isPodReady(p);
    return {
      assigned: p.spec?.nodeName ? 1 : 0,
      phase: PHASE_RANK[p.status?.phase ?? 'Pending'] ?? 0,
      ready: ready ? 1 : 0,
      cost: Number(p.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0) || 0,
      rank: p.spec?.nodeName ? perNode.get(p.spec.nodeName)! : 0,
      readySince: ready ? Date.parse(getCondition(p, 'Ready')?.lastTransitionTime ?? '') || 0 : 0,
      restarts: (p.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0),
      created: Date.parse(p.metadata.creationTimestamp ?? '') || 0,
    };
  };
  const keyed = pods.map((p) => ({ p, k: key(p) }));
  keyed.sort((a, b) => {
    const x = a.k;
    const y = b.k;
    if (x.assigned !== y.assigned) return x.assigned - y.assigned;
    if (x.phase !== y.phase) return x.phase - y.phase;
    if (x.ready !== y.ready) return x.ready - y.ready;
    if (x.cost !== y.cost) return x.cost - y.cost;
    if (x.rank !== y.rank) return y.rank - x.rank;
    if (x.ready && x.readySince !== y.readySince) return y.readySince - x.readySince;
    if (x.restarts !== y.restarts) return y.restarts - x.restarts;
    if (x.created !== y.created) return y.created - x.created;
    // Same second: the later resourceVersion is the newer pod.
    const rv = Number(b.p.metadata.resourceVersion ?? 0) - Number(a.p.metadata.resourceVersion ?? 0);
    if (rv) return rv;
    return (a.p.metadata.name ?? '') < (b.p.metadata.name ?? '') ? -1 : 1;
  });
  return keyed.map((e) => e.p);
}

function writeStatus(cluster: Cluster, rs: KubeObject, active: KubeObject[]): void {
  const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  const minReady = rs.spec?.minReadySeconds ?? 0;
  for (const p of active) {
    const labels = p.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (isPodReady(p)) {
      ready++;
      const since = Date.parse(getCondition(p, 'Ready')?.lastTransitionTime ?? '');
      if (minReady <= 0 || (Number.isFinite(since) && since + minReady * 1000 <= cluster.now.getTime())) available++;
    }
  }
  const status: any = { ...(rs.status ?? {}) };
  status.replicas = active.length;
  for (const [k, v] of [['fullyLabeledReplicas', fullyLabeled], ['readyReplicas', ready], ['availableReplicas', available]] as const) {
    if (v) status[k] = v;
    else delete status[k];
  }
  status.observedGeneration = rs.metadata.generation ?? 1;
  const next = cloneJSON(rs);
  next.status = orderStatus(status);
  cluster.update(next);
}

function orderStatus(s: any): any {
  const { availableReplicas, fullyLabeledReplicas, observedGeneration, readyReplicas, replicas, ...rest } = s;
  const out: any = {};
  if (availableReplicas !== undefined) out.availableReplicas = availableReplicas;
  if (fullyLabeledReplicas !== undefined) out.fullyLabeledReplicas = fullyLabeledReplicas;
  out.observedGeneration = observedGeneration;
  if (readyReplicas !== undefined) out.readyReplicas = readyReplicas;
  out.replicas = replicas;
  return { ...out, ...rest };
}
