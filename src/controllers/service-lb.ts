// Service load balancers. Provider `cloud`: the cloud controller manager's service controller gives each
// LoadBalancer Service an address from cluster.config.loadBalancerPool (203.0.113.0/24): spec.loadBalancerIP when
// it is in the pool and free, else the lowest free address from .1 (MetalLB-like; real clouds pick their own),
// recording EnsuringLoadBalancer/EnsuredLoadBalancer. Addresses are derived from the Services' status, so deleting
// a Service or changing its type frees its address. Provider `local` (kind, minikube): nothing assigns an address
// (EXTERNAL-IP <pending>) until `kubesim tunnel` runs; while it runs every LoadBalancer Service's ingress IP is its
// ClusterIP, as minikube tunnel does. Services with a loadBalancerClass belong to another implementation: skipped.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import type { ClusterConfig } from '../store/state.js';
import { recordEvent, eventsFor } from './events.js';
import { intToIp, ipToInt, parseCIDR } from './clusterip-allocator.js';
import { objects } from './endpoint-util.js';
import { CONFIG } from '../store/cluster.js';
import type { Work } from './work.js';
import { cloneJSON } from '../store/clone.js';

const COMPONENT = 'service-controller';

export interface TunnelState {
  running: boolean;
  startedAt: string;
}

/** The tunnel flag lives in the cluster config (an optional field older states simply lack). */
export function tunnelOf(cluster: Cluster): TunnelState | undefined {
  return (cluster.config as ClusterConfig & { tunnel?: TunnelState }).tunnel;
}

export function setTunnel(cluster: Cluster, tunnel: TunnelState | undefined): void {
  const config = cluster.config as ClusterConfig & { tunnel?: TunnelState };
  if (JSON.stringify(config.tunnel) === JSON.stringify(tunnel)) return;
  if (tunnel) config.tunnel = tunnel;
  else delete config.tunnel;
  cluster.configChanged();
}

const isLB = (svc: KubeObject): boolean => svc.spec?.type === 'LoadBalancer' && !svc.spec?.loadBalancerClass;
const ingressIPs = (svc: KubeObject): string[] => (svc.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip).filter(Boolean);

function setIngress(cluster: Cluster, svc: KubeObject, ingress: any[] | undefined): boolean {
  const lb = ingress?.length ? { ingress } : {};
  if (JSON.stringify(svc.status?.loadBalancer ?? {}) === JSON.stringify(lb)) return false;
  const copy = cloneJSON(svc);
  copy.status = { ...(copy.status ?? {}), loadBalancer: lb };
  return cluster.update(copy);
}

export function run(cluster: Cluster, work?: Work): void {
  // Addresses are shared by every LoadBalancer Service: any Service change (or the tunnel flag) is a pass over all.
  if (work && !work.changes.some((c) => c.plural === 'services' || c.plural === CONFIG)) return;
  // Only LoadBalancer Services take part: the others are not decoded (when the state is read lazily).
  const services = (cluster.mentioning('services', 'LoadBalancer') ?? objects(cluster, 'services')).sort((a, b) => (`${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1));
  if (cluster.config.provider === 'local') return runLocal(cluster, services);
  const { network, bits } = parseCIDR(cluster.config.loadBalancerPool);
  const first = network + 1;
  const last = network + 2 ** (32 - bits) - 2;
  const inPool = (n: number | undefined): n is number => n !== undefined && n >= first && n <= last;
  const used = new Set<number>();
  for (const svc of services) if (isLB(svc)) for (const ip of ingressIPs(svc)) if (inPool(ipToInt(ip))) used.add(ipToInt(ip)!);
  let cursor = first;
  // Requested addresses first, so a later automatic pick cannot take one that was asked for.
  const ordered = [...services.filter((s) => s.spec?.loadBalancerIP), ...services.filter((s) => !s.spec?.loadBalancerIP)];
  for (const svc of ordered) {
    if (!isLB(svc)) continue;
    const current = ingressIPs(svc).map(ipToInt).filter(inPool);
    const wanted = svc.spec.loadBalancerIP ? ipToInt(svc.spec.loadBalancerIP) : undefined;
    if (current.length && (wanted === undefined || current.includes(wanted))) continue;
    let ip: number | undefined;
    if (svc.spec.loadBalancerIP) {
      if (inPool(wanted) && !used.has(wanted)) ip = wanted;
      else {
        fail(cluster, svc, `requested load balancer IP ${svc.spec.loadBalancerIP} is ${inPool(wanted) ? 'already in use' : `not in the pool ${cluster.config.loadBalancerPool}`}`);
        continue;
      }
    } else {
      while (cursor <= last && used.has(cursor)) cursor++;
      if (cursor > last) {
        fail(cluster, svc, `no free address in ${cluster.config.loadBalancerPool}`);
        continue;
      }
      ip = cursor;
    }
    for (const n of current) used.delete(n);
    used.add(ip);
    recordEvent(cluster, svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', COMPONENT);
    setIngress(cluster, svc, [{ ip: intToIp(ip), ipMode: 'VIP' }]);
    recordEvent(cluster, svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', COMPONENT);
  }
}

/** A Warning once per Service and reason (a repeat every pass would keep the cluster from settling). */
function fail(cluster: Cluster, svc: KubeObject, why: string): void {
  const message = `Error syncing load balancer: failed to ensure load balancer: ${why}`;
  if (eventsFor(cluster, svc).some((e) => e.reason === 'SyncLoadBalancerFailed' && e.message === message)) return;
  recordEvent(cluster, svc, 'Warning', 'SyncLoadBalancerFailed', message, COMPONENT);
}

function runLocal(cluster: Cluster, services: KubeObject[]): void {
  const running = tunnelOf(cluster)?.running === true;
  for (const svc of services) {
    if (!isLB(svc)) continue;
    const vip = svc.spec?.clusterIP;
    if (running && vip && vip !== 'None') setIngress(cluster, svc, [{ ip: vip, ipMode: 'VIP' }]);
    // Tunnel stopped: take back only what the tunnel gave (ingress = the ClusterIP).
    else if (!running && ingressIPs(svc).length && ingressIPs(svc).every((ip) => ip === vip)) setIngress(cluster, svc, undefined);
  }
}
