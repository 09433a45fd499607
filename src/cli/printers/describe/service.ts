// describe service (describeService): the Endpoints line per port comes from the Service's EndpointSlices.
import type { KubeObject } from '../../../api/types.js';
import { serviceSlices } from '../../../dataplane/lookup.js';
import { labelsString } from '../format.js';
import { writeAnnotations, writeEvents, writeLabels, type Describer } from './common.js';
import { PrefixWriter } from './writer.js';

/** formatEndpointSlices: ready endpoints (nil counts as ready) for one Service port, 3 then ` + N more...`. */
export function sliceEndpoints(slices: KubeObject[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  const add = (s: string) => {
    if (list.length < 3) list.push(s);
    count++;
  };
  for (const s of slices) {
    const ready = ((s.endpoints ?? []) as any[]).filter((e) => e.conditions?.ready !== false && (e.addresses ?? []).length);
    const ports: any[] = s.ports ?? [];
    if (ports.length === 0) for (const e of ready) add(e.addresses[0]);
    else
      for (const p of ports) {
        if ((p.name ?? '') !== portName) continue;
        for (const e of ready) add(e.addresses[0].includes(':') ? `[${e.addresses[0]}]:${p.port}` : `${e.addresses[0]}:${p.port}`);
      }
  }
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

export const describeService: Describer = (svc, ctx) => {
  const w = new PrefixWriter();
  const spec = svc.spec ?? {};
  w.write(0, `Name:\t${svc.metadata.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata.namespace}\n`);
  writeLabels(w, 'Labels', svc.metadata.labels);
  writeAnnotations(w, 'Annotations', svc.metadata.annotations);
  w.write(0, `Selector:\t${labelsString(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${(spec.ipFamilies ?? []).length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(0, `IPs:\t${(spec.clusterIPs ?? []).length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if ((spec.externalIPs ?? []).length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
  const ingress: any[] = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) {
    const list = ingress.map((i) => (i.ip ? (i.ipMode ? `${i.ip} (${i.ipMode})` : i.ip) : i.hostname ?? ''));
    w.write(0, `LoadBalancer Ingress:\t${list.join(', ')}\n`);
  }
  const slices = serviceSlices(ctx.cluster, svc.metadata.namespace ?? '', svc.metadata.name ?? '');
  for (const p of (spec.ports ?? []) as any[]) {
    const name = p.name || '<unset>';
    w.write(0, `Port:\t${name}\t${p.port}/${p.protocol}\n`);
    w.write(0, `TargetPort:\t${p.targetPort ?? p.port}/${p.protocol}\n`);
    if (p.appProtocol) w.write(0, `AppProtocol:\t${p.appProtocol}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol}\n`);
    w.write(0, `Endpoints:\t${sliceEndpoints(slices, p.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if ((spec.loadBalancerSourceRanges ?? []).length) w.write(0, `LoadBalancer Source Ranges:\t${spec.loadBalancerSourceRanges.join(',')}\n`);
  if (spec.trafficDistribution) w.write(0, `Traffic Distribution:\t${spec.trafficDistribution}\n`);
  writeEvents(w, svc, ctx);
  return w.toString();
};
