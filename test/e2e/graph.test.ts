// kubesim graph on the seeds' Ingress example (manifests 01-04): tree, dot and mermaid against golden files.
// Regenerate after an intended change: UPDATE_GOLDEN=1 npx vitest run test/e2e/graph.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshCluster, ROOT } from '../helpers/cli.js';

const INGRESS_EXAMPLE = '-f manifests/01-currency-exchange.yaml -f manifests/02-currency-conversion.yaml -f manifests/03-ingress-nginx-controller.yaml -f manifests/04-ingress.yaml';

function golden(name: string, actual: string): string {
  const path = join(ROOT, 'test', 'golden', name);
  if (process.env.UPDATE_GOLDEN) writeFileSync(path, actual);
  return readFileSync(path, 'utf8');
}

describe('kubesim graph', () => {
  const { run } = freshCluster();
  run(`apply ${INGRESS_EXAMPLE}`);

  it('draws Ingress → Service → EndpointSlice → Pods → Nodes as a tree', () => {
    const r = run('graph ingress gateway-ingress');
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(golden('graph-ingress.txt', r.stdout));
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('prints Graphviz dot and Mermaid', () => {
    const dot = run('graph ingress gateway-ingress -o dot').stdout;
    expect(dot).toBe(golden('graph-ingress.dot', dot));
    const mmd = run('graph ingress gateway-ingress -o mermaid').stdout;
    expect(mmd).toBe(golden('graph-ingress.mmd', mmd));
  });

  it('draws one Service with the routes that lead to it, and every namespace with -A', () => {
    const one = run('graph svc currency-exchange').stdout;
    expect(one).toMatch(/^Ingress gateway-ingress .*\n└─ \[\*\/currency-exchange \(Prefix\) → :80\] Service currency-exchange  ClusterIP  /);
    expect(one).not.toContain('currency-conversion');
    const all = run('graph -A').stdout;
    expect(all).toContain('Namespace ingress-nginx\n\nService ingress-nginx-controller  LoadBalancer');
    expect(all).toContain('Namespace kube-system\n\nService kube-dns');
  });

  it('colours only when asked, and fails in kubectl words', () => {
    const forced = run('graph ingress gateway-ingress', { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout;
    expect(forced).toContain('\x1b[');
    expect(run('graph svc nope')).toEqual({ stdout: '', stderr: 'Error from server (NotFound): services "nope" not found\n', code: 1 });
    expect(run('graph -o png').stderr).toBe('error: unable to match a printer suitable for the output format "png", allowed formats are: dot,mermaid,tree\n');
  });
});
