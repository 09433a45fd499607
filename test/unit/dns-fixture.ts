// A hand-built cluster for the DNS tests: Services, EndpointSlices and Pods written directly, so the tests don't
// depend on the workload or endpoint controllers.
import type { KubeObject } from '../../src/api/types.js';
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';

export const NOW = new Date('2026-11-21T10:00:00Z');

export function svc(ns: string, name: string, spec: Record<string, any>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { type: 'ClusterIP', ...spec } };
}

export function pod(ns: string, name: string, ip: string, extra: { labels?: Record<string, string>; spec?: Record<string, any>; ready?: boolean } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels: extra.labels ?? {} },
    spec: { nodeName: 'kubesim-worker', containers: [{ name: 'app', image: 'nginx' }], dnsPolicy: 'ClusterFirst', enableServiceLinks: true, ...extra.spec },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }], hostIP: '172.18.0.3', conditions: [{ type: 'Ready', status: extra.ready === false ? 'False' : 'True' }] },
  };
}

export function slice(ns: string, service: string, endpoints: Array<{ ip: string; pod?: string; hostname?: string; ready?: boolean }>, ports: Array<{ name?: string; port: number; protocol?: string }>): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${service}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready !== false },
      ...(e.hostname ? { hostname: e.hostname } : {}),
      ...(e.pod ? { targetRef: { kind: 'Pod', name: e.pod, namespace: ns } } : {}),
    })),
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
  };
}

function ns(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

/**
 * default: currency-exchange (ClusterIP 10.96.12.34, http 8080→8000, 2 ready pods), nginx (headless, 3 ready +
 * 1 not ready), web (StatefulSet-style headless, web-0/web-1), empty-headless (no ready endpoints),
 * my-xn-service (ExternalName example.com), multi (ports http 80 and metrics 9090/UDP unnamed? no: named).
 * prod: data (ClusterIP 10.96.200.1, port 5432 named postgres). test: namespace with no Services.
 */
export function fixtureCluster(): Cluster {
  const c = new Cluster(createClusterState({}, NOW), NOW);
  c.create(ns('prod'));
  c.create(ns('test'));
  c.create(svc('default', 'currency-exchange', { clusterIP: '10.96.12.34', clusterIPs: ['10.96.12.34'], ports: [{ name: 'http', port: 8080, protocol: 'TCP', targetPort: 8000 }], selector: { app: 'currency-exchange' } }));
  c.create(pod('default', 'currency-exchange-7d4b9c-abcde', '10.244.1.10', { labels: { app: 'currency-exchange' } }));
  c.create(pod('default', 'currency-exchange-7d4b9c-fghij', '10.244.2.11', { labels: { app: 'currency-exchange' } }));
  c.create(slice('default', 'currency-exchange', [{ ip: '10.244.1.10', pod: 'currency-exchange-7d4b9c-abcde' }, { ip: '10.244.2.11', pod: 'currency-exchange-7d4b9c-fghij' }], [{ name: 'http', port: 8000 }]));

  c.create(svc('default', 'nginx', { clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80 }], selector: { app: 'nginx' } }));
  c.create(slice('default', 'nginx', [{ ip: '10.244.1.20' }, { ip: '10.244.2.21' }, { ip: '10.244.1.22' }, { ip: '10.244.2.23', ready: false }], [{ name: 'http', port: 80 }]));

  c.create(svc('default', 'web', { clusterIP: 'None', clusterIPs: ['None'], ports: [{ name: 'web', port: 80, protocol: 'TCP', targetPort: 8080 }], selector: { app: 'web' } }));
  c.create(pod('default', 'web-0', '10.244.1.30', { labels: { app: 'web' }, spec: { hostname: 'web-0', subdomain: 'web' } }));
  c.create(pod('default', 'web-1', '10.244.2.31', { labels: { app: 'web' }, spec: { hostname: 'web-1', subdomain: 'web' } }));
  c.create(slice('default', 'web', [{ ip: '10.244.1.30', pod: 'web-0', hostname: 'web-0' }, { ip: '10.244.2.31', pod: 'web-1', hostname: 'web-1' }], [{ name: 'web', port: 8080 }]));

  c.create(svc('default', 'empty-headless', { clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80, protocol: 'TCP' }], selector: { app: 'none' } }));
  c.create(slice('default', 'empty-headless', [{ ip: '10.244.2.40', ready: false }], [{ port: 80 }]));

  c.create(svc('default', 'ready-anyway', { clusterIP: 'None', clusterIPs: ['None'], publishNotReadyAddresses: true, ports: [{ port: 80, protocol: 'TCP' }] }));
  c.create(slice('default', 'ready-anyway', [{ ip: '10.244.2.41', ready: false }], [{ port: 80 }]));

  c.create(svc('default', 'my-xn-service', { type: 'ExternalName', externalName: 'example.com' }));
  c.create(svc('default', 'multi', { clusterIP: '10.96.50.5', clusterIPs: ['10.96.50.5'], ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'dns-udp', port: 53, protocol: 'UDP' }] }));

  c.create(svc('prod', 'data', { clusterIP: '10.96.200.1', clusterIPs: ['10.96.200.1'], ports: [{ name: 'postgres', port: 5432, protocol: 'TCP' }] }));
  c.create(pod('test', 'client', '10.244.1.50'));
  c.create(pod('default', 'client', '10.244.1.51'));
  return c;
}
