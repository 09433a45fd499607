// The expose generator (kubectl expose.go, polymorphichelpers): from a source object to a Service.
import type { KubeObject } from '../../api/types.js';
import type { Cluster } from '../../store/cluster.js';
import type { Globals } from '../context.js';
import { ApiError, ClientError, type KubeError } from '../../api/errors.js';
import { qualifiedResource, resolveResourceType, type ResourceType } from '../../api/resources.js';
import { parseKeyValues, usageError, type DryRun } from './common.js';

export const KINDS = [
  { name: 'deployment', label: 'deployment' },
  { name: 'replicaset', label: 'replicaset' },
  { name: 'pod', label: 'pod' },
  { name: 'service', label: 'service' },
  { name: 'replicationcontroller', label: 'replicationcontroller' },
];
const EXPOSABLE = new Set(['Deployment', 'ReplicaSet', 'Pod', 'Service', 'ReplicationController']);

export function missingArgs(type: string | undefined): KubeError {
  if (!type) {
    return usageError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      'expose',
    );
  }
  return usageError('resource(s) were provided, but no name was specified', 'expose');
}

export function exposable(type: string): ResourceType {
  const rt = resolveResourceType(type);
  if (!rt) throw new ClientError(`the server doesn't have a resource type "${type}"`);
  if (!EXPOSABLE.has(rt.kind)) throw new ClientError(`cannot expose a ${rt.kind}${rt.group ? '.' + rt.group : ''}`);
  return rt;
}

const SELECTOR_ERR = "couldn't retrieve selectors via --selector flag or introspection";

function selectorFor(obj: KubeObject): Record<string, string> {
  switch (obj.kind) {
    case 'Pod':
      if (!obj.metadata.labels || !Object.keys(obj.metadata.labels).length) throw new ClientError(`${SELECTOR_ERR}: the pod has no labels and cannot be exposed`);
      return { ...obj.metadata.labels };
    case 'Service':
      if (!obj.spec?.selector || !Object.keys(obj.spec.selector).length) throw new ClientError(`${SELECTOR_ERR}: the service has no pod selector set`);
      return { ...obj.spec.selector };
    case 'ReplicationController':
      return { ...(obj.spec?.selector ?? {}) };
    default: {
      const sel = obj.spec?.selector;
      if (!sel) throw new ClientError(`${SELECTOR_ERR}: invalid ${obj.kind.toLowerCase()}: no selectors, therefore cannot be exposed`);
      if (sel.matchExpressions?.length) {
        const expr = sel.matchExpressions.map((e: any) => `${e.key} ${String(e.operator).toLowerCase()} (${(e.values ?? []).join(',')})`).join(',');
        throw new ClientError(`${SELECTOR_ERR}: couldn't convert expressions - "${expr}", to map-based selector format`);
      }
      if (!sel.matchLabels || !Object.keys(sel.matchLabels).length) throw new ClientError(`${SELECTOR_ERR}: invalid ${obj.kind.toLowerCase()}: no selectors, therefore cannot be exposed`);
      return { ...sel.matchLabels };
    }
  }
}

/** Distinct container ports in order, with every protocol each one is declared with. */
function portsFor(obj: KubeObject): Array<{ port: number; protocols: string[] }> {
  const list: Array<{ port: number; protocol: string }> = [];
  if (obj.kind === 'Service') for (const p of obj.spec?.ports ?? []) list.push({ port: p.port, protocol: p.protocol ?? 'TCP' });
  else {
    const spec = obj.kind === 'Pod' ? obj.spec : obj.spec?.template?.spec;
    for (const c of spec?.containers ?? []) for (const p of c.ports ?? []) list.push({ port: p.containerPort, protocol: p.protocol ?? 'TCP' });
  }
  const out: Array<{ port: number; protocols: string[] }> = [];
  for (const { port, protocol } of list) {
    const e = out.find((x) => x.port === port);
    if (!e) out.push({ port, protocols: [protocol] });
    else if (!e.protocols.includes(protocol)) e.protocols.push(protocol);
  }
  return out;
}

export function serviceFor(source: KubeObject, opts: any): KubeObject {
  const name: string = opts.name || source.metadata.name!.slice(0, 63);
  const labels = opts.labels ? parseKeyValues(opts.labels, 'label spec') : { ...(source.metadata.labels ?? {}) };
  const selector = opts.selector ? parseKeyValues(opts.selector, 'selector') : selectorFor(source);
  let ports: Array<{ port: number; protocols: string[] }>;
  if (opts.port !== undefined) {
    const n = Number(opts.port);
    if (!/^\d+$/.test(String(opts.port))) throw new ClientError(`invalid argument "${opts.port}" for "--port" flag: strconv.ParseInt: parsing "${opts.port}": invalid syntax`);
    const known = portsFor(source).find((p) => p.port === n);
    ports = [{ port: n, protocols: known?.protocols ?? ['TCP'] }];
  } else ports = portsFor(source);
  if (!ports.length && opts.clusterIp !== 'None') throw new ClientError("couldn't find port via --port flag or introspection");
  const targetPort = opts.targetPort === undefined ? undefined : /^\d+$/.test(opts.targetPort) ? Number(opts.targetPort) : opts.targetPort;
  const svcPorts: any[] = [];
  ports.forEach(({ port, protocols }, i) => {
    const protos = opts.protocol ? [opts.protocol] : protocols;
    protos.forEach((protocol) => {
      const p: any = {};
      if (protos.length > 1) p.name = `port-${i + 1}-${protocol.toLowerCase()}`;
      else if (ports.length > 1) p.name = `port-${i + 1}`;
      p.port = port;
      p.protocol = protocol;
      p.targetPort = targetPort ?? port;
      svcPorts.push(p);
    });
  });
  const spec: any = {};
  if (opts.clusterIp) spec.clusterIP = opts.clusterIp;
  if (opts.externalIp) spec.externalIPs = [opts.externalIp];
  if (opts.type === 'LoadBalancer' && opts.loadBalancerIp) spec.loadBalancerIP = opts.loadBalancerIp;
  if (svcPorts.length) spec.ports = svcPorts;
  spec.selector = selector;
  if (opts.sessionAffinity) {
    if (opts.sessionAffinity !== 'None' && opts.sessionAffinity !== 'ClientIP') throw new ClientError(`unknown session affinity: ${opts.sessionAffinity}`);
    spec.sessionAffinity = opts.sessionAffinity;
  }
  if (opts.type) spec.type = opts.type;
  const metadata: any = { creationTimestamp: null };
  if (Object.keys(labels).length) metadata.labels = labels;
  metadata.name = name;
  return { apiVersion: 'v1', kind: 'Service', metadata, spec, status: { loadBalancer: {} } };
}

/** Look the source up, build the Service, and (unless a client dry run) create it. */
export async function expose(cluster: Cluster, g: Globals, type: string, name: string, opts: any, dryRun: DryRun): Promise<KubeObject> {
  const rt = exposable(type);
  const source = cluster.get(rt.plural, g.namespace, name);
  if (!source) throw ApiError.notFound(qualifiedResource(rt), name);
  const svc = serviceFor(source, opts);
  if (dryRun === 'client') {
    if (g.namespaceExplicit) svc.metadata.namespace = g.namespace;
    return svc;
  }
  const { createObject } = await import('../../api/admission.js');
  const send = structuredClone(svc);
  delete send.metadata.creationTimestamp;
  send.metadata.namespace = g.namespace;
  return createObject(cluster, send, { dryRun });
}
