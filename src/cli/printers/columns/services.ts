// Services (printService).
import type { KubeObject } from '../../../api/types.js';
import { ageOf, labelsString } from '../format.js';
import { cols, type ColumnSet } from './types.js';

function externalIP(svc: KubeObject, wide: boolean): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ExternalName':
      return spec.externalName ?? '<none>';
    case 'LoadBalancer': {
      const ingress: Array<{ ip?: string; hostname?: string }> = svc.status?.loadBalancer?.ingress ?? [];
      const lb = [...new Set(ingress.map((i) => i.ip || i.hostname || '').filter(Boolean))].sort();
      let lbText = lb.join(',');
      // kubectl shortens a long load-balancer list in the narrow table only.
      if (!wide && lbText.length > 16) lbText = lbText.slice(0, 13) + '...';
      const all = [lbText, ...externalIPs].filter(Boolean);
      return all.length ? all.join(',') : '<pending>';
    }
    default:
      return externalIPs.length ? externalIPs.join(',') : '<none>';
  }
}

export function servicePorts(svc: KubeObject): string {
  const ports: any[] = svc.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',');
}

export function clusterIP(svc: KubeObject): string {
  if (svc.spec?.type === 'ExternalName') return '<none>';
  const ip = svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP;
  return ip || '<none>';
}

export const services: ColumnSet = {
  columns: cols(['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], ['SELECTOR']),
  row: (svc, { now, wide }) => {
    const cells = [svc.metadata.name!, svc.spec?.type ?? 'ClusterIP', clusterIP(svc), externalIP(svc, wide), servicePorts(svc), ageOf(svc, now)];
    if (wide) cells.push(labelsString(svc.spec?.selector));
    return cells;
  },
};
