// Node-port allocation (pkg/registry/core/service/portallocator): ports from the node-port range (30000-32767),
// static band min(max(16, size/32), 128) = 30000-30085 kept for requests, automatic allocations from the upper
// band first (allocator-band.ts). The used set is derived from the stored Services (nodePorts and
// healthCheckNodePorts), cached per Cluster instance; a cached owner is re-checked before a port is refused.
import type { Cluster } from '../store/cluster.js';
import type { KubeObject } from '../api/types.js';
import { allocateNext, bandOffset } from './allocator-band.js';
import { valuesOf } from '../store/bucket.js';

export interface PortRange {
  text: string;
  base: number;
  size: number;
  offset: number;
}

export function portRange(text: string): PortRange {
  const m = /^(\d+)-(\d+)$/.exec(text.trim());
  if (!m) throw new Error(`invalid node port range ${text}`);
  const base = Number(m[1]);
  const size = Number(m[2]) - base + 1;
  return { text, base, size, offset: bandOffset(size, 16, 128, 32) };
}

export function serviceNodePorts(svc: KubeObject): number[] {
  const ports: number[] = [];
  for (const p of svc.spec?.ports ?? []) if (p?.nodePort) ports.push(Number(p.nodePort));
  if (svc.spec?.healthCheckNodePort) ports.push(Number(svc.spec.healthCheckNodePort));
  return ports;
}

interface UsedPorts {
  range: PortRange;
  owners: Map<number, string>;
}

const cache = new WeakMap<Cluster, UsedPorts>();

function used(cluster: Cluster): UsedPorts {
  let u = cache.get(cluster);
  if (!u || u.range.text !== cluster.config.nodePortRange) {
    u = { range: portRange(cluster.config.nodePortRange), owners: new Map() };
    for (const svc of valuesOf(cluster.state.objects.services ?? {})) {
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      for (const p of serviceNodePorts(svc)) u.owners.set(p, key);
    }
    cache.set(cluster, u);
  }
  return u;
}

function holds(cluster: Cluster, owner: string, port: number): boolean {
  const slash = owner.indexOf('/');
  const svc = cluster.get('services', owner.slice(0, slash), owner.slice(slash + 1));
  return Boolean(svc && serviceNodePorts(svc).includes(port));
}

/**
 * One Service's allocation: ports it takes are remembered so two of its own ports never get the same number
 * before it is stored; ports its stored version holds are free for it.
 */
export class NodePortOperation {
  private readonly u: UsedPorts;
  private readonly taken = new Set<number>();

  constructor(
    private readonly cluster: Cluster,
    private readonly self: string,
  ) {
    this.u = used(cluster);
  }

  get range(): PortRange {
    return this.u.range;
  }

  private isFree(port: number, mayBeMine: boolean): boolean {
    if (this.taken.has(port)) return false;
    const owner = this.u.owners.get(port);
    if (owner === undefined) return true;
    if (owner === this.self) return mayBeMine || !holds(this.cluster, owner, port);
    if (holds(this.cluster, owner, port)) return false;
    this.u.owners.delete(port);
    return true;
  }

  /** A requested port: null when taken, or the error text. `mine` = the Service already held it. */
  allocate(port: number, mine = false): string | null {
    const r = this.u.range;
    if (port < r.base || port >= r.base + r.size) return `provided port is not in the valid range. The range of valid ports is ${r.text}`;
    if (!this.isFree(port, mine)) return 'provided port is already allocated';
    this.taken.add(port);
    this.u.owners.set(port, this.self);
    return null;
  }

  /** The next port by the random scan, or undefined when the range is full. */
  allocateNext(): number | undefined {
    const r = this.u.range;
    const idx = allocateNext(r.size, r.offset, (i) => this.isFree(r.base + i, false), this.cluster.random);
    if (idx === undefined) return undefined;
    const port = r.base + idx;
    this.taken.add(port);
    this.u.owners.set(port, this.self);
    return port;
  }
}
