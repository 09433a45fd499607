// Proxy summaries: a Service's or an EndpointSlice's line keeps the fields kube-proxy reads, and what kube-proxy
// makes of the object decoded from the summary is what it makes of the object itself.
import { describe, expect, it } from 'vitest';
import { serviceOfSummary, serviceSummary, sliceOfSummary, sliceSummary } from '../../src/store/proxy-summary.js';
import { servicePortsOf } from '../../src/dataplane/kube-proxy/service-ports.js';
import type { KubeObject } from '../../src/api/types.js';

const svc = (name: string, spec: any, status: any = { loadBalancer: {} }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop', uid: 'u-1', labels: { app: name }, annotations: { note: 'a "quoted", | piped note' } },
  spec: { sessionAffinity: 'None', ...spec },
  status,
});

const slice = (name: string, service: string | undefined, ports: any, endpoints: any, addressType = 'IPv4'): KubeObject => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name, namespace: 'shop', labels: service === undefined ? { other: 'x' } : { 'kubernetes.io/service-name': service, app: 'web' } },
  addressType,
  ports,
  endpoints,
});

const SERVICES: KubeObject[] = [
  svc('plain', { type: 'ClusterIP', clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080 }] }),
  svc('unnamed-udp', { clusterIP: '10.96.0.21', ports: [{ port: 53, protocol: 'UDP' }, { name: 'metrics', port: 9153 }] }),
  svc('np', { type: 'NodePort', clusterIP: '10.96.0.22', externalTrafficPolicy: 'Local', internalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, protocol: 'TCP', nodePort: 30080 }] }),
  svc(
    'lb',
    {
      type: 'LoadBalancer',
      clusterIP: '10.96.0.23',
      externalIPs: ['192.0.2.7', '2001:db8::7'],
      loadBalancerSourceRanges: ['198.51.100.0/24', '172.18.0.0/16'],
      healthCheckNodePort: 32001,
      externalTrafficPolicy: 'Local',
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 600 } },
      ports: [{ name: 'https', port: 443, protocol: 'TCP', nodePort: 31443 }],
    },
    { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { ip: '203.0.113.10', ipMode: 'Proxy' }, { hostname: 'lb.example.com' }] } },
  ),
  svc('affinity-default-timeout', { clusterIP: '10.96.0.24', sessionAffinity: 'ClientIP', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
  svc('headless', { clusterIP: 'None', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
  svc('external', { type: 'ExternalName', externalName: 'db.example.com' }),
  svc('no-ports', { clusterIP: '10.96.0.25', externalIPs: null }),
];

const PORTS = [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }, { name: 'https', port: 8443, protocol: 'TCP' }];
const SLICES: KubeObject[] = [
  slice('a', 'plain', PORTS, [
    { addresses: ['10.244.1.5'], conditions: { ready: true, serving: true, terminating: false }, nodeName: 'kubesim-worker', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'shop' }, zone: 'z1' },
    { addresses: ['10.244.2.5', '10.244.2.6'], conditions: { ready: false, serving: true, terminating: true }, nodeName: 'kubesim-worker2' },
    { addresses: ['10.244.3.5'], conditions: {} },
    { addresses: ['10.244.4.5'] },
    { addresses: [], conditions: { ready: true } },
    { conditions: { ready: true } },
  ]),
  slice('b', 'plain', [{ name: 'http', port: 8081, protocol: 'TCP' }, { name: 'http', protocol: 'TCP' }], [{ addresses: ['10.244.1.5'], conditions: { ready: false } }]),
  slice('empty', 'plain', null, null),
  slice('v6', 'plain', PORTS, [{ addresses: ['fd00::5'], conditions: { ready: true } }], 'IPv6'),
  slice('unlabelled', undefined, PORTS, [{ addresses: ['10.244.9.9'] }]),
];

/** Each Service with every IPv4 slice, as kube-proxy reads them (the slices' ports match some of each Service's). */
function portsOf(services: KubeObject[], slices: KubeObject[]) {
  return services.map((s) => servicePortsOf(s, slices.filter((x) => x.addressType === 'IPv4')));
}

const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;

describe('proxy summaries', () => {
  it('give back, for every kind of Service and EndpointSlice, what kube-proxy reads of them', () => {
    const services = SERVICES.map((s) => serviceOfSummary(key(s), serviceSummary(s))!);
    const slices = SLICES.map((s) => sliceOfSummary(key(s), sliceSummary(s))!);
    expect(portsOf(services, slices)).toEqual(portsOf(SERVICES, SLICES));
    // The cases above reach kube-proxy's every branch: ports with endpoints, an LB with a firewall, affinity.
    const ports = portsOf(SERVICES, SLICES).flat();
    expect(ports.map((p) => `${p.spn} ${p.endpoints.length}`)).toEqual([
      'shop/plain:http 6',
      'shop/unnamed-udp 5',
      'shop/unnamed-udp:metrics 5',
      'shop/np:http 6',
      'shop/lb:https 5',
      'shop/affinity-default-timeout:http 6',
    ]);
    expect(ports.find((p) => p.name === 'lb')).toMatchObject({ loadBalancerVIPs: ['203.0.113.9'], externalIPs: ['192.0.2.7'], sourceRanges: ['198.51.100.0/24', '172.18.0.0/16'], affinitySeconds: 600, healthCheckNodePort: 32001 });
  });

  it('are short strings of the fields, written again the same from what they give back', () => {
    expect(serviceSummary(SERVICES[3])).toBe(
      'LoadBalancer|10.96.0.23|https,TCP,443,31443|192.0.2.7;2001:db8::7|203.0.113.9,;203.0.113.10,Proxy;,|198.51.100.0/24;172.18.0.0/16|32001|Local||ClientIP|600',
    );
    expect(sliceSummary(SLICES[0])).toBe(
      'IPv4|plain|http,TCP,8080;metrics,TCP,9153;,UDP,53;https,TCP,8443|10.244.1.5,kubesim-worker,1,1,0;10.244.2.5,kubesim-worker2,0,1,1;10.244.3.5,,,,;10.244.4.5,,,,;,,1,,;,,1,,',
    );
    expect(sliceSummary(SLICES[2])).toBe('IPv4|plain||');
    for (const s of SERVICES) expect(serviceSummary(serviceOfSummary(key(s), serviceSummary(s))!)).toBe(serviceSummary(s));
    for (const s of SLICES) expect(sliceSummary(sliceOfSummary(key(s), sliceSummary(s))!)).toBe(sliceSummary(s));
  });

  it('are UNKNOWN when a field cannot be written safely, and another shape reads as none', () => {
    expect(serviceSummary(svc('spaced', { clusterIP: '10.96.0.30', loadBalancerSourceRanges: [' 10.0.0.0/8'], ports: [{ port: 80 }] }))).toBe('?');
    expect(serviceSummary(svc('bad-port', { clusterIP: '10.96.0.30', ports: [{ port: '80' }] }))).toBe('?');
    expect(serviceSummary(svc('empty-ip', { clusterIP: '10.96.0.30', externalIPs: [''] }))).toBe('?');
    expect(sliceSummary(slice('piped', 'a|b', PORTS, []))).toBe('?');
    expect(sliceSummary(slice('odd', 'plain', PORTS, [{ addresses: ['10.244.1.1'], conditions: { ready: 'yes' } }]))).toBe('?');
    expect(serviceOfSummary('shop/x', '?')).toBeUndefined();
    expect(sliceOfSummary('shop/x', '?')).toBeUndefined();
    expect(sliceOfSummary('shop/x', 'IPv4|plain|')).toBeUndefined();
  });
});
