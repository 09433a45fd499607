// describe ingress, endpoints and endpointslice.
import type { KubeObject } from '../../../api/types.js';
import { loadBalancerStatus } from '../columns/network.js';
import { writeAnnotations, writeEvents, writeLabels, type DescribeContext, type Describer } from './common.js';
import { PrefixWriter } from './writer.js';

/** `svc:port (endpoints)` for one Ingress backend, from the Service's Endpoints (describeBackendV1). */
function backend(ing: KubeObject, b: any, ctx: DescribeContext): string {
  if (b?.resource) return `APIGroup: ${b.resource.apiGroup ?? ''}, Kind: ${b.resource.kind}, Name: ${b.resource.name}`;
  const svcName = b?.service?.name ?? '';
  const port = b?.service?.port ?? {};
  const portStr = port.number ? String(port.number) : port.name ?? '';
  const ns = ing.metadata.namespace;
  const ep = ctx.cluster.get('endpoints', ns, svcName);
  if (!ep) return `${svcName}:${portStr} (<error: endpoints "${svcName}" not found>)`;
  const svc = ctx.cluster.get('services', ns, svcName);
  if (!svc) return `${svcName}:${portStr} (<error: services "${svcName}" not found>)`;
  let spName = '';
  for (const sp of (svc.spec?.ports ?? []) as any[]) {
    if ((port.number && port.number === sp.port) || (port.name && port.name === sp.name)) spName = sp.name ?? '';
  }
  const list: string[] = [];
  let count = 0;
  for (const ss of (ep.subsets ?? []) as any[]) {
    const ports: any[] = ss.ports ?? [];
    const addrs: any[] = ss.addresses ?? [];
    if (!ports.length) {
      for (const a of addrs) (count++, list.length < 3 && list.push(a.ip));
      continue;
    }
    for (const p of ports) {
      if ((p.name ?? '') !== spName) continue;
      for (const a of addrs) (count++, list.length < 3 && list.push(`${a.ip}:${p.port}`));
    }
  }
  const eps = count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
  return `${svcName}:${portStr} (${eps})`;
}

export const describeIngress: Describer = (ing, ctx) => {
  const w = new PrefixWriter();
  const spec = ing.spec ?? {};
  w.write(0, `Name:\t${ing.metadata.name}\n`);
  writeLabels(w, 'Labels', ing.metadata.labels);
  w.write(0, `Namespace:\t${ing.metadata.namespace}\n`);
  w.write(0, `Address:\t${loadBalancerStatus(ing)}\n`);
  w.write(0, `Ingress Class:\t${spec.ingressClassName ?? '<none>'}\n`);
  w.write(0, `Default backend:\t${spec.defaultBackend ? backend(ing, spec.defaultBackend, ctx) : '<default>'}\n`);
  const tls: any[] = spec.tls ?? [];
  if (tls.length) {
    w.write(0, 'TLS:\n');
    for (const t of tls) {
      const hosts = (t.hosts ?? []).join(',');
      if (t.secretName) w.write(1, `${t.secretName} terminates ${hosts}\n`);
      else w.write(1, `SNI routes ${hosts}\n`);
    }
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  const rules: any[] = spec.rules ?? [];
  for (const r of rules) {
    w.write(1, `${r.host || '*'}\t\n`);
    for (const p of (r.http?.paths ?? []) as any[]) w.write(2, `\t${p.path ?? ''} \t${backend(ing, p.backend, ctx)}\n`);
  }
  if (!rules.length && spec.defaultBackend) w.write(1, `*\t*\t${backend(ing, spec.defaultBackend, ctx)}\n`);
  writeAnnotations(w, 'Annotations', ing.metadata.annotations);
  writeEvents(w, ing, ctx);
  return w.toString();
};

export const describeEndpoints: Describer = (ep, ctx) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${ep.metadata.name}\n`);
  w.write(0, `Namespace:\t${ep.metadata.namespace}\n`);
  writeLabels(w, 'Labels', ep.metadata.labels);
  writeAnnotations(w, 'Annotations', ep.metadata.annotations);
  w.write(0, 'Subsets:\n');
  for (const ss of (ep.subsets ?? []) as any[]) {
    const ready = ((ss.addresses ?? []) as any[]).map((a) => a.ip).join(',');
    const notReady = ((ss.notReadyAddresses ?? []) as any[]).map((a) => a.ip).join(',');
    w.write(1, `Addresses:\t${ready || '<none>'}\n`);
    w.write(1, `NotReadyAddresses:\t${notReady || '<none>'}\n`);
    const ports: any[] = ss.ports ?? [];
    if (ports.length) {
      w.write(1, 'Ports:\n    Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const p of ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}\n`);
    }
    w.write(0, '\n');
  }
  writeEvents(w, ep, ctx);
  return w.toString();
};

export const describeEndpointSlice: Describer = (s, ctx) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${s.metadata.name}\n`);
  w.write(0, `Namespace:\t${s.metadata.namespace}\n`);
  writeLabels(w, 'Labels', s.metadata.labels);
  writeAnnotations(w, 'Annotations', s.metadata.annotations);
  w.write(0, `AddressType:\t${s.addressType ?? ''}\n`);
  const ports: any[] = s.ports ?? [];
  if (!ports.length) w.write(0, 'Ports: <unset>\n');
  else {
    w.write(0, 'Ports:\n  Name\tPort\tProtocol\n');
    w.write(1, '----\t----\t--------\n');
    for (const p of ports) w.write(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? '<unset>'}\n`);
  }
  const eps: any[] = s.endpoints ?? [];
  if (!eps.length) w.write(0, 'Endpoints: <none>\n');
  else {
    w.write(0, 'Endpoints:\n');
    for (const e of eps) {
      w.write(1, `- Addresses:\t${(e.addresses ?? []).join(',')}\n`);
      w.write(2, 'Conditions:\n');
      const ready = e.conditions?.ready;
      w.write(3, `Ready:\t${ready === undefined ? '<unset>' : ctx.paint(ready ? 'true' : 'false')}\n`);
      w.write(2, `Hostname:\t${e.hostname ?? '<unset>'}\n`);
      if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}\n`);
      w.write(2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
      w.write(2, `Zone:\t${e.zone ?? '<unset>'}\n`);
    }
  }
  writeEvents(w, s, ctx);
  return w.toString();
};
