// Endpoints, EndpointSlices, Ingresses, IngressClasses, NetworkPolicies.
import type { KubeObject } from '../../../api/types.js';
import { ageOf, labelSelectorString, listWithMore } from '../format.js';
import { cols, type ColumnSet } from './types.js';

/** formatEndpoints: ready addresses × ports, first 3 then ` + N more...`; no subsets → `<none>`. */
export function endpointsCell(ep: KubeObject): string {
  const subsets: any[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const ports: any[] = ss.ports?.length ? ss.ports : [undefined];
    for (const p of ports) {
      for (const a of ss.addresses ?? []) {
        count++;
        if (list.length < 3) list.push(p ? `${a.ip}:${p.port}` : a.ip);
      }
    }
  }
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

export const endpoints: ColumnSet = {
  columns: cols(['NAME', 'ENDPOINTS', 'AGE']),
  row: (ep, { now }) => [ep.metadata.name!, endpointsCell(ep), ageOf(ep, now)],
};

export const endpointslices: ColumnSet = {
  columns: cols(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']),
  row: (s, { now }) => {
    const ports = ((s.ports ?? []) as any[]).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : p.name ?? '*'));
    const addrs = ((s.endpoints ?? []) as any[]).flatMap((e) => e.addresses ?? []);
    return [s.metadata.name!, s.addressType ?? '', listWithMore(ports), listWithMore(addrs), ageOf(s, now)];
  },
};

function ingressHosts(ing: KubeObject): string {
  const hosts = ((ing.spec?.rules ?? []) as any[]).map((r) => r.host).filter((h) => h);
  return listWithMore(hosts, 3, '*');
}

export function loadBalancerStatus(obj: KubeObject): string {
  const ingress: any[] = obj.status?.loadBalancer?.ingress ?? [];
  return ingress
    .flatMap((i) => [i.ip, i.hostname])
    .filter(Boolean)
    .join(',');
}

export const ingresses: ColumnSet = {
  columns: cols(['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE']),
  row: (ing, { now }) => [
    ing.metadata.name!,
    ing.spec?.ingressClassName ?? '<none>',
    ingressHosts(ing),
    loadBalancerStatus(ing),
    (ing.spec?.tls ?? []).length ? '80, 443' : '80',
    ageOf(ing, now),
  ],
};

export const ingressclasses: ColumnSet = {
  columns: cols(['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE']),
  row: (ic, { now }) => {
    const p = ic.spec?.parameters;
    const params = p ? `${p.kind}${p.apiGroup ? '.' + p.apiGroup : ''}/${p.name}` : '<none>';
    return [ic.metadata.name!, ic.spec?.controller ?? '', params, ageOf(ic, now)];
  },
};

export const networkpolicies: ColumnSet = {
  columns: cols(['NAME', 'POD-SELECTOR', 'AGE']),
  row: (np, { now }) => [np.metadata.name!, labelSelectorString(np.spec?.podSelector ?? {}), ageOf(np, now)],
};
