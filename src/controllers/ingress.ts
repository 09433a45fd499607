// Ingress status, as a running ingress controller writes it. An IngressClass names a controller (spec.controller,
// e.g. k8s.io/ingress-nginx); the controller is "installed" when ready pods run it (their args carry
// --controller-class=<that name>, or ingress-nginx's image with its default class). Its Ingresses get
// status.loadBalancer.ingress = the address of the Service it publishes: --publish-service=NS/NAME, else the
// LoadBalancer Service selecting its pods (as the official manifests set --publish-service to); with no such
// Service, the InternalIPs of the nodes running it (ingress-nginx without --publish-service). Ingresses of a class
// no controller serves, or without a class, keep an empty status (ADDRESS blank): without an Ingress controller
// nothing happens. An Ingress created without a class while a default IngressClass existed gets that class, as
// the DefaultIngressClass admission plugin would have set it.
import type { KubeObject } from '../api/types.js';
import type { Change, Cluster } from '../store/cluster.js';
import { matchesMap } from '../api/labels.js';
import { isPodReady, objects } from './endpoint-util.js';
import { sortByStoreOrder, type Work } from './work.js';
import { cloneJSON } from '../store/clone.js';

const DEFAULT_CLASS = 'ingressclass.kubernetes.io/is-default-class';
const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

function argValue(args: string[], flag: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith(`${flag}=`)) return args[i].slice(flag.length + 1);
    if (args[i] === flag) return args[i + 1];
  }
  return undefined;
}

interface ControllerPod {
  pod: KubeObject;
  args: string[];
}

/** The ingress controllers a pod's containers run (whether or not it is ready). */
function controllersIn(pod: KubeObject): ControllerPod[] {
  const out: ControllerPod[] = [];
  for (const c of pod.spec?.containers ?? []) {
    const args: string[] = [...(c.command ?? []), ...(c.args ?? [])].map(String);
    let name = argValue(args, '--controller-class');
    if (!name && (String(c.image ?? '').includes('ingress-nginx/controller') || args.some((a) => a.endsWith('/nginx-ingress-controller')))) name = NGINX_CONTROLLER;
    if (name) out.push({ pod, args: [name, ...args] });
  }
  return out;
}

/** Pods whose containers run an ingress controller (by key): a view, so a pass does not scan every pod. */
function controllerPods(cluster: Cluster): Map<string, KubeObject> {
  return cluster.view<Map<string, KubeObject>>('pods/ingress-controllers', 'pods', () => new Map(), (m, old, obj, key) => {
    if (obj && controllersIn(obj).length) m.set(key, obj);
    else if (old) m.delete(key);
  });
}

/** Ready pods running an ingress controller, by controller name (pods in store order, as a scan finds them). */
function controllers(cluster: Cluster): Map<string, ControllerPod[]> {
  const m = new Map<string, ControllerPod[]>();
  const pods = controllerPods(cluster);
  const ordered = pods.size > 1 ? sortByStoreOrder(cluster, 'pods', [...pods.values()]) : [...pods.values()];
  for (const pod of ordered) {
    if (pod.metadata.deletionTimestamp || !isPodReady(pod)) continue;
    for (const { args } of controllersIn(pod)) {
      const [name, ...rest] = args;
      let list = m.get(name);
      if (!list) m.set(name, (list = []));
      list.push({ pod, args: rest });
    }
  }
  return m;
}

/** What an Ingress's status depends on: Ingresses, classes, Services (published addresses), nodes, controller pods. */
function relevant(c: Change): boolean {
  if (c.plural === 'ingresses' || c.plural === 'ingressclasses' || c.plural === 'services' || c.plural === 'nodes') return true;
  return c.plural === 'pods' && [c.old, c.obj].some((p) => p && controllersIn(p).length > 0);
}

/** A Service's LB ingress as an Ingress status entry (IngressLoadBalancerIngress has no ipMode). */
function asIngressStatus(svc: KubeObject): any[] {
  return (svc.status?.loadBalancer?.ingress ?? []).map((i: any) => (i.ip ? { ip: i.ip } : { hostname: i.hostname }));
}

/** The addresses a controller publishes. */
function published(cluster: Cluster, pods: ControllerPod[]): any[] {
  const publish = pods.map((p) => argValue(p.args, '--publish-service')).find(Boolean);
  let svc: KubeObject | undefined;
  if (publish) {
    const [ns, name] = publish.includes('/') ? publish.split('/') : [pods[0].pod.metadata.namespace, publish];
    svc = cluster.get('services', ns, name);
    return svc ? asIngressStatus(svc) : [];
  }
  const ns = pods[0].pod.metadata.namespace;
  svc = cluster
    .list('services', ns)
    .find((s) => s.spec?.type === 'LoadBalancer' && pods.some((p) => matchesMap(p.pod.metadata.labels, s.spec?.selector)));
  if (svc) return asIngressStatus(svc);
  const ips = new Set<string>();
  for (const p of pods) {
    const node = p.pod.spec?.nodeName ? cluster.get('nodes', undefined, p.pod.spec.nodeName) : undefined;
    const ip = node?.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address;
    if (ip) ips.add(ip);
  }
  return [...ips].sort().map((ip) => ({ ip }));
}

export function run(cluster: Cluster, work?: Work): void {
  const ingresses = objects(cluster, 'ingresses');
  if (!ingresses.length) return;
  // Ingresses are few: any relevant change is a pass over all of them.
  if (work && !work.changes.some(relevant)) return;
  const classes = objects(cluster, 'ingressclasses');
  const defaultClass = classes
    .filter((c) => c.metadata.annotations?.[DEFAULT_CLASS] === 'true')
    .sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp)))[0];
  const running = controllers(cluster);
  const addresses = new Map<string, any[]>();
  for (const ing of ingresses.sort((a, b) => (`${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1))) {
    let current = ing;
    if (!ing.spec?.ingressClassName && !ing.metadata.annotations?.['kubernetes.io/ingress.class'] && defaultClass && String(ing.metadata.creationTimestamp) >= String(defaultClass.metadata.creationTimestamp)) {
      const copy = cloneJSON(ing);
      copy.spec = { ...copy.spec, ingressClassName: defaultClass.metadata.name };
      cluster.update(copy);
      current = cluster.get('ingresses', ing.metadata.namespace, ing.metadata.name!)!;
    }
    const className = current.spec?.ingressClassName ?? current.metadata.annotations?.['kubernetes.io/ingress.class'];
    const cls = className ? classes.find((c) => c.metadata.name === className) : undefined;
    const controller: string | undefined = cls?.spec?.controller;
    const pods = controller ? running.get(controller) : undefined;
    let ingress: any[] = [];
    if (controller && pods?.length) {
      if (!addresses.has(controller)) addresses.set(controller, published(cluster, pods));
      ingress = addresses.get(controller)!;
    }
    const lb = ingress.length ? { ingress } : {};
    if (JSON.stringify(current.status?.loadBalancer ?? {}) === JSON.stringify(lb)) continue;
    const copy = cloneJSON(current);
    copy.status = { ...(copy.status ?? {}), loadBalancer: lb };
    cluster.update(copy);
  }
}
