// Where an address lives in the simulated network: a node, a pod (by its node's pod CIDR), a Service VIP, a
// load balancer, or the world outside. The nodes are read once per cluster read; pods and Services are looked up
// by the address a packet goes to (lookup.ts), not listed.
import type { KubeObject } from '../../api/types.js';
import type { Cluster } from '../../store/cluster.js';
import { nodeInternalIP } from '../client.js';
import { cidrContains, ipToInt, parseCidr, type Cidr } from '../kube-proxy/model.js';
import { memo, podAt, servicesAt } from '../lookup.js';

export interface Network {
  nodes: KubeObject[];
  nodeByIP: Map<string, KubeObject>;
  podCIDRs: Array<{ cidr: Cidr; node: string }>;
  serviceCIDR: Cidr;
}

export function network(cluster: Cluster): Network {
  return memo(cluster, 'network', () => {
    const nodes = cluster.list('nodes');
    return {
      nodes,
      nodeByIP: new Map(nodes.map((x) => [nodeInternalIP(x), x])),
      podCIDRs: nodes.filter((x) => x.spec?.podCIDR).map((x) => ({ cidr: parseCidr(x.spec.podCIDR), node: x.metadata.name! })),
      serviceCIDR: parseCidr(cluster.config.serviceCIDR),
    };
  });
}

/** The pod that answers on ip (not on the host network, not finished). */
export function podByIP(cluster: Cluster, ip: string): KubeObject | undefined {
  return podAt(cluster, ip);
}

/** The LoadBalancer Service whose load balancer has address ip (the last by namespace and name if several). */
export function lbServiceAt(cluster: Cluster, ip: string): KubeObject | undefined {
  let found: KubeObject | undefined;
  for (const s of servicesAt(cluster, ip)) {
    if (s.spec?.type === 'LoadBalancer' && (s.status?.loadBalancer?.ingress ?? []).some((i: any) => i.ip === ip)) found = s;
  }
  return found;
}

/** Whether some Service lists ip among its externalIPs. */
export function isExternalIP(cluster: Cluster, ip: string): boolean {
  return servicesAt(cluster, ip).some((s) => (s.spec?.externalIPs ?? []).includes(ip));
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
