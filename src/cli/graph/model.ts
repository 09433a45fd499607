// The path a request takes, as a graph: Ingress → Service → EndpointSlice → Pod → Node. Built from the
// stored objects only (what the controllers wrote), so the picture is exactly what the cluster holds.
// Pure; the renderers (tree, dot, mermaid) draw the same model.
import type { KubeObject } from '../../api/types.js';
import type { Cluster } from '../../store/cluster.js';
import { serviceSlices } from '../../dataplane/lookup.js';

export type GKind = 'Ingress' | 'Service' | 'EndpointSlice' | 'Pod' | 'Node' | 'External' | 'Address';
/** ok: Ready/assigned; bad: NotReady/missing; pending: waiting (e.g. LoadBalancer <pending>). */
export type GStatus = 'ok' | 'bad' | 'pending' | undefined;

export interface GNode {
  /** Stable identity (`Service/default/web`): the same object drawn twice is one node in dot/mermaid. */
  id: string;
  kind: GKind;
  name: string;
  /** One line of facts: type, IPs, ports. */
  detail: string;
  status?: GStatus;
  statusText?: string;
  /** The label on the edge from the parent (an Ingress path, a target port). */
  via?: string;
  children: GNode[];
}

export interface GraphScope {
  namespace?: string; // undefined = all namespaces
  service?: string;
  ingress?: string;
}

function portsText(svc: KubeObject): string {
  return (svc.spec?.ports ?? [])
    .map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}${p.targetPort !== undefined && p.targetPort !== p.port ? `→${p.targetPort}` : ''}`)
    .join(',');
}

function lbAddress(obj: KubeObject): string | undefined {
  const ing = obj.status?.loadBalancer?.ingress?.[0];
  return ing?.ip ?? ing?.hostname;
}

function nodeOf(cluster: Cluster, name: string | undefined, via?: string): GNode | undefined {
  if (!name) return undefined;
  const node = cluster.get('nodes', undefined, name);
  const ip = node?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '';
  const ready = node?.status?.conditions?.find((c: any) => c.type === 'Ready')?.status === 'True';
  const unschedulable = node?.spec?.unschedulable ? ',SchedulingDisabled' : '';
  return {
    id: `Node/${name}`,
    kind: 'Node',
    name,
    detail: ip,
    status: node ? (ready ? 'ok' : 'bad') : 'bad',
    statusText: node ? (ready ? 'Ready' : 'NotReady') + unschedulable : 'not found',
    via,
    children: [],
  };
}

function serviceNode(cluster: Cluster, ns: string, name: string, via?: string): GNode {
  const svc = cluster.get('services', ns, name);
  if (!svc) return { id: `Service/${ns}/${name}`, kind: 'Service', name, detail: '', status: 'bad', statusText: 'not found', via, children: [] };
  const type = svc.spec?.type ?? 'ClusterIP';
  if (type === 'ExternalName') {
    const ext = svc.spec.externalName;
    return {
      id: `Service/${ns}/${name}`,
      kind: 'Service',
      name,
      detail: 'ExternalName',
      via,
      children: [{ id: `External/${ext}`, kind: 'External', name: ext, detail: 'CNAME, outside the cluster', via: 'DNS CNAME', children: [] }],
    };
  }
  const facts = [type, svc.spec?.clusterIP === 'None' ? 'headless' : svc.spec?.clusterIP];
  let status: GStatus;
  let statusText: string | undefined;
  if (type === 'LoadBalancer') {
    const addr = lbAddress(svc);
    facts.push(addr ?? '<pending>');
    status = addr ? 'ok' : 'pending';
    statusText = addr ? undefined : 'EXTERNAL-IP <pending>';
  }
  facts.push(portsText(svc));
  const slices = serviceSlices(cluster, ns, name);
  const children = slices.map((s) => sliceNode(cluster, s));
  if (svc.spec?.selector && slices.length === 0) {
    children.push({ id: `EndpointSlice/${ns}/${name}/none`, kind: 'EndpointSlice', name: '(none)', detail: 'no endpoints', status: 'bad', statusText: 'no pods match the selector', children: [] });
  }
  return { id: `Service/${ns}/${name}`, kind: 'Service', name, detail: facts.filter(Boolean).join('  '), status, statusText, via, children };
}

function sliceNode(cluster: Cluster, slice: KubeObject): GNode {
  const ns = slice.metadata.namespace!;
  const ports = (slice.ports ?? []).map((p: any) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',');
  const endpoints: any[] = slice.endpoints ?? [];
  const children: GNode[] = endpoints.map((ep) => {
    const ip = ep.addresses?.[0] ?? '';
    const ready = ep.conditions?.ready !== false;
    const terminating = ep.conditions?.terminating === true;
    const state: [GStatus, string] = terminating ? ['pending', 'Terminating'] : ready ? ['ok', 'Ready'] : ['bad', 'NotReady'];
    if (ep.targetRef?.kind === 'Pod') {
      const pod = cluster.get('pods', ep.targetRef.namespace ?? ns, ep.targetRef.name);
      const nodeName = ep.nodeName ?? pod?.spec?.nodeName;
      const node = nodeOf(cluster, nodeName, 'runs on');
      return {
        id: `Pod/${ep.targetRef.namespace ?? ns}/${ep.targetRef.name}`,
        kind: 'Pod' as const,
        name: ep.targetRef.name,
        detail: ip,
        status: state[0],
        statusText: state[1],
        children: node ? [node] : [],
      };
    }
    // No pod behind it (the `kubernetes` Service: the API server on a node's address).
    const node = cluster.list('nodes').find((n) => n.status?.addresses?.some((a: any) => a.address === ip));
    const nn = node && nodeOf(cluster, node.metadata.name, 'address of');
    return { id: `Address/${ip}`, kind: 'Address' as const, name: ip, detail: 'not a pod', status: state[0], statusText: state[1], children: nn ? [nn] : [] };
  });
  return { id: `EndpointSlice/${ns}/${slice.metadata.name}`, kind: 'EndpointSlice', name: slice.metadata.name!, detail: ports, children };
}

function backendLabel(b: any): string | undefined {
  const p = b?.service?.port;
  return p ? String(p.number ?? p.name) : undefined;
}

function ingressNode(cluster: Cluster, ing: KubeObject): GNode {
  const ns = ing.metadata.namespace!;
  const addr = lbAddress(ing);
  const children: GNode[] = [];
  for (const rule of ing.spec?.rules ?? []) {
    for (const p of rule.http?.paths ?? []) {
      const svc = p.backend?.service?.name;
      if (!svc) continue;
      const via = `${rule.host ?? '*'}${p.path ?? '/'} (${p.pathType ?? 'Prefix'}) → :${backendLabel(p.backend)}`;
      children.push(serviceNode(cluster, ns, svc, via));
    }
  }
  const def = ing.spec?.defaultBackend?.service?.name;
  if (def) children.push(serviceNode(cluster, ns, def, `default backend → :${backendLabel(ing.spec.defaultBackend)}`));
  const cls = ing.spec?.ingressClassName;
  return {
    id: `Ingress/${ns}/${ing.metadata.name}`,
    kind: 'Ingress',
    name: ing.metadata.name!,
    detail: [cls ? `class ${cls}` : '', addr ?? '<pending>'].filter(Boolean).join('  '),
    status: addr ? 'ok' : 'pending',
    statusText: addr ? undefined : 'no address yet',
    children,
  };
}

/** The roots to draw: Ingresses first (each with the Services it routes to), then the other Services. */
export function buildGraph(cluster: Cluster, scope: GraphScope): GNode[] {
  const ingresses = cluster.list('ingresses', scope.namespace);
  if (scope.ingress) {
    const ing = ingresses.find((i) => i.metadata.name === scope.ingress);
    return ing ? [ingressNode(cluster, ing)] : [];
  }
  if (scope.service) {
    const ns = scope.namespace!;
    const routing = ingresses.filter((i) => ingressBackends(i).includes(scope.service!));
    if (routing.length === 0) return [serviceNode(cluster, ns, scope.service)];
    // Only the routes of each Ingress that lead to this Service.
    return routing.map((i) => {
      const n = ingressNode(cluster, i);
      return { ...n, children: n.children.filter((c) => c.name === scope.service) };
    });
  }
  const roots = ingresses.map((i) => ingressNode(cluster, i));
  const routed = new Set(ingresses.flatMap((i) => ingressBackends(i).map((s) => `${i.metadata.namespace}/${s}`)));
  for (const svc of cluster.list('services', scope.namespace)) {
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    if (!routed.has(key)) roots.push(serviceNode(cluster, svc.metadata.namespace!, svc.metadata.name!));
  }
  return roots;
}

export function ingressBackends(ing: KubeObject): string[] {
  const names: string[] = [];
  for (const rule of ing.spec?.rules ?? []) for (const p of rule.http?.paths ?? []) if (p.backend?.service?.name) names.push(p.backend.service.name);
  if (ing.spec?.defaultBackend?.service?.name) names.push(ing.spec.defaultBackend.service.name);
  return [...new Set(names)];
}

/** The namespace of a root, for the headings of `graph -A`. */
export function namespaceOf(n: GNode): string | undefined {
  const parts = n.id.split('/');
  return parts.length === 3 ? parts[1] : undefined;
}
