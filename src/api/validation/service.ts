// Service validation (pkg/apis/core/validation ValidateService, validateServicePort,
// ValidateServiceClusterIPsRelatedFields, ValidateServiceUpdate), in upstream's order and words.
// Node-port ranges and collisions with other Services belong to the allocator, not here.
import { isIP } from './ip.js';
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { duplicate, forbidden, invalid, isObj, required, unsupported, validateLabels, validateObjectMeta, type Obj } from './common.js';
import { PORT_RANGE_MSG, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isValidIP, isValidPortName, isValidPortNum } from './names.js';

const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const LB_ONLY = "may only be used when `type` is 'LoadBalancer'";

/** Whether the cluster serves both IP families (kubesim's clusters are IPv4 only). */
const DUAL_STACK = false;

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export function validateService(svc: KubeObject, old: KubeObject | undefined): FieldError[] {
  const errs: FieldError[] = [];
  errs.push(...validateObjectMeta(svc.metadata ?? {}, isDNS1035Label));
  const spec: Obj = isObj(svc.spec) ? svc.spec : {};
  const clusterIPs = arr(spec.clusterIPs);
  const headless = clusterIPs[0] === 'None' || spec.clusterIP === 'None';
  const ports = arr(spec.ports);

  if (ports.length === 0 && !headless && spec.type !== 'ExternalName') errs.push(required('spec.ports'));

  switch (spec.type) {
    case 'LoadBalancer':
    case 'NodePort':
      if (headless) errs.push(invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${spec.type} services`));
      break;
    case 'ExternalName': {
      if (clusterIPs.length > 0 || spec.clusterIP) errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if (arr(spec.ipFamilies).length > 0) errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (spec.ipFamilyPolicy) errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      const name = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : '';
      if (!name) errs.push(required('spec.externalName'));
      else for (const m of isDNS1123Subdomain(name)) errs.push(invalid('spec.externalName', spec.externalName, m));
      break;
    }
  }

  const portNames = new Set<string>();
  ports.forEach((p, i) => errs.push(...validateServicePort(isObj(p) ? p : {}, ports.length > 1, headless, portNames, `spec.ports[${i}]`)));

  errs.push(...validateLabels(spec.selector, 'spec.selector'));

  if (!spec.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!['ClientIP', 'None'].includes(spec.sessionAffinity)) errs.push(unsupported('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  if (spec.sessionAffinity === 'ClientIP') {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (!(typeof t === 'number' && t > 0 && t <= 86400)) {
      errs.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', t ?? 0, 'must be greater than 0 and less than 86400'));
    }
  }

  if (!spec.type) errs.push(required('spec.type'));
  else if (!TYPES.includes(spec.type)) errs.push(unsupported('spec.type', spec.type, TYPES));

  arr(spec.externalIPs).forEach((ip, i) => {
    const path = `spec.externalIPs[${i}]`;
    const msgs = typeof ip === 'string' ? isValidIP(ip) : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
    for (const m of msgs) errs.push(invalid(path, ip, m));
    if (!msgs.length) for (const m of specialIP(ip as string)) errs.push(invalid(path, ip, m));
  });

  if (spec.type === 'ClusterIP') {
    ports.forEach((p, i) => {
      if (isObj(p) && p.nodePort) errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  }

  // Unique (protocol, port) and (protocol, nodePort).
  const seenPorts = new Set<string>();
  const seenNodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!isObj(p)) return;
    const key = `${p.protocol}/${p.port}`;
    if (seenPorts.has(key)) {
      errs.push({ field: `spec.ports[${i}]`, type: 'Duplicate value', value: JSON.stringify({ Name: '', Protocol: p.protocol, AppProtocol: null, Port: p.port, TargetPort: 0, NodePort: 0 }) });
    }
    seenPorts.add(key);
    if (p.nodePort) {
      const nkey = `${p.protocol}/${p.nodePort}`;
      if (seenNodePorts.has(nkey)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
      seenNodePorts.add(nkey);
    }
  });

  if (spec.type !== 'LoadBalancer') {
    if (arr(spec.loadBalancerSourceRanges).length) errs.push(forbidden('spec.LoadBalancerSourceRanges', LB_ONLY));
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null) errs.push(forbidden('spec.allocateLoadBalancerNodePorts', LB_ONLY));
    if (spec.loadBalancerClass) errs.push(forbidden('spec.loadBalancerClass', LB_ONLY));
  } else {
    arr(spec.loadBalancerSourceRanges).forEach((r, i) => {
      if (!isCIDR(r)) errs.push(invalid(`spec.loadBalancerSourceRanges[${i}]`, r, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
    });
    if (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null) errs.push(required('spec.allocateLoadBalancerNodePorts'));
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) {
      for (const m of isQualifiedName(String(spec.loadBalancerClass))) errs.push(invalid('spec.loadBalancerClass', spec.loadBalancerClass, m));
    }
  }

  errs.push(...validateTrafficPolicies(spec));
  if (spec.type !== 'ExternalName') errs.push(...validateClusterIPs(spec, headless));

  if (old) errs.push(...validateServiceUpdate(spec, isObj(old.spec) ? old.spec : {}));
  return errs;
}

function validateServicePort(p: Obj, requireName: boolean, headless: boolean, names: Set<string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(`${path}.name`));
  else if (p.name) {
    for (const m of isDNS1123Label(String(p.name))) errs.push(invalid(`${path}.name`, p.name, m));
    if (names.has(p.name)) errs.push(duplicate(`${path}.name`, p.name));
    names.add(p.name);
  }
  if (!isValidPortNum(p.port)) errs.push(invalid(`${path}.port`, p.port ?? 0, PORT_RANGE_MSG));
  if (!p.protocol) errs.push(required(`${path}.protocol`));
  else if (!PROTOCOLS.includes(p.protocol)) errs.push(unsupported(`${path}.protocol`, p.protocol, PROTOCOLS));
  if (!headless) errs.push(...validatePortNumOrName(p.targetPort, `${path}.targetPort`));
  if (p.appProtocol !== undefined && p.appProtocol !== null) {
    for (const m of isQualifiedName(String(p.appProtocol))) errs.push(invalid(`${path}.appProtocol`, p.appProtocol, m));
  }
  return errs;
}

/** An int-or-string port: 1–65535, or an IANA service name. */
export function validatePortNumOrName(v: unknown, path: string): FieldError[] {
  if (typeof v === 'number') return isValidPortNum(v) ? [] : [invalid(path, v, PORT_RANGE_MSG)];
  if (typeof v === 'string') return isValidPortName(v).map((m) => invalid(path, v, m));
  return [];
}

function specialIP(ip: string): string[] {
  if (ip === '0.0.0.0' || ip === '::') return ['may not be unspecified (0.0.0.0, ::)'];
  if (ip.startsWith('127.') || ip === '::1') return ['may not be in the loopback range (127.0.0.0/8, ::1/128)'];
  if (ip.startsWith('169.254.') || /^fe[89ab]/i.test(ip)) return ['may not be in the link-local range (169.254.0.0/16, fe80::/10)'];
  if (ip.startsWith('224.0.0.') || /^ff02:/i.test(ip)) return ['may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'];
  return [];
}

function isCIDR(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const [ip, bits, extra] = v.split('/');
  if (extra !== undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
  const family = isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}

function validateTrafficPolicies(spec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const external = spec.type === 'NodePort' || spec.type === 'LoadBalancer' || (spec.type === 'ClusterIP' && arr(spec.externalIPs).length > 0);
  if (!external) {
    if (spec.externalTrafficPolicy) errs.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  } else if (!spec.externalTrafficPolicy) errs.push(required('spec.externalTrafficPolicy'));
  else if (!['Cluster', 'Local'].includes(spec.externalTrafficPolicy)) errs.push(unsupported('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
  if (spec.healthCheckNodePort && !(spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')) {
    errs.push(invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  }
  if (spec.type !== 'ExternalName') {
    if (!spec.internalTrafficPolicy) errs.push(required('spec.internalTrafficPolicy'));
    else if (!['Cluster', 'Local'].includes(spec.internalTrafficPolicy)) errs.push(unsupported('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  }
  if (spec.trafficDistribution !== undefined && spec.trafficDistribution !== null && spec.trafficDistribution !== 'PreferClose') {
    errs.push(unsupported('spec.trafficDistribution', spec.trafficDistribution, ['PreferClose']));
  }
  return errs;
}

function validateClusterIPs(spec: Obj, headless: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ips = arr(spec.clusterIPs);
  if (spec.clusterIP && ips.length === 0) errs.push(required('spec.clusterIPs'));
  if (ips.length > 0 && spec.clusterIP && ips[0] !== spec.clusterIP) errs.push(invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
  if (headless && ips.length > 1) errs.push(invalid('spec.clusterIPs', ips, "'None' must be the first and only value"));
  if (ips.length > 2) errs.push(invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  const families: string[] = [];
  ips.forEach((ip, i) => {
    if (ip === 'None' && i === 0) return;
    const msgs = typeof ip === 'string' ? isValidIP(ip) : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
    for (const m of msgs) errs.push(invalid(`spec.clusterIPs[${i}]`, ip, m));
    if (!msgs.length) families.push(isIP(ip as string) === 6 ? 'IPv6' : 'IPv4');
  });
  if (families.length === 2 && families[0] === families[1]) errs.push(invalid('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family'));
  const policy = spec.ipFamilyPolicy;
  const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
  if (policy !== undefined && policy !== null && !policies.includes(policy)) errs.push(unsupported('spec.ipFamilyPolicy', policy, policies));
  const fams = arr(spec.ipFamilies);
  const seen = new Set<unknown>();
  fams.forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(unsupported(`spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']));
    else if (seen.has(f)) errs.push(duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  const headlessSelectorless = headless && !(isObj(spec.selector) && Object.keys(spec.selector).length);
  if (!DUAL_STACK && !headlessSelectorless) {
    if (policy === 'RequireDualStack') errs.push(invalid('spec.ipFamilyPolicy', policy, 'this cluster is not configured for dual-stack services'));
    fams.forEach((f, i) => {
      if (f === 'IPv6') errs.push(invalid(`spec.ipFamilies[${i}]`, f, 'not configured on this cluster'));
    });
  }
  if (policy === 'SingleStack' && fams.length > 1 && !headlessSelectorless) errs.push(invalid('spec.ipFamilies', fams, 'when spec.ipFamilyPolicy is SingleStack, ipFamilies may only hold one entry'));
  return errs;
}

function validateServiceUpdate(spec: Obj, oldSpec: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.type === 'ExternalName' || oldSpec.type === 'ExternalName') return errs;
  const oldIPs = arr(oldSpec.clusterIPs);
  const ips = arr(spec.clusterIPs);
  if (oldIPs.length > 0) {
    if (ips.length === 0) errs.push(required('spec.clusterIPs[0]', 'primary clusterIP can not be unset'));
    else if (ips[0] !== oldIPs[0]) errs.push(invalid('spec.clusterIPs[0]', ips, 'may not change once set'));
  }
  const oldFams = arr(oldSpec.ipFamilies);
  const fams = arr(spec.ipFamilies);
  if (oldFams.length > 0 && fams.length > 0 && fams[0] !== oldFams[0] && ips[0] !== 'None') {
    errs.push(invalid('spec.ipFamilies[0]', fams[0], 'may not change once set'));
  }
  if (oldSpec.healthCheckNodePort && spec.healthCheckNodePort && spec.healthCheckNodePort !== oldSpec.healthCheckNodePort) {
    errs.push(invalid('spec.healthCheckNodePort', spec.healthCheckNodePort, 'field is immutable'));
  }
  return errs;
}
