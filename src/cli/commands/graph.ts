// kubesim graph: draw the path Ingress → Service → EndpointSlice → Pods → Nodes (terminal tree, dot, mermaid).
import type { Command } from 'commander';
import { globals, out, readCluster } from '../context.js';

export function register(program: Command): void {
  program
    .command('graph')
    .description('Draw how traffic reaches pods: Ingress → Service → EndpointSlice → Pods → Nodes')
    .argument('[type]', 'svc or ingress (optionally TYPE/NAME)')
    .argument('[name]', 'the Service or Ingress to draw')
    .option('-o, --output <format>', 'Output format: tree (default), dot (Graphviz) or mermaid')
    .addHelpText(
      'after',
      `
Examples:
  # Every Ingress and Service in the namespace, as a tree
  kubesim graph

  # One Service, and the Ingress routes that lead to it
  kubesim graph svc currency-exchange

  # All namespaces, as a Graphviz picture
  kubesim graph -A -o dot | dot -Tsvg > cluster.svg

  # Mermaid, for a Markdown document
  kubesim graph ingress gateway-ingress -o mermaid`,
    )
    .action(async (type: string | undefined, name: string | undefined, opts: { output?: string }, cmd: Command) => {
      const g = globals(cmd);
      const { ClientError, ApiError } = await import('../../api/errors.js');
      const format = opts.output ?? 'tree';
      if (!['tree', 'dot', 'mermaid'].includes(format)) throw new ClientError(`unable to match a printer suitable for the output format "${format}", allowed formats are: dot,mermaid,tree`);
      if (type?.includes('/')) [type, name] = type.split('/', 2);
      let kind: 'svc' | 'ingress' | undefined;
      if (type) {
        if (['svc', 'service', 'services'].includes(type)) kind = 'svc';
        else if (['ing', 'ingress', 'ingresses'].includes(type)) kind = 'ingress';
        else throw new ClientError(`graph draws Services and Ingresses: use "graph svc NAME" or "graph ingress NAME", not "${type}"`);
        if (!name) throw new ClientError(`you must specify the name of the ${kind === 'svc' ? 'Service' : 'Ingress'} to draw\nSee 'kubesim graph --help' for usage.`);
      }
      const cluster = await readCluster(g);
      const { buildGraph, namespaceOf } = await import('../graph/model.js');
      if (kind === 'svc' && !cluster.get('services', g.namespace, name!)) throw ApiError.notFound('services', name!);
      if (kind === 'ingress' && !cluster.get('ingresses', g.namespace, name!)) throw ApiError.notFound('ingresses.networking.k8s.io', name!);
      const all = g.allNamespaces && !kind;
      const roots = buildGraph(cluster, {
        namespace: all ? undefined : g.namespace,
        service: kind === 'svc' ? name : undefined,
        ingress: kind === 'ingress' ? name : undefined,
      });
      if (format === 'dot') return out((await import('../graph/text.js')).renderDot(roots));
      if (format === 'mermaid') return out((await import('../graph/text.js')).renderMermaid(roots));
      const { renderTree } = await import('../graph/tree.js');
      if (!all) return out(renderTree(roots, g.color));
      // -A: one section per namespace.
      const byNs = new Map<string, typeof roots>();
      for (const r of roots) {
        const ns = namespaceOf(r) ?? '';
        byNs.set(ns, [...(byNs.get(ns) ?? []), r]);
      }
      const parts = [...byNs.entries()].map(([ns, rs]) => `Namespace ${ns}\n\n${renderTree(rs, g.color)}`);
      out(parts.join('\n'));
    });
}
