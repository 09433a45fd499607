// StatefulSet controller (pkg/controller/statefulset): pods `<sts>-<ordinal>` with stable identity (hostname =
// pod name, subdomain = serviceName). OrderedReady (default): pod N+1 is created only once pods 0..N are Running
// and Ready, and scale-down removes the highest ordinal first; Parallel creates/deletes all at once. A template
// change rolls pods from the highest ordinal down (RollingUpdate); status as upstream.
import type { KubeObject } from '../api/types.js';
import type { Cluster } from '../store/cluster.js';
import { recordEvent } from './events.js';
import { killPod } from './events-util.js';
import { computeHash } from './pod-template-hash.js';
import { indexByController, isPodActive, isPodReady, podFromTemplate, values } from './workload-util.js';
import { inStoreOrder, ownedBy, ownerKeyOf, runNow, type Work } from './work.js';
import { run as runScheduler } from './scheduler.js';
import { run as runKubelet } from './kubelet.js';
import { cloneJSON } from '../store/clone.js';

const COMPONENT = 'statefulset-controller';
const REVISION_LABEL = 'controller-revision-hash';

export function run(cluster: Cluster, work?: Work): void {
  if (!work) {
    const sets = values(cluster, 'statefulsets');
    if (!sets.length) return;
    const owned = indexByController(values(cluster, 'pods'));
    for (const sts of sets) sync(cluster, sts, owned.get(sts.metadata.uid!) ?? []);
    return;
  }
  // Queue: changed StatefulSets and the owners of changed or deleted pods.
  const owners = new Map<string, string | undefined>();
  const keys = new Set<string>();
  for (const c of work.changes) {
    if (c.plural === 'statefulsets') keys.add(c.key);
    else if (c.plural === 'pods') {
      for (const o of [c.old, c.obj]) {
        const key = ownerKeyOf(cluster, 'statefulsets', 'StatefulSet', o, owners);
        if (key !== undefined) keys.add(key);
      }
    }
  }
  if (!keys.size) return;
  const queue = inStoreOrder(cluster, 'statefulsets', keys);
  const lists = queue.map((sts) => ownedBy(cluster, 'pods', sts.metadata.uid!));
  queue.forEach((sts, i) => sync(cluster, sts, lists[i]));
}

function ordinalOf(sts: KubeObject, pod: KubeObject): number {
  const prefix = `${sts.metadata.name}-`;
  const name = pod.metadata.name ?? '';
  if (!name.startsWith(prefix)) return -1;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : -1;
}

function sync(cluster: Cluster, sts: KubeObject, pods: KubeObject[]): void {
  const ns = sts.metadata.namespace!;
  const name = sts.metadata.name!;
  const replicas: number = sts.spec?.replicas ?? 1;
  const start: number = sts.spec?.ordinals?.start ?? 0;
  const parallel = sts.spec?.podManagementPolicy === 'Parallel';
  const revision = `${name}-${computeHash(sts.spec?.template)}`;
  const byOrdinal = new Map<number, KubeObject>();
  for (const p of pods) {
    const o = ordinalOf(sts, p);
    if (o >= 0 && isPodActive(p)) byOrdinal.set(o, p);
  }
  const healthy = (p: KubeObject | undefined) => Boolean(p && p.status?.phase === 'Running' && isPodReady(p));

  // Create missing pods in ordinal order; OrderedReady waits for each predecessor to be Running and Ready.
  for (let o = start; o < start + replicas; o++) {
    let pod = byOrdinal.get(o);
    if (!pod) {
      const podName = `${name}-${o}`;
      const p = podFromTemplate(sts.spec?.template, ns, sts, {
        name: podName,
        labels: { 'apps.kubernetes.io/pod-index': String(o), [REVISION_LABEL]: revision, 'statefulset.kubernetes.io/pod-name': podName },
      });
      p.spec.hostname = podName;
      if (sts.spec?.serviceName) p.spec.subdomain = sts.spec.serviceName;
      if (cluster.get('pods', ns, podName)) continue; // an old pod of that name still terminating
      pod = cluster.create(p);
      byOrdinal.set(o, pod);
      recordEvent(cluster, sts, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${name} successful`, COMPONENT);
      if (!parallel && o + 1 < start + replicas) {
        // OrderedReady needs this pod Running and Ready before the next: let the scheduler and kubelet act now
        // rather than one control-loop round per ordinal (which would not settle for large sets).
        runNow(cluster, 'scheduler', runScheduler);
        runNow(cluster, 'kubelet', runKubelet);
        pod = cluster.get('pods', ns, podName)!;
        byOrdinal.set(o, pod);
      }
    }
    if (!parallel && !healthy(pod)) break;
  }

  // Scale down: highest ordinal first; OrderedReady removes one at a time, once the others are healthy.
  const extra = [...byOrdinal.keys()].filter((o) => o < start || o >= start + replicas).sort((a, b) => b - a);
  for (const o of extra) {
    const pod = byOrdinal.get(o)!;
    if (!parallel && [...byOrdinal.entries()].some(([k, p]) => k < o && !healthy(p))) break;
    killPod(cluster, pod);
    byOrdinal.delete(o);
    recordEvent(cluster, sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`, COMPONENT);
    if (!parallel) break;
  }

  // RollingUpdate: once every pod is healthy, replace the highest-ordinal pod still on an old revision.
  if (sts.spec?.updateStrategy?.type !== 'OnDelete') {
    const partition: number = sts.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    const inRange = [...byOrdinal.entries()].filter(([o]) => o >= start && o < start + replicas);
    if (inRange.length === replicas && inRange.every(([, p]) => healthy(p))) {
      const stale = inRange.filter(([o, p]) => o >= partition && p.metadata.labels?.[REVISION_LABEL] !== revision).sort((a, b) => b[0] - a[0])[0];
      if (stale) {
        killPod(cluster, stale[1]);
        byOrdinal.delete(stale[0]);
        recordEvent(cluster, sts, 'Normal', 'SuccessfulDelete', `delete Pod ${stale[1].metadata.name} in StatefulSet ${name} successful`, COMPONENT);
      }
    }
  }

  const live = [...byOrdinal.values()];
  const ready = live.filter(isPodReady).length;
  const updated = live.filter((p) => p.metadata.labels?.[REVISION_LABEL] === revision).length;
  const allUpdated = updated === replicas && live.length === replicas;
  const status: any = {};
  status.availableReplicas = ready;
  status.collisionCount = 0;
  status.currentReplicas = allUpdated ? updated : live.length - updated;
  status.currentRevision = allUpdated ? revision : (sts.status?.currentRevision ?? revision);
  status.observedGeneration = sts.metadata.generation ?? 1;
  if (ready) status.readyReplicas = ready;
  status.replicas = live.length;
  status.updateRevision = revision;
  if (updated) status.updatedReplicas = updated;
  const next = cloneJSON(sts);
  next.status = status;
  cluster.update(next);
}
