// Kinds kubesim stores but does not simulate, with the columns kubectl prints for them.
import type { KubeObject } from '../../../api/types.js';
import { ageOf, labelsString, podTemplateContainers } from '../format.js';
import { cols, type ColumnSet } from './types.js';

const createdAt: ColumnSet = {
  columns: cols(['NAME', 'CREATED AT']),
  row: (o) => [o.metadata.name!, o.metadata.creationTimestamp ?? ''],
};

const accessModes = (modes: string[] | undefined): string =>
  (modes ?? [])
    .map((m) => ({ ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' })[m] ?? m)
    .join(',');

const subjects = (rb: KubeObject, kind: string): string =>
  ((rb.subjects ?? []) as any[])
    .filter((s) => s.kind === kind)
    .map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name))
    .join(', ');

const binding: ColumnSet = {
  columns: cols(['NAME', 'ROLE', 'AGE'], ['USERS', 'GROUPS', 'SERVICEACCOUNTS']),
  row: (rb, { now }) => [
    rb.metadata.name!,
    `${rb.roleRef?.kind ?? ''}/${rb.roleRef?.name ?? ''}`,
    ageOf(rb, now),
    subjects(rb, 'User'),
    subjects(rb, 'Group'),
    subjects(rb, 'ServiceAccount'),
  ],
};

export const OTHER: Record<string, ColumnSet> = {
  limitranges: createdAt,
  roles: createdAt,
  clusterroles: createdAt,
  customresourcedefinitions: createdAt,
  rolebindings: binding,
  clusterrolebindings: binding,
  persistentvolumes: {
    columns: cols(['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'], ['VOLUMEMODE']),
    row: (pv, { now }) => {
      const claim = pv.spec?.claimRef ? `${pv.spec.claimRef.namespace}/${pv.spec.claimRef.name}` : '';
      return [
        pv.metadata.name!,
        pv.spec?.capacity?.storage ?? '',
        accessModes(pv.spec?.accessModes),
        pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain',
        pv.status?.phase ?? '',
        claim,
        pv.spec?.storageClassName ?? '',
        pv.spec?.volumeAttributesClassName ?? '<unset>',
        pv.status?.reason ?? '',
        ageOf(pv, now),
        pv.spec?.volumeMode ?? 'Filesystem',
      ];
    },
  },
  persistentvolumeclaims: {
    columns: cols(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'], ['VOLUMEMODE']),
    row: (pvc, { now }) => {
      const bound = pvc.status?.phase === 'Bound';
      return [
        pvc.metadata.name!,
        pvc.status?.phase ?? 'Pending',
        pvc.spec?.volumeName ?? '',
        bound ? pvc.status?.capacity?.storage ?? '' : '',
        bound ? accessModes(pvc.status?.accessModes) : '',
        pvc.spec?.storageClassName ?? '',
        pvc.spec?.volumeAttributesClassName ?? '<unset>',
        ageOf(pvc, now),
        pvc.spec?.volumeMode ?? 'Filesystem',
      ];
    },
  },
  resourcequotas: {
    columns: cols(['NAME', 'AGE', 'REQUEST', 'LIMIT']),
    row: (q, { now }) => {
      const hard: Record<string, string> = q.status?.hard ?? q.spec?.hard ?? {};
      const used: Record<string, string> = q.status?.used ?? {};
      const req: string[] = [];
      const lim: string[] = [];
      for (const k of Object.keys(hard).sort()) {
        const cell = `${k}: ${used[k] ?? '0'}/${hard[k]}`;
        if (k.startsWith('limits.')) lim.push(cell);
        else req.push(cell);
      }
      return [q.metadata.name!, ageOf(q, now), req.join(', '), lim.join(', ')];
    },
  },
  podtemplates: {
    columns: cols(['NAME', 'CONTAINERS', 'IMAGES', 'POD LABELS']),
    row: (pt) => {
      const t = podTemplateContainers(pt.template);
      return [pt.metadata.name!, t.names, t.images, labelsString(pt.template?.metadata?.labels)];
    },
  },
  controllerrevisions: {
    columns: cols(['NAME', 'CONTROLLER', 'REVISION', 'AGE']),
    row: (cr, { now }) => {
      const owner = (cr.metadata.ownerReferences ?? []).find((o) => o.controller);
      const ctrl = owner ? `${owner.kind.toLowerCase()}.${owner.apiVersion.split('/')[0]}/${owner.name}` : '<none>';
      return [cr.metadata.name!, ctrl, String(cr.revision ?? 0), ageOf(cr, now)];
    },
  },
  horizontalpodautoscalers: {
    columns: cols(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']),
    row: (h, { now }) => {
      const ref = h.spec?.scaleTargetRef ?? {};
      const targets = ((h.spec?.metrics ?? []) as any[]).map((m) => {
        const r = m.resource;
        if (r?.target?.averageUtilization !== undefined) return `${r.name}: <unknown>/${r.target.averageUtilization}%`;
        return '<unknown>';
      });
      return [
        h.metadata.name!,
        `${ref.kind}/${ref.name}`,
        targets.length ? targets.join(', ') : '<none>',
        String(h.spec?.minReplicas ?? 1),
        String(h.spec?.maxReplicas ?? 0),
        String(h.status?.currentReplicas ?? 0),
        ageOf(h, now),
      ];
    },
  },
  poddisruptionbudgets: {
    columns: cols(['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE']),
    row: (p, { now }) => [
      p.metadata.name!,
      p.spec?.minAvailable !== undefined ? String(p.spec.minAvailable) : 'N/A',
      p.spec?.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) : 'N/A',
      String(p.status?.disruptionsAllowed ?? 0),
      ageOf(p, now),
    ],
  },
  storageclasses: {
    columns: cols(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']),
    row: (sc, { now }) => {
      const isDefault = sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true';
      return [
        isDefault ? `${sc.metadata.name} (default)` : sc.metadata.name!,
        sc.provisioner ?? '',
        sc.reclaimPolicy ?? 'Delete',
        sc.volumeBindingMode ?? 'Immediate',
        sc.allowVolumeExpansion ? 'true' : 'false',
        ageOf(sc, now),
      ];
    },
  },
  priorityclasses: {
    columns: cols(['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE', 'PREEMPTIONPOLICY']),
    row: (pc, { now }) => [pc.metadata.name!, String(pc.value ?? 0), pc.globalDefault ? 'true' : 'false', ageOf(pc, now), pc.preemptionPolicy ?? 'PreemptLowerPriority'],
  },
  leases: {
    columns: cols(['NAME', 'HOLDER', 'AGE']),
    row: (l, { now }) => [l.metadata.name!, l.spec?.holderIdentity ?? '', ageOf(l, now)],
  },
};

/** Any kind without its own columns: NAME and AGE, as kubectl's default table. */
export const fallback: ColumnSet = {
  columns: cols(['NAME', 'AGE']),
  row: (o, { now }) => [o.metadata.name!, ageOf(o, now)],
};

