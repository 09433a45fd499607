// The environment a container sees: the kubelet's Service variables (pkg/kubelet/envvars FromServices,
// kubelet_pods.go getServiceEnvVarMap) merged with the container's own env, as `env` prints it inside.
//
// Order (the kubelet hands the runtime a Go map, so real order is arbitrary; kubesim fixes one):
//   PATH, HOSTNAME (containerd puts these first), the container's env in declared order, the Service variables
//   (Services sorted by name, each in FromServices order: _SERVICE_HOST, _SERVICE_PORT, _SERVICE_PORT_<NAME>…,
//   _PORT, _PORT_<p>_<PROTO>, …_PROTO, …_PORT, …_ADDR), then HOME (runc appends it when unset).
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';

export interface EnvVar {
  name: string;
  value: string;
}

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** `currency-exchange` → `CURRENCY_EXCHANGE` (makeEnvVariableName). */
export function envName(s: string): string {
  return s.toUpperCase().replace(/-/g, '_');
}

function hasClusterIP(svc: KubeObject): boolean {
  const ip = svc.spec?.clusterIP;
  return Boolean(ip) && ip !== 'None';
}

/** The variables for the given Services, in FromServices order. */
export function fromServices(services: KubeObject[]): EnvVar[] {
  const out: EnvVar[] = [];
  for (const svc of services) {
    if (!hasClusterIP(svc)) continue;
    const ports: any[] = svc.spec.ports ?? [];
    if (ports.length === 0) continue;
    const prefix = envName(svc.metadata.name!);
    const ip: string = svc.spec.clusterIP;
    out.push({ name: `${prefix}_SERVICE_HOST`, value: ip });
    out.push({ name: `${prefix}_SERVICE_PORT`, value: String(ports[0].port) });
    for (const p of ports) if (p.name) out.push({ name: `${prefix}_SERVICE_PORT_${envName(p.name)}`, value: String(p.port) });
    ports.forEach((p, i) => {
      const proto = String(p.protocol || 'TCP');
      const hostPort = ip.includes(':') ? `[${ip}]:${p.port}` : `${ip}:${p.port}`;
      const url = `${proto.toLowerCase()}://${hostPort}`;
      if (i === 0) out.push({ name: `${prefix}_PORT`, value: url });
      const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
      out.push({ name: pp, value: url }, { name: `${pp}_PROTO`, value: proto.toLowerCase() }, { name: `${pp}_PORT`, value: String(p.port) }, { name: `${pp}_ADDR`, value: ip });
    });
  }
  return out;
}

/**
 * Whether the Service already existed when the pod's containers started. The kubelet reads its Service cache
 * at container start; kubesim compares creation times, and within the same second the resourceVersions
 * (one counter for the whole cluster, so a later object has a higher one).
 */
export function existedAtStart(cluster: Cluster, svc: KubeObject, pod: KubeObject): boolean {
  const s = Date.parse(svc.metadata.creationTimestamp ?? '');
  const p = Date.parse(pod.metadata.creationTimestamp ?? '');
  if (Number.isFinite(s) && Number.isFinite(p) && s !== p) return s < p;
  // The Service's creation revision, not its current one: a later update (an LB address, a label) must not hide it.
  return cluster.creationRevision(svc) < Number(pod.metadata.resourceVersion ?? Infinity);
}

/** The Services whose variables the kubelet injects into this pod (getServiceEnvVarMap). */
export function servicesForPod(cluster: Cluster, pod: KubeObject): KubeObject[] {
  const ns = pod.metadata.namespace ?? 'default';
  const links = pod.spec?.enableServiceLinks !== false;
  const byName = new Map<string, KubeObject>();
  // The master Service `kubernetes` (default namespace) always; the pod's namespace's Services with links on.
  const master = cluster.get('services', 'default', 'kubernetes');
  if (master && hasClusterIP(master) && existedAtStart(cluster, master, pod)) byName.set('kubernetes', master);
  if (links) {
    // The namespace's Services by key prefix (`ns/`): the other namespaces' Services are not decoded.
    for (const svc of cluster.listByKeyPrefix('services', ns + '/')) {
      if (!hasClusterIP(svc) || !existedAtStart(cluster, svc, pod)) continue;
      byName.set(svc.metadata.name!, svc);
    }
  }
  return [...byName.keys()].sort().map((k) => byName.get(k)!);
}

export function serviceEnvForPod(cluster: Cluster, pod: KubeObject): EnvVar[] {
  return fromServices(servicesForPod(cluster, pod));
}

function resolveEnvValue(cluster: Cluster, pod: KubeObject, e: any): string | undefined {
  if (e.value !== undefined) return String(e.value);
  const from = e.valueFrom;
  if (!from) return '';
  if (from.fieldRef) {
    const path: string = from.fieldRef.fieldPath;
    const table: Record<string, unknown> = {
      'metadata.name': pod.metadata.name,
      'metadata.namespace': pod.metadata.namespace,
      'metadata.uid': pod.metadata.uid,
      'spec.nodeName': pod.spec?.nodeName,
      'spec.serviceAccountName': pod.spec?.serviceAccountName ?? 'default',
      'status.hostIP': pod.status?.hostIP,
      'status.podIP': pod.status?.podIP,
    };
    const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
    if (m) return (pod.metadata[m[1]] as Record<string, string> | undefined)?.[m[2]] ?? '';
    return String(table[path] ?? '');
  }
  const ref = from.configMapKeyRef ?? from.secretKeyRef;
  if (ref) {
    const obj = cluster.get(from.configMapKeyRef ? 'configmaps' : 'secrets', pod.metadata.namespace, ref.name);
    const data = obj?.data?.[ref.key];
    if (data === undefined) return undefined;
    return from.secretKeyRef ? Buffer.from(String(data), 'base64').toString('utf8') : String(data);
  }
  return '';
}

/** Expand `$(VAR)` references as the kubelet does (`$$` escapes; unknown references stay as written). */
function expand(value: string, vars: Map<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (m, name) => (m === '$$' ? '$' : vars.has(name) ? vars.get(name)! : m));
}

/** Everything `env` prints inside the container. */
export function containerEnv(cluster: Cluster, pod: KubeObject, container: any, hostname: string): EnvVar[] {
  const service = serviceEnvForPod(cluster, pod);
  const serviceMap = new Map(service.map((e) => [e.name, e.value]));
  const own: EnvVar[] = [];
  const ownMap = new Map<string, string>();
  const set = (name: string, value: string) => {
    const i = own.findIndex((e) => e.name === name);
    if (i >= 0) own[i] = { name, value };
    else own.push({ name, value });
    ownMap.set(name, value);
  };
  for (const src of container?.envFrom ?? []) {
    const ref = src.configMapRef ?? src.secretRef;
    const obj = ref ? cluster.get(src.configMapRef ? 'configmaps' : 'secrets', pod.metadata.namespace, ref.name) : undefined;
    for (const [k, v] of Object.entries<string>(obj?.data ?? {})) set((src.prefix ?? '') + k, src.secretRef ? Buffer.from(v, 'base64').toString('utf8') : v);
  }
  for (const e of container?.env ?? []) {
    const raw = resolveEnvValue(cluster, pod, e);
    if (raw === undefined) continue;
    // References see the variables declared before and the Service variables.
    const scope = new Map([...serviceMap, ...ownMap]);
    set(e.name, e.value !== undefined ? expand(raw, scope) : raw);
  }
  const result: EnvVar[] = [];
  const taken = new Set<string>();
  const push = (e: EnvVar) => {
    if (taken.has(e.name)) return;
    taken.add(e.name);
    result.push(e);
  };
  push({ name: 'PATH', value: ownMap.get('PATH') ?? DEFAULT_PATH });
  push({ name: 'HOSTNAME', value: ownMap.get('HOSTNAME') ?? hostname });
  for (const e of own) push(e);
  // The container's own variables win over Service variables of the same name.
  for (const e of service) push(e);
  push({ name: 'HOME', value: ownMap.get('HOME') ?? '/root' });
  return result;
}
