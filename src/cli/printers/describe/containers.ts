// Containers, volumes, tolerations and pod templates as describe prints them (describeContainers,
// describeVolumes, DescribePodTemplate).
import type { KubeObject } from '../../../api/types.js';
import type { Paint } from '../../colors.js';
import { rfc1123z, writeAnnotations, writeLabels } from './common.js';
import type { PrefixWriter } from './writer.js';

function probe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const scheme = String(g.scheme ?? 'HTTP').toLowerCase();
    const port = g.port !== undefined ? String(g.port) : '';
    const host = port ? `${g.host ?? ''}:${port}` : g.host ?? '';
    return `http-get ${scheme}://${host}${g.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function state(w: PrefixWriter, name: string, st: any, paint: Paint): void {
  if (st?.running) {
    w.write(2, `${name}:\t${paint('Running')}\n`);
    w.write(3, `Started:\t${rfc1123z(st.running.startedAt)}\n`);
  } else if (st?.terminated) {
    const t = st.terminated;
    w.write(2, `${name}:\t${paint('Terminated')}\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if (t.signal) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(2, `${name}:\t${paint('Waiting')}\n`);
    if (st?.waiting?.reason) w.write(3, `Reason:\t${st.waiting.reason}\n`);
  }
}

function fieldValue(pod: KubeObject | undefined, path: string): string {
  if (!pod) return '';
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (m) return (pod.metadata as any)[m[1]]?.[m[2]] ?? '';
  let v: any = pod;
  for (const part of path.split('.')) v = v?.[part];
  return v === undefined ? '' : String(v);
}

function env(w: PrefixWriter, c: any, pod: KubeObject | undefined): void {
  if ((c.envFrom ?? []).length) {
    w.write(2, 'Environment Variables from:\n');
    for (const f of c.envFrom) {
      const [kind, ref] = f.configMapRef ? ['ConfigMap', f.configMapRef] : ['Secret', f.secretRef];
      const prefix = f.prefix ? ` with prefix '${f.prefix}'` : '';
      w.write(3, `${ref?.name}\t${kind}${prefix}\tOptional: ${ref?.optional ? 'true' : 'false'}\n`);
    }
  }
  const vars: any[] = c.env ?? [];
  w.write(2, `Environment:${vars.length ? '' : '\t<none>'}\n`);
  for (const e of vars) {
    const vf = e.valueFrom;
    if (!vf) {
      String(e.value ?? '')
        .split('\n')
        .forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
    } else if (vf.fieldRef) {
      w.write(3, `${e.name}:\t${fieldValue(pod, vf.fieldRef.fieldPath)} (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})\n`);
    } else if (vf.resourceFieldRef) {
      w.write(3, `${e.name}:\t${vf.resourceFieldRef.resource} (${vf.resourceFieldRef.containerName ?? c.name})\n`);
    } else if (vf.secretKeyRef) {
      w.write(3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${vf.secretKeyRef.optional ? 'true' : 'false'}\n`);
    } else if (vf.configMapKeyRef) {
      w.write(3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${vf.configMapKeyRef.optional ? 'true' : 'false'}\n`);
    }
  }
}

function resources(w: PrefixWriter, r: any): void {
  for (const [title, list] of [
    ['Limits', r?.limits],
    ['Requests', r?.requests],
  ] as const) {
    if (!list || Object.keys(list).length === 0) continue;
    w.write(2, `${title}:\n`);
    for (const k of Object.keys(list).sort()) w.write(3, `${k}:\t${list[k]}\n`);
  }
}

export function writeContainers(
  w: PrefixWriter,
  label: string,
  containers: any[],
  statuses: any[] | undefined,
  space: string,
  paint: Paint,
  pod?: KubeObject,
): void {
  if (containers.length === 0) {
    w.write(0, `${space}${label}: <none>\n`);
    return;
  }
  w.write(0, `${space}${label}:\n`);
  for (const c of containers) {
    const st = statuses?.find((s) => s.name === c.name);
    w.write(1, `${space ? ' ' : ''}${c.name}:\n`);
    if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image ?? ''}\n`);
    if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports: any[] = c.ports ?? [];
    const portStr = ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ');
    const hostStr = ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ');
    w.write(2, portStr.includes(',') ? `Ports:\t${portStr}\n` : `Port:\t${portStr || '<none>'}\n`);
    w.write(2, hostStr.includes(',') ? `Host Ports:\t${hostStr}\n` : `Host Port:\t${hostStr || '<none>'}\n`);
    for (const [title, list] of [
      ['Command', c.command],
      ['Args', c.args],
    ] as const) {
      if (!list?.length) continue;
      w.write(2, `${title}:\n`);
      for (const a of list) for (const line of String(a).split('\n')) w.write(3, `${line}\n`);
    }
    if (st) {
      state(w, 'State', st.state, paint);
      if (st.lastState?.terminated) state(w, 'Last State', st.lastState, paint);
      w.write(2, `Ready:\t${paint(st.ready ? 'True' : 'False')}\n`);
      w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    resources(w, c.resources);
    if (c.livenessProbe) w.write(2, `Liveness:\t${probe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${probe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${probe(c.startupProbe)}\n`);
    env(w, c, pod);
    const mounts: any[] = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
    w.write(2, `Mounts:${mounts.length ? '' : '\t<none>'}\n`);
    for (const m of mounts) {
      const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
      w.write(3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
    }
  }
}

export function writeVolumes(w: PrefixWriter, volumes: any[] | undefined, space: string): void {
  if (!volumes?.length) {
    w.write(0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.emptyDir) {
      w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
      w.write(2, `Medium:\t${v.emptyDir.medium ?? ''}\n`);
      w.write(2, `SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}\n`);
    } else if (v.configMap) {
      w.write(2, 'Type:\tConfigMap (a volume populated by a ConfigMap)\n');
      w.write(2, `Name:\t${v.configMap.name ?? ''}\n`);
      w.write(2, `Optional:\t${v.configMap.optional ? 'true' : 'false'}\n`);
    } else if (v.secret) {
      w.write(2, 'Type:\tSecret (a volume populated by a Secret)\n');
      w.write(2, `SecretName:\t${v.secret.secretName ?? ''}\n`);
      w.write(2, `Optional:\t${v.secret.optional ? 'true' : 'false'}\n`);
    } else if (v.hostPath) {
      w.write(2, 'Type:\tHostPath (bare host directory volume)\n');
      w.write(2, `Path:\t${v.hostPath.path}\n`);
      w.write(2, `HostPathType:\t${v.hostPath.type ?? ''}\n`);
    } else if (v.persistentVolumeClaim) {
      w.write(2, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n');
      w.write(2, `ClaimName:\t${v.persistentVolumeClaim.claimName}\n`);
      w.write(2, `ReadOnly:\t${v.persistentVolumeClaim.readOnly ? 'true' : 'false'}\n`);
    } else if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const s of v.projected.sources ?? []) {
        if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`);
        else if (s.configMap) {
          w.write(2, `ConfigMapName:\t${s.configMap.name}\n`);
          w.write(2, `Optional:\t${s.configMap.optional ? 'true' : 'false'}\n`);
        } else if (s.secret) {
          w.write(2, `SecretName:\t${s.secret.name}\n`);
          w.write(2, `Optional:\t${s.secret.optional ? 'true' : 'false'}\n`);
        } else if (s.downwardAPI) w.write(2, 'DownwardAPI:\ttrue\n');
      }
    } else w.write(2, '<unknown>\n');
  }
}

export function tolerationText(t: any): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

export function writeTolerations(w: PrefixWriter, title: string, tolerations: any[] | undefined, indent = ''): void {
  w.write(0, `${indent}${title}:\t`);
  if (!tolerations?.length) {
    w.write(0, '<none>\n');
    return;
  }
  tolerations.forEach((t, i) => w.write(0, `${i > 0 ? `${indent}\t` : ''}${tolerationText(t)}\n`));
}

export function writePodTemplate(w: PrefixWriter, template: any, paint: Paint): void {
  w.write(0, 'Pod Template:\n');
  if (!template) {
    w.write(1, '<unset>');
    return;
  }
  const spec = template.spec ?? {};
  writeLabels(w, 'Labels', template.metadata?.labels, '  ');
  if (Object.keys(template.metadata?.annotations ?? {}).length) writeAnnotations(w, 'Annotations', template.metadata.annotations, '  ');
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec.initContainers ?? []).length) writeContainers(w, 'Init Containers', spec.initContainers, undefined, '  ', paint);
  writeContainers(w, 'Containers', spec.containers ?? [], undefined, '  ', paint);
  writeVolumes(w, spec.volumes, '  ');
  writeLabels(w, 'Node-Selectors', spec.nodeSelector, '  ');
  writeTolerations(w, 'Tolerations', spec.tolerations, '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
}
