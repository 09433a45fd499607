// Ingress validation (pkg/apis/networking/validation ValidateIngressSpec, validateHTTPIngressPath,
// validateIngressBackend), networking.k8s.io/v1 rules.
import { isIP } from './ip.js';
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { forbidden, invalid, isObj, required, subdomainName, unsupported, validateObjectMeta, type Obj } from './common.js';
import { PORT_RANGE_MSG, isDNS1035Label, isDNS1123Subdomain, isValidPortName, isValidPortNum } from './names.js';

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const BAD_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const BAD_SUFFIXES = ['/..', '/.'];

function validateBackend(b: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const svc = isObj(b.service) ? b.service : undefined;
  if (svc && b.resource) return [invalid(path, b, 'cannot set both resource and service backends')];
  if (!svc && !b.resource) return [invalid(path, b, 'one backend (service or resource) must be specified')];
  if (svc) {
    if (!svc.name) errs.push(required(`${path}.service.name`));
    else for (const m of isDNS1035Label(String(svc.name))) errs.push(invalid(`${path}.service.name`, svc.name, m));
    const port = isObj(svc.port) ? svc.port : {};
    const hasName = port.name !== undefined && port.name !== '';
    const hasNumber = port.number !== undefined && port.number !== 0;
    if (hasName && hasNumber) errs.push(invalid(`${path}.service.port`, port, 'cannot set both port name & port number'));
    else if (hasName) for (const m of isValidPortName(String(port.name))) errs.push(invalid(`${path}.service.port.name`, port.name, m));
    else if (hasNumber) {
      if (!isValidPortNum(port.number)) errs.push(invalid(`${path}.service.port.number`, port.number, PORT_RANGE_MSG));
    } else errs.push(required(`${path}.service.port`, 'port name or number is required'));
  }
  return errs;
}

function validatePath(p: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!p.pathType) errs.push(required(`${path}.pathType`, 'pathType must be specified'));
  else if (!PATH_TYPES.includes(p.pathType)) errs.push(unsupported(`${path}.pathType`, p.pathType, PATH_TYPES));
  const value = typeof p.path === 'string' ? p.path : '';
  if (p.pathType === 'Exact' || p.pathType === 'Prefix') {
    if (!value.startsWith('/')) errs.push(invalid(`${path}.path`, value, 'must be an absolute path'));
    for (const s of BAD_SEQUENCES) if (value.includes(s)) errs.push(invalid(`${path}.path`, value, `must not contain '${s}'`));
    for (const s of BAD_SUFFIXES) if (value.endsWith(s)) errs.push(invalid(`${path}.path`, value, `cannot end with '${s}'`));
  } else if (p.pathType === 'ImplementationSpecific' && value !== '' && !value.startsWith('/')) {
    errs.push(invalid(`${path}.path`, value, 'must be an absolute path'));
  }
  errs.push(...validateBackend(isObj(p.backend) ? p.backend : {}, `${path}.backend`));
  return errs;
}

export function validateIngress(ing: KubeObject): FieldError[] {
  const errs = validateObjectMeta(ing.metadata ?? {}, subdomainName);
  const spec: Obj = isObj(ing.spec) ? ing.spec : {};
  const rules = arr(spec.rules);
  if (!spec.defaultBackend && rules.length === 0) errs.push(invalid('spec', null, 'either `defaultBackend` or `rules` must be specified'));
  if (isObj(spec.defaultBackend)) errs.push(...validateBackend(spec.defaultBackend, 'spec.defaultBackend'));
  rules.forEach((raw, i) => {
    const r: Obj = isObj(raw) ? raw : {};
    const path = `spec.rules[${i}]`;
    if (r.host) {
      const host = String(r.host);
      if (isIP(host)) errs.push(invalid(`${path}.host`, host, 'must be a DNS name, not an IP address'));
      else {
        const check = host.startsWith('*.') ? host.slice(2) : host;
        const msgs = host.startsWith('*.')
          ? isDNS1123Subdomain(check).map(() => "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")
          : isDNS1123Subdomain(check);
        for (const m of msgs) errs.push(invalid(`${path}.host`, host, m));
      }
    }
    if (r.http !== undefined) {
      const paths = arr(r.http?.paths);
      if (paths.length === 0) errs.push(required(`${path}.http.paths`));
      paths.forEach((p, j) => errs.push(...validatePath(isObj(p) ? p : {}, `${path}.http.paths[${j}]`)));
    }
  });
  const cls = spec.ingressClassName;
  if (cls) for (const m of subdomainName(String(cls))) errs.push(invalid('spec.ingressClassName', cls, m));
  const annotated = ing.metadata?.annotations?.['kubernetes.io/ingress.class'];
  if (cls && annotated !== undefined && annotated !== cls) {
    errs.push(invalid('annotations.kubernetes.io/ingress.class', annotated, 'must match `ingressClassName` when both are specified'));
  }
  arr(spec.tls).forEach((raw, i) => {
    const t: Obj = isObj(raw) ? raw : {};
    arr(t.hosts).forEach((h, j) => {
      if (typeof h === 'string' && !h.startsWith('*.')) for (const m of isDNS1123Subdomain(h)) errs.push(invalid(`spec.tls[${i}].hosts[${j}]`, h, m));
    });
  });
  void forbidden;
  return errs;
}
