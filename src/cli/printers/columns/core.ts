// Nodes, Namespaces, ConfigMaps, Secrets, ServiceAccounts, Events.
import type { KubeObject } from '../../../api/types.js';
import { ageOf, since } from '../format.js';
import { cols, type ColumnSet } from './types.js';

export function nodeStatus(node: KubeObject): string {
  const ready = ((node.status?.conditions ?? []) as any[]).find((c) => c.type === 'Ready');
  // kubectl: Ready when True, NotReady for False *and* Unknown (a node that stopped reporting); Unknown only without the condition.
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

export function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function nodeAddress(node: KubeObject, type: string): string {
  return ((node.status?.addresses ?? []) as any[]).find((a) => a.type === type)?.address ?? '<none>';
}

export const nodes: ColumnSet = {
  columns: cols(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'], ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']),
  row: (n, { now }) => {
    const info = n.status?.nodeInfo ?? {};
    return [
      n.metadata.name!,
      nodeStatus(n),
      nodeRoles(n),
      ageOf(n, now),
      info.kubeletVersion ?? '',
      nodeAddress(n, 'InternalIP'),
      nodeAddress(n, 'ExternalIP'),
      info.osImage || '<unknown>',
      info.kernelVersion || '<unknown>',
      info.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const namespaces: ColumnSet = {
  columns: cols(['NAME', 'STATUS', 'AGE']),
  row: (ns, { now }) => [ns.metadata.name!, ns.status?.phase ?? '', ageOf(ns, now)],
};

export const configmaps: ColumnSet = {
  columns: cols(['NAME', 'DATA', 'AGE']),
  row: (cm, { now }) => [cm.metadata.name!, String(Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length), ageOf(cm, now)],
};

export const secrets: ColumnSet = {
  columns: cols(['NAME', 'TYPE', 'DATA', 'AGE']),
  row: (s, { now }) => [s.metadata.name!, s.type ?? 'Opaque', String(Object.keys(s.data ?? {}).length), ageOf(s, now)],
};

export const serviceaccounts: ColumnSet = {
  columns: cols(['NAME', 'SECRETS', 'AGE']),
  row: (sa, { now }) => [sa.metadata.name!, String((sa.secrets ?? []).length), ageOf(sa, now)],
};

export function eventSource(e: KubeObject): string {
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return host ? `${component}, ${host}` : component;
}

export const events: ColumnSet = {
  columns: [
    { header: 'LAST SEEN' },
    { header: 'TYPE' },
    { header: 'REASON' },
    { header: 'OBJECT' },
    { header: 'SUBOBJECT', wide: true },
    { header: 'SOURCE', wide: true },
    { header: 'MESSAGE' },
    { header: 'FIRST SEEN', wide: true },
    { header: 'COUNT', wide: true },
    { header: 'NAME', wide: true },
  ],
  row: (e, { now }) => {
    const first = e.firstTimestamp ? since(e.firstTimestamp, now) : since(e.eventTime, now);
    const last = e.series?.lastObservedTime ? since(e.series.lastObservedTime, now) : e.lastTimestamp ? since(e.lastTimestamp, now) : first;
    const count = e.series?.count ?? (e.count || 1);
    const io = e.involvedObject ?? {};
    const target = io.name ? `${String(io.kind ?? '').toLowerCase()}/${io.name}` : String(io.kind ?? '').toLowerCase();
    return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', eventSource(e), String(e.message ?? '').trim(), first, String(count), e.metadata.name!];
  },
};
