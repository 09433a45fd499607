// Validation, per kind, returning field errors in Kubernetes' shape (InvalidError renders them as kubectl does).
// Kinds without specific rules still get ObjectMeta validation with their name rule.
import type { KubeObject } from '../types.js';
import type { Cluster } from '../../store/cluster.js';
import type { FieldError } from '../errors.js';
import { validateObjectMeta, subdomainName, invalid, isObj } from './common.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from './names.js';
import { validateService } from './service.js';
import { validatePod, validateWorkload } from './workloads.js';
import { validateIngress } from './ingress.js';

/** Kinds whose names are DNS-1123 labels rather than subdomains (path-segment names elsewhere are not checked here). */
const LABEL_NAMED = new Set(['Namespace']);
/** Roles and bindings accept any name that is a valid path segment. */
const PATH_SEGMENT_NAMED = new Set(['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding']);

function pathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  for (const bad of ['/', '%']) if (name.includes(bad)) return [`may not contain '${bad}'`];
  return [];
}

export function validateObject(obj: KubeObject, old: KubeObject | undefined, _cluster?: Cluster): FieldError[] {
  switch (obj.kind) {
    case 'Service':
      return validateService(obj, old);
    case 'Pod':
      return validatePod(obj, old);
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
      return validateWorkload(obj, old);
    case 'Ingress':
      return validateIngress(obj);
    case 'ConfigMap':
    case 'Secret':
      return [...validateObjectMeta(obj.metadata ?? {}, subdomainName), ...validateDataKeys(obj)];
    default: {
      const check = LABEL_NAMED.has(obj.kind) ? isDNS1123Label : PATH_SEGMENT_NAMED.has(obj.kind) ? pathSegmentName : obj.kind === 'ServiceAccount' ? isDNS1123Subdomain : subdomainName;
      void isDNS1035Label;
      return validateObjectMeta(obj.metadata ?? {}, check);
    }
  }
}

/** ConfigMap/Secret keys: `[-._a-zA-Z0-9]+`, ≤253 characters. */
function validateDataKeys(obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of obj.kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData']) {
    const data = obj[field];
    if (!isObj(data)) continue;
    for (const k of Object.keys(data)) {
      if (k.length > 253) errs.push(invalid(field, k, 'must be no more than 253 characters'));
      if (!/^[-._a-zA-Z0-9]+$/.test(k)) {
        errs.push(invalid(field, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"));
      }
    }
  }
  return errs;
}
