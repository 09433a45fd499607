// Completion: what may come next on a kubesim command line. One engine for the shell's Tab key and for the
// bash/zsh/fish scripts (`kubesim __complete …`): verbs, subcommands, resource types, object names from the
// cluster, flags and some flag values. Pure: the caller supplies the program and a way to list names.
import type { Command, Option } from 'commander';
import { RESOURCE_TYPES, resolveResourceType } from '../../api/resources.js';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface CompletionContext {
  program: Command;
  /** The default namespace (the shell's `use`, else default). */
  namespace: string;
  /** Object names of a resource (plural) in a namespace (undefined for cluster-scoped). */
  names(plural: string, namespace: string | undefined): string[];
  /** Extra first words (the shell's own: use, exit, quit). */
  builtins?: string[];
  /** Tutorial names, for `tutorial <Tab>`. */
  tutorials?: string[];
}

/** Verbs whose first argument is a resource type (`TYPE NAME…` or `TYPE/NAME…`). */
const TYPE_VERBS = new Set(['get', 'describe', 'delete', 'label', 'annotate', 'scale', 'expose', 'wait', 'edit', 'patch', 'explain', 'rollout restart', 'rollout status', 'rollout history', 'rollout undo', 'rollout pause', 'rollout resume']);
const NODE_VERBS = new Set(['cordon', 'uncordon', 'drain', 'node']);
const POD_VERBS = new Set(['exec', 'logs', 'port-forward', 'probe']);
const SERVICE_VERBS = new Set(['dig', 'nslookup', 'tunnel']);
const OUTPUT_FORMATS = ['wide', 'yaml', 'json', 'name', 'jsonpath=', 'custom-columns=', 'dot', 'mermaid'];

function typeNames(): string[] {
  const out: string[] = [];
  for (const rt of RESOURCE_TYPES) out.push(rt.plural, ...rt.shortNames);
  return out;
}

function longFlags(cmd: Command): string[] {
  return cmd.options.flatMap((o: Option) => (o.long ? [o.long] : []));
}

function findOption(cmds: Command[], flag: string): Option | undefined {
  for (const c of cmds) {
    const o = c.options.find((x: Option) => x.long === flag || x.short === flag);
    if (o) return o;
  }
  return undefined;
}

function fileCandidates(current: string): string[] {
  const dir = current.endsWith('/') ? current : dirname(current);
  const base = current.endsWith('/') ? '' : current.slice(dir === '.' && !current.startsWith('./') ? 0 : dir.length + (dir.endsWith('/') ? 0 : 1));
  try {
    return readdirSync(dir === '' ? '.' : dir)
      .filter((f) => f.startsWith(base) && !f.startsWith('.'))
      .map((f) => {
        const p = dir === '.' && !current.startsWith('./') ? f : join(dir, f);
        try {
          return statSync(p).isDirectory() ? p + '/' : p;
        } catch {
          return p;
        }
      });
  } catch {
    return [];
  }
}

/** Candidates for `current`, the word being typed after `words` (both already unquoted). */
export function completeWords(wordsIn: string[], current: string, ctx: CompletionContext): string[] {
  const words = wordsIn[0] === 'kubectl' || wordsIn[0] === 'kubesim' ? wordsIn.slice(1) : wordsIn;
  if (words[0] === 'use') return words.length === 1 ? filter(ctx.names('namespaces', undefined), current) : [];
  const path: Command[] = [ctx.program];
  const positionals: string[] = [];
  let namespace = ctx.namespace;
  let pendingOption: Option | undefined;
  let pendingFlag = '';
  for (const w of words) {
    if (pendingOption) {
      if (pendingFlag === '-n' || pendingFlag === '--namespace') namespace = w;
      pendingOption = undefined;
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      const [flag, value] = w.includes('=') ? [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)] : [w, undefined];
      if ((flag === '-n' || flag === '--namespace') && value !== undefined) namespace = value;
      const o = findOption(path, flag);
      if (o && o.required && value === undefined) {
        pendingOption = o;
        pendingFlag = flag;
      }
      continue;
    }
    const top = path[path.length - 1];
    const sub = positionals.length === 0 ? top.commands.find((c) => c.name() === w || c.aliases().includes(w)) : undefined;
    if (sub) path.push(sub);
    else positionals.push(w);
  }
  const cmd = path[path.length - 1];
  const verb = path.slice(1).map((c) => c.name()).join(' ');
  let cands: string[] = [];

  if (pendingOption) {
    const f = pendingFlag;
    if (f === '-n' || f === '--namespace') cands = ctx.names('namespaces', undefined);
    else if (f === '-o' || f === '--output') cands = OUTPUT_FORMATS;
    else if (f === '-f' || f === '--filename' || f === '--state') cands = fileCandidates(current);
    else if (f === '--from') cands = ['outside', ...ctx.names('nodes', undefined).map((n) => `node/${n}`), ...ctx.names('pods', namespace)];
    else if (f === '--for') cands = ['condition=Ready', 'condition=Available', 'delete', 'jsonpath='];
    else if (f === '--type') cands = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
    else if (f === '--node') cands = ctx.names('nodes', undefined);
    return filter(cands, current);
  }
  if (current.startsWith('-')) {
    const local = path.length > 1 ? longFlags(cmd) : [];
    return filter([...local, ...longFlags(ctx.program), '--help'], current);
  }
  if (path.length === 1) {
    const verbs = ctx.program.commands.filter((c) => !c.name().startsWith('_')).map((c) => c.name());
    return filter([...verbs, ...(ctx.builtins ?? [])], current);
  }
  if (cmd.commands.length > 0 && positionals.length === 0) {
    return filter(cmd.commands.map((c) => c.name()).filter((n) => n !== 'help'), current);
  }
  const n = positionals.length;
  if (TYPE_VERBS.has(verb)) {
    if (current.includes('/')) {
      const [t, ] = current.split('/');
      const rt = resolveResourceType(t);
      if (rt) cands = ctx.names(rt.plural, rt.namespaced ? namespace : undefined).map((x) => `${t}/${x}`);
    } else if (n === 0) {
      cands = typeNames();
    } else if (!positionals[0].includes('/')) {
      const rt = resolveResourceType(positionals[0].split(',')[0]);
      if (rt) cands = ctx.names(rt.plural, rt.namespaced ? namespace : undefined);
    }
  } else if (NODE_VERBS.has(verb) || NODE_VERBS.has(verb.split(' ')[0])) {
    cands = ctx.names('nodes', undefined);
  } else if (POD_VERBS.has(verb) || POD_VERBS.has(verb.split(' ')[0])) {
    if (n === 0) cands = ctx.names('pods', namespace);
  } else if (SERVICE_VERBS.has(verb)) {
    if (n === 0) cands = ctx.names('services', namespace);
  } else if (verb === 'curl') {
    if (n === 0) cands = ctx.names('services', namespace).flatMap((s) => [s, `http://${s}`]);
  } else if (verb === 'graph') {
    if (n === 0) cands = ['svc', 'ingress'];
    else if (n === 1) cands = ctx.names(positionals[0].startsWith('ing') ? 'ingresses' : 'services', namespace);
  } else if (verb === 'completion') {
    if (n === 0) cands = ['bash', 'zsh', 'fish'];
  } else if (verb === 'tutorial') {
    if (n === 0) cands = ctx.tutorials ?? [];
  } else if (verb === 'help') {
    cands = ctx.program.commands.map((c) => c.name());
  }
  return filter(cands, current);
}

function filter(cands: string[], prefix: string): string[] {
  return [...new Set(cands.filter((c) => c.startsWith(prefix)))].sort();
}
