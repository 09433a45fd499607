// Where an address lives in the simulated network: a node, a pod (by its node's pod CIDR), a Service VIP, a
// load balancer, or the world outside. Built once per cluster read.
import type { KubeObject } from '../../api/types.js';
import type { Cluster } from '../../store/cluster.js';
import { nodeInternalIP } from '../client.js';
import { cidrContains, ipToInt, parseCidr, type Cidr } from '../kube-proxy/model.js';

export interface Network {
  nodes: KubeObject[];
  nodeByIP: Map<string, KubeObject>;
  podByIP: Map<string, KubeObject>;
  podCIDRs: Array<{ cidr: Cidr; node: string }>;
  /** LB VIP → the Service it fronts. */
  lbByIP: Map<string, KubeObject>;
  externalIPs: Map<string, KubeObject>;
  serviceCIDR: Cidr;
}

const cache = new WeakMap<Cluster, Network>();

export function network(cluster: Cluster): Network {
  let n = cache.get(cluster);
  if (n) return n;
  const nodes = cluster.list('nodes');
  const podByIP = new Map<string, KubeObject>();
  for (const p of cluster.list('pods')) {
    const ip = p.status?.podIP;
    if (!ip || p.spec?.hostNetwork) continue;
    if (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    podByIP.set(ip, p);
  }
  const lbByIP = new Map<string, KubeObject>();
  const externalIPs = new Map<string, KubeObject>();
  for (const s of cluster.list('services')) {
    if (s.spec?.type === 'LoadBalancer') for (const i of s.status?.loadBalancer?.ingress ?? []) if (i.ip) lbByIP.set(i.ip, s);
    for (const ip of s.spec?.externalIPs ?? []) externalIPs.set(ip, s);
  }
  n = {
    nodes,
    nodeByIP: new Map(nodes.map((x) => [nodeInternalIP(x), x])),
    podByIP,
    podCIDRs: nodes.filter((x) => x.spec?.podCIDR).map((x) => ({ cidr: parseCidr(x.spec.podCIDR), node: x.metadata.name! })),
    lbByIP,
    externalIPs,
    serviceCIDR: parseCidr(cluster.config.serviceCIDR),
  };
  cache.set(cluster, n);
  return n;
}

export function nodeForPodIP(net: Network, ip: string): string | undefined {
  const n = ipToInt(ip);
  return net.podCIDRs.find((c) => cidrContains(c.cidr, n))?.node;
}

export function nodeReady(node: KubeObject): boolean {
  return node.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Whether a pod's containers listen on port/protocol. A pod that declares no ports is assumed to listen on any. */
export function podListens(pod: KubeObject, port: number, protocol = 'TCP'): { listens: boolean; declared: string[] } {
  const declared: string[] = [];
  let any = false;
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      any = true;
      declared.push(`${p.containerPort}/${p.protocol ?? 'TCP'}`);
    }
  }
  if (!any) return { listens: true, declared };
  return { listens: declared.includes(`${port}/${protocol.toUpperCase()}`), declared };
}
