import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { run as ingressStatus } from '../../src/controllers/ingress.js';
import type { KubeObject } from '../../src/api/types.js';

const NOW = new Date('2026-11-21T10:00:00Z');

function setup(opts: { controller?: boolean; ready?: boolean; lbIP?: string } = {}): Cluster {
  const c = new Cluster(createClusterState({}, NOW), NOW);
  c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ingress-nginx' } });
  c.create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } });
  c.create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'traefik' }, spec: { controller: 'traefik.io/ingress-controller' } });
  const labels = { 'app.kubernetes.io/name': 'ingress-nginx' };
  c.create({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'ingress-nginx-controller', namespace: 'ingress-nginx' },
    spec: { type: 'LoadBalancer', selector: labels, clusterIP: '10.96.3.3', ports: [{ port: 80 }] },
    status: { loadBalancer: opts.lbIP ? { ingress: [{ ip: opts.lbIP, ipMode: 'VIP' }] } : {} },
  });
  if (opts.controller !== false) {
    c.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ingress-nginx-controller-abc', namespace: 'ingress-nginx', labels },
      spec: { nodeName: 'kubesim-worker', containers: [{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1', args: ['/nginx-ingress-controller', '--controller-class=k8s.io/ingress-nginx'] }] },
      status: { phase: 'Running', podIP: '10.244.1.7', conditions: [{ type: 'Ready', status: opts.ready === false ? 'False' : 'True' }] },
    });
  }
  return c;
}

function ing(c: Cluster, name: string, cls?: string): KubeObject {
  return c.create({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'default' }, spec: { ...(cls ? { ingressClassName: cls } : {}), defaultBackend: { service: { name: 'web', port: { number: 80 } } } }, status: { loadBalancer: {} } });
}
const status = (c: Cluster, name: string) => c.get('ingresses', 'default', name)!.status.loadBalancer;

describe('ingress status', () => {
  it("publishes the controller Service's LB address on its class's Ingresses (and the default class's)", () => {
    const c = setup({ lbIP: '203.0.113.5' });
    ing(c, 'a', 'nginx');
    ing(c, 'b');
    ing(c, 'other', 'traefik');
    ingressStatus(c);
    expect(status(c, 'a')).toEqual({ ingress: [{ ip: '203.0.113.5' }] });
    expect(c.get('ingresses', 'default', 'b')!.spec.ingressClassName).toBe('nginx');
    expect(status(c, 'b')).toEqual({ ingress: [{ ip: '203.0.113.5' }] });
    expect(status(c, 'other')).toEqual({});
    const before = c.changes;
    ingressStatus(c);
    expect(c.changes).toBe(before);
  });

  it('leaves the address empty without a running controller, or while its Service is pending', () => {
    const none = setup({ controller: false, lbIP: '203.0.113.5' });
    ing(none, 'a', 'nginx');
    ingressStatus(none);
    expect(status(none, 'a')).toEqual({});
    const notReady = setup({ ready: false, lbIP: '203.0.113.5' });
    ing(notReady, 'a', 'nginx');
    ingressStatus(notReady);
    expect(status(notReady, 'a')).toEqual({});
    const pending = setup();
    ing(pending, 'a', 'nginx');
    ingressStatus(pending);
    expect(status(pending, 'a')).toEqual({});
  });
});
