// Node lifecycle (pkg/controller/nodelifecycle, taint eviction) plus the node-status half of the kubelet.
// `kubesim node stop` marks a node's kubelet as stopped (annotation kubesim.io/kubelet-stopped = when): the node
// controller then sets its conditions Unknown, taints it unreachable (NoSchedule + NoExecute), marks its pods
// not Ready, and evicts them once their toleration of the taint runs out (300 s by default, on the cluster clock).
// `spec.unschedulable` (cordon) gets the node.kubernetes.io/unschedulable:NoSchedule taint.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { recordEvent } from './events.js';
import { values } from './workload-util.js';
import { inStoreOrder, podsOnNode, type Work } from './work.js';
import { cloneJSON } from '../store/clone.js';

export const STOPPED = 'kubesim.io/kubelet-stopped';
/** Set by `node stop --evict`: evict at once instead of waiting out the tolerations (a demo shortcut). */
export const EVICT_NOW = 'kubesim.io/evict-immediately';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

const HEALTHY: Record<string, { status: string; reason: string; message: string }> = {
  MemoryPressure: { status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  DiskPressure: { status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  PIDPressure: { status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  Ready: { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
};

export function isNodeReady(node: KubeObject): boolean {
  return (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status === 'True';
}

export function run(cluster: Cluster, work?: Work): void {
  const nodes = values(cluster, 'nodes');
  const stoppedNodes = new Set<string>();
  const changedNodes = work ? new Set(work.changes.filter((c) => c.plural === 'nodes').map((c) => c.key)) : undefined;
  for (const node of nodes) {
    const stopped = node.metadata.annotations?.[STOPPED] !== undefined;
    if (stopped) stoppedNodes.add(node.metadata.name!);
    // A node's own sync depends on that node alone: only changed nodes can have work.
    if (!changedNodes || changedNodes.has(node.metadata.name!)) syncNode(cluster, node, stopped);
  }
  if (!stoppedNodes.size) return;
  let pods: KubeObject[];
  if (!work) pods = values(cluster, 'pods');
  else {
    // Pods on a stopped node that changed, every pod of a node that changed, and (time-based: evictions come
    // due as the clock moves) on the first run every pod of a stopped node.
    const keys = new Set<string>();
    for (const c of work.changes) if (c.plural === 'pods' && c.obj && stoppedNodes.has(c.obj.spec?.nodeName)) keys.add(c.key);
    for (const name of stoppedNodes) {
      if (!work.first && !changedNodes!.has(name)) continue;
      for (const key of podsOnNode(cluster, name).keys()) keys.add(key);
    }
    pods = inStoreOrder(cluster, 'pods', keys);
  }
  for (const pod of pods) {
    if (!stoppedNodes.has(pod.spec?.nodeName)) continue;
    const node = cluster.get('nodes', undefined, pod.spec.nodeName)!;
    if (evictIfDue(cluster, node, pod)) continue;
    markNotReady(cluster, pod);
  }
}

function syncNode(cluster: Cluster, node: KubeObject, stopped: boolean): void {
  const now = cluster.timestamp();
  const next = cloneJSON(node);
  const wasReady = isNodeReady(node);
  const conditions: any[] = next.status?.conditions ?? [];
  for (const c of conditions) {
    const healthy = HEALTHY[c.type];
    if (!healthy) continue;
    const want = stopped ? { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' } : healthy;
    if (c.status === want.status && c.reason === want.reason) continue;
    c.status = want.status;
    c.reason = want.reason;
    c.message = want.message;
    c.lastTransitionTime = now;
    if (!stopped) c.lastHeartbeatTime = now;
  }
  let taints: any[] = next.spec?.taints ?? [];
  const hasTaint = (key: string, effect: string) => taints.some((t) => t.key === key && t.effect === effect);
  if (stopped) {
    for (const effect of ['NoSchedule', 'NoExecute']) {
      if (!hasTaint(UNREACHABLE, effect)) taints.push({ effect, key: UNREACHABLE, timeAdded: node.metadata.annotations![STOPPED] || now });
    }
  } else taints = taints.filter((t) => t.key !== UNREACHABLE);
  const cordoned = Boolean(next.spec?.unschedulable);
  const wasCordoned = hasTaint(UNSCHEDULABLE, 'NoSchedule');
  if (cordoned && !wasCordoned) taints.push({ effect: 'NoSchedule', key: UNSCHEDULABLE, timeAdded: now });
  if (!cordoned) taints = taints.filter((t) => t.key !== UNSCHEDULABLE);
  next.spec ??= {};
  if (taints.length) next.spec.taints = taints;
  else delete next.spec.taints;
  if (!cluster.update(next)) return;
  const name = node.metadata.name!;
  if (wasReady && stopped) recordEvent(cluster, node, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`, 'node-controller');
  if (!wasReady && !stopped) recordEvent(cluster, node, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, 'kubelet', name);
  if (cordoned && !wasCordoned) recordEvent(cluster, node, 'Normal', 'NodeNotSchedulable', `Node ${name} status is now: NodeNotSchedulable`, 'kubelet', name);
  if (!cordoned && wasCordoned) recordEvent(cluster, node, 'Normal', 'NodeSchedulable', `Node ${name} status is now: NodeSchedulable`, 'kubelet', name);
}

/** Seconds the pod tolerates the unreachable NoExecute taint: 0 = not at all, Infinity = forever. */
export function tolerationSeconds(pod: KubeObject): number {
  let best = 0;
  for (const t of pod.spec?.tolerations ?? []) {
    const keyMatches = t.operator === 'Exists' ? !t.key || t.key === UNREACHABLE : t.key === UNREACHABLE && !t.value;
    if (!keyMatches || (t.effect && t.effect !== 'NoExecute')) continue;
    const s = t.tolerationSeconds === undefined || t.tolerationSeconds === null ? Infinity : Math.max(0, Number(t.tolerationSeconds));
    best = Math.max(best, s);
  }
  return best;
}

function evictIfDue(cluster: Cluster, node: KubeObject, pod: KubeObject): boolean {
  const seconds = tolerationSeconds(pod);
  if (seconds === Infinity) return false;
  const taint = (node.spec?.taints ?? []).find((t: any) => t.key === UNREACHABLE && t.effect === 'NoExecute');
  const since = Date.parse(taint?.timeAdded ?? '');
  const due = node.metadata.annotations?.[EVICT_NOW] !== undefined || !Number.isFinite(since) || since + seconds * 1000 <= cluster.now.getTime();
  if (!due) return false;
  recordEvent(cluster, pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, 'taint-eviction-controller');
  cluster.remove('pods', pod.metadata.namespace, pod.metadata.name!);
  return true;
}

/** MarkPodsNotReady: the node controller flips Ready to False on the pods of a node that stopped reporting. */
function markNotReady(cluster: Cluster, pod: KubeObject): void {
  const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  if (!ready || ready.status === 'False') return;
  const next = cloneJSON(pod);
  const c = next.status.conditions.find((x: any) => x.type === 'Ready');
  c.status = 'False';
  c.lastTransitionTime = cluster.timestamp();
  cluster.update(next);
  recordEvent(cluster, pod, 'Warning', 'NodeNotReady', 'Node is not ready', 'node-controller');
}
