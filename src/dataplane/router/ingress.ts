// What an nginx ingress controller does with a request: pick the server block by Host (exact, then `*.`
// wildcard of one label, then the catch-all for rules without a host), then the location by path (Exact,
// Prefix element-wise, ImplementationSpecific as Prefix; longest wins; Exact beats Prefix at equal length),
// across every Ingress of its class; no match → an Ingress's defaultBackend, else the controller's 404.
import type { KubeObject } from '../../api/types.js';
import type { Cluster } from '../../store/cluster.js';

export interface IngressRoute {
  ingress?: KubeObject;
  /** How it matched, for the trace: `host "api.example.com" path /v1 (Prefix)` or `defaultBackend`. */
  matched: string;
  backend?: { name: string; port: { number?: number; name?: string } };
  namespace?: string;
}

/** The controller's class, from its args (`--ingress-class=nginx`), else nginx. */
export function controllerClass(pod: KubeObject): string | undefined {
  for (const c of pod.spec?.containers ?? []) {
    const args: string[] = [...(c.command ?? []), ...(c.args ?? [])];
    const isController = /ingress-nginx\/controller|ingress-nginx-controller/.test(c.image ?? '') || args.some((a) => a.includes('nginx-ingress-controller'));
    if (!isController) continue;
    const cls = args.find((a) => a.startsWith('--ingress-class='));
    return cls ? cls.slice('--ingress-class='.length) : 'nginx';
  }
  return undefined;
}

function ingressesOfClass(cluster: Cluster, cls: string): KubeObject[] {
  const classes = cluster.list('ingressclasses');
  const defaultClass = classes.find((c) => c.metadata.annotations?.['ingressclass.kubernetes.io/is-default-class'] === 'true')?.metadata.name;
  return cluster.list('ingresses').filter((i) => {
    const name = i.spec?.ingressClassName ?? i.metadata.annotations?.['kubernetes.io/ingress.class'] ?? defaultClass;
    return name === cls;
  });
}

export function hostMatches(ruleHost: string | undefined, host: string): 'exact' | 'wildcard' | 'any' | false {
  if (!ruleHost) return 'any';
  if (ruleHost === host) return 'exact';
  if (ruleHost.startsWith('*.')) {
    const suffix = ruleHost.slice(1); // ".foo.com"
    if (host.endsWith(suffix)) {
      const label = host.slice(0, -suffix.length);
      if (label && !label.includes('.')) return 'wildcard';
    }
  }
  return false;
}

/** Prefix matching element by element; a trailing '/' is ignored on both sides. */
export function prefixMatches(rulePath: string, path: string): boolean {
  const split = (p: string) => p.split('/').filter((s) => s !== '');
  const r = split(rulePath);
  const p = split(path);
  if (r.length > p.length) return false;
  return r.every((seg, i) => seg === p[i]);
}

export function routeIngress(cluster: Cluster, cls: string, rawHost: string, rawPath: string): IngressRoute {
  const host = rawHost.replace(/:\d+$/, '').toLowerCase();
  const path = rawPath.split('?')[0] || '/';
  const ings = ingressesOfClass(cluster, cls);
  // The server block: rules for the exact host, else for a matching wildcard, else those with no host.
  for (const kind of ['exact', 'wildcard', 'any'] as const) {
    const rules: Array<{ ing: KubeObject; host?: string; p: any }> = [];
    for (const ing of ings) {
      for (const rule of ing.spec?.rules ?? []) {
        if (hostMatches(rule.host, host) !== kind) continue;
        for (const p of rule.http?.paths ?? []) rules.push({ ing, host: rule.host, p });
      }
    }
    if (!rules.length) continue;
    let best: (typeof rules)[number] | undefined;
    let bestLen = -1;
    let bestExact = false;
    for (const r of rules) {
      const rp: string = r.p.path ?? '/';
      const exact = r.p.pathType === 'Exact';
      const ok = exact ? rp === path : prefixMatches(rp, path);
      if (!ok) continue;
      const len = rp.replace(/\/+$/, '').length;
      if (len > bestLen || (len === bestLen && exact && !bestExact)) {
        best = r;
        bestLen = len;
        bestExact = exact;
      }
    }
    const where = kind === 'any' ? 'any host' : `host "${best?.host ?? host}"`;
    if (best) {
      return {
        ingress: best.ing,
        namespace: best.ing.metadata.namespace,
        matched: `${where}, path ${best.p.path ?? '/'} (${best.p.pathType})`,
        backend: best.p.backend?.service,
      };
    }
    break; // nginx picked this server block; an unmatched path does not fall through to another host's rules
  }
  const withDefault = ings.find((i) => i.spec?.defaultBackend?.service);
  if (withDefault) {
    return { ingress: withDefault, namespace: withDefault.metadata.namespace, matched: 'defaultBackend', backend: withDefault.spec.defaultBackend.service };
  }
  return { matched: 'no rule matched and no defaultBackend' };
}
