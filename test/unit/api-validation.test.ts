// Validation tables, in-process through the real admission path (defaults → validation → allocation).
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../src/store/cluster.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { reconcile } from '../../src/controllers/index.js';
import { applyObject, createObject, updateObject } from '../../src/api/admission.js';
import { KubeError } from '../../src/api/errors.js';
import type { KubeObject } from '../../src/api/types.js';

const now = new Date('2026-11-21T10:00:00Z');
function cluster(): Cluster {
  const c = new Cluster(createClusterState({}, now), now);
  reconcile(c);
  return c;
}
const svc = (spec: any, name = 'web'): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec });
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof KubeError) return e.format();
    throw e;
  }
  return 'no error';
}
const RANGE = 'must be between 1 and 65535, inclusive';
const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const one = (cause: string, name = 'web') => `The Service "${name}" is invalid: ${cause}`;
const many = (...causes: string[]) => `The Service "web" is invalid: \n` + causes.map((c) => `* ${c}`).join('\n');

const INVALID_SERVICES: Array<[string, KubeObject, string]> = [
  ['port 0 (targetPort defaults to it)', svc({ ports: [{ port: 0 }] }), many(`spec.ports[0].port: Invalid value: 0: ${RANGE}`, `spec.ports[0].targetPort: Invalid value: 0: ${RANGE}`)],
  ['port 70000', svc({ ports: [{ port: 70000, targetPort: 80 }] }), one(`spec.ports[0].port: Invalid value: 70000: ${RANGE}`)],
  ['no ports', svc({ selector: { app: 'x' } }), one('spec.ports: Required value')],
  ['name not DNS-1035', svc({ ports: [{ port: 80 }] }, 'Web_1'), one(`metadata.name: Invalid value: "Web_1": ${DNS1035}`, 'Web_1')],
  ['name starting with a digit', svc({ ports: [{ port: 80 }] }, '1web'), one(`metadata.name: Invalid value: "1web": ${DNS1035}`, '1web')],
  ['name of 64 characters', svc({ ports: [{ port: 80 }] }, 'a'.repeat(64)), one(`metadata.name: Invalid value: "${'a'.repeat(64)}": must be no more than 63 characters`, 'a'.repeat(64))],
  ['no name', svc({ ports: [{ port: 80 }] }, ''), `The Service "" is invalid: metadata.name: Required value: name or generateName is required`],
  ['two unnamed ports', svc({ ports: [{ port: 80 }, { port: 81 }] }), many('spec.ports[0].name: Required value', 'spec.ports[1].name: Required value')],
  ['duplicate port names', svc({ ports: [{ name: 'http', port: 80 }, { name: 'http', port: 81 }] }), one('spec.ports[1].name: Duplicate value: "http"')],
  ['port name with dots', svc({ ports: [{ name: 'a.b', port: 80 }] }), one(`spec.ports[0].name: Invalid value: "a.b": ${LABEL}`)],
  ['protocol HTTP', svc({ ports: [{ port: 80, protocol: 'HTTP' }] }), one('spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"')],
  ['targetPort 70000', svc({ ports: [{ port: 80, targetPort: 70000 }] }), one(`spec.ports[0].targetPort: Invalid value: 70000: ${RANGE}`)],
  [
    'targetPort name too long, double hyphen',
    svc({ ports: [{ port: 80, targetPort: 'my--very-long-port-name' }] }),
    many('spec.ports[0].targetPort: Invalid value: "my--very-long-port-name": must be no more than 15 characters', 'spec.ports[0].targetPort: Invalid value: "my--very-long-port-name": must not contain consecutive hyphens'),
  ],
  ['targetPort name without a letter', svc({ ports: [{ port: 80, targetPort: '8080-' }] }), many('spec.ports[0].targetPort: Invalid value: "8080-": must contain at least one letter (a-z)', 'spec.ports[0].targetPort: Invalid value: "8080-": must not begin or end with a hyphen')],
  ['type Foo', svc({ type: 'Foo', ports: [{ port: 80 }] }), one('spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"')],
  ['headless NodePort', svc({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] }), one(`spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`)],
  ['headless LoadBalancer', svc({ type: 'LoadBalancer', clusterIP: 'None', ports: [{ port: 80 }] }), one(`spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for LoadBalancer services`)],
  ['ExternalName without externalName', svc({ type: 'ExternalName' }), one('spec.externalName: Required value')],
  ['ExternalName not a DNS name', svc({ type: 'ExternalName', externalName: 'Not_Valid' }), one(`spec.externalName: Invalid value: "Not_Valid": ${SUBDOMAIN}`)],
  ['ExternalName with a clusterIP', svc({ type: 'ExternalName', externalName: 'a.com', clusterIP: '10.96.0.50' }), one('spec.clusterIPs: Forbidden: may not be set for ExternalName services')],
  ['nodePort on ClusterIP', svc({ ports: [{ port: 80, nodePort: 30080 }] }), one("spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'")],
  ['duplicate nodePort', svc({ type: 'NodePort', ports: [{ name: 'a', port: 80, nodePort: 30080 }, { name: 'b', port: 81, nodePort: 30080 }] }), one('spec.ports[1].nodePort: Duplicate value: 30080')],
  ['sessionAffinity Sticky', svc({ sessionAffinity: 'Sticky', ports: [{ port: 80 }] }), one('spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"')],
  ['affinity timeout 0', svc({ sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } }, ports: [{ port: 80 }] }), one('spec.sessionAffinityConfig.clientIP.timeoutSeconds: Invalid value: 0: must be greater than 0 and less than 86400')],
  ['externalTrafficPolicy on ClusterIP', svc({ externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }), one('spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services')],
  ['loopback externalIP', svc({ externalIPs: ['127.0.0.1'], ports: [{ port: 80 }] }), one('spec.externalIPs[0]: Invalid value: "127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)')],
  ['externalIP not an IP', svc({ externalIPs: ['example.com'], ports: [{ port: 80 }] }), one('spec.externalIPs[0]: Invalid value: "example.com": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')],
  ['clusterIP not an IP', svc({ clusterIP: '10.96.0.500', ports: [{ port: 80 }] }), one('spec.clusterIPs[0]: Invalid value: "10.96.0.500": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')],
  ['externalIP with leading 0s', svc({ externalIPs: ['192.168.01.1'], ports: [{ port: 80 }] }), one('spec.externalIPs[0]: Invalid value: "192.168.01.1": must not have leading 0s')],
  // Go's net.ParseIP, which Kubernetes parses addresses with, takes no zone.
  ['externalIP with a zone', svc({ externalIPs: ['fe80::1%eth0'], ports: [{ port: 80 }] }), one('spec.externalIPs[0]: Invalid value: "fe80::1%eth0": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')],
  ['externalIP ending in an IPv4 address with leading 0s', svc({ externalIPs: ['::ffff:10.1.2.03'], ports: [{ port: 80 }] }), one('spec.externalIPs[0]: Invalid value: "::ffff:10.1.2.03": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')],
  ['clusterIPs not matching clusterIP', svc({ clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.51'], ports: [{ port: 80 }] }), one('spec.clusterIPs: Invalid value: ["10.96.0.51"]: first value must match `clusterIP`')],
  [
    'selector key',
    svc({ selector: { 'app!': 'x' }, ports: [{ port: 80 }] }),
    one(`spec.selector: Invalid value: "app!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`),
  ],
  ['loadBalancerSourceRanges on ClusterIP', svc({ loadBalancerSourceRanges: ['10.0.0.0/8'], ports: [{ port: 80 }] }), one("spec.LoadBalancerSourceRanges: Forbidden: may only be used when `type` is 'LoadBalancer'")],
  ['RequireDualStack', svc({ ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }] }), one('spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services')],
  ['healthCheckNodePort on NodePort', svc({ type: 'NodePort', healthCheckNodePort: 30100, ports: [{ port: 80 }] }), one("spec.healthCheckNodePort: Invalid value: 30100: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'")],
  [
    'several errors at once',
    svc({ type: 'Foo', ports: [{ port: 0, protocol: 'HTTP' }] }),
    many(
      `spec.ports[0].port: Invalid value: 0: ${RANGE}`,
      'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
      `spec.ports[0].targetPort: Invalid value: 0: ${RANGE}`,
      'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ),
  ],
];

describe('invalid Services, each with its exact kubectl message', () => {
  it.each(INVALID_SERVICES)('%s', (_name, obj, message) => {
    const c = cluster();
    const before = JSON.stringify(c.state);
    expect(errorOf(() => createObject(c, obj))).toBe(message);
    expect(JSON.stringify(c.state)).toBe(before);
  });

  it('has at least 20 cases', () => expect(INVALID_SERVICES.length).toBeGreaterThanOrEqual(20));

  it('accepts targetPort 0 and the legal 53/TCP + 53/UDP pair', () => {
    const c = cluster();
    expect(errorOf(() => createObject(c, svc({ ports: [{ name: 'a', port: 53, protocol: 'UDP', targetPort: 0 }, { name: 'b', port: 53 }] })))).toBe('no error');
  });
});

describe('updates', () => {
  it('refuses a changed clusterIP, keeps it when left out', () => {
    const c = cluster();
    const created = createObject(c, svc({ clusterIP: '10.96.0.50', ports: [{ port: 80 }] }));
    expect(created.spec.clusterIPs).toEqual(['10.96.0.50']);
    expect(errorOf(() => updateObject(c, svc({ clusterIP: '10.96.0.51', ports: [{ port: 80 }] })))).toBe(
      'The Service "web" is invalid: spec.clusterIPs[0]: Invalid value: ["10.96.0.51"]: may not change once set',
    );
    expect(updateObject(c, svc({ ports: [{ port: 8080 }] })).spec.clusterIP).toBe('10.96.0.50');
  });

  it('refuses a changed Deployment selector', () => {
    const c = cluster();
    const d = (app: string): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    });
    createObject(c, d('web'));
    expect(errorOf(() => applyObject(c, d('other')))).toBe(
      'The Deployment "web" is invalid: spec.selector: Invalid value: {"matchLabels":{"app":"other"}}: field is immutable',
    );
  });
});

describe('other kinds', () => {
  const deploy = (spec: any, name = 'web'): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'default' }, spec });
  const tpl = (labels: any, containers: any = [{ name: 'web', image: 'nginx' }]) => ({ metadata: { labels }, spec: { containers } });
  const cases: Array<[string, KubeObject, string]> = [
    ['selector not matching labels', deploy({ selector: { matchLabels: { app: 'x' } }, template: tpl({ app: 'y' }) }), 'The Deployment "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"y"}: `selector` does not match template `labels`'],
    ['no selector', deploy({ template: tpl({ app: 'y' }) }), 'The Deployment "web" is invalid: spec.selector: Required value'],
    ['negative replicas', deploy({ replicas: -1, selector: { matchLabels: { app: 'x' } }, template: tpl({ app: 'x' }) }), 'The Deployment "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
    ['no containers', deploy({ selector: { matchLabels: { app: 'x' } }, template: tpl({ app: 'x' }, []) }), 'The Deployment "web" is invalid: spec.template.spec.containers: Required value'],
    ['container without a name', deploy({ selector: { matchLabels: { app: 'x' } }, template: tpl({ app: 'x' }, [{ image: 'nginx' }]) }), 'The Deployment "web" is invalid: spec.template.spec.containers[0].name: Required value'],
    ['name of 254 characters', deploy({ selector: { matchLabels: { app: 'x' } }, template: tpl({ app: 'x' }) }, 'a'.repeat(254)), `The Deployment "${'a'.repeat(254)}" is invalid: metadata.name: Invalid value: "${'a'.repeat(254)}": must be no more than 253 characters`],
    [
      'Pod container port 0 and bad name',
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'Web', image: 'nginx', ports: [{ containerPort: 0 }] }] } },
      `The Pod "p" is invalid: \n* spec.containers[0].name: Invalid value: "Web": ${LABEL}\n* spec.containers[0].ports[0].containerPort: Invalid value: 0: ${RANGE}`,
    ],
    [
      'Ingress without pathType, relative path',
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'default' }, spec: { rules: [{ http: { paths: [{ path: 'foo', pathType: 'Prefix', backend: { service: { name: 's', port: { number: 80 } } } }, { path: '/', backend: { service: { name: 's' } } }] } }] } },
      'The Ingress "i" is invalid: \n* spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path\n* spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified\n* spec.rules[0].http.paths[1].backend.service.port: Required value: port name or number is required',
    ],
    ['Ingress with neither rules nor default backend', { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'default' }, spec: {} }, 'The Ingress "i" is invalid: spec: Invalid value: null: either `defaultBackend` or `rules` must be specified'],
    [
      'label value too long',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', labels: { a: 'x'.repeat(64) } } },
      `The ConfigMap "c" is invalid: \n* metadata.labels: Invalid value: "${'x'.repeat(64)}": must be no more than 63 characters`.replace(' \n* ', ' ') ,
    ],
  ];
  it.each(cases)('%s', (_n, obj, message) => {
    expect(errorOf(() => createObject(cluster(), obj))).toBe(message);
  });
});
