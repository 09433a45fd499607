// EndpointSlice mirroring controller (pkg/controller/endpointslicemirroring): a Service without a selector has
// its user-written Endpoints copied into EndpointSlices (managed-by endpointslicemirroring-controller.k8s.io),
// one group per subset, at most 1000 endpoints a slice. Endpoints labelled
// endpointslice.kubernetes.io/skip-mirror=true (the apiserver's own `kubernetes` Endpoints) are left alone.
// Mirrored slices go when the Endpoints or the Service go, or the Service gains a selector.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { MANAGED_BY_LABEL, MIRROR_CONTROLLER, SERVICE_NAME_LABEL, TRIGGER_TIME, hasSelector, json, objects } from './endpoint-util.js';
import { generatedName, sliceService, slicesOf } from './endpointslice.js';
import { inStoreOrder, type Work } from './work.js';
import { cloneJSON } from '../store/clone.js';

const SKIP_MIRROR = 'endpointslice.kubernetes.io/skip-mirror';
const MAX_PER_SLICE = 1000;
const LEADER_ANNOTATION = 'control-plane.alpha.kubernetes.io/leader';

export function run(cluster: Cluster, work?: Work): void {
  const existing = new Map<string, KubeObject[]>();
  let endpoints: KubeObject[];
  if (!work) {
    for (const s of objects(cluster, 'endpointslices')) {
      const key = sliceService(s, MIRROR_CONTROLLER);
      if (key === undefined) continue;
      let list = existing.get(key);
      if (!list) existing.set(key, (list = []));
      list.push(s);
    }
    endpoints = objects(cluster, 'endpoints');
  } else {
    // Queue: changed Endpoints, Services (a selector added or removed), and mirrored slices, by "namespace/name".
    const keys = new Set<string>();
    for (const c of work.changes) {
      if (c.plural === 'endpoints' || c.plural === 'services') keys.add(c.key);
      else if (c.plural === 'endpointslices') {
        for (const s of [c.old, c.obj]) {
          const k = sliceService(s, MIRROR_CONTROLLER);
          if (k !== undefined) keys.add(k);
        }
      }
    }
    if (!keys.size) return;
    for (const key of keys) {
      const mine = slicesOf(cluster, key, MIRROR_CONTROLLER);
      if (mine.length) existing.set(key, mine);
    }
    endpoints = inStoreOrder(cluster, 'endpoints', keys);
  }
  for (const ep of endpoints) {
    if (ep.metadata.labels?.[SKIP_MIRROR] === 'true' || ep.metadata.annotations?.[LEADER_ANNOTATION] !== undefined) continue;
    const svc = cluster.get('services', ep.metadata.namespace, ep.metadata.name!);
    if (!svc || hasSelector(svc)) continue;
    const key = `${ep.metadata.namespace}/${ep.metadata.name}`;
    const mine = (existing.get(key) ?? []).sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1));
    existing.delete(key);
    mirror(cluster, svc, ep, mine);
  }
  for (const stale of existing.values()) for (const s of stale) cluster.remove('endpointslices', s.metadata.namespace, s.metadata.name!);
}

function addressToEndpoint(a: any, ready: boolean): any {
  const ep: any = { addresses: [a.ip], conditions: { ready } };
  if (a.hostname) ep.hostname = a.hostname;
  if (a.nodeName) ep.nodeName = a.nodeName;
  if (a.targetRef) ep.targetRef = a.targetRef;
  return ep;
}

function mirror(cluster: Cluster, svc: KubeObject, ep: KubeObject, existing: KubeObject[]): void {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(ep.metadata.labels ?? {})) if (k !== MANAGED_BY_LABEL && k !== SERVICE_NAME_LABEL) labels[k] = v;
  labels[SERVICE_NAME_LABEL] = svc.metadata.name!;
  labels[MANAGED_BY_LABEL] = MIRROR_CONTROLLER;
  const wanted: Array<{ ports: any[] | null; endpoints: any[] }> = [];
  for (const ss of ep.subsets ?? []) {
    const ports = (ss.ports ?? []).map((p: any) => {
      const o: any = {};
      if (p.appProtocol) o.appProtocol = p.appProtocol;
      o.name = p.name ?? '';
      o.port = p.port;
      o.protocol = p.protocol ?? 'TCP';
      return o;
    });
    const eps = [...(ss.addresses ?? []).map((a: any) => addressToEndpoint(a, true)), ...(ss.notReadyAddresses ?? []).map((a: any) => addressToEndpoint(a, false))];
    for (let i = 0; i < eps.length; i += MAX_PER_SLICE) wanted.push({ ports: ports.length ? ports : null, endpoints: eps.slice(i, i + MAX_PER_SLICE) });
  }
  // Reuse the existing slices in order (names stay stable), create or delete the difference.
  wanted.forEach((w, i) => {
    const body = { addressType: 'IPv4', endpoints: w.endpoints, ports: w.ports };
    const old = existing[i];
    if (old) {
      if (json(old.metadata.labels ?? {}) === json(labels) && json(old.endpoints ?? null) === json(body.endpoints) && json(old.ports ?? null) === json(body.ports)) return;
      const metadata = { ...cloneJSON(old.metadata), labels };
      cluster.update({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata, ...body });
      return;
    }
    const generateName = `${ep.metadata.name}-`;
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(ep.metadata.annotations ?? {})) if (k !== 'kubectl.kubernetes.io/last-applied-configuration' && k !== TRIGGER_TIME) annotations[k] = v;
    cluster.create({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        ...(Object.keys(annotations).length ? { annotations } : {}),
        generateName,
        labels,
        name: generatedName(cluster, ep.metadata.namespace!, generateName),
        namespace: ep.metadata.namespace,
        ownerReferences: [{ apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name: svc.metadata.name!, uid: svc.metadata.uid! }],
      },
      ...body,
    });
  });
  for (const s of existing.slice(wanted.length)) cluster.remove('endpointslices', s.metadata.namespace, s.metadata.name!);
}
