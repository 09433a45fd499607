// Who sends a request or a DNS query. A pod (`--from POD`), a node (`--from node/NAME`), a machine outside the
// cluster (`--from outside`), or by default a throwaway pod in the namespace, like `kubectl run --rm -it`.
// The throwaway pod is never stored: it lives on the first worker node with that node's last pod address,
// which the kubelet never hands out (it allocates .2–.253).
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { ApiError, ClientError } from '../api/errors.js';

export type Client =
  | { kind: 'pod'; pod: KubeObject; namespace: string; ip: string; node: string; throwaway: boolean }
  | { kind: 'node'; node: KubeObject; ip: string; name: string }
  | { kind: 'outside'; ip: string };

export const THROWAWAY_POD_NAME = 'kubesim-client';
/** A documentation address (RFC 5737 TEST-NET-2) for "a laptop outside the cluster". */
export const OUTSIDE_CLIENT_IP = '198.51.100.7';

export function nodeInternalIP(node: KubeObject): string {
  return node.status?.addresses?.find((a: any) => a.type === 'InternalIP')?.address ?? '';
}

/**
 * The first node by name that is not a control-plane node (else the first node): where the throwaway client pod
 * runs and `iptables-save` looks by default. Nodes are read in name order until one is found (usually two).
 */
export function firstWorker(cluster: Cluster): KubeObject {
  const names = cluster.keys('nodes').sort();
  for (const name of names) {
    const node = cluster.get('nodes', undefined, name);
    if (node && !('node-role.kubernetes.io/control-plane' in (node.metadata.labels ?? {}))) return node;
  }
  const first = names.length ? cluster.get('nodes', undefined, names[0]) : undefined;
  if (!first) throw new ClientError('the cluster has no nodes');
  return first;
}

export function throwawayPod(cluster: Cluster, namespace: string): KubeObject {
  const node = firstWorker(cluster);
  const cidr: string = node.spec?.podCIDR ?? '10.244.1.0/24';
  const ip = cidr.replace(/\.0\/24$/, '.254');
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: THROWAWAY_POD_NAME, namespace, labels: { run: THROWAWAY_POD_NAME } },
    spec: { nodeName: node.metadata.name, containers: [{ name: THROWAWAY_POD_NAME, image: 'nicolaka/netshoot' }], dnsPolicy: 'ClusterFirst', enableServiceLinks: true },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: nodeInternalIP(node) },
  };
}

/** Resolve `--from`: POD (in the namespace), node/NAME, outside, or (undefined) the throwaway pod. */
export function resolveClient(cluster: Cluster, from: string | undefined, namespace: string): Client {
  if (from === 'outside') return { kind: 'outside', ip: OUTSIDE_CLIENT_IP };
  if (from && /^(node|nodes|no)\//.test(from)) {
    const name = from.slice(from.indexOf('/') + 1);
    const node = cluster.get('nodes', undefined, name);
    if (!node) throw ApiError.notFound('nodes', name);
    return { kind: 'node', node, ip: nodeInternalIP(node), name };
  }
  if (from) {
    const name = from.replace(/^(pod|pods|po)\//, '');
    const pod = cluster.get('pods', namespace, name);
    if (!pod) throw ApiError.notFound('pods', name);
    return { kind: 'pod', pod, namespace, ip: pod.status?.podIP ?? '', node: pod.spec?.nodeName ?? '', throwaway: false };
  }
  const pod = throwawayPod(cluster, namespace);
  return { kind: 'pod', pod, namespace, ip: pod.status.podIP, node: pod.spec.nodeName, throwaway: true };
}
