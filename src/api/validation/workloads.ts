// Pods, pod templates and the controllers that own them (pkg/apis/core/validation ValidatePodSpec,
// pkg/apis/apps/validation ValidateDeployment/ReplicaSet/StatefulSet/DaemonSet), the rules users hit in practice.
import type { FieldError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { matchesSelector } from '../labels.js';
import { duplicate, immutable, stableJson, invalid, isObj, required, subdomainName, unsupported, validateLabels, validateObjectMeta, type Obj } from './common.js';
import { PORT_RANGE_MSG, isDNS1123Label, isValidPortName, isValidPortNum } from './names.js';

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateContainers(list: unknown, path: string, names: Set<string>, requireSome: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const containers = arr(list);
  if (requireSome && containers.length === 0) errs.push(required(path));
  containers.forEach((raw, i) => {
    const c: Obj = isObj(raw) ? raw : {};
    const p = `${path}[${i}]`;
    if (!c.name) errs.push(required(`${p}.name`));
    else {
      for (const m of isDNS1123Label(String(c.name))) errs.push(invalid(`${p}.name`, c.name, m));
      if (names.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
      names.add(c.name);
    }
    if (!c.image) errs.push(required(`${p}.image`));
    if (c.imagePullPolicy && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy)) {
      errs.push(unsupported(`${p}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
    }
    const portNames = new Set<string>();
    arr(c.ports).forEach((rawPort, j) => {
      const port: Obj = isObj(rawPort) ? rawPort : {};
      const pp = `${p}.ports[${j}]`;
      if (port.name) {
        for (const m of isValidPortName(String(port.name))) errs.push(invalid(`${pp}.name`, port.name, m));
        if (portNames.has(port.name)) errs.push(duplicate(`${pp}.name`, port.name));
        portNames.add(port.name);
      }
      if (!isValidPortNum(port.containerPort)) errs.push(invalid(`${pp}.containerPort`, port.containerPort ?? 0, PORT_RANGE_MSG));
      if (port.hostPort && !isValidPortNum(port.hostPort)) errs.push(invalid(`${pp}.hostPort`, port.hostPort, PORT_RANGE_MSG));
      if (!port.protocol) errs.push(required(`${pp}.protocol`));
      else if (!PROTOCOLS.includes(port.protocol)) errs.push(unsupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
    });
  });
  return errs;
}

/** ValidatePodSpec, for Pods and templates. `restartPolicies` narrows what owners allow (Deployments: Always). */
export function validatePodSpec(spec: Obj, path: string, restartPolicies = ['Always', 'Never', 'OnFailure']): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  errs.push(...validateContainers(spec.initContainers, `${path}.initContainers`, names, false));
  errs.push(...validateContainers(spec.containers, `${path}.containers`, names, true));
  if (spec.restartPolicy && !restartPolicies.includes(spec.restartPolicy)) errs.push(unsupported(`${path}.restartPolicy`, spec.restartPolicy, restartPolicies));
  const dnsPolicies = ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'];
  if (spec.dnsPolicy && !dnsPolicies.includes(spec.dnsPolicy)) errs.push(unsupported(`${path}.dnsPolicy`, spec.dnsPolicy, dnsPolicies));
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, 'must be greater than or equal to 0'));
  }
  if (spec.hostname) for (const m of isDNS1123Label(String(spec.hostname))) errs.push(invalid(`${path}.hostname`, spec.hostname, m));
  if (spec.subdomain) for (const m of isDNS1123Label(String(spec.subdomain))) errs.push(invalid(`${path}.subdomain`, spec.subdomain, m));
  const volumes = new Set<string>();
  arr(spec.volumes).forEach((raw, i) => {
    const v: Obj = isObj(raw) ? raw : {};
    if (!v.name) errs.push(required(`${path}.volumes[${i}].name`));
    else {
      for (const m of isDNS1123Label(String(v.name))) errs.push(invalid(`${path}.volumes[${i}].name`, v.name, m));
      if (volumes.has(v.name)) errs.push(duplicate(`${path}.volumes[${i}].name`, v.name));
      volumes.add(v.name);
    }
  });
  return errs;
}

export function validatePod(pod: KubeObject, old: KubeObject | undefined): FieldError[] {
  const errs = validateObjectMeta(pod.metadata ?? {}, subdomainName);
  errs.push(...validatePodSpec(isObj(pod.spec) ? pod.spec : {}, 'spec'));
  if (old) {
    // Pod updates may only change images, activeDeadlineSeconds, tolerations (additions) and a few more.
    const strip = (s: Obj) => {
      const c = structuredClone(s ?? {});
      for (const k of ['containers', 'initContainers']) for (const x of arr(c[k])) if (isObj(x)) delete x.image;
      delete c.activeDeadlineSeconds;
      delete c.tolerations;
      delete c.terminationGracePeriodSeconds;
      delete c.nodeName; // set by the scheduler through binding
      return c;
    };
    if (stableJson(strip(pod.spec)) !== stableJson(strip(old.spec))) {
      errs.push({
        field: 'spec',
        type: 'Forbidden',
        detail: 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
      });
    }
  }
  return errs;
}

function validateSelector(selector: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!isObj(selector)) return errs;
  errs.push(...validateLabels(selector.matchLabels, `${path}.matchLabels`));
  arr(selector.matchExpressions).forEach((raw, i) => {
    const e: Obj = isObj(raw) ? raw : {};
    const p = `${path}.matchExpressions[${i}]`;
    const ops = ['DoesNotExist', 'Exists', 'In', 'NotIn'];
    if (!ops.includes(e.operator)) errs.push(invalid(`${p}.operator`, e.operator ?? '', 'not a valid selector operator'));
    else if ((e.operator === 'In' || e.operator === 'NotIn') && arr(e.values).length === 0) {
      errs.push(required(`${p}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && arr(e.values).length > 0) {
      errs.push({ field: `${p}.values`, type: 'Forbidden', detail: 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\'' });
    }
  });
  return errs;
}

/** Deployments, ReplicaSets, StatefulSets, DaemonSets: selector, template labels, replicas, pod template. */
function validateWorkloadSpec(kind: string, spec: Obj, hasReplicas: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (hasReplicas && spec.replicas !== undefined && !(typeof spec.replicas === 'number' && spec.replicas >= 0)) {
    errs.push(invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  }
  const selector = spec.selector;
  const empty = isObj(selector) && Object.keys(selector.matchLabels ?? {}).length === 0 && arr(selector.matchExpressions).length === 0;
  if (!isObj(selector)) errs.push(required('spec.selector'));
  else {
    errs.push(...validateSelector(selector, 'spec.selector'));
    if (empty) errs.push(invalid('spec.selector', selector, `empty selector is invalid for ${kind.toLowerCase()}`));
  }
  const template = isObj(spec.template) ? spec.template : undefined;
  if (!template) {
    errs.push(required('spec.template'));
    return errs;
  }
  const labels = isObj(template.metadata?.labels) ? template.metadata.labels : {};
  if (isObj(selector) && !empty && !matchesSelector(labels, selector)) {
    errs.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
  }
  errs.push(...validateLabels(template.metadata?.labels, 'spec.template.metadata.labels'));
  const policies = kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet' || kind === 'DaemonSet' ? ['Always'] : undefined;
  errs.push(...validatePodSpec(isObj(template.spec) ? template.spec : {}, 'spec.template.spec', policies));
  return errs;
}

export function validateWorkload(obj: KubeObject, old: KubeObject | undefined): FieldError[] {
  const errs = validateObjectMeta(obj.metadata ?? {}, subdomainName);
  const spec: Obj = isObj(obj.spec) ? obj.spec : {};
  errs.push(...validateWorkloadSpec(obj.kind, spec, obj.kind !== 'DaemonSet'));
  if (obj.kind === 'Deployment') {
    const s = spec.strategy;
    if (isObj(s) && s.type && !['Recreate', 'RollingUpdate'].includes(s.type)) errs.push(unsupported('spec.strategy.type', s.type, ['Recreate', 'RollingUpdate']));
    if (isObj(s) && s.type === 'Recreate' && s.rollingUpdate) errs.push({ field: 'spec.strategy.rollingUpdate', type: 'Forbidden', detail: 'may not be specified when strategy `type` is \'Recreate\'' });
  }
  if (obj.kind === 'StatefulSet') {
    const p = spec.podManagementPolicy;
    if (p && !['OrderedReady', 'Parallel'].includes(p)) errs.push(unsupported('spec.podManagementPolicy', p, ['OrderedReady', 'Parallel']));
  }
  if (old && isObj(old.spec)) {
    errs.push(...immutable('spec.selector', spec.selector, old.spec.selector));
    if (obj.kind === 'StatefulSet') {
      const keep = (s: Obj) => {
        const c = structuredClone(s);
        for (const k of ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds']) delete c[k];
        return stableJson(c);
      };
      if (keep(spec) !== keep(old.spec)) {
        errs.push({ field: 'spec', type: 'Forbidden', detail: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden" });
      }
    }
  }
  return errs;
}
