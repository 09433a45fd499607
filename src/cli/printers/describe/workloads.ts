// describe deployment (describeDeployment) and replicaset (describeReplicaSet).
import type { KubeObject } from '../../../api/types.js';
import { matchesSelector } from '../../../api/labels.js';
import { ownedBy } from '../../../controllers/work.js';
import { compareObjects } from '../../../store/cluster.js';
import { labelSelectorString, num } from '../format.js';
import { controlledBy, rfc1123z, writeAnnotations, writeEvents, writeLabels, type DescribeContext, type Describer } from './common.js';
import { writePodTemplate } from './containers.js';
import { PrefixWriter } from './writer.js';

function writeConditions(w: PrefixWriter, obj: KubeObject, ctx: DescribeContext): void {
  const conds: any[] = obj.status?.conditions ?? [];
  if (!conds.length) return;
  w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(1, '----\t------\t------\n');
  for (const c of conds) w.write(1, `${c.type} \t${ctx.paint(c.status)}\t${c.reason ?? ''}\n`);
}

/** `name (ready/desired replicas created)`, as printReplicaSetsByLabels. */
function rsList(list: KubeObject[]): string {
  if (!list.length) return '<none>';
  return list.map((rs) => `${rs.metadata.name} (${num(rs.status?.replicas)}/${rs.spec?.replicas ?? 1} replicas created)`).join(', ');
}

export const describeDeployment: Describer = (d, ctx) => {
  const w = new PrefixWriter();
  const spec = d.spec ?? {};
  const st = d.status ?? {};
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  writeLabels(w, 'Labels', d.metadata.labels);
  writeAnnotations(w, 'Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${labelSelectorString(spec.selector)}\n`);
  w.write(
    0,
    `Replicas:\t${spec.replicas ?? 1} desired | ${num(st.updatedReplicas)} updated | ${num(st.replicas)} total | ${num(st.availableReplicas)} available | ${num(st.unavailableReplicas)} unavailable\n`,
  );
  const strategy = spec.strategy ?? {};
  w.write(0, `StrategyType:\t${strategy.type ?? 'RollingUpdate'}\n`);
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  if ((strategy.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const ru = strategy.rollingUpdate ?? {};
    w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge\n`);
  }
  writePodTemplate(w, spec.template, ctx.paint);
  writeConditions(w, d, ctx);
  // The ReplicaSets it controls (as kubectl's ListReplicaSets keeps them), found from the state file's lines.
  const owned = ownedBy(ctx.cluster, 'replicasets', d.metadata.uid!).sort(compareObjects);
  // The new ReplicaSet is the one whose template (minus the hash label) equals the Deployment's.
  const strip = (t: any) => {
    const c = structuredClone(t ?? {});
    if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
    return JSON.stringify(c);
  };
  const newRS = owned.find((rs) => strip(rs.spec?.template) === strip(spec.template));
  const old = owned.filter((rs) => rs !== newRS && (num(rs.spec?.replicas) > 0 || num(rs.status?.replicas) > 0));
  w.write(0, `OldReplicaSets:\t${rsList(old)}\n`);
  w.write(0, `NewReplicaSet:\t${newRS ? rsList([newRS]) : '<none>'}\n`);
  writeEvents(w, d, ctx);
  return w.toString();
};

export const describeReplicaSet: Describer = (rs, ctx) => {
  const w = new PrefixWriter();
  const spec = rs.spec ?? {};
  w.write(0, `Name:\t${rs.metadata.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata.namespace}\n`);
  w.write(0, `Selector:\t${labelSelectorString(spec.selector)}\n`);
  writeLabels(w, 'Labels', rs.metadata.labels);
  writeAnnotations(w, 'Annotations', rs.metadata.annotations);
  const owner = controlledBy(rs);
  if (owner) w.write(0, `Controlled By:\t${owner}\n`);
  w.write(0, `Replicas:\t${num(rs.status?.replicas)} current / ${spec.replicas ?? 1} desired\n`);
  // The pods it controls that its selector matches (kubectl's getPodStatusForController).
  const pods = ownedBy(ctx.cluster, 'pods', rs.metadata.uid!).filter((p) => matchesSelector(p.metadata.labels, spec.selector));
  const count = (phase: string) => pods.filter((p) => p.status?.phase === phase).length;
  w.write(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed\n`);
  writePodTemplate(w, spec.template, ctx.paint);
  writeConditions(w, rs, ctx);
  writeEvents(w, rs, ctx);
  return w.toString();
};
