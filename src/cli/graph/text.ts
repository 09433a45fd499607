// The graph as text for docs: Graphviz dot and Mermaid. Each object is one node (a Node serving many pods
// appears once), each edge once, in the order first met, so the output is stable.
import type { GNode } from './model.js';

interface Flat {
  nodes: GNode[];
  edges: Array<{ from: string; to: string; label?: string }>;
}

function flatten(roots: GNode[]): Flat {
  const seen = new Map<string, GNode>();
  const edges: Flat['edges'] = [];
  const edgeKeys = new Set<string>();
  const walk = (n: GNode, parent?: GNode) => {
    if (!seen.has(n.id)) seen.set(n.id, n);
    if (parent) {
      const key = `${parent.id}→${n.id}→${n.via ?? ''}`;
      if (!edgeKeys.has(key)) {
        edgeKeys.add(key);
        edges.push({ from: parent.id, to: n.id, label: n.via });
      }
    }
    n.children.forEach((k) => walk(k, n));
  };
  roots.forEach((r) => walk(r));
  return { nodes: [...seen.values()], edges };
}

function lines(n: GNode): string[] {
  return [`${n.kind} ${n.name}`, n.detail, n.statusText ?? ''].filter(Boolean);
}

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function renderDot(roots: GNode[]): string {
  const { nodes, edges } = flatten(roots);
  const out = ['digraph kubesim {', '  rankdir=LR;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const n of nodes) {
    const color = n.status === 'bad' ? ', color=red' : n.status === 'pending' ? ', color=orange' : '';
    out.push(`  ${q(n.id)} [label=${q(lines(n).join('\n')).replace(/\n/g, '\\n')}${color}];`);
  }
  for (const e of edges) out.push(`  ${q(e.from)} -> ${q(e.to)}${e.label ? ` [label=${q(e.label)}]` : ''};`);
  out.push('}');
  return out.join('\n') + '\n';
}

const mq = (s: string) => s.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

export function renderMermaid(roots: GNode[]): string {
  const { nodes, edges } = flatten(roots);
  const ids = new Map(nodes.map((n, i) => [n.id, `n${i}`]));
  const out = ['flowchart LR'];
  for (const n of nodes) out.push(`  ${ids.get(n.id)}["${lines(n).map(mq).join('<br/>')}"]`);
  for (const e of edges) out.push(`  ${ids.get(e.from)} -->${e.label ? `|"${mq(e.label)}"|` : ''} ${ids.get(e.to)}`);
  const bad = nodes.filter((n) => n.status === 'bad').map((n) => ids.get(n.id));
  const pending = nodes.filter((n) => n.status === 'pending').map((n) => ids.get(n.id));
  if (bad.length) out.push('  classDef bad stroke:#d00,color:#d00;', `  class ${bad.join(',')} bad;`);
  if (pending.length) out.push('  classDef pending stroke:#d90;', `  class ${pending.join(',')} pending;`);
  return out.join('\n') + '\n';
}
