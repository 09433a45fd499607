// The graph as a tree in the terminal. Colours (only when asked): kinds in their own colour, Ready green,
// NotReady red, pending yellow. A pod's node is drawn on the pod's line to keep the tree short.
import { Chalk, type ChalkInstance } from 'chalk';
import type { GNode } from './model.js';

const KIND_COLOR: Record<string, (c: ChalkInstance) => ChalkInstance> = {
  Ingress: (c) => c.magenta.bold,
  Service: (c) => c.cyan.bold,
  EndpointSlice: (c) => c.blue,
  Pod: (c) => c.green,
  Node: (c) => c.gray,
  External: (c) => c.white,
  Address: (c) => c.white,
};

export function renderTree(roots: GNode[], color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const status = (n: GNode) => {
    if (!n.statusText) return '';
    const paint = n.status === 'ok' ? c.green : n.status === 'bad' ? c.red : n.status === 'pending' ? c.yellow : (s: string) => s;
    return '  ' + paint(n.statusText);
  };
  const label = (n: GNode): string => {
    const kind = (KIND_COLOR[n.kind] ?? ((x) => x))(c)(n.kind);
    const via = n.via ? c.dim(`[${n.via}] `) : '';
    let s = `${via}${kind} ${n.name}${n.detail ? '  ' + n.detail : ''}${status(n)}`;
    if (n.kind === 'Pod' && n.children.length === 1 && n.children[0].kind === 'Node') {
      const node = n.children[0];
      s += ` ${c.dim('→')} ${label({ ...node, via: undefined })}`;
    }
    return s;
  };
  const lines: string[] = [];
  const walk = (n: GNode, prefix: string, last: boolean, root: boolean) => {
    lines.push(root ? label(n) : `${prefix}${last ? '└─ ' : '├─ '}${label(n)}`);
    const kids = n.kind === 'Pod' && n.children.length === 1 && n.children[0].kind === 'Node' ? [] : n.children;
    const childPrefix = root ? '' : prefix + (last ? '   ' : '│  ');
    kids.forEach((k, i) => walk(k, childPrefix, i === kids.length - 1, false));
  };
  roots.forEach((r, i) => {
    if (i > 0) lines.push('');
    walk(r, '', true, true);
  });
  return lines.join('\n') + '\n';
}
