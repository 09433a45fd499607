// describe pod (describePod).
import type { KubeObject } from '../../../api/types.js';
import { since } from '../format.js';
import { controlledBy, rfc1123z, writeAnnotations, writeEvents, writeLabels, type Describer } from './common.js';
import { writeContainers, writeTolerations, writeVolumes } from './containers.js';
import { PrefixWriter } from './writer.js';

/** The QoS class the API server records; computed as it does when a stored pod has none. */
function qosClass(pod: KubeObject): string {
  if (pod.status?.qosClass) return pod.status.qosClass;
  const cs: any[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of cs) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) if (!lim[r] || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export const describePod: Describer = (pod, ctx) => {
  const w = new PrefixWriter();
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  const paint = ctx.paint;
  w.write(0, `Name:\t${pod.metadata.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace}\n`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  w.write(0, `Service Account:\t${spec.serviceAccountName ?? ''}\n`);
  w.write(0, `Node:\t${spec.nodeName ? `${spec.nodeName}/${status.hostIP ?? ''}` : '<none>'}\n`);
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  writeLabels(w, 'Labels', pod.metadata.labels);
  writeAnnotations(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp) {
    w.write(0, `Status:\t${paint('Terminating')} (lasts ${since(pod.metadata.deletionTimestamp, ctx.cluster.now)})\n`);
    w.write(0, `Termination Grace Period:\t${spec.terminationGracePeriodSeconds ?? 30}s\n`);
  } else w.write(0, `Status:\t${paint(status.phase ?? '')}\n`);
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message.replace(/\n/g, ' ')}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  const ips: any[] = status.podIPs ?? [];
  if (ips.length) {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  } else w.write(0, 'IPs:\t<none>\n');
  const owner = controlledBy(pod);
  if (owner) w.write(0, `Controlled By:\t${owner}\n`);
  if (status.nominatedNodeName) w.write(0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
  if ((spec.initContainers ?? []).length) writeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses, '', paint, pod);
  writeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses, '', paint, pod);
  const gates: any[] = spec.readinessGates ?? [];
  if (gates.length) {
    w.write(0, 'Readiness Gates:\n  Type\tStatus\n');
    for (const g of gates) {
      const c = (status.conditions ?? []).find((x: any) => x.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${c ? paint(c.status) : '<none>'} \n`);
    }
  }
  const conds: any[] = status.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\n');
    for (const c of conds) w.write(1, `${c.type} \t${paint(c.status)} \n`);
  }
  writeVolumes(w, spec.volumes, '');
  w.write(0, `QoS Class:\t${qosClass(pod)}\n`);
  writeLabels(w, 'Node-Selectors', spec.nodeSelector);
  writeTolerations(w, 'Tolerations', spec.tolerations);
  writeEvents(w, pod, ctx);
  return w.toString();
};
