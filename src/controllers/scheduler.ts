// kube-scheduler, default profile reduced to what kubesim simulates. Filters in the upstream plugin order:
// NodeUnschedulable, NodeName, TaintToleration, NodeAffinity (nodeSelector and required node affinity), pod
// count (NodeResourcesFit "Too many pods"). Score: fewest pods of the same owner on the node (the default
// topology spreading), then fewest pods, then node name (deterministic). Failure → PodScheduled False,
// reason Unschedulable, and a FailedScheduling event with the scheduler's message.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { recordEvent } from './events.js';
import { podQueueFactsOf } from '../store/row-summary.js';
import { ADMISSION_ONLY_POD } from '../api/pod-constraints.js';
import { controllerRef, getCondition, isPodActive, values } from './workload-util.js';
import { ownedBy, type Work } from './work.js';
import { jsonEqual } from '../store/equal.js';
import { cloneJSON } from '../store/clone.js';

const COMPONENT = 'default-scheduler';
// Reasons Preemption cannot fix (UnschedulableAndUnresolvable upstream).
const UNRESOLVABLE = new Set(['were unschedulable', 'node affinity', 'taint', 'node name']);

interface NodeInfo {
  node: KubeObject;
  name: string;
  pods: number;
  capacity: number;
  /** Active pods of a controller uid on the node when the pass began. */
  base: (owner: string) => number;
  /** Active pods per controller uid placed on the node by this pass. */
  byOwner: Map<string, number>;
}

const isPending = (p: KubeObject): boolean => !p.spec?.nodeName && isPodActive(p) && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler';
const isPlaced = (p: KubeObject | undefined): boolean => Boolean(p?.spec?.nodeName) && isPodActive(p!);

/** Per node: active pods placed there, in total and per controller uid (what filters and scores read). */
interface Load {
  pods: number;
  byOwner: Map<string, number>;
}

function loads(cluster: Cluster): Map<string, Load> {
  const add = (m: Map<string, Load>, p: KubeObject, d: number) => {
    let l = m.get(p.spec.nodeName);
    if (!l) m.set(p.spec.nodeName, (l = { pods: 0, byOwner: new Map() }));
    l.pods += d;
    const owner = controllerRef(p)?.uid;
    if (owner) l.byOwner.set(owner, (l.byOwner.get(owner) ?? 0) + d);
  };
  return cluster.view<Map<string, Load>>('pods/node-load', 'pods', () => new Map(), (m, old, obj) => {
    if (isPlaced(old)) add(m, old!, -1);
    if (isPlaced(obj)) add(m, obj!, 1);
  });
}

function pendingPods(cluster: Cluster): Map<string, KubeObject> {
  return cluster.view<Map<string, KubeObject>>('pods/pending', 'pods', () => new Map(), (m, old, obj, key) => {
    if (obj && isPending(obj)) m.set(key, obj);
    else if (old) m.delete(key);
  });
}

/** What the filters read of a node: a change to anything else (the kubelet's annotations, images) cannot make a pod fit. */
function schedulingView(node: KubeObject | undefined): unknown {
  return node && [node.metadata.labels, node.spec?.unschedulable, node.spec?.taints, node.status?.allocatable?.pods];
}

/**
 * Active pods placed per node, and (asked per owner) per owner and node: from the pods' tags and owners in the
 * state file when it was read lazily (decoding only the owner's pods), else from a view of every pod.
 */
function nodeLoads(cluster: Cluster): { pods: (node: string) => number; ofOwner: (node: string, owner: string) => number } {
  const tags = cluster.tagCounts('pods');
  if (!tags) {
    const load = loads(cluster);
    return { pods: (n) => load.get(n)?.pods ?? 0, ofOwner: (n, o) => load.get(n)?.byOwner.get(o) ?? 0 };
  }
  const perOwner = new Map<string, Map<string, number>>();
  return {
    pods: (n) => tags.get(n) ?? 0,
    ofOwner: (n, o) => {
      let m = perOwner.get(o);
      if (!m) {
        perOwner.set(o, (m = new Map()));
        for (const p of ownedBy(cluster, 'pods', o)) if (isPlaced(p)) m.set(p.spec.nodeName, (m.get(p.spec.nodeName) ?? 0) + 1);
      }
      return m.get(n) ?? 0;
    },
  };
}

/**
 * A pod waiting for a node, as the queue orders it: by resourceVersion (oldest first), and whether it waited
 * already (PodScheduled Unschedulable); decoded only when the pass must look at it.
 */
interface Waiting {
  resourceVersion: number;
  waited: boolean;
  /** Its only constraints are admission's (api/pod-constraints.ts): the filters judge it as ADMISSION_ONLY_POD. */
  admissionOnly: boolean;
  pod: () => KubeObject;
}

const wasUnschedulable = (p: KubeObject): boolean => getCondition(p, 'PodScheduled')?.reason === 'Unschedulable';

/** A decoded pod in the queue (judged in full: admissionOnly only spares decoding a pod). */
function waiting(p: KubeObject): Waiting {
  return { resourceVersion: Number(p.metadata.resourceVersion), waited: wasUnschedulable(p), admissionOnly: false, pod: () => p };
}

/**
 * Pods waiting for a node: from the pods' tags (unbound and active) when read lazily, each known from its line
 * summary (row-summary.ts) while its line keeps one with the scheduler's fields, else decoded; else a view.
 */
function allPending(cluster: Cluster): Waiting[] {
  const keys = cluster.taggedKeys('pods', ['']);
  if (!keys) return [...pendingPods(cluster).values()].map(waiting);
  const bucket = cluster.state.objects.pods;
  const out: Waiting[] = [];
  for (const key of keys) {
    const slash = key.indexOf('/');
    const summary = cluster.lineSummary('pods', key.slice(0, slash), key.slice(slash + 1));
    const facts = summary === undefined ? undefined : podQueueFactsOf(summary);
    // Tagged '' means bound to no node and active: pending when the default scheduler is the pod's.
    if (facts && facts.resourceVersion !== '') {
      if ((facts.schedulerName || COMPONENT) !== COMPONENT) continue;
      out.push({ resourceVersion: Number(facts.resourceVersion), waited: facts.scheduledReason === 'Unschedulable', admissionOnly: facts.admissionOnly, pod: () => bucket[key] });
      continue;
    }
    const p = bucket[key];
    if (isPending(p)) out.push(waiting(p));
  }
  return out;
}

export function run(cluster: Cluster, work?: Work): void {
  let pending: Waiting[];
  // Only pods went away (no node changed): a pod still waiting gets its message again unless a node with room
  // now takes it (see below).
  let noNodeChanged = false;
  if (!work) pending = values(cluster, 'pods').filter(isPending).map(waiting);
  else {
    // Queue: new or changed pending pods; every pending pod when room may have appeared (a placed pod went away
    // or finished, a node was added or its labels, taints, cordon or capacity changed), as upstream moves all
    // unschedulable pods back to the active queue on such events.
    let freed = false;
    let nodeChanged = false;
    const keys = new Set<string>();
    for (const c of work.changes) {
      if (c.plural === 'pods') {
        if (c.obj && isPending(c.obj)) keys.add(c.key);
        if (isPlaced(c.old) && !isPlaced(c.obj)) freed = true;
      } else if (c.plural === 'nodes' && (!c.old || (c.obj && !jsonEqual(schedulingView(c.old), schedulingView(c.obj))))) nodeChanged = true;
    }
    const all = freed || nodeChanged;
    if (!all && !keys.size) return;
    noNodeChanged = !nodeChanged;
    const bucket = cluster.state.objects.pods ?? {};
    pending = all ? allPending(cluster) : [...keys].map((k) => bucket[k]).filter((p): p is KubeObject => Boolean(p) && isPending(p)).map(waiting);
  }
  if (!pending.length) return;
  const load = nodeLoads(cluster);
  const nodes: NodeInfo[] = [];
  for (const node of values(cluster, 'nodes').sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
    const name = node.metadata.name!;
    nodes.push({ node, name, pods: load.pods(name), capacity: Number(node.status?.allocatable?.pods ?? 110) || 110, base: (o) => load.ofOwner(name, o), byOwner: new Map() });
  }
  // Oldest first, as the scheduling queue pops pods of equal priority.
  pending.sort((a, b) => a.resourceVersion - b.resourceVersion);
  // A pod that could not be placed before can only go to a node with room; when it fits none of those, its
  // message stays as it is (nothing else changed), so the full filter pass is skipped for it.
  let roomy = nodes.filter((n) => n.pods < n.capacity);
  // Whether a pod with admission's constraints only fits a node with room (every node in `roomy` has room).
  const roomForPlain = () => roomy.some((n) => constraintReason(ADMISSION_ONLY_POD, n.node) === undefined);
  let plainFits = roomForPlain();
  const memo: PassMemo = { verdicts: new Map(), unplaceable: new Map() };
  for (const w of pending) {
    // A pod that waited already and fits no node with room stays as it is: known without decoding it when no node
    // has room, or when its constraints are admission's and no node with room takes such a pod.
    if (noNodeChanged && w.waited && (!roomy.length || (w.admissionOnly && !plainFits))) continue;
    const pod = w.pod();
    if (noNodeChanged && w.waited && !roomy.some((n) => filterNode(pod, n) === undefined)) continue;
    const chosen = schedule(cluster, pod, nodes, memo);
    if (chosen && chosen.pods >= chosen.capacity) {
      roomy = roomy.filter((n) => n !== chosen);
      plainFits = roomForPlain();
    }
  }
}

function count(info: NodeInfo, pod: KubeObject): void {
  info.pods++;
  const owner = controllerRef(pod)?.uid;
  if (owner) info.byOwner.set(owner, (info.byOwner.get(owner) ?? 0) + 1);
}

const ownerCount = (n: NodeInfo, owner: string): number => n.base(owner) + (n.byOwner.get(owner) ?? 0);

/** Why a node cannot take the pod (the scheduler's per-node status message), or undefined if it can. */
export function filterNode(pod: KubeObject, info: Pick<NodeInfo, 'node' | 'pods' | 'capacity'>): string | undefined {
  return constraintReason(pod, info.node) ?? roomReason(info);
}

/** The filters that read only the pod's constraints (constraintsOf) and the node, in upstream's order. */
function constraintReason(pod: KubeObject, node: KubeObject): string | undefined {
  const tolerations: any[] = pod.spec?.tolerations ?? [];
  if (node.spec?.unschedulable && !tolerations.some((t) => tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))) {
    return 'node(s) were unschedulable';
  }
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (taint.key === 'node.kubernetes.io/unschedulable' && node.spec?.unschedulable) continue;
    if (!tolerations.some((t) => tolerates(t, taint))) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  }
  if (!matchesNodeSelector(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
  return undefined;
}

/** NodeResourcesFit's pod count, the last filter: the only one a binding in the same pass changes. */
const roomReason = (info: Pick<NodeInfo, 'pods' | 'capacity'>): string | undefined => (info.pods >= info.capacity ? 'Too many pods' : undefined);

export function tolerates(t: any, taint: any): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

function matchesNodeSelector(pod: KubeObject, node: KubeObject): boolean {
  const labels: Record<string, string> = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms: any[] | undefined = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms?.length) return true;
  return terms.some((term) =>
    (term.matchExpressions ?? []).every((e: any) => {
      const has = k(labels, e.key);
      const val = labels[e.key];
      switch (e.operator) {
        case 'In':
          return has && (e.values ?? []).includes(val);
        case 'NotIn':
          return !has || !(e.values ?? []).includes(val);
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        case 'Gt':
          return has && Number(val) > Number(e.values?.[0]);
        case 'Lt':
          return has && Number(val) < Number(e.values?.[0]);
        default:
          return false;
      }
    }),
  );
}

function k(o: Record<string, string>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/**
 * What the filters read of a pod (constraintReason): its tolerations, node selector and required node affinity.
 * Pods with the same constraints (a ReplicaSet's) get the same verdict from every node but for its room.
 */
function constraintsOf(pod: KubeObject): string {
  const spec = pod.spec ?? {};
  return JSON.stringify([spec.tolerations, spec.nodeSelector, spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution]);
}

/** What a pass of the scheduler learns once per set of pod constraints (constraintsOf): nodes do not change in it. */
interface PassMemo {
  /** Per set of constraints, each node's constraintReason. */
  verdicts: Map<string, Array<string | undefined>>;
  /** Per set of constraints found to fit no node since the last binding, the failure message. */
  unplaceable: Map<string, string>;
}

/**
 * Bind the pod to the best node that fits (returned), or record why none does. With `memo`, thousands of pods of
 * one ReplicaSet are not each checked against every node's taints and labels.
 */
function schedule(cluster: Cluster, pod: KubeObject, nodes: NodeInfo[], memo: PassMemo): NodeInfo | undefined {
  const fits: NodeInfo[] = [];
  const constraints = constraintsOf(pod);
  let verdicts = memo.verdicts.get(constraints);
  if (!verdicts) memo.verdicts.set(constraints, (verdicts = nodes.map((n) => constraintReason(pod, n.node))));
  let message = memo.unplaceable.get(constraints);
  if (message === undefined) for (let i = 0; i < nodes.length; i++) if (verdicts[i] === undefined && roomReason(nodes[i]) === undefined) fits.push(nodes[i]);
  const now = cluster.timestamp();
  const ns = pod.metadata.namespace;
  if (!fits.length) {
    if (message === undefined) {
      // Why each node turned the pod away, counted per reason for the message.
      const reasons = new Map<string, number>();
      for (let i = 0; i < nodes.length; i++) {
        const why = (verdicts[i] ?? roomReason(nodes[i]))!;
        reasons.set(why, (reasons.get(why) ?? 0) + 1);
      }
      message = failureMessage(nodes.length, reasons);
    }
    memo.unplaceable.set(constraints, message);
    const old = getCondition(pod, 'PodScheduled');
    if (old?.status === 'False' && old.message === message) return undefined;
    const next = cloneJSON(pod);
    next.status ??= {};
    next.status.phase ??= 'Pending';
    const conditions = (next.status.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
    conditions.push({ lastProbeTime: null, lastTransitionTime: now, message, reason: 'Unschedulable', status: 'False', type: 'PodScheduled' });
    next.status.conditions = conditions;
    cluster.update(next);
    recordEvent(cluster, pod, 'Warning', 'FailedScheduling', message, COMPONENT);
    return undefined;
  }
  // The best node: fewest pods of the same owner, then fewest pods, then by name (one pass: only the first of the
  // order is wanted, and a pass of thousands of pods over a hundred nodes would sort each time).
  const owner = controllerRef(pod)?.uid;
  let chosen = fits[0];
  let best = owner ? ownerCount(chosen, owner) : 0;
  for (let i = 1; i < fits.length; i++) {
    const n = fits[i];
    const score = owner ? ownerCount(n, owner) : 0;
    if (score < best || (score === best && (n.pods < chosen.pods || (n.pods === chosen.pods && n.name < chosen.name)))) {
      chosen = n;
      best = score;
    }
  }
  const next = cloneJSON(pod);
  next.spec.nodeName = chosen.name;
  next.status ??= {};
  next.status.phase ??= 'Pending';
  const conditions = (next.status.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
  conditions.push({ lastProbeTime: null, lastTransitionTime: now, status: 'True', type: 'PodScheduled' });
  next.status.conditions = conditions;
  cluster.update(next);
  count(chosen, next);
  memo.unplaceable.clear(); // a node has one pod more
  recordEvent(cluster, pod, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${pod.metadata.name} to ${chosen.name}`, COMPONENT);
  return chosen;
}

/** framework.FitError: reasons with their node counts, sorted as strings, then the preemption summary. */
export function failureMessage(total: number, reasons: Map<string, number>): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
  let helpless = 0;
  let victims = 0;
  for (const [r, n] of reasons) {
    if ([...UNRESOLVABLE].some((u) => r.includes(u))) helpless += n;
    else victims += n;
  }
  const pre = [...(helpless ? [`${helpless} Preemption is not helpful for scheduling`] : []), ...(victims ? [`${victims} No preemption victims found for incoming pod`] : [])].sort();
  return `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${pre.join(', ')}.`;
}
