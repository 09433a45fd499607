// In-process fixtures for the data plane's unit tests: the default cluster plus hand-made Services, slices, pods.
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';

export const NOW = new Date('2026-11-21T10:00:00Z');

export function emptyCluster(): Cluster {
  return new Cluster(createClusterState({}, NOW), NOW);
}

export interface EpSpec {
  ip: string;
  node?: string;
  ready?: boolean;
  pod?: string;
}

export function addService(c: Cluster, ns: string, name: string, spec: any, status: any = { loadBalancer: {} }) {
  c.create({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { type: 'ClusterIP', sessionAffinity: 'None', ...spec }, status });
}

export function addSlice(c: Cluster, ns: string, svc: string, ports: Array<{ name?: string; port: number; protocol?: string }>, eps: EpSpec[]) {
  c.create({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${svc}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: eps.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true, serving: e.ready ?? true, terminating: false },
      ...(e.node ? { nodeName: e.node } : {}),
      ...(e.pod ? { targetRef: { kind: 'Pod', name: e.pod, namespace: ns } } : {}),
    })),
    ports: ports.map((p) => ({ ...(p.name !== undefined ? { name: p.name } : {}), port: p.port, protocol: p.protocol ?? 'TCP' })),
  });
}

export function addPod(c: Cluster, ns: string, name: string, ip: string, node: string, labels: Record<string, string>, ports?: number[]) {
  c.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels },
    spec: { nodeName: node, containers: [{ name: 'app', image: 'traefik/whoami', ...(ports ? { ports: ports.map((p) => ({ containerPort: p, protocol: 'TCP' })) } : {}) }] },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], conditions: [{ type: 'Ready', status: 'True' }] },
  });
}
