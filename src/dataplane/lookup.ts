// What one request touches, found by key instead of by listing whole resources: the state file is decoded per
// object on demand, so `dig`/`curl` on a 2,000-Service cluster read a handful of objects, not every pod.
//
// - A Service's EndpointSlices: those labelled kubernetes.io/service-name=NAME in its namespace, found by the
//   store's text search for NAME (Cluster.mentioning); where it cannot search, by their names: the EndpointSlice
//   and mirroring controllers name them `NAME-xxxxx` (generateName `NAME-`, cut to 58 characters, plus 5 random
//   characters), so the slices whose names start with that prefix are decoded and their label checked (a prefix
//   also matches other Services' slices: `web-` finds `web-x-abcde`). Slices whose names do not have that
//   generated shape for any existing Service of the namespace (user-made ones, `kubernetes`, a deleted Service's
//   leftovers) are decoded too, for every Service of the namespace. Not found: a slice named like another existing
//   Service's generated slice (`backend-k2x9z`) but labelled for this one; nothing in kubesim writes one.
// - A pod by IP: the endpoint that led there names it (targetRef), checked against the pod (same IP, not
//   hostNetwork, not finished, not terminating: the kubelet never gives an active pod's address to another pod).
//   Without such a name (a request to a bare pod IP), the store's text search, else every pod.
// - The Services that claim an address (ClusterIP, externalIP, load balancer IP): the store's text search for the
//   address (Cluster.mentioning: only the Services whose text mentions it are decoded), else (a state not read
//   lazily, or the search budget spent) every Service. An externalIP may be any address, so even a Service found
//   by its DNS name does not rule the others out.
// - A node port or health check port: every Service (a request to a node's address).
//
// Everything is cached per cluster until the cluster changes (resourceVersion, change count).
import type { KubeObject } from '../api/types.js';
import { SERVICE_NAME_LABEL } from '../api/labels.js';
import { compareObjects, type Cluster } from '../store/cluster.js';
import { K8S_NAME_ALPHABET } from '../sim/random.js';

interface NamespaceSlices {
  /** Slice names, sorted (binary search by prefix). */
  names: string[];
  /** Names without the generated shape `<existing Service>-<5 characters>`: checked for every Service. */
  irregular: string[];
}

interface Lookups {
  stamp: string;
  sliceNames?: Map<string, NamespaceSlices>;
  slices: Map<string, KubeObject[]>;
  servicesAt: Map<string, KubeObject[]>;
  podHints: Map<string, { namespace: string; name: string } | null>;
  podsByIP?: Map<string, KubeObject>;
  memo: Map<string, unknown>;
}

const caches = new WeakMap<Cluster, Lookups>();

function lookups(cluster: Cluster): Lookups {
  const stamp = `${cluster.state.resourceVersion}/${cluster.changes}`;
  let l = caches.get(cluster);
  if (!l || l.stamp !== stamp) {
    l = { stamp, slices: new Map(), servicesAt: new Map(), podHints: new Map(), memo: new Map() };
    caches.set(cluster, l);
  }
  return l;
}

/** A value derived from the cluster, computed once until the cluster changes (e.g. a node's lazily built rules). */
export function memo<T>(cluster: Cluster, key: string, make: () => T): T {
  const m = lookups(cluster).memo;
  if (m.has(key)) return m.get(key) as T;
  const v = make();
  m.set(key, v);
  return v;
}

const SUFFIX_CHARS = new Set(K8S_NAME_ALPHABET);

/** `names.SimpleNameGenerator`'s base for a Service's slices: `NAME-`, cut to 58 characters. */
export function sliceNamePrefix(service: string): string {
  const base = service + '-';
  return base.length > 58 ? base.slice(0, 58) : base;
}

/**
 * Does `name` look generated for an existing Service of the namespace: `<service>-<5 suffix characters>`, or a
 * 58-character cut of `<service>-` (a Service name of 58 characters or more) and the 5 characters?
 */
function generatedForService(name: string, services: Set<string>, sortedServices: string[]): boolean {
  const n = name.length;
  if (n < 7) return false;
  for (let i = n - 5; i < n; i++) if (!SUFFIX_CHARS.has(name[i])) return false;
  const base = name.slice(0, n - 5);
  if (base.length === 58) {
    for (let i = lowerBound(sortedServices, base); i < sortedServices.length && sortedServices[i].startsWith(base); i++) if (sortedServices[i].length >= 58) return true;
  }
  return base.charCodeAt(base.length - 1) === 45 /* - */ && services.has(base.slice(0, -1));
}

function sliceNames(cluster: Cluster, l: Lookups): Map<string, NamespaceSlices> {
  if (l.sliceNames) return l.sliceNames;
  // Service names by namespace, as a set and sorted (for names cut at 58 characters).
  const services = new Map<string, { set: Set<string>; sorted: string[] }>();
  for (const key of cluster.keys('services')) {
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    let e = services.get(ns);
    if (!e) services.set(ns, (e = { set: new Set(), sorted: [] }));
    e.set.add(key.slice(slash + 1));
    e.sorted.push(key.slice(slash + 1));
  }
  for (const e of services.values()) e.sorted.sort();
  const none = { set: new Set<string>(), sorted: [] as string[] };
  const byNs = new Map<string, NamespaceSlices>();
  for (const key of cluster.keys('endpointslices')) {
    const slash = key.indexOf('/');
    const ns = key.slice(0, slash);
    const name = key.slice(slash + 1);
    let e = byNs.get(ns);
    if (!e) byNs.set(ns, (e = { names: [], irregular: [] }));
    e.names.push(name);
    const svcs = services.get(ns) ?? none;
    if (!generatedForService(name, svcs.set, svcs.sorted)) e.irregular.push(name);
  }
  for (const e of byNs.values()) e.names.sort();
  return (l.sliceNames = byNs);
}

/** First index in sorted `names` whose name is >= prefix. */
function lowerBound(names: string[], prefix: string): number {
  let lo = 0;
  let hi = names.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (names[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The EndpointSlices labelled for Service ns/name (any address type), sorted by name, as a full listing gives them. */
export function serviceSlices(cluster: Cluster, ns: string, name: string): KubeObject[] {
  const l = lookups(cluster);
  const key = `${ns}/${name}`;
  let out = l.slices.get(key);
  if (out) return out;
  // The slices whose text mentions the name (their label holds it), found by searching the state file's text:
  // no listing of every slice's name. Else (a state not read lazily, the search budget spent) by their names.
  const found = cluster.mentioning('endpointslices', name);
  out = (found ? found.filter((s) => s.metadata.namespace === ns && s.metadata.labels?.[SERVICE_NAME_LABEL] === name) : slicesLabelledFor(cluster, ns, name, (slice) => cluster.get('endpointslices', ns, slice))).sort(compareObjects);
  l.slices.set(key, out);
  return out;
}

/**
 * The EndpointSlices of namespace ns labelled for Service `name`, each as `get` gives it (the object, or a view of
 * it), unsorted. Only the slices that may be labelled so are looked at: those named as generated for the Service,
 * and those whose names no Service's would be generated as.
 */
export function slicesLabelledFor(cluster: Cluster, ns: string, name: string, get: (slice: string) => KubeObject | undefined): KubeObject[] {
  const dir = sliceNames(cluster, lookups(cluster)).get(ns);
  if (!dir) return [];
  const candidates = new Set<string>(dir.irregular);
  const prefix = sliceNamePrefix(name);
  for (let i = lowerBound(dir.names, prefix); i < dir.names.length && dir.names[i].startsWith(prefix); i++) candidates.add(dir.names[i]);
  const out: KubeObject[] = [];
  for (const n of candidates) {
    const s = get(n);
    if (s && s.metadata.labels?.[SERVICE_NAME_LABEL] === name) out.push(s);
  }
  return out;
}

/** Whether a Service claims the address: its ClusterIP(s), an externalIP or a load balancer ingress IP. */
function claims(svc: KubeObject, ip: string): boolean {
  const spec = svc.spec ?? {};
  if (spec.clusterIP === ip) return true;
  if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.includes(ip)) return true;
  if (Array.isArray(spec.externalIPs) && spec.externalIPs.includes(ip)) return true;
  const ingress = svc.status?.loadBalancer?.ingress;
  return Array.isArray(ingress) && ingress.some((i: any) => i?.ip === ip);
}

/** Every Service, sorted by namespace and name (decodes them all: for node ports, reverse DNS, iptables-save). */
export function allServices(cluster: Cluster): KubeObject[] {
  return cluster.list('services');
}

/** The Services that claim `ip` (ClusterIP, externalIP, load balancer IP), sorted by namespace and name. */
export function servicesAt(cluster: Cluster, ip: string): KubeObject[] {
  const l = lookups(cluster);
  let out = l.servicesAt.get(ip);
  if (out) return out;
  const found = cluster.mentioning('services', ip);
  out = (found ?? allServices(cluster)).filter((s) => claims(s, ip));
  if (found) out.sort(compareObjects);
  l.servicesAt.set(ip, out);
  return out;
}

/** Remember which pod an endpoint address names (from an EndpointSlice's targetRef), for podAt. */
export function notePodRef(cluster: Cluster, ip: string, ref: { kind?: string; name?: string; namespace?: string } | undefined, sliceNamespace: string): void {
  if (!ref?.name || (ref.kind !== undefined && ref.kind !== 'Pod')) return;
  const hints = lookups(cluster).podHints;
  const namespace = ref.namespace ?? sliceNamespace;
  const had = hints.get(ip);
  if (had === undefined) hints.set(ip, { namespace, name: ref.name });
  else if (had && (had.namespace !== namespace || had.name !== ref.name)) hints.set(ip, null); // two names: ask the pods
}

/** A pod that answers on its IP: not on the host network, not finished. */
function podServes(p: KubeObject, ip: string): boolean {
  if (p.status?.podIP !== ip || p.spec?.hostNetwork) return false;
  const phase = p.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** The pod that has `ip` (the last by namespace and name if several claim it, as a listing of every pod gives). */
export function podAt(cluster: Cluster, ip: string): KubeObject | undefined {
  const l = lookups(cluster);
  const hint = l.podHints.get(ip);
  if (hint) {
    const p = cluster.get('pods', hint.namespace, hint.name);
    if (p && podServes(p, ip) && !p.metadata.deletionTimestamp) return p;
  }
  if (l.podsByIP) return l.podsByIP.get(ip);
  const found = cluster.mentioning('pods', ip);
  if (found) {
    let best: KubeObject | undefined;
    for (const p of found) if (podServes(p, ip) && (!best || compareObjects(best, p) < 0)) best = p;
    return best;
  }
  const byIP = new Map<string, KubeObject>();
  for (const p of cluster.list('pods')) {
    const pip = p.status?.podIP;
    if (pip && podServes(p, pip)) byIP.set(pip, p);
  }
  l.podsByIP = byIP;
  return byIP.get(ip);
}

/** Services with a node port or health check node port `port`: every Service is read (a request to a node). */
export function servicesOnNodePort(cluster: Cluster, port: number): KubeObject[] {
  return memo(cluster, `nodePort ${port}`, () =>
    allServices(cluster).filter((s) => s.spec?.healthCheckNodePort === port || (Array.isArray(s.spec?.ports) && s.spec.ports.some((p: any) => p?.nodePort === port))),
  );
}
