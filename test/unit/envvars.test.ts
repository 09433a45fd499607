// Service environment variables (pkg/kubelet/envvars) and the container's whole `env`.
import { describe, expect, test } from 'vitest';
import { containerEnv, fromServices, servicesForPod } from '../../src/dataplane/envvars.js';
import { fixtureCluster, pod, svc } from './dns-fixture.js';

describe('service env vars', () => {
  test('FromServices order and values (named ports, docker links, UDP)', () => {
    const c = fixtureCluster();
    expect(fromServices([c.get('services', 'default', 'multi')!]).map((e) => `${e.name}=${e.value}`)).toEqual([
      'MULTI_SERVICE_HOST=10.96.50.5',
      'MULTI_SERVICE_PORT=80',
      'MULTI_SERVICE_PORT_HTTP=80',
      'MULTI_SERVICE_PORT_DNS_UDP=53',
      'MULTI_PORT=tcp://10.96.50.5:80',
      'MULTI_PORT_80_TCP=tcp://10.96.50.5:80',
      'MULTI_PORT_80_TCP_PROTO=tcp',
      'MULTI_PORT_80_TCP_PORT=80',
      'MULTI_PORT_80_TCP_ADDR=10.96.50.5',
      'MULTI_PORT_53_UDP=udp://10.96.50.5:53',
      'MULTI_PORT_53_UDP_PROTO=udp',
      'MULTI_PORT_53_UDP_PORT=53',
      'MULTI_PORT_53_UDP_ADDR=10.96.50.5',
    ]);
  });

  test('headless and ExternalName Services give none; other namespaces none; kubernetes always', () => {
    const c = fixtureCluster();
    // the fixture's pods were created after the Services
    expect(servicesForPod(c, c.get('pods', 'default', 'client')!).map((s) => s.metadata.name)).toEqual(['currency-exchange', 'kubernetes', 'multi']);
    expect(servicesForPod(c, c.get('pods', 'test', 'client')!).map((s) => s.metadata.name)).toEqual(['kubernetes']);
  });

  test('a Service created after the pod is absent until the pod is recreated', () => {
    const c = fixtureCluster();
    const p = c.create(pod('prod', 'app', '10.244.2.70'));
    c.create(svc('prod', 'late', { clusterIP: '10.96.77.7', ports: [{ port: 80, protocol: 'TCP' }] }));
    expect(servicesForPod(c, p).map((s) => s.metadata.name)).toEqual(['data', 'kubernetes']);
    c.remove('pods', 'prod', 'app');
    const again = c.create(pod('prod', 'app', '10.244.2.71'));
    expect(servicesForPod(c, again).map((s) => s.metadata.name)).toEqual(['data', 'kubernetes', 'late']);
  });

  test('enableServiceLinks: false keeps only kubernetes', () => {
    const c = fixtureCluster();
    const p = c.create(pod('default', 'nolinks', '10.244.2.72', { spec: { enableServiceLinks: false } }));
    expect(servicesForPod(c, p).map((s) => s.metadata.name)).toEqual(['kubernetes']);
  });

  test('env: PATH, HOSTNAME, own env (wins), Service vars, HOME', () => {
    const c = fixtureCluster();
    const p = c.create(pod('test', 'app', '10.244.2.73'));
    const container = { name: 'app', env: [{ name: 'GREETING', value: 'hi $(KUBERNETES_SERVICE_HOST)' }, { name: 'KUBERNETES_SERVICE_PORT', value: '8443' }, { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] };
    expect(containerEnv(c, p, container, 'app').map((e) => `${e.name}=${e.value}`)).toEqual([
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      'HOSTNAME=app',
      'GREETING=hi 10.96.0.1',
      'KUBERNETES_SERVICE_PORT=8443',
      'POD_IP=10.244.2.73',
      'KUBERNETES_SERVICE_HOST=10.96.0.1',
      'KUBERNETES_SERVICE_PORT_HTTPS=443',
      'KUBERNETES_PORT=tcp://10.96.0.1:443',
      'KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443',
      'KUBERNETES_PORT_443_TCP_PROTO=tcp',
      'KUBERNETES_PORT_443_TCP_PORT=443',
      'KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1',
      'HOME=/root',
    ]);
  });
});
