// Defaulting, as the API server fills in what the user left out: the v1 SetDefaults_* functions, the registry
// strategies' PrepareForCreate/PrepareForUpdate (status reset, Service IP-family normalisation, values kept from the
// old object), and the admission plugins every kind cluster runs (ServiceAccount, Priority, DefaultTolerationSeconds).
// Pure: changes `obj` in place, never touches the cluster.
import type { KubeObject } from './types.js';
import type { Cluster } from '../store/cluster.js';
import { ADMISSION_TOLERATION_KEYS, admissionToleration } from './pod-constraints.js';

type Obj = Record<string, any>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const setIfMissing = (o: Obj, key: string, value: unknown) => {
  if (o[key] === undefined || o[key] === null || o[key] === '') o[key] = value;
};

/** Kinds whose status the user never writes: reset on create, kept from the stored object on update. */
const STATUS_OWNED_BY_SERVER = new Set([
  'Service', 'Pod', 'Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Namespace', 'Node',
  'Ingress', 'PersistentVolumeClaim', 'PersistentVolume', 'ReplicationController', 'HorizontalPodAutoscaler',
  'PodDisruptionBudget', 'ResourceQuota', 'CustomResourceDefinition',
]);

export function applyDefaults(obj: KubeObject, old: KubeObject | undefined, _cluster?: Cluster): void {
  resetStatus(obj, old);
  switch (obj.kind) {
    case 'Service':
      defaultService(obj, old);
      break;
    case 'Pod':
      obj.spec ??= {};
      defaultPodSpec(obj.spec);
      defaultPodAdmission(obj.spec);
      if (!old) obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec) };
      break;
    case 'Deployment':
      defaultDeployment(obj);
      break;
    case 'ReplicaSet':
    case 'ReplicationController':
      obj.spec ??= {};
      setIfMissing(obj.spec, 'replicas', 1);
      defaultTemplate(obj.spec);
      break;
    case 'StatefulSet':
      defaultStatefulSet(obj);
      break;
    case 'DaemonSet':
      defaultDaemonSet(obj);
      break;
    case 'Job':
      obj.spec ??= {};
      defaultJobSpec(obj.spec);
      break;
    case 'CronJob':
      obj.spec ??= {};
      setIfMissing(obj.spec, 'concurrencyPolicy', 'Allow');
      setIfMissing(obj.spec, 'suspend', false);
      setIfMissing(obj.spec, 'successfulJobsHistoryLimit', 3);
      setIfMissing(obj.spec, 'failedJobsHistoryLimit', 1);
      if (isObj(obj.spec.jobTemplate)) {
        obj.spec.jobTemplate.spec ??= {};
        defaultJobSpec(obj.spec.jobTemplate.spec);
      }
      break;
    case 'Namespace':
      defaultNamespace(obj);
      break;
    case 'Secret':
      setIfMissing(obj, 'type', 'Opaque');
      break;
    case 'Endpoints':
      for (const s of Array.isArray(obj.subsets) ? obj.subsets : []) for (const p of Array.isArray(s?.ports) ? s.ports : []) if (isObj(p)) setIfMissing(p, 'protocol', 'TCP');
      break;
    case 'EndpointSlice':
      for (const p of Array.isArray(obj.ports) ? obj.ports : []) if (isObj(p)) setIfMissing(p, 'protocol', 'TCP');
      break;
    case 'PersistentVolumeClaim':
      obj.spec ??= {};
      setIfMissing(obj.spec, 'volumeMode', 'Filesystem');
      if (!old) obj.status = { phase: 'Pending' };
      break;
  }
}

function resetStatus(obj: KubeObject, old: KubeObject | undefined): void {
  if (!STATUS_OWNED_BY_SERVER.has(obj.kind)) return;
  if (old) {
    if (old.status === undefined) delete obj.status;
    else obj.status = structuredClone(old.status);
  } else {
    obj.status = obj.kind === 'Service' || obj.kind === 'Ingress' ? { loadBalancer: {} } : {};
  }
}

// ---- Service (pkg/apis/core/v1/defaults.go, pkg/registry/core/service) ----

const isHeadless = (spec: Obj) => spec.clusterIP === 'None' || (Array.isArray(spec.clusterIPs) && spec.clusterIPs[0] === 'None');
const hasSelector = (spec: Obj) => isObj(spec.selector) && Object.keys(spec.selector).length > 0;
export const needsNodePort = (spec: Obj) => spec.type === 'NodePort' || spec.type === 'LoadBalancer';
export const externallyAccessible = (spec: Obj) =>
  needsNodePort(spec) || (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);

function defaultService(svc: KubeObject, old: KubeObject | undefined): void {
  const spec: Obj = (svc.spec ??= {});
  setIfMissing(spec, 'type', 'ClusterIP');
  setIfMissing(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    spec.sessionAffinityConfig = isObj(spec.sessionAffinityConfig) ? spec.sessionAffinityConfig : {};
    spec.sessionAffinityConfig.clientIP = isObj(spec.sessionAffinityConfig.clientIP) ? spec.sessionAffinityConfig.clientIP : {};
    setIfMissing(spec.sessionAffinityConfig.clientIP, 'timeoutSeconds', 10800);
  }
  for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
    if (!isObj(p)) continue;
    setIfMissing(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (old) keepAllocatedValues(spec, old.spec ?? {});
  if (old) wipeTypeDependentFields(svc, old);
  if (spec.type === 'ExternalName') return; // no IPs, families or traffic policies
  if (externallyAccessible(spec)) setIfMissing(spec, 'externalTrafficPolicy', 'Cluster');
  setIfMissing(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
  // clusterIP and clusterIPs mirror each other.
  if (spec.clusterIP && (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0)) spec.clusterIPs = [spec.clusterIP];
  if (!spec.clusterIP && Array.isArray(spec.clusterIPs) && typeof spec.clusterIPs[0] === 'string' && spec.clusterIPs[0]) spec.clusterIP = spec.clusterIPs[0];
  // IP families (registry): headless and selector-less Services ask for both families.
  const headlessSelectorless = isHeadless(spec) && !hasSelector(spec);
  if (spec.ipFamilyPolicy === undefined || spec.ipFamilyPolicy === null || spec.ipFamilyPolicy === '') {
    spec.ipFamilyPolicy = headlessSelectorless ? 'RequireDualStack' : 'SingleStack';
  }
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) {
    const fromIPs = (Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [])
      .filter((ip: unknown) => typeof ip === 'string' && ip !== 'None' && ip !== '')
      .map((ip: string) => (ip.includes(':') ? 'IPv6' : 'IPv4'));
    const primary = fromIPs[0] ?? 'IPv4';
    spec.ipFamilies = headlessSelectorless && spec.ipFamilyPolicy === 'RequireDualStack' ? [primary, primary === 'IPv4' ? 'IPv6' : 'IPv4'] : fromIPs.length ? fromIPs : [primary];
  }
}

/** PUT without the values the server allocated keeps them (registry patchAllocatedValues). */
function keepAllocatedValues(spec: Obj, oldSpec: Obj): void {
  const wasExternalName = oldSpec.type === 'ExternalName';
  if (spec.type !== 'ExternalName' && !wasExternalName) {
    if (!spec.clusterIP && (!Array.isArray(spec.clusterIPs) || spec.clusterIPs.length === 0)) {
      if (oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
      if (Array.isArray(oldSpec.clusterIPs)) spec.clusterIPs = [...oldSpec.clusterIPs];
    }
  }
  if (needsNodePort(oldSpec) && needsNodePort(spec)) {
    const oldPorts: Obj[] = Array.isArray(oldSpec.ports) ? oldSpec.ports.filter(isObj) : [];
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
      if (!isObj(p) || p.nodePort) continue;
      const match = oldPorts.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === p.protocol && o.nodePort);
      if (match) p.nodePort = match.nodePort;
    }
    if (spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local' && !spec.healthCheckNodePort && oldSpec.healthCheckNodePort) {
      spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
    }
  }
}

/** Changing type wipes what only made sense for the old type, when the user left it as it was. */
function wipeTypeDependentFields(svc: KubeObject, old: KubeObject): void {
  const spec: Obj = svc.spec;
  const oldSpec: Obj = old.spec ?? {};
  if (spec.type === 'ExternalName' && oldSpec.type !== 'ExternalName') {
    if (spec.clusterIP === oldSpec.clusterIP) delete spec.clusterIP;
    if (JSON.stringify(spec.clusterIPs) === JSON.stringify(oldSpec.clusterIPs)) delete spec.clusterIPs;
    if (JSON.stringify(spec.ipFamilies) === JSON.stringify(oldSpec.ipFamilies)) delete spec.ipFamilies;
    if (spec.ipFamilyPolicy === oldSpec.ipFamilyPolicy) delete spec.ipFamilyPolicy;
    if (spec.internalTrafficPolicy === oldSpec.internalTrafficPolicy) delete spec.internalTrafficPolicy;
  }
  if (needsNodePort(oldSpec) && !needsNodePort(spec)) {
    const oldPorts: Obj[] = Array.isArray(oldSpec.ports) ? oldSpec.ports.filter(isObj) : [];
    for (const p of Array.isArray(spec.ports) ? spec.ports : []) {
      if (isObj(p) && p.nodePort && oldPorts.some((o) => o.nodePort === p.nodePort)) delete p.nodePort;
    }
    if (!externallyAccessible(spec) && spec.externalTrafficPolicy === oldSpec.externalTrafficPolicy) delete spec.externalTrafficPolicy;
  }
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts;
    if (spec.loadBalancerClass === oldSpec.loadBalancerClass) delete spec.loadBalancerClass;
    if (spec.healthCheckNodePort === oldSpec.healthCheckNodePort) delete spec.healthCheckNodePort;
    svc.status = { loadBalancer: {} };
  }
}

// ---- Pods and pod templates ----

/** What the image's tag implies: `:latest` or no tag pulls every time (SetDefaults_Container). */
export function defaultPullPolicy(image: unknown): string {
  if (typeof image !== 'string') return 'IfNotPresent';
  if (image.includes('@')) return 'IfNotPresent';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return 'Always';
  return lastSegment.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultProbe(p: unknown): void {
  if (!isObj(p)) return;
  setIfMissing(p, 'timeoutSeconds', 1);
  setIfMissing(p, 'periodSeconds', 10);
  setIfMissing(p, 'successThreshold', 1);
  setIfMissing(p, 'failureThreshold', 3);
  if (isObj(p.httpGet)) setIfMissing(p.httpGet, 'scheme', 'HTTP');
  if (isObj(p.grpc) && p.grpc.service === undefined) p.grpc.service = '';
}

function defaultContainer(c: unknown): void {
  if (!isObj(c)) return;
  setIfMissing(c, 'imagePullPolicy', defaultPullPolicy(c.image));
  setIfMissing(c, 'terminationMessagePath', '/dev/termination-log');
  setIfMissing(c, 'terminationMessagePolicy', 'File');
  if (c.resources === undefined || c.resources === null) c.resources = {};
  for (const p of Array.isArray(c.ports) ? c.ports : []) if (isObj(p)) setIfMissing(p, 'protocol', 'TCP');
  for (const e of Array.isArray(c.env) ? c.env : []) {
    if (isObj(e) && isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef)) setIfMissing(e.valueFrom.fieldRef, 'apiVersion', 'v1');
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  for (const hook of [c.lifecycle?.postStart, c.lifecycle?.preStop]) if (isObj(hook) && isObj(hook.httpGet)) setIfMissing(hook.httpGet, 'scheme', 'HTTP');
}

function defaultVolume(v: unknown): void {
  if (!isObj(v)) return;
  for (const key of ['configMap', 'secret', 'downwardAPI', 'projected']) if (isObj(v[key])) setIfMissing(v[key], 'defaultMode', 420);
  if (isObj(v.hostPath) && v.hostPath.type === undefined) v.hostPath.type = '';
  if (isObj(v.downwardAPI)) for (const i of Array.isArray(v.downwardAPI.items) ? v.downwardAPI.items : []) if (isObj(i?.fieldRef)) setIfMissing(i.fieldRef, 'apiVersion', 'v1');
}

/** SetDefaults_PodSpec and its containers: also used for every pod template. */
export function defaultPodSpec(spec: Obj): void {
  setIfMissing(spec, 'dnsPolicy', 'ClusterFirst');
  setIfMissing(spec, 'restartPolicy', 'Always');
  setIfMissing(spec, 'terminationGracePeriodSeconds', 30);
  setIfMissing(spec, 'schedulerName', 'default-scheduler');
  if (spec.securityContext === undefined || spec.securityContext === null) spec.securityContext = {};
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork === true && spec.dnsPolicy === undefined) spec.dnsPolicy = 'ClusterFirst';
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) defaultContainer(c);
  for (const c of Array.isArray(spec.initContainers) ? spec.initContainers : []) defaultContainer(c);
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) defaultVolume(v);
}

/** What admission adds to a Pod (not to templates): service account, priority, default tolerations. */
function defaultPodAdmission(spec: Obj): void {
  setIfMissing(spec, 'serviceAccountName', 'default');
  setIfMissing(spec, 'serviceAccount', spec.serviceAccountName);
  if (spec.priority === undefined) spec.priority = 0;
  setIfMissing(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  const tolerations: Obj[] = Array.isArray(spec.tolerations) ? spec.tolerations : [];
  for (const key of ADMISSION_TOLERATION_KEYS) {
    const has = tolerations.some((t) => isObj(t) && (t.key === key || (t.operator === 'Exists' && !t.key)) && (t.effect === 'NoExecute' || !t.effect));
    if (!has) tolerations.push(admissionToleration(key));
  }
  spec.tolerations = tolerations;
}

/** The pod's QoS class, as the API server records it on create. */
export function qosClass(spec: Obj): string {
  const containers: Obj[] = [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])].filter(isObj);
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = isObj(c.resources?.requests) ? c.resources.requests : {};
    const lim = isObj(c.resources?.limits) ? c.resources.limits : {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined) guaranteed = false;
      else if (req[r] !== undefined && String(req[r]) !== String(lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function defaultTemplate(spec: Obj): void {
  if (!isObj(spec.template)) return;
  spec.template.spec ??= {};
  if (isObj(spec.template.spec)) defaultPodSpec(spec.template.spec);
}

// ---- Workloads ----

function defaultDeployment(d: KubeObject): void {
  const spec: Obj = (d.spec ??= {});
  setIfMissing(spec, 'replicas', 1);
  spec.strategy = isObj(spec.strategy) ? spec.strategy : {};
  setIfMissing(spec.strategy, 'type', 'RollingUpdate');
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate = isObj(spec.strategy.rollingUpdate) ? spec.strategy.rollingUpdate : {};
    setIfMissing(spec.strategy.rollingUpdate, 'maxUnavailable', '25%');
    setIfMissing(spec.strategy.rollingUpdate, 'maxSurge', '25%');
  }
  setIfMissing(spec, 'revisionHistoryLimit', 10);
  setIfMissing(spec, 'progressDeadlineSeconds', 600);
  defaultTemplate(spec);
}

function defaultStatefulSet(s: KubeObject): void {
  const spec: Obj = (s.spec ??= {});
  setIfMissing(spec, 'replicas', 1);
  setIfMissing(spec, 'podManagementPolicy', 'OrderedReady');
  spec.updateStrategy = isObj(spec.updateStrategy) ? spec.updateStrategy : {};
  setIfMissing(spec.updateStrategy, 'type', 'RollingUpdate');
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate = isObj(spec.updateStrategy.rollingUpdate) ? spec.updateStrategy.rollingUpdate : {};
    if (spec.updateStrategy.rollingUpdate.partition === undefined) spec.updateStrategy.rollingUpdate.partition = 0;
  }
  setIfMissing(spec, 'revisionHistoryLimit', 10);
  spec.persistentVolumeClaimRetentionPolicy = isObj(spec.persistentVolumeClaimRetentionPolicy) ? spec.persistentVolumeClaimRetentionPolicy : {};
  setIfMissing(spec.persistentVolumeClaimRetentionPolicy, 'whenDeleted', 'Retain');
  setIfMissing(spec.persistentVolumeClaimRetentionPolicy, 'whenScaled', 'Retain');
  for (const pvc of Array.isArray(spec.volumeClaimTemplates) ? spec.volumeClaimTemplates : []) {
    if (!isObj(pvc)) continue;
    pvc.spec = isObj(pvc.spec) ? pvc.spec : {};
    setIfMissing(pvc.spec, 'volumeMode', 'Filesystem');
    if (pvc.status === undefined) pvc.status = { phase: 'Pending' };
  }
  defaultTemplate(spec);
}

function defaultDaemonSet(d: KubeObject): void {
  const spec: Obj = (d.spec ??= {});
  spec.updateStrategy = isObj(spec.updateStrategy) ? spec.updateStrategy : {};
  setIfMissing(spec.updateStrategy, 'type', 'RollingUpdate');
  if (spec.updateStrategy.type === 'RollingUpdate') {
    spec.updateStrategy.rollingUpdate = isObj(spec.updateStrategy.rollingUpdate) ? spec.updateStrategy.rollingUpdate : {};
    setIfMissing(spec.updateStrategy.rollingUpdate, 'maxUnavailable', 1);
    setIfMissing(spec.updateStrategy.rollingUpdate, 'maxSurge', 0);
  }
  setIfMissing(spec, 'revisionHistoryLimit', 10);
  defaultTemplate(spec);
}

function defaultJobSpec(spec: Obj): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (spec.parallelism === undefined) spec.parallelism = 1;
  setIfMissing(spec, 'backoffLimit', 6);
  setIfMissing(spec, 'completionMode', 'NonIndexed');
  if (spec.suspend === undefined) spec.suspend = false;
  setIfMissing(spec, 'podReplacementPolicy', 'TerminatingOrFailed');
  if (isObj(spec.template)) {
    spec.template.spec ??= {};
    // A Job's pods must not restart forever; the template keeps what the user chose (validation requires it).
    const rp = spec.template.spec.restartPolicy;
    defaultPodSpec(spec.template.spec);
    if (rp === undefined) delete spec.template.spec.restartPolicy;
  }
}

function defaultNamespace(ns: KubeObject): void {
  // The NamespaceDefaultLabelName admission: every namespace carries its own name as a label.
  if (ns.metadata.name) ns.metadata.labels = { ...(ns.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns.metadata.name };
  ns.spec = isObj(ns.spec) ? ns.spec : {};
  if (!Array.isArray(ns.spec.finalizers)) ns.spec.finalizers = ['kubernetes'];
  if (!isObj(ns.status) || !ns.status.phase) ns.status = { ...(isObj(ns.status) ? ns.status : {}), phase: 'Active' };
}
