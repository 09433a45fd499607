// Defaulting as the API server does it, per kind (pure: applyDefaults on plain objects).
import { describe, expect, it } from 'vitest';
import { applyDefaults, defaultPullPolicy } from '../../src/api/defaulting.js';
import type { KubeObject } from '../../src/api/types.js';

const d = (obj: any, old?: any): KubeObject => {
  const o = structuredClone(obj);
  applyDefaults(o, old);
  return o;
};

describe('Service', () => {
  it('ClusterIP: type, affinity, protocol, targetPort, traffic and family policies, status', () => {
    expect(d({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'w' }, spec: { clusterIP: '10.96.0.9', ports: [{ port: 80 }], status: 1 } })).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'w' },
      spec: {
        type: 'ClusterIP',
        sessionAffinity: 'None',
        clusterIP: '10.96.0.9',
        clusterIPs: ['10.96.0.9'],
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        internalTrafficPolicy: 'Cluster',
        ipFamilyPolicy: 'SingleStack',
        ipFamilies: ['IPv4'],
        status: 1,
      },
      status: { loadBalancer: {} },
    });
  });
  it('LoadBalancer gets externalTrafficPolicy and allocateLoadBalancerNodePorts; ClientIP gets a timeout', () => {
    const s = d({ kind: 'Service', metadata: {}, spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 80, targetPort: 'http' }] } }).spec;
    expect([s.externalTrafficPolicy, s.allocateLoadBalancerNodePorts, s.sessionAffinityConfig, s.ports[0].targetPort]).toEqual(['Cluster', true, { clientIP: { timeoutSeconds: 10800 } }, 'http']);
  });
  it('headless and selector-less asks for both families; ExternalName gets no IP fields', () => {
    const h = d({ kind: 'Service', metadata: {}, spec: { clusterIP: 'None' } }).spec;
    expect([h.clusterIPs, h.ipFamilyPolicy, h.ipFamilies]).toEqual([['None'], 'RequireDualStack', ['IPv4', 'IPv6']]);
    const e = d({ kind: 'Service', metadata: {}, spec: { type: 'ExternalName', externalName: 'a.com' } }).spec;
    expect(e).toEqual({ type: 'ExternalName', externalName: 'a.com', sessionAffinity: 'None' });
  });
  it('drops sessionAffinityConfig with None; an update keeps allocated IPs and node ports', () => {
    expect(d({ kind: 'Service', metadata: {}, spec: { sessionAffinityConfig: { clientIP: { timeoutSeconds: 5 } } } }).spec.sessionAffinityConfig).toBeUndefined();
    const old = d({ kind: 'Service', metadata: {}, spec: { type: 'NodePort', clusterIP: '10.96.0.9', ports: [{ port: 80, nodePort: 30080 }] } });
    const next = d({ kind: 'Service', metadata: {}, spec: { type: 'NodePort', ports: [{ port: 80 }] } }, old);
    expect([next.spec.clusterIP, next.spec.ports[0].nodePort]).toEqual(['10.96.0.9', 30080]);
  });
});

describe('Pod and templates', () => {
  it('fills the pod spec, containers, ports, admission fields and status', () => {
    const p = d({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } });
    expect(p.spec).toEqual({
      containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} }],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      enableServiceLinks: true,
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });
  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.27', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v1', 'IfNotPresent'],
    ['nginx@sha256:abc', 'IfNotPresent'],
  ])('imagePullPolicy for %s is %s', (image, policy) => expect(defaultPullPolicy(image)).toBe(policy));

  it('Deployment: replicas, strategy, history, deadline, template defaults', () => {
    const s = d({ kind: 'Deployment', metadata: {}, spec: { template: { spec: { containers: [{ name: 'c', image: 'a:1' }] } } } }).spec;
    expect([s.replicas, s.strategy, s.revisionHistoryLimit, s.progressDeadlineSeconds, s.template.spec.dnsPolicy, s.template.spec.serviceAccountName]).toEqual([
      1,
      { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
      10,
      600,
      'ClusterFirst',
      undefined,
    ]);
  });
  it('StatefulSet: replicas, policy, update strategy, retention policy', () => {
    const s = d({ kind: 'StatefulSet', metadata: {}, spec: { template: { spec: {} } } }).spec;
    expect([s.replicas, s.podManagementPolicy, s.updateStrategy, s.revisionHistoryLimit, s.persistentVolumeClaimRetentionPolicy]).toEqual([
      1,
      'OrderedReady',
      { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      10,
      { whenDeleted: 'Retain', whenScaled: 'Retain' },
    ]);
  });
});

describe('Namespace and Ingress', () => {
  it('Namespace: name label, finalizers, phase', () => {
    expect(d({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } })).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'prod', labels: { 'kubernetes.io/metadata.name': 'prod' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });
  it('Ingress: no pathType default, status emptied', () => {
    const i = d({ kind: 'Ingress', metadata: {}, spec: { rules: [{ http: { paths: [{ path: '/' }] } }] }, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } });
    expect([i.spec.rules[0].http.paths[0], i.status]).toEqual([{ path: '/' }, { loadBalancer: {} }]);
  });
});
