// ClusterIP allocation (pkg/registry/core/service/ipallocator): addresses from the service CIDR, network and
// broadcast excluded, split into a static band (kept for explicit requests) and the dynamic band automatic
// allocations come from (allocator-band.ts). Which IPs are in use is derived from the stored Services, so deleting
// a Service releases its IP; the derived set is cached per Cluster instance so a 2,000-Service apply does not
// rescan every Service per allocation (a cached owner is re-checked before an IP is refused).
import type { Cluster } from '../store/cluster.js';
import type { KubeObject } from '../api/types.js';
import { allocateNext, bandOffset } from './allocator-band.js';
import { valuesOf } from '../store/bucket.js';

export interface ServiceCIDR {
  cidr: string;
  /** network + 1: index 0 */
  base: number;
  /** usable addresses */
  size: number;
  offset: number;
}

export function ipToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCIDR(cidr: string): { network: number; bits: number } {
  const [addr, len] = cidr.split('/');
  const bits = Number(len);
  const ip = ipToInt(addr);
  if (ip === undefined || !(bits >= 0 && bits <= 32)) throw new Error(`invalid CIDR ${cidr}`);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { network: (ip & mask) >>> 0, bits };
}

/** ipallocator.NewCIDRRange + calculateRangeOffset (min 16, max 256, step 16). */
export function serviceCIDR(cidr: string): ServiceCIDR {
  const { network, bits } = parseCIDR(cidr);
  const size = Math.max(0, 2 ** (32 - bits) - 2);
  return { cidr, base: network + 1, size, offset: bandOffset(size, 16, 256, 16) };
}

export type AllocResult = { ok: true; ip: string } | { ok: false; error: string };

interface UsedIPs {
  range: ServiceCIDR;
  /** ip (as int) → "namespace/name" of the Service holding it, as last seen. */
  owners: Map<number, string>;
}

const cache = new WeakMap<Cluster, UsedIPs>();

function serviceIPs(svc: KubeObject): string[] {
  const ips: string[] = [...(svc.spec?.clusterIPs ?? [])];
  if (svc.spec?.clusterIP && !ips.includes(svc.spec.clusterIP)) ips.push(svc.spec.clusterIP);
  return ips.filter((ip) => ip && ip !== 'None');
}

function used(cluster: Cluster): UsedIPs {
  let u = cache.get(cluster);
  if (!u || u.range.cidr !== cluster.config.serviceCIDR) {
    u = { range: serviceCIDR(cluster.config.serviceCIDR), owners: new Map() };
    for (const svc of valuesOf(cluster.state.objects.services ?? {})) {
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      for (const ip of serviceIPs(svc)) {
        const n = ipToInt(ip);
        if (n !== undefined) u.owners.set(n, key);
      }
    }
    cache.set(cluster, u);
  }
  return u;
}

/** Whether the cached owner still holds the IP (it may have been deleted or changed since the cache was built). */
function holds(cluster: Cluster, owner: string, ip: number): boolean {
  const slash = owner.indexOf('/');
  const svc = cluster.get('services', owner.slice(0, slash), owner.slice(slash + 1));
  return Boolean(svc && serviceIPs(svc).some((s) => ipToInt(s) === ip));
}

function isFree(cluster: Cluster, u: UsedIPs, ip: number, self: string): boolean {
  const owner = u.owners.get(ip);
  if (owner === undefined) return true;
  if (owner === self) return true;
  if (holds(cluster, owner, ip)) return false;
  u.owners.delete(ip);
  return true;
}

/**
 * Allocate `requested` (anywhere in the range) or, without one, the next IP by the random scan. `self` is the
 * Service's "namespace/name": an IP it already holds counts as free for it.
 */
export function allocateClusterIP(cluster: Cluster, self: string, requested?: string): AllocResult {
  const u = used(cluster);
  const r = u.range;
  if (requested) {
    const n = ipToInt(requested);
    const idx = n === undefined ? -1 : n - r.base;
    if (n === undefined || idx < 0 || idx >= r.size) {
      return { ok: false, error: `the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${r.cidr}` };
    }
    if (!isFree(cluster, u, n, self)) return { ok: false, error: 'provided IP is already allocated' };
    u.owners.set(n, self);
    return { ok: true, ip: requested };
  }
  const idx = allocateNext(r.size, r.offset, (i) => isFree(cluster, u, r.base + i, '\0'), cluster.random);
  if (idx === undefined) return { ok: false, error: 'range is full' };
  u.owners.set(r.base + idx, self);
  return { ok: true, ip: intToIp(r.base + idx) };
}
