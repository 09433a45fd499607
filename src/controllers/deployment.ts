// Deployment controller (pkg/controller/deployment): one ReplicaSet per pod template, named
// `<deployment>-<pod-template-hash>`; the new one is scaled to spec.replicas and older ones to 0 (kubesim's
// rollouts complete at once: every step of a rolling update happens within one command); revision annotations,
// revisionHistoryLimit cleanup, status and the Available/Progressing conditions with kubectl's reasons.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { recordEvent } from './events.js';
import { canonicalJSON, computeHash, templateWithoutHash } from './pod-template-hash.js';
import { indexByController, ownerRefTo, setCondition, values } from './workload-util.js';
import { inStoreOrder, ownedBy, ownerKeyOf, type Work } from './work.js';
import { cloneJSON } from '../store/clone.js';

const COMPONENT = 'deployment-controller';
export const REVISION = 'deployment.kubernetes.io/revision';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX = 'deployment.kubernetes.io/max-replicas';

export function run(cluster: Cluster, work?: Work): void {
  if (!work) {
    const deployments = values(cluster, 'deployments');
    if (!deployments.length) return;
    const owned = indexByController(values(cluster, 'replicasets'));
    for (const d of deployments) syncDeployment(cluster, d, owned.get(d.metadata.uid!) ?? []);
    return;
  }
  // Queue: changed Deployments, and the owners of changed or deleted ReplicaSets.
  const owners = new Map<string, string | undefined>();
  const keys = new Set<string>();
  for (const c of work.changes) {
    if (c.plural === 'deployments') keys.add(c.key);
    else if (c.plural === 'replicasets') {
      for (const o of [c.old, c.obj]) {
        const key = ownerKeyOf(cluster, 'deployments', 'Deployment', o, owners);
        if (key !== undefined) keys.add(key);
      }
    }
  }
  if (!keys.size) return;
  const lists = new Map<KubeObject, KubeObject[]>();
  const queue = inStoreOrder(cluster, 'deployments', keys);
  // Owned lists as of the start of the pass, as the full pass reads them.
  for (const d of queue) lists.set(d, ownedBy(cluster, 'replicasets', d.metadata.uid!));
  for (const d of queue) syncDeployment(cluster, d, lists.get(d)!);
}

/** An int-or-percent against a total, as intstr.GetScaledValueFromIntOrPercent (surge rounds up, unavailable down). */
export function scaled(v: unknown, total: number, roundUp: boolean, dflt: string): number {
  const s = v ?? dflt;
  if (typeof s === 'number') return s;
  const m = /^(\d+)%$/.exec(String(s));
  if (!m) return Number(s) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

function revisionOf(rs: KubeObject): number {
  return Number(rs.metadata.annotations?.[REVISION] ?? 0) || 0;
}

function syncDeployment(cluster: Cluster, d: KubeObject, rsets: KubeObject[]): void {
  const ns = d.metadata.namespace!;
  const replicas: number = d.spec?.replicas ?? 1;
  const template = d.spec?.template ?? {};
  const wanted = canonicalJSON(templateWithoutHash(template));
  let newRS = rsets.find((rs) => canonicalJSON(templateWithoutHash(rs.spec?.template)) === wanted);
  const olds = rsets.filter((rs) => rs !== newRS);
  const maxOldRevision = Math.max(0, ...olds.map(revisionOf));
  const maxSurge = scaled(d.spec?.strategy?.rollingUpdate?.maxSurge, replicas, true, '25%');
  const annotations = (rs: KubeObject, revision: string) => {
    // The Deployment's own annotations are copied to its ReplicaSets (change-cause shows in rollout history).
    const a: Record<string, string> = { ...(rs.metadata.annotations ?? {}) };
    for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
      if (k !== 'kubectl.kubernetes.io/last-applied-configuration' && !k.startsWith('deployment.kubernetes.io/')) a[k] = v;
    }
    a[DESIRED] = String(replicas);
    a[MAX] = String(replicas + (d.spec?.strategy?.type === 'Recreate' ? 0 : maxSurge));
    a[REVISION] = revision;
    return a;
  };
  let progressReason: string | undefined;

  if (d.spec?.paused) {
    writeStatus(cluster, d, newRS, rsets, undefined);
    return;
  }

  if (!newRS) {
    let collisions: number = d.status?.collisionCount ?? 0;
    let hash = computeHash(template, collisions);
    // A ReplicaSet of that name with another template: a hash collision; count it and hash again (sync.go).
    while (cluster.get('replicasets', ns, `${d.metadata.name}-${hash}`)) hash = computeHash(template, ++collisions);
    if (collisions !== (d.status?.collisionCount ?? 0)) {
      const next = cloneJSON(d);
      next.status = { ...(next.status ?? {}), collisionCount: collisions };
      cluster.update(next);
    }
    const rsTemplate = cloneJSON(template);
    rsTemplate.metadata ??= {};
    rsTemplate.metadata.labels = { ...(rsTemplate.metadata.labels ?? {}), 'pod-template-hash': hash };
    const selector = cloneJSON(d.spec?.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), 'pod-template-hash': hash };
    const rs: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`,
        namespace: ns,
        labels: { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash },
        annotations: {},
        ownerReferences: [ownerRefTo(d)],
      },
      // Created at its full size: kubesim's rollouts complete at once (the event below says so).
      spec: { replicas, selector, template: rsTemplate },
      status: { replicas: 0 },
    };
    if (d.spec?.minReadySeconds) rs.spec.minReadySeconds = d.spec.minReadySeconds;
    rs.metadata.annotations = annotations(rs, String(maxOldRevision + 1));
    newRS = cluster.create(rs);
    if (replicas > 0) recordEvent(cluster, d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${newRS.metadata.name} from 0 to ${replicas}`, COMPONENT);
    progressReason = 'NewReplicaSetCreated';
  } else if (revisionOf(newRS) <= maxOldRevision) {
    // Rolled back to an older template: its ReplicaSet becomes the newest revision again (rollback.go).
    const next = cloneJSON(newRS);
    const history = [next.metadata.annotations?.[REVISION_HISTORY], next.metadata.annotations?.[REVISION]].filter(Boolean).join(',');
    next.metadata.annotations = annotations(next, String(maxOldRevision + 1));
    if (history) next.metadata.annotations[REVISION_HISTORY] = history;
    cluster.update(next);
    newRS = cluster.get('replicasets', ns, next.metadata.name!)!;
    progressReason = 'FoundNewReplicaSet';
  } else {
    const next = cloneJSON(newRS);
    next.metadata.annotations = annotations(next, next.metadata.annotations?.[REVISION] ?? String(maxOldRevision + 1));
    cluster.update(next);
    newRS = cluster.get('replicasets', ns, next.metadata.name!)!;
  }

  // The rollout, completed at once: new ReplicaSet up to the desired count, the old ones down to zero.
  scaleRS(cluster, d, newRS, replicas);
  for (const old of olds) scaleRS(cluster, d, old, 0);
  newRS = cluster.get('replicasets', ns, newRS.metadata.name!)!;

  // Old ReplicaSets beyond revisionHistoryLimit (default 10) are deleted, oldest revision first.
  const limit: number = d.spec?.revisionHistoryLimit ?? 10;
  const idle = olds
    .map((rs) => cluster.get('replicasets', ns, rs.metadata.name!)!)
    .filter((rs) => rs && (rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0)
    .sort((a, b) => revisionOf(a) - revisionOf(b));
  for (const rs of idle.slice(0, Math.max(0, idle.length - limit))) cluster.remove('replicasets', ns, rs.metadata.name!);

  const current = [newRS, ...olds.map((rs) => cluster.get('replicasets', ns, rs.metadata.name!)).filter((x): x is KubeObject => Boolean(x))];
  writeStatus(cluster, d, newRS, current, progressReason);
}

function scaleRS(cluster: Cluster, d: KubeObject, rs: KubeObject, to: number): void {
  const from = rs.spec?.replicas ?? 0;
  if (from === to) return;
  const next = cloneJSON(rs);
  next.spec.replicas = to;
  next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [DESIRED]: String(d.spec?.replicas ?? 1) };
  cluster.update(next);
  const verb = to > from ? 'up' : 'down';
  recordEvent(cluster, d, 'Normal', 'ScalingReplicaSet', `Scaled ${verb} replica set ${rs.metadata.name} from ${from} to ${to}`, COMPONENT);
}

function writeStatus(cluster: Cluster, d: KubeObject, newRS: KubeObject | undefined, rsets: KubeObject[], progressReason: string | undefined): void {
  const replicas: number = d.spec?.replicas ?? 1;
  let total = 0;
  let ready = 0;
  let available = 0;
  for (const rs of rsets) {
    total += rs.status?.replicas ?? 0;
    ready += rs.status?.readyReplicas ?? 0;
    available += rs.status?.availableReplicas ?? 0;
  }
  const updated = newRS?.status?.replicas ?? 0;
  const now = cluster.timestamp();
  const status: any = {};
  if (available) status.availableReplicas = available;
  if (d.status?.collisionCount) status.collisionCount = d.status.collisionCount;
  let conditions: any[] = cloneJSON(d.status?.conditions ?? []);
  const maxUnavailable = d.spec?.strategy?.type === 'Recreate' ? 0 : scaled(d.spec?.strategy?.rollingUpdate?.maxUnavailable, replicas, false, '25%');
  const minAvailable = replicas - maxUnavailable;
  const times = ['lastUpdateTime', 'lastTransitionTime'];
  conditions = setCondition(
    conditions,
    available >= minAvailable
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' },
    now,
    times,
  );
  if (newRS) {
    const name = newRS.metadata.name;
    const complete = updated === replicas && available === replicas && total === replicas;
    let cond;
    if (d.spec?.paused) cond = { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' };
    else if (complete) cond = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}" has successfully progressed.` };
    else if (progressReason === 'NewReplicaSetCreated') cond = { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${name}"` };
    else if (progressReason === 'FoundNewReplicaSet') cond = { type: 'Progressing', status: 'True', reason: 'FoundNewReplicaSet', message: `Found new replica set "${name}"` };
    else cond = { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.` };
    conditions = setCondition(conditions, cond, now, times);
  }
  status.conditions = conditions;
  status.observedGeneration = d.metadata.generation ?? 1;
  if (ready) status.readyReplicas = ready;
  status.replicas = total;
  const unavailable = replicas - available;
  if (unavailable > 0) status.unavailableReplicas = unavailable;
  if (updated) status.updatedReplicas = updated;
  const next = cloneJSON(d);
  next.status = status;
  const rev = newRS?.metadata.annotations?.[REVISION];
  if (rev) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [REVISION]: rev };
  cluster.update(next);
}
