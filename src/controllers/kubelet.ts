// The kubelet of every running node (pkg/kubelet), reduced to what kubesim shows: it starts the pods scheduled to
// its node, taking each pod IP from the node's pod CIDR as CNI host-local IPAM does (.2–.253 of a /24: .1 is the
// gateway, .254 kubesim's throwaway client pod; continuing after the last address handed out on that node and
// wrapping, never reusing one in use), writes the pod status (phase, IPs, conditions, containerStatuses) and the
// Pulled/Created/Started events, and applies the simulated readiness-probe result (`kubesim probe fail|pass`).
import { createRequire } from 'node:module';
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { recordEvent } from './events.js';
import { STOPPED } from './node-lifecycle.js';
import { isPodActive, qosClass, values } from './workload-util.js';
import { activePodAddressesOnNode, podsOnNode, type Work } from './work.js';
import { cloneJSON } from '../store/clone.js';

export const LAST_POD_IP = 'kubesim.io/last-pod-ip';
/** `kubesim probe fail POD` stores the simulated readiness-probe result here ("fail"; absent = passing). */
export const READINESS = 'kubesim.io/readiness';

// ---- IPv4 helpers -------------------------------------------------------------------------------------------

export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

export function intToIP(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** The addresses the kubelet hands out in a pod CIDR: network+2 … broadcast-2 (.2–.253 in a /24). */
export function podRange(cidr: string): { first: number; last: number } | undefined {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr ?? '');
  if (!m) return undefined;
  const bits = Number(m[2]);
  const size = 2 ** (32 - bits);
  const network = ipToInt(m[1]) - (ipToInt(m[1]) % size);
  if (size < 8) return undefined;
  return { first: network + 2, last: network + size - 3 };
}

/** host-local: the next free address after `last` (wrapping), or undefined when the range is full. */
export function nextFreeIP(range: { first: number; last: number }, last: number | undefined, used: Set<number>): number | undefined {
  const size = range.last - range.first + 1;
  let start = last === undefined || last < range.first || last > range.last ? range.first : last + 1;
  for (let i = 0; i < size; i++) {
    const candidate = start > range.last ? range.first + (start - range.last - 1) : start;
    if (!used.has(candidate)) return candidate;
    start++;
  }
  return undefined;
}

// ---- images -------------------------------------------------------------------------------------------------

/** A reference as containerd reports it: docker.io/library/nginx:latest. */
export function normalizeImage(image: string): string {
  let ref = image;
  const first = ref.split('/')[0];
  const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) ref = ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
  const last = ref.split('/').pop()!;
  if (!last.includes(':') && !ref.includes('@')) ref += ':latest';
  return ref;
}

// node:crypto is loaded on first use (~5 ms of start-up otherwise, for every command that reconciles).
const load = createRequire(import.meta.url);

function sha256(s: string): string {
  return (load('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(s).digest('hex');
}

export function imageID(image: string): string {
  const ref = normalizeImage(image);
  const repo = ref.includes('@') ? ref.split('@')[0] : ref.replace(/:[^:/]+$/, '');
  return `${repo}@sha256:${sha256(ref)}`;
}

function hex64(cluster: Cluster): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += cluster.random.uint32().toString(16).padStart(8, '0');
  return s;
}

// ---- the kubelet ---------------------------------------------------------------------------------------------

interface NodeState {
  node: KubeObject;
  range?: { first: number; last: number };
  used: Set<number>;
  last?: number;
  lastChanged: boolean;
  images: any[];
  imagesChanged: boolean;
  ip: string;
}

function nodeState(node: KubeObject): NodeState {
  const lastIP = node.metadata.annotations?.[LAST_POD_IP];
  return {
    node,
    range: podRange(node.spec?.podCIDR),
    used: new Set(),
    last: lastIP ? ipToInt(lastIP) : undefined,
    lastChanged: false,
    images: cloneJSON(node.status?.images ?? []),
    imagesChanged: false,
    ip: node.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '',
  };
}

const running = (node: KubeObject | undefined): boolean => Boolean(node) && node!.metadata.annotations?.[STOPPED] === undefined;

function addUsed(ns: NodeState, pod: KubeObject): void {
  if (pod.status?.podIP && isPodActive(pod)) useIP(ns, pod.status.podIP);
}

/** An active pod's address is taken, but the node's own: a host-network pod's, outside the node's pod range. */
function useIP(ns: NodeState, ip: string): void {
  if (ip !== ns.ip) ns.used.add(ipToInt(ip));
}

export function run(cluster: Cluster, changes?: Work): void {
  if (changes) return runIncremental(cluster, changes);
  const pods = values(cluster, 'pods');
  if (!pods.length) return;
  const nodes = new Map<string, NodeState>();
  for (const node of values(cluster, 'nodes')) {
    if (!running(node)) continue;
    nodes.set(node.metadata.name!, nodeState(node));
  }
  const work: Array<[KubeObject, NodeState]> = [];
  for (const pod of pods) {
    const ns = nodes.get(pod.spec?.nodeName);
    if (!ns) continue;
    addUsed(ns, pod);
    if (isPodActive(pod)) work.push([pod, ns]);
  }
  sync(cluster, work, nodes);
}

/**
 * Queue: changed pods placed on a running node, and every pod of a node that was added or (re)started. Node
 * state (addresses in use) comes from the pods-by-node index, for the nodes with work only.
 */
function runIncremental(cluster: Cluster, changes: Work): void {
  const keys = new Set<string>();
  const restarted: string[] = [];
  const freed = new Set<string>();
  for (const c of changes.changes) {
    if (c.plural === 'pods') {
      if (c.obj?.spec?.nodeName && isPodActive(c.obj)) keys.add(c.key);
      // An address given back: a pod of that node still waiting for one may start now.
      if (c.old?.status?.podIP && isPodActive(c.old) && !(c.obj && isPodActive(c.obj))) freed.add(c.old.spec?.nodeName);
    } else if (c.plural === 'nodes' && c.obj && running(c.obj) && (!running(c.old) || c.old!.spec?.podCIDR !== c.obj.spec?.podCIDR)) restarted.push(c.key);
  }
  if (!keys.size && !restarted.length && !freed.size) return;
  for (const name of restarted) for (const key of podsOnNode(cluster, name).keys()) keys.add(key);
  for (const name of freed) for (const [key, ip] of activePodAddressesOnNode(cluster, name)) if (!ip) keys.add(key);
  const pods = cluster.state.objects.pods ?? {};
  const nodes = new Map<string, NodeState>();
  const work: Array<[KubeObject, NodeState]> = [];
  for (const key of keys) {
    const pod = pods[key];
    if (!pod || !isPodActive(pod)) continue;
    const name = pod.spec?.nodeName;
    let ns = nodes.get(name);
    if (!ns) {
      const node = name ? cluster.get('nodes', undefined, name) : undefined;
      if (!running(node)) continue;
      nodes.set(name, (ns = nodeState(node!)));
      for (const ip of activePodAddressesOnNode(cluster, name).values()) if (ip) useIP(ns, ip);
    }
    work.push([pod, ns]);
  }
  // Written back in store order, as the full pass does.
  const ordered = new Map<string, NodeState>();
  for (const node of values(cluster, 'nodes')) {
    const ns = nodes.get(node.metadata.name!);
    if (ns) ordered.set(node.metadata.name!, ns);
  }
  sync(cluster, work, ordered);
}

function sync(cluster: Cluster, work: Array<[KubeObject, NodeState]>, nodes: Map<string, NodeState>): void {
  // Start pods in creation order, so addresses follow the order pods were made.
  work.sort((a, b) => Number(a[0].metadata.resourceVersion) - Number(b[0].metadata.resourceVersion));
  for (const [pod, ns] of work) {
    if (pod.status?.phase === 'Running' && pod.status?.podIP) syncReadiness(cluster, pod, ns);
    else startPod(cluster, pod, ns);
  }
  for (const ns of nodes.values()) {
    if (!ns.lastChanged && !ns.imagesChanged) continue;
    const next = cloneJSON(ns.node);
    if (ns.lastChanged && ns.last !== undefined) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [LAST_POD_IP]: intToIP(ns.last) };
    if (ns.imagesChanged) next.status = { ...next.status, images: ns.images };
    cluster.update(next);
  }
}

function startPod(cluster: Cluster, pod: KubeObject, ns: NodeState): void {
  const now = cluster.timestamp();
  const host = ns.node.metadata.name!;
  let ip: string | undefined;
  if (pod.spec?.hostNetwork) ip = ns.ip;
  else if (ns.range) {
    const n = nextFreeIP(ns.range, ns.last, ns.used);
    if (n !== undefined) {
      ns.used.add(n);
      ns.last = n;
      ns.lastChanged = true;
      ip = intToIP(n);
    }
  }
  const next = cloneJSON(pod);
  const status: any = (next.status ??= {});
  const scheduled = (status.conditions ?? []).find((c: any) => c.type === 'PodScheduled' && c.status === 'True');
  const cond = (type: string, ok: boolean, extra: Record<string, string> = {}) => ({ lastProbeTime: null, lastTransitionTime: now, ...extra, status: ok ? 'True' : 'False', type });
  const containers: any[] = next.spec?.containers ?? [];
  const names = containers.map((c) => c.name).join(' ');
  if (!ip) {
    // No address left: the sandbox cannot be created; the pod waits in ContainerCreating (reported once).
    if (status.containerStatuses?.[0]?.state?.waiting?.reason === 'ContainerCreating') return;
    const notReady = { reason: 'ContainersNotReady', message: `containers with unready status: [${names}]` };
    status.conditions = [
      cond('PodReadyToStartContainers', false),
      cond('Initialized', true),
      cond('Ready', false, notReady),
      cond('ContainersReady', false, notReady),
      scheduled ?? cond('PodScheduled', true),
    ];
    status.containerStatuses = containers.map((c) => ({ image: c.image, imageID: '', lastState: {}, name: c.name, ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } }));
    status.hostIP = ns.ip;
    status.hostIPs = [{ ip: ns.ip }];
    status.phase = 'Pending';
    status.qosClass ??= qosClass(next.spec);
    status.startTime ??= now;
    cluster.update(next);
    const cidr = ns.node.spec?.podCIDR ?? '';
    const base = cidr.replace(/\.\d+\/\d+$/, '');
    recordEvent(
      cluster,
      pod,
      'Warning',
      'FailedCreatePodSandBox',
      `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${hex64(cluster)}": plugin type="ptp" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${base}.1-${base}.254`,
      'kubelet',
      host,
    );
    return;
  }
  const ready = pod.metadata.annotations?.[READINESS] !== 'fail';
  const notReady = { reason: 'ContainersNotReady', message: `containers with unready status: [${names}]` };
  const initContainers: any[] = next.spec?.initContainers ?? [];
  for (const c of [...initContainers, ...containers]) pullEvents(cluster, pod, c, ns, host);
  const statusOf = (c: any, init: boolean) => ({
    containerID: `containerd://${hex64(cluster)}`,
    image: normalizeImage(c.image ?? ''),
    imageID: pulledImageID(ns, c.image ?? ''),
    lastState: {},
    name: c.name,
    ready: init ? true : ready,
    restartCount: 0,
    ...(init ? {} : { started: true }),
    state: init ? { terminated: { containerID: undefined as any, exitCode: 0, finishedAt: now, reason: 'Completed', startedAt: now } } : { running: { startedAt: now } },
  });
  if (initContainers.length) {
    status.initContainerStatuses = initContainers.map((c) => {
      const s: any = statusOf(c, true);
      s.state.terminated.containerID = s.containerID;
      return s;
    });
  }
  status.conditions = [
    cond('PodReadyToStartContainers', true),
    cond('Initialized', true),
    cond('Ready', ready, ready ? {} : notReady),
    cond('ContainersReady', ready, ready ? {} : notReady),
    scheduled ?? cond('PodScheduled', true),
  ];
  status.containerStatuses = containers.map((c) => statusOf(c, false));
  status.hostIP = ns.ip;
  status.hostIPs = [{ ip: ns.ip }];
  status.phase = 'Running';
  status.podIP = ip;
  status.podIPs = [{ ip }];
  status.qosClass ??= qosClass(next.spec);
  status.startTime ??= now;
  next.status = orderKeys(status);
  cluster.update(next);
  for (const c of containers) {
    recordEvent(cluster, pod, 'Normal', 'Created', `Created container: ${c.name}`, 'kubelet', host);
    recordEvent(cluster, pod, 'Normal', 'Started', `Started container ${c.name}`, 'kubelet', host);
  }
  if (!ready) recordEvent(cluster, pod, 'Warning', 'Unhealthy', probeFailure(pod, ip), 'kubelet', host);
}

/** Image pull events: "already present" when the node has it (and the policy allows), else Pulling/Pulled. */
function pullEvents(cluster: Cluster, pod: KubeObject, c: any, ns: NodeState, host: string): void {
  const image: string = c.image ?? '';
  const ref = normalizeImage(image);
  const present = ns.images.some((i) => (i.names ?? []).includes(ref));
  if (present && c.imagePullPolicy !== 'Always') {
    recordEvent(cluster, pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, 'kubelet', host);
    return;
  }
  // Size and pull time derived from the image name: the same image always "weighs" the same.
  const h = parseInt(sha256(ref).slice(0, 8), 16);
  const size = 5_000_000 + (h % 95_000_000);
  const ms = 400 + (h % 4600);
  const secs = `${(ms / 1000).toFixed(3).replace(/0+$/, '').replace(/\.$/, '')}s`;
  recordEvent(cluster, pod, 'Normal', 'Pulling', `Pulling image "${image}"`, 'kubelet', host);
  recordEvent(cluster, pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${secs} (${secs} including waiting). Image size: ${size} bytes.`, 'kubelet', host);
  if (!present) {
    ns.images.push({ names: [imageID(image), ref], sizeBytes: size });
    ns.imagesChanged = true;
  }
}

/**
 * The image's ID as the runtime reports it: from the node's image store, where pullEvents put it (hashing again would
 * load node:crypto, ~7 ms of a command); computed when the store has no entry for it.
 */
function pulledImageID(ns: NodeState, image: string): string {
  const ref = normalizeImage(image);
  const id = ns.images.find((i) => (i.names ?? []).includes(ref))?.names?.[0];
  return typeof id === 'string' && id.includes('@sha256:') ? id : imageID(image);
}

function probeFailure(pod: KubeObject, ip: string): string {
  const probe = (pod.spec?.containers ?? []).map((c: any) => c.readinessProbe).find(Boolean);
  if (probe?.exec) return 'Readiness probe failed: ';
  if (probe?.tcpSocket) return `Readiness probe failed: dial tcp ${ip}:${probe.tcpSocket.port}: connect: connection refused`;
  return 'Readiness probe failed: HTTP probe failed with statuscode: 503';
}

/** Running pods: apply the readiness-probe result to containerStatuses and the Ready/ContainersReady conditions. */
function syncReadiness(cluster: Cluster, pod: KubeObject, ns: NodeState): void {
  const ready = pod.metadata.annotations?.[READINESS] !== 'fail';
  const statuses: any[] = pod.status?.containerStatuses ?? [];
  const conds: any[] = pod.status?.conditions ?? [];
  const want = ready ? 'True' : 'False';
  if (statuses.every((s) => s.ready === ready) && conds.filter((c) => c.type === 'Ready' || c.type === 'ContainersReady').every((c) => c.status === want)) return;
  const now = cluster.timestamp();
  const next = cloneJSON(pod);
  for (const s of next.status.containerStatuses ?? []) s.ready = ready;
  const names = (next.spec?.containers ?? []).map((c: any) => c.name).join(' ');
  for (const c of next.status.conditions ?? []) {
    if (c.type !== 'Ready' && c.type !== 'ContainersReady') continue;
    if (c.status !== want) c.lastTransitionTime = now;
    c.status = want;
    if (ready) {
      delete c.reason;
      delete c.message;
    } else {
      c.reason = 'ContainersNotReady';
      c.message = `containers with unready status: [${names}]`;
    }
    const { lastProbeTime, lastTransitionTime, message, reason, status, type, ...rest } = c;
    Object.keys(c).forEach((k) => delete c[k]);
    Object.assign(c, { lastProbeTime: lastProbeTime ?? null, lastTransitionTime, ...(message !== undefined ? { message } : {}), ...(reason !== undefined ? { reason } : {}), status, type, ...rest });
  }
  const wasFailing = statuses.some((s) => s.ready === false);
  cluster.update(next);
  if (!ready && !wasFailing) recordEvent(cluster, pod, 'Warning', 'Unhealthy', probeFailure(pod, pod.status.podIP), 'kubelet', ns.node.metadata.name);
}

function orderKeys(o: any): any {
  const out: any = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}
