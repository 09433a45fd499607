// The nginx ingress controller's routing, and a request through it end to end (in-process).
import { describe, expect, test } from 'vitest';
import { emptyCluster, addService, addSlice, addPod } from './kube-proxy-fixture.js';
import { hostMatches, prefixMatches, routeIngress } from '../../src/dataplane/router/ingress.js';
import { runCurl } from '../../src/dataplane/curl-tool.js';
import { resolveClient } from '../../src/dataplane/client.js';

describe('ingress matching', () => {
  test('hosts: exact and one-label wildcards', () => {
    expect(hostMatches('*.foo.com', 'bar.foo.com')).toBe('wildcard');
    expect(hostMatches('*.foo.com', 'baz.bar.foo.com')).toBe(false);
    expect(hostMatches('*.foo.com', 'foo.com')).toBe(false);
    expect(hostMatches('api.example.com', 'api.example.com')).toBe('exact');
    expect(hostMatches(undefined, 'x')).toBe('any');
  });
  test('Prefix paths element by element (the docs table)', () => {
    expect(prefixMatches('/', '/anything')).toBe(true);
    expect(prefixMatches('/foo', '/foo/')).toBe(true);
    expect(prefixMatches('/foo/', '/foo')).toBe(true);
    expect(prefixMatches('/aaa/bb', '/aaa/bbb')).toBe(false);
    expect(prefixMatches('/aaa/bbb', '/aaa/bbb/ccc')).toBe(true);
    expect(prefixMatches('/aaa/bbb', '/aaa/bbbxyz')).toBe(false);
  });
});

function ingressCluster() {
  const c = emptyCluster();
  c.create({ apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass', metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }, spec: { controller: 'k8s.io/ingress-nginx' } });
  c.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'ingress-nginx-controller-abc', namespace: 'ingress-nginx', labels: { app: 'ctl' } },
    spec: { nodeName: 'kubesim-worker', containers: [{ name: 'controller', image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1', args: ['/nginx-ingress-controller', '--ingress-class=nginx'], ports: [{ containerPort: 80 }, { containerPort: 443 }] }] },
    status: { phase: 'Running', podIP: '10.244.1.20', podIPs: [{ ip: '10.244.1.20' }] },
  });
  addService(c, 'ingress-nginx', 'ingress-nginx-controller', { type: 'LoadBalancer', clusterIP: '10.96.20.1', ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31080 }] }, { loadBalancer: { ingress: [{ ip: '203.0.113.1', ipMode: 'VIP' }] } });
  addSlice(c, 'ingress-nginx', 'ingress-nginx-controller', [{ name: 'http', port: 80 }], [{ ip: '10.244.1.20', node: 'kubesim-worker', pod: 'ingress-nginx-controller-abc' }]);
  for (const [svc, ip, node, cip] of [['currency-exchange', '10.244.2.30', 'kubesim-worker2', '10.96.20.2'], ['currency-conversion', '10.244.1.31', 'kubesim-worker', '10.96.20.3']]) {
    addPod(c, 'default', `${svc}-pod`, ip, node, { app: svc }, [8000]);
    addService(c, 'default', svc, { clusterIP: cip, ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8000 }] });
    addSlice(c, 'default', svc, [{ name: 'http', port: 8000 }], [{ ip, node, pod: `${svc}-pod` }]);
  }
  c.create({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'gateway-ingress', namespace: 'default' },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        { http: { paths: ['currency-exchange', 'currency-conversion'].map((s) => ({ path: `/${s}`, pathType: 'Prefix', backend: { service: { name: s, port: { number: 80 } } } })) } },
        { host: 'api.example.com', http: { paths: [{ path: '/v1', pathType: 'Exact', backend: { service: { name: 'currency-exchange', port: { number: 80 } } } }, { path: '/', pathType: 'Prefix', backend: { service: { name: 'currency-conversion', port: { number: 80 } } } }] } },
      ],
    },
    status: { loadBalancer: { ingress: [{ ip: '203.0.113.1' }] } },
  });
  return c;
}

describe('requests through the ingress controller', () => {
  test('path routing to currency-exchange and currency-conversion', async () => {
    const c = ingressCluster();
    const out = resolveClient(c, 'outside', 'default');
    const ex = await runCurl(c, out, ['http://203.0.113.1/currency-exchange/rates', '-v']);
    expect(ex.exitCode).toBe(0);
    expect(ex.stdout).toMatch(/^Hostname: currency-exchange-pod\n/);
    // externalTrafficPolicy Cluster on the controller's Service: nginx sees the node's address, not the client's.
    expect(ex.stdout).toMatch(/RemoteAddr: 10\.244\.1\.20:\d+\nGET \/currency-exchange\/rates HTTP\/1\.1\r\nHost: 203\.0\.113\.1\r\nUser-Agent: curl\/8\.5\.0\r\nAccept: \*\/\*\r\nX-Forwarded-For: 172\.18\.0\.\d\r\n/);
    expect(ex.stderr).toContain('Ingress default/gateway-ingress any host, path /currency-exchange (Prefix) → service currency-exchange:80');
    const conv = await runCurl(c, out, ['http://203.0.113.1/currency-conversion']);
    expect(conv.stdout).toMatch(/^Hostname: currency-conversion-pod\n/);
  });

  test('Host header: exact beats prefix; unmatched → nginx 404 page', async () => {
    const c = ingressCluster();
    expect(routeIngress(c, 'nginx', 'api.example.com', '/v1').backend?.name).toBe('currency-exchange');
    expect(routeIngress(c, 'nginx', 'api.example.com', '/v1/x').backend?.name).toBe('currency-conversion');
    const out = resolveClient(c, 'outside', 'default');
    const r = await runCurl(c, out, ['http://203.0.113.1/nothing-here', '-i']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      'HTTP/1.1 404 Not Found\r\nDate: Sat, 21 Nov 2026 10:00:00 GMT\r\nContent-Type: text/html\r\nContent-Length: 146\r\nConnection: keep-alive\r\n\r\n' +
        '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n',
    );
    const byName = await runCurl(c, out, ['http://api.example.com/v1']);
    expect(byName.stdout).toMatch(/^Hostname: currency-exchange-pod\n/);
  });
});
