// The resource registry: every built-in kind kubesim knows, with kubectl's names, groups and scope.
// Kinds kubesim does not simulate (Job, NetworkPolicy, RBAC…) are still stored, listed, described and deleted.

export interface ResourceType {
  kind: string;
  group: string; // '' for the core group
  version: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
}

const t = (
  kind: string,
  group: string,
  version: string,
  plural: string,
  shortNames: string[] = [],
  namespaced = true,
): ResourceType => ({ kind, group, version, plural, singular: kind.toLowerCase(), shortNames, namespaced });

export const RESOURCE_TYPES: ResourceType[] = [
  // Simulated.
  t('Namespace', '', 'v1', 'namespaces', ['ns'], false),
  t('Node', '', 'v1', 'nodes', ['no'], false),
  t('Pod', '', 'v1', 'pods', ['po']),
  t('Service', '', 'v1', 'services', ['svc']),
  t('Endpoints', '', 'v1', 'endpoints', ['ep']),
  t('ConfigMap', '', 'v1', 'configmaps', ['cm']),
  t('Secret', '', 'v1', 'secrets'),
  t('Event', '', 'v1', 'events', ['ev']),
  t('Deployment', 'apps', 'v1', 'deployments', ['deploy']),
  t('ReplicaSet', 'apps', 'v1', 'replicasets', ['rs']),
  t('StatefulSet', 'apps', 'v1', 'statefulsets', ['sts']),
  t('EndpointSlice', 'discovery.k8s.io', 'v1', 'endpointslices'),
  t('Ingress', 'networking.k8s.io', 'v1', 'ingresses', ['ing']),
  t('IngressClass', 'networking.k8s.io', 'v1', 'ingressclasses', [], false),
  // Stored only.
  t('ServiceAccount', '', 'v1', 'serviceaccounts', ['sa']),
  t('PersistentVolume', '', 'v1', 'persistentvolumes', ['pv'], false),
  t('PersistentVolumeClaim', '', 'v1', 'persistentvolumeclaims', ['pvc']),
  t('ReplicationController', '', 'v1', 'replicationcontrollers', ['rc']),
  t('LimitRange', '', 'v1', 'limitranges', ['limits']),
  t('ResourceQuota', '', 'v1', 'resourcequotas', ['quota']),
  t('PodTemplate', '', 'v1', 'podtemplates'),
  t('DaemonSet', 'apps', 'v1', 'daemonsets', ['ds']),
  t('ControllerRevision', 'apps', 'v1', 'controllerrevisions'),
  t('Job', 'batch', 'v1', 'jobs'),
  t('CronJob', 'batch', 'v1', 'cronjobs', ['cj']),
  t('HorizontalPodAutoscaler', 'autoscaling', 'v2', 'horizontalpodautoscalers', ['hpa']),
  t('PodDisruptionBudget', 'policy', 'v1', 'poddisruptionbudgets', ['pdb']),
  t('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', ['netpol']),
  t('Role', 'rbac.authorization.k8s.io', 'v1', 'roles'),
  t('RoleBinding', 'rbac.authorization.k8s.io', 'v1', 'rolebindings'),
  t('ClusterRole', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', [], false),
  t('ClusterRoleBinding', 'rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', [], false),
  t('StorageClass', 'storage.k8s.io', 'v1', 'storageclasses', ['sc'], false),
  t('PriorityClass', 'scheduling.k8s.io', 'v1', 'priorityclasses', ['pc'], false),
  t('Lease', 'coordination.k8s.io', 'v1', 'leases'),
  t('CustomResourceDefinition', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions', ['crd', 'crds'], false),
];

const byName = new Map<string, ResourceType>();
const byKind = new Map<string, ResourceType>();
for (const rt of RESOURCE_TYPES) {
  for (const n of [rt.plural, rt.singular, ...rt.shortNames]) {
    byName.set(n, rt);
    if (rt.group) byName.set(`${n}.${rt.group}`, rt);
  }
  byKind.set(rt.kind, rt);
}

/** What `kubectl get X` accepts: plural, singular, short name, kind, optionally `.group`. Case-insensitive. */
export function resolveResourceType(name: string): ResourceType | undefined {
  const lower = name.toLowerCase();
  return byName.get(lower) ?? byKind.get(RESOURCE_TYPES.find((r) => r.kind.toLowerCase() === lower)?.kind ?? '');
}

export function resourceTypeForKind(kind: string): ResourceType | undefined {
  return byKind.get(kind);
}

export function apiVersionOf(rt: ResourceType): string {
  return rt.group ? `${rt.group}/${rt.version}` : rt.version;
}

/** The `kind[.group]` prefix kubectl prints in `service/web created`, `deployment.apps/web scaled`. */
export function qualifiedKind(rt: ResourceType): string {
  return rt.group ? `${rt.singular}.${rt.group}` : rt.singular;
}

/** The `resource[.group]` form used in API errors: `services "x" not found`, `deployments.apps "x" not found`. */
export function qualifiedResource(rt: ResourceType): string {
  return rt.group ? `${rt.plural}.${rt.group}` : rt.plural;
}

/** The resources `kubectl get all` lists, in its order. */
export const ALL_CATEGORY = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets', 'statefulsets', 'jobs', 'cronjobs'];
