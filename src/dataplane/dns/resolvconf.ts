// The /etc/resolv.conf a client has: what the kubelet writes for a pod (pkg/kubelet/network/dns/dns.go,
// written out by containerd: search, nameserver, options), a node's own file, or a laptop's.
import type { KubeObject } from '../../api/types.js';
import type { Cluster } from '../../store/cluster.js';
import type { Client } from '../client.js';
import { NODE_RESOLVER, OUTSIDE_RESOLVER } from './upstream.js';

export interface ResolvConf {
  search: string[];
  nameservers: string[];
  /** `ndots:5`, `edns0`… in order. */
  options: string[];
  ndots: number;
}

const MAX_NAMESERVERS = 3;
const MAX_SEARCH = 32;

/** A kind node's file: Docker's embedded DNS, which kind points at the network gateway; Docker sets ndots:0. */
export function nodeResolvConf(): ResolvConf {
  return finish([], [NODE_RESOLVER], ['ndots:0']);
}

export function outsideResolvConf(): ResolvConf {
  return finish([], [OUTSIDE_RESOLVER], []);
}

function uniq(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** Merge options by name, later ones replacing earlier (the kubelet's mergeDNSOptions). */
function mergeOptions(base: string[], extra: Array<{ name: string; value?: string }>): string[] {
  const out = [...base];
  for (const o of extra) {
    const text = o.value !== undefined && o.value !== null && o.value !== '' ? `${o.name}:${o.value}` : o.name;
    const i = out.findIndex((x) => x.split(':')[0] === o.name);
    if (i >= 0) out[i] = text;
    else out.push(text);
  }
  return out;
}

function finish(search: string[], nameservers: string[], options: string[]): ResolvConf {
  const ndotsOpt = options.find((o) => o.startsWith('ndots:'));
  // Without an ndots option the resolver's default is 1.
  const ndots = ndotsOpt ? Math.min(15, Math.max(0, Number(ndotsOpt.slice(6)) || 0)) : 1;
  return { search: uniq(search).slice(0, MAX_SEARCH), nameservers: uniq(nameservers).slice(0, MAX_NAMESERVERS), options, ndots };
}

/** The pod's resolv.conf, by dnsPolicy (ClusterFirst, ClusterFirstWithHostNet, Default, None) and dnsConfig. */
export function podResolvConf(cluster: Cluster, pod: KubeObject): ResolvConf {
  const spec = pod.spec ?? {};
  const ns = pod.metadata.namespace ?? 'default';
  const domain = cluster.config.clusterDomain;
  const cfg = spec.dnsConfig ?? {};
  let policy: string = spec.dnsPolicy ?? 'ClusterFirst';
  // A hostNetwork pod with ClusterFirst falls back to the node's resolver (only ClusterFirstWithHostNet doesn't).
  if (policy === 'ClusterFirst' && spec.hostNetwork) policy = 'Default';
  let search: string[] = [];
  let servers: string[] = [];
  let options: string[] = [];
  if (policy === 'ClusterFirst' || policy === 'ClusterFirstWithHostNet') {
    const node = nodeResolvConf();
    search = [`${ns}.svc.${domain}`, `svc.${domain}`, domain, ...node.search];
    servers = [cluster.config.dnsIP];
    options = ['ndots:5'];
  } else if (policy === 'Default') {
    const node = nodeResolvConf();
    search = node.search;
    servers = node.nameservers;
    options = node.options;
  }
  servers = [...servers, ...(cfg.nameservers ?? [])];
  search = [...search, ...(cfg.searches ?? [])];
  options = mergeOptions(options, cfg.options ?? []);
  return finish(search, servers, options);
}

export function clientResolvConf(cluster: Cluster, client: Client): ResolvConf {
  if (client.kind === 'pod') return podResolvConf(cluster, client.pod);
  if (client.kind === 'node') return nodeResolvConf();
  return outsideResolvConf();
}

/** The file's text, as `cat /etc/resolv.conf` shows it. */
export function renderResolvConf(rc: ResolvConf): string {
  let s = '';
  if (rc.search.length) s += `search ${rc.search.join(' ')}\n`;
  for (const ns of rc.nameservers) s += `nameserver ${ns}\n`;
  if (rc.options.length) s += `options ${rc.options.join(' ')}\n`;
  return s;
}
