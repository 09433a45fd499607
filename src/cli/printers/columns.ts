// The columns `kubectl get` prints for each kind (pkg/printers/internalversion/printers.go).
// One entry per kind: headers, wide-only headers, and a row function.
import type { KubeObject } from '../../api/types.js';
import { age } from './age.js';

export interface ColumnSet {
  headers: string[];
  wideHeaders: string[];
  row(obj: KubeObject, now: Date, wide: boolean): string[];
}

function selectorString(sel: Record<string, string> | undefined): string {
  if (!sel || Object.keys(sel).length === 0) return '<none>';
  return Object.keys(sel)
    .sort()
    .map((k) => `${k}=${sel[k]}`)
    .join(',');
}

function serviceExternalIP(svc: KubeObject, wide: boolean): string {
  const spec = svc.spec ?? {};
  const externalIPs: string[] = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ExternalName':
      return spec.externalName ?? '<none>';
    case 'LoadBalancer': {
      const ingress: Array<{ ip?: string; hostname?: string }> = svc.status?.loadBalancer?.ingress ?? [];
      const lb = [...new Set(ingress.map((i) => i.ip || i.hostname || '').filter(Boolean))].sort();
      let lbText = lb.join(',');
      if (!wide && lbText.length > 16) lbText = lbText.slice(0, 13) + '...';
      const all = [lbText, ...externalIPs].filter(Boolean);
      return all.length ? all.join(',') : '<pending>';
    }
    default:
      return externalIPs.length ? externalIPs.join(',') : '<none>';
  }
}

function servicePorts(svc: KubeObject): string {
  const ports: any[] = svc.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',');
}

function clusterIP(svc: KubeObject): string {
  if (svc.spec?.type === 'ExternalName') return '<none>';
  const ip = svc.spec?.clusterIPs?.[0] ?? svc.spec?.clusterIP;
  return ip || '<none>';
}

export const COLUMNS: Record<string, ColumnSet> = {
  services: {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wideHeaders: ['SELECTOR'],
    row: (svc, now, wide) => {
      const r = [svc.metadata.name!, svc.spec?.type ?? 'ClusterIP', clusterIP(svc), serviceExternalIP(svc, wide), servicePorts(svc), age(svc.metadata.creationTimestamp, now)];
      if (wide) r.push(selectorString(svc.spec?.selector));
      return r;
    },
  },
};
