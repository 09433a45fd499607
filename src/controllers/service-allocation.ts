// ClusterIP and node-port allocation for a Service being created or updated, as the API server's service REST
// storage does it (pkg/registry/core/service/storage/alloc.go): carry allocated values forward on update, release
// what a type change drops, allocate what is missing, refuse taken or out-of-range requests. Called by admit()
// after defaulting and validation; mutates the Service being admitted (never a stored object).
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { ApiError, renderValue, type FieldError } from '../api/errors.js';
import { allocateClusterIP } from './clusterip-allocator.js';
import { NodePortOperation } from './nodeport-allocator.js';

const typeOf = (svc: KubeObject | undefined): string => svc?.spec?.type || 'ClusterIP';
const isHeadless = (spec: any): boolean => spec?.clusterIP === 'None' || spec?.clusterIPs?.[0] === 'None';
const needsClusterIP = (svc: KubeObject | undefined): boolean => Boolean(svc) && typeOf(svc) !== 'ExternalName';
const needsNodePort = (svc: KubeObject | undefined): boolean => typeOf(svc) === 'NodePort' || typeOf(svc) === 'LoadBalancer';
const needsHealthCheck = (svc: KubeObject | undefined): boolean => typeOf(svc) === 'LoadBalancer' && svc?.spec?.externalTrafficPolicy === 'Local';
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

export function allocateService(cluster: Cluster, svc: KubeObject, old: KubeObject | undefined): FieldError[] {
  const spec = (svc.spec ??= {});
  const self = `${svc.metadata.namespace}/${svc.metadata.name}`;
  dropTypeDependentFields(spec, svc, old);
  const ipErrors = allocateIPs(cluster, svc, old, self);
  if (ipErrors.length) return ipErrors;
  return allocateNodePorts(cluster, svc, old, self);
}

/** strategy.go dropTypeDependentFields: values the user left as they were are wiped when the type no longer uses them. */
function dropTypeDependentFields(spec: any, svc: KubeObject, old: KubeObject | undefined): void {
  if (!old) return;
  const o = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    for (const f of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) if (spec[f] !== undefined && same(spec[f], o[f])) delete spec[f];
  }
  if (needsNodePort(old) && !needsNodePort(svc)) {
    (spec.ports ?? []).forEach((p: any, i: number) => {
      if (p?.nodePort && p.nodePort === o.ports?.[i]?.nodePort) delete p.nodePort;
    });
    if (spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy === o.externalTrafficPolicy && !spec.externalIPs?.length) delete spec.externalTrafficPolicy;
  }
  if (needsHealthCheck(old) && !needsHealthCheck(svc) && spec.healthCheckNodePort === o.healthCheckNodePort) delete spec.healthCheckNodePort;
  if (typeOf(old) === 'LoadBalancer' && typeOf(svc) !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts === o.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass === o.loadBalancerClass) delete spec.loadBalancerClass;
    if (svc.status?.loadBalancer) svc.status = { ...svc.status, loadBalancer: {} };
  }
}

function allocateIPs(cluster: Cluster, svc: KubeObject, old: KubeObject | undefined, self: string): FieldError[] {
  const spec = svc.spec;
  if (!needsClusterIP(svc)) return [];
  const oldSpec = needsClusterIP(old) ? old!.spec ?? {} : undefined;
  // Values the user did not give are carried from the stored Service (kubectl replace/apply without clusterIP).
  if (oldSpec && !spec.clusterIP && !spec.clusterIPs?.length && oldSpec.clusterIP) {
    spec.clusterIP = oldSpec.clusterIP;
    spec.clusterIPs = [...(oldSpec.clusterIPs ?? [oldSpec.clusterIP])];
  }
  defaultFamilies(spec);
  if (isHeadless(spec)) {
    spec.clusterIP = 'None';
    spec.clusterIPs = ['None'];
    return [];
  }
  const requested: string | undefined = spec.clusterIP || spec.clusterIPs?.[0] || undefined;
  if (requested && oldSpec && requested === oldSpec.clusterIP) {
    spec.clusterIP = requested;
    spec.clusterIPs = [requested];
    return [];
  }
  if (requested && oldSpec?.clusterIP) {
    return [{ field: 'spec.clusterIPs[0]', type: 'Invalid value', value: renderValue(spec.clusterIPs ?? [requested]), detail: 'may not change once set' }];
  }
  const r = allocateClusterIP(cluster, self, requested);
  if (!r.ok) {
    if (!requested) throw new ApiError('InternalError', `Internal error occurred: failed to allocate a serviceIP: ${r.error}`, 500);
    return [{ field: 'spec.clusterIPs', type: 'Invalid value', value: renderValue(spec.clusterIPs?.length ? spec.clusterIPs : [requested]), detail: `failed to allocate IP ${requested}: ${r.error}` }];
  }
  spec.clusterIP = r.ip;
  spec.clusterIPs = [r.ip];
  return [];
}

/** Registry defaults (alloc.go initIPFamilyFields), when defaulting has not filled them already. */
function defaultFamilies(spec: any): void {
  if (isHeadless(spec) && !spec.selector && !spec.ipFamilyPolicy && !spec.ipFamilies?.length) {
    // Headless and selector-less: the endpoints may be of either family.
    spec.ipFamilyPolicy = 'RequireDualStack';
    spec.ipFamilies = ['IPv4', 'IPv6'];
    return;
  }
  spec.ipFamilyPolicy ??= 'SingleStack';
  if (!spec.ipFamilies?.length) spec.ipFamilies = ['IPv4'];
}

function nodePortError(i: number, port: number, detail: string): FieldError[] {
  return [{ field: `spec.ports[${i}].nodePort`, type: 'Invalid value', value: String(port), detail }];
}

function full(): never {
  throw new ApiError('InternalError', 'Internal error occurred: failed to allocate a nodePort: range is full', 500);
}

function allocateNodePorts(cluster: Cluster, svc: KubeObject, old: KubeObject | undefined, self: string): FieldError[] {
  const spec = svc.spec;
  const ports: any[] = spec.ports ?? [];
  if (!needsNodePort(svc) && !needsHealthCheck(svc)) return [];
  const oldHeld = new Set<number>(needsNodePort(old) ? (old!.spec?.ports ?? []).map((p: any) => p?.nodePort).filter(Boolean) : []);
  if (needsNodePort(old) && needsNodePort(svc)) {
    // patchAllocatedValues: a port left without nodePort keeps the one its namesake had, unless another port now asks for it.
    const byName = new Map<string, number>((old!.spec?.ports ?? []).map((p: any) => [p?.name ?? '', p?.nodePort]));
    const asked = new Set(ports.map((p) => p?.nodePort).filter(Boolean));
    for (const p of ports) {
      if (p && !p.nodePort) {
        const prev = byName.get(p.name ?? '');
        if (prev && !asked.has(prev)) p.nodePort = prev;
      }
    }
  }
  const op = new NodePortOperation(cluster, self);
  const allocate = typeOf(svc) === 'NodePort' || spec.allocateLoadBalancerNodePorts !== false;
  // initNodePorts: ports sharing a port number (53/TCP and 53/UDP) share one node port.
  const byPort = new Map<number, number>();
  const done = new Set<number>();
  for (let i = 0; i < ports.length; i++) {
    const p = ports[i];
    if (!p || (!p.nodePort && !allocate)) continue;
    const shared = byPort.get(p.port);
    if (shared === undefined) {
      const np = p.nodePort || ports.slice(i).find((q) => q?.port === p.port && q.nodePort)?.nodePort;
      if (np) {
        if (!done.has(np)) {
          const e = op.allocate(np, oldHeld.has(np));
          if (e) return nodePortError(i, np, e);
          done.add(np);
        }
        p.nodePort = np;
      } else {
        p.nodePort = op.allocateNext() ?? full();
        done.add(p.nodePort);
      }
      byPort.set(p.port, p.nodePort);
    } else if (p.nodePort !== shared) {
      if (!p.nodePort) p.nodePort = shared;
      else if (!done.has(p.nodePort)) {
        const e = op.allocate(p.nodePort, oldHeld.has(p.nodePort));
        if (e) return nodePortError(i, p.nodePort, e);
        done.add(p.nodePort);
      }
    }
  }
  if (needsHealthCheck(svc)) {
    const prev = needsHealthCheck(old) ? old!.spec?.healthCheckNodePort : undefined;
    if (!spec.healthCheckNodePort && prev) spec.healthCheckNodePort = prev;
    if (spec.healthCheckNodePort) {
      if (spec.healthCheckNodePort !== prev) {
        const e = op.allocate(spec.healthCheckNodePort);
        if (e) return [{ field: 'spec.healthCheckNodePort', type: 'Invalid value', value: String(spec.healthCheckNodePort), detail: e }];
      }
    } else {
      spec.healthCheckNodePort = op.allocateNext() ?? full();
    }
  }
  return [];
}
