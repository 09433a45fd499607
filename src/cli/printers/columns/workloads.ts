// Workload controllers: Deployments, ReplicaSets, StatefulSets, DaemonSets, ReplicationControllers, Jobs, CronJobs.
import { humanDuration } from '../age.js';
import { ageOf, labelSelectorString, labelsString, num, podTemplateContainers, since } from '../format.js';
import { cols, type ColumnSet } from './types.js';

export const deployments: ColumnSet = {
  columns: cols(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'], ['CONTAINERS', 'IMAGES', 'SELECTOR']),
  row: (d, { now }) => {
    const t = podTemplateContainers(d.spec?.template);
    return [
      d.metadata.name!,
      `${num(d.status?.readyReplicas)}/${d.spec?.replicas ?? 1}`,
      String(num(d.status?.updatedReplicas)),
      String(num(d.status?.availableReplicas)),
      ageOf(d, now),
      t.names,
      t.images,
      labelSelectorString(d.spec?.selector),
    ];
  },
};

export const replicasets: ColumnSet = {
  columns: cols(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], ['CONTAINERS', 'IMAGES', 'SELECTOR']),
  row: (rs, { now }) => {
    const t = podTemplateContainers(rs.spec?.template);
    return [
      rs.metadata.name!,
      String(rs.spec?.replicas ?? 1),
      String(num(rs.status?.replicas)),
      String(num(rs.status?.readyReplicas)),
      ageOf(rs, now),
      t.names,
      t.images,
      labelSelectorString(rs.spec?.selector),
    ];
  },
};

export const replicationcontrollers: ColumnSet = {
  columns: cols(['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], ['CONTAINERS', 'IMAGES', 'SELECTOR']),
  row: (rc, { now }) => {
    const t = podTemplateContainers(rc.spec?.template);
    return [
      rc.metadata.name!,
      String(rc.spec?.replicas ?? 1),
      String(num(rc.status?.replicas)),
      String(num(rc.status?.readyReplicas)),
      ageOf(rc, now),
      t.names,
      t.images,
      labelsString(rc.spec?.selector),
    ];
  },
};

export const statefulsets: ColumnSet = {
  columns: cols(['NAME', 'READY', 'AGE'], ['CONTAINERS', 'IMAGES']),
  row: (s, { now }) => {
    const t = podTemplateContainers(s.spec?.template);
    return [s.metadata.name!, `${num(s.status?.readyReplicas)}/${s.spec?.replicas ?? 1}`, ageOf(s, now), t.names, t.images];
  },
};

export const daemonsets: ColumnSet = {
  columns: cols(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'], ['CONTAINERS', 'IMAGES', 'SELECTOR']),
  row: (ds, { now }) => {
    const t = podTemplateContainers(ds.spec?.template);
    const st = ds.status ?? {};
    return [
      ds.metadata.name!,
      String(num(st.desiredNumberScheduled)),
      String(num(st.currentNumberScheduled)),
      String(num(st.numberReady)),
      String(num(st.updatedNumberScheduled)),
      String(num(st.numberAvailable)),
      labelsString(ds.spec?.template?.spec?.nodeSelector),
      ageOf(ds, now),
      t.names,
      t.images,
      labelSelectorString(ds.spec?.selector),
    ];
  },
};

function hasCondition(obj: any, type: string): boolean {
  return (obj.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');
}

export const jobs: ColumnSet = {
  columns: cols(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'], ['CONTAINERS', 'IMAGES', 'SELECTOR']),
  row: (job, { now }) => {
    const spec = job.spec ?? {};
    const succeeded = num(job.status?.succeeded);
    let completions: string;
    if (spec.completions !== undefined && spec.completions !== null) completions = `${succeeded}/${spec.completions}`;
    else if ((spec.parallelism ?? 1) > 1) completions = `${succeeded}/1 of ${spec.parallelism}`;
    else completions = `${succeeded}/1`;
    const start = job.status?.startTime;
    const end = job.status?.completionTime;
    const duration = !start ? '' : humanDuration((end ? Date.parse(end) : now.getTime()) - Date.parse(start));
    let status = 'Running';
    if (hasCondition(job, 'Complete')) status = 'Complete';
    else if (hasCondition(job, 'Failed')) status = 'Failed';
    else if (job.metadata.deletionTimestamp) status = 'Terminating';
    else if (hasCondition(job, 'FailureTarget')) status = 'FailureTarget';
    else if (hasCondition(job, 'Suspended')) status = 'Suspended';
    else if (hasCondition(job, 'SuccessCriteriaMet')) status = 'SuccessCriteriaMet';
    const t = podTemplateContainers(spec.template);
    return [job.metadata.name!, status, completions, duration, ageOf(job, now), t.names, t.images, labelSelectorString(spec.selector)];
  },
};

export const cronjobs: ColumnSet = {
  columns: cols(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'], ['CONTAINERS', 'IMAGES', 'SELECTOR']),
  row: (cj, { now }) => {
    const spec = cj.spec ?? {};
    const t = podTemplateContainers(spec.jobTemplate?.spec?.template);
    const last = cj.status?.lastScheduleTime;
    return [
      cj.metadata.name!,
      spec.schedule ?? '',
      spec.timeZone ?? '<none>',
      spec.suspend ? 'True' : 'False',
      String((cj.status?.active ?? []).length),
      last ? since(last, now) : '<none>',
      ageOf(cj, now),
      t.names,
      t.images,
      labelSelectorString(spec.jobTemplate?.spec?.selector),
    ];
  },
};
