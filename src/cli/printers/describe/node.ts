// describe node (describeNode): conditions, addresses, capacity, system info, the pods on it and their requests.
import type { KubeObject } from '../../../api/types.js';
import { podsOnNode } from '../../../controllers/work.js';
import { compareObjects } from '../../../store/cluster.js';
import { age } from '../age.js';
import { nodeRoles } from '../columns/core.js';
import { rfc1123z, writeAnnotations, writeEvents, writeLabels, type Describer } from './common.js';
import { PrefixWriter } from './writer.js';

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A resource.Quantity string as a number of base units (cores, bytes). */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(String(q).trim());
  if (!m) return 0;
  const mult = BINARY[m[2]] ?? DECIMAL[m[2]] ?? 1;
  return Number(m[1]) * mult;
}

function formatCPU(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

function formatBytes(bytes: number): string {
  if (bytes === 0) return '0';
  for (const s of ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki']) if (bytes % BINARY[s] === 0) return `${bytes / BINARY[s]}${s}`;
  return String(bytes);
}

function podRequests(pod: KubeObject): Record<string, { req: number; lim: number }> {
  const totals: Record<string, { req: number; lim: number }> = {};
  for (const c of (pod.spec?.containers ?? []) as any[]) {
    for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
      const t = (totals[r] ??= { req: 0, lim: 0 });
      const lim = parseQuantity(c.resources?.limits?.[r]);
      // A limit without a request defaults the request to the limit.
      t.req += c.resources?.requests?.[r] !== undefined ? parseQuantity(c.resources.requests[r]) : lim;
      t.lim += lim;
    }
  }
  return totals;
}

const pct = (v: number, total: number) => (total ? Math.trunc((v / total) * 100) : 0);

export const describeNode: Describer = (node, ctx) => {
  const w = new PrefixWriter();
  const spec = node.spec ?? {};
  const st = node.status ?? {};
  w.write(0, `Name:\t${node.metadata.name}\n`);
  w.write(0, `Roles:\t${nodeRoles(node)}\n`);
  writeLabels(w, 'Labels', node.metadata.labels);
  writeAnnotations(w, 'Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
  const taints: any[] = spec.taints ?? [];
  w.write(0, 'Taints:\t');
  if (!taints.length) w.write(0, '<none>\n');
  taints.forEach((t, i) => w.write(0, `${i ? '\t' : ''}${t.key}${t.value ? '=' + t.value : ''}:${t.effect}\n`));
  w.write(0, `Unschedulable:\t${spec.unschedulable ? 'true' : 'false'}\n`);
  const conds: any[] = st.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of conds) {
      const status = c.type === 'Ready' ? ctx.paint(c.status) : c.status;
      w.write(1, `${c.type} \t${status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of (st.addresses ?? []) as any[]) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [
    ['Capacity', st.capacity],
    ['Allocatable', st.allocatable],
  ] as const) {
    if (!list) continue;
    w.write(0, `${title}:\n`);
    for (const k of Object.keys(list).sort()) w.write(1, `${k}:\t${list[k]}\n`);
  }
  const info = st.nodeInfo ?? {};
  w.write(0, 'System Info:\n');
  w.write(1, `Machine ID:\t${info.machineID ?? ''}\n`);
  w.write(1, `System UUID:\t${info.systemUUID ?? ''}\n`);
  w.write(1, `Boot ID:\t${info.bootID ?? ''}\n`);
  w.write(1, `Kernel Version:\t${info.kernelVersion ?? ''}\n`);
  w.write(1, `OS Image:\t${info.osImage ?? ''}\n`);
  w.write(1, `Operating System:\t${info.operatingSystem ?? ''}\n`);
  w.write(1, `Architecture:\t${info.architecture ?? ''}\n`);
  w.write(1, `Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
  w.write(1, `Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
  w.write(1, `Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
  if (spec.podCIDR) w.write(0, `PodCIDR:\t${spec.podCIDR}\n`);
  if ((spec.podCIDRs ?? []).length) w.write(0, `PodCIDRs:\t${spec.podCIDRs.join(',')}\n`);
  if (spec.providerID) w.write(0, `ProviderID:\t${spec.providerID}\n`);

  // The node's pods found by the tags the state file keeps beside them (not by decoding every pod).
  const pods = [...podsOnNode(ctx.cluster, node.metadata.name!).values()]
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort(compareObjects);
  const alloc = st.allocatable ?? {};
  const allocCPU = parseQuantity(alloc.cpu);
  const allocMem = parseQuantity(alloc.memory);
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const sum: Record<string, { req: number; lim: number }> = { cpu: { req: 0, lim: 0 }, memory: { req: 0, lim: 0 }, 'ephemeral-storage': { req: 0, lim: 0 } };
  for (const p of pods) {
    const r = podRequests(p);
    const cpu = r.cpu ?? { req: 0, lim: 0 };
    const mem = r.memory ?? { req: 0, lim: 0 };
    for (const k of Object.keys(sum)) {
      sum[k].req += r[k]?.req ?? 0;
      sum[k].lim += r[k]?.lim ?? 0;
    }
    w.write(
      1,
      `${p.metadata.namespace}\t${p.metadata.name}\t\t${formatCPU(cpu.req)} (${pct(cpu.req, allocCPU)}%)\t${formatCPU(cpu.lim)} (${pct(cpu.lim, allocCPU)}%)\t${formatBytes(mem.req)} (${pct(mem.req, allocMem)}%)\t${formatBytes(mem.lim)} (${pct(mem.lim, allocMem)}%)\t${age(p.metadata.creationTimestamp, ctx.cluster.now)}\n`,
    );
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  w.write(1, `cpu\t${formatCPU(sum.cpu.req)} (${pct(sum.cpu.req, allocCPU)}%)\t${formatCPU(sum.cpu.lim)} (${pct(sum.cpu.lim, allocCPU)}%)\n`);
  w.write(1, `memory\t${formatBytes(sum.memory.req)} (${pct(sum.memory.req, allocMem)}%)\t${formatBytes(sum.memory.lim)} (${pct(sum.memory.lim, allocMem)}%)\n`);
  const allocEph = parseQuantity(alloc['ephemeral-storage']);
  const eph = sum['ephemeral-storage'];
  w.write(1, `ephemeral-storage\t${formatBytes(eph.req)} (${pct(eph.req, allocEph)}%)\t${formatBytes(eph.lim)} (${pct(eph.lim, allocEph)}%)\n`);
  writeEvents(w, node, ctx);
  return w.toString();
};
