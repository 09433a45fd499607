// kubectl label / annotate: TYPE NAME… KEY=VAL… KEY-…, or TYPE/NAME, or TYPE with -l SELECTOR / --all.
// Changing an existing value needs --overwrite. Writes go through updateObject (validation, then controllers:
// a pod relabelled out of a selector leaves the Service's endpoints and its ReplicaSet replaces it).
import type { Command } from 'commander';
import type { KubeObject } from '../api/types.js';
import { ApiError, ClientError } from '../api/errors.js';
import { qualifiedResource, resolveResourceType, type ResourceType } from '../api/resources.js';
import { globals, out, updateCluster } from './context.js';

type Field = 'labels' | 'annotations';

const KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function validKey(k: string): boolean {
  const parts = k.split('/');
  if (parts.length > 2) return false;
  const name = parts.pop()!;
  if (!name || name.length > 63 || !KEY_NAME.test(name)) return false;
  return parts.length === 0 || (parts[0].length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(parts[0]));
}

export function parseUpdates(args: string[], field: Field): { set: Record<string, string>; remove: string[] } {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  const what = field === 'labels' ? 'label' : 'annotation';
  for (const a of args) {
    const i = a.indexOf('=');
    if (i >= 0) {
      const k = a.slice(0, i);
      const v = a.slice(i + 1);
      if (!validKey(k) || (field === 'labels' && (v.length > 63 || !LABEL_VALUE.test(v)))) throw new ClientError(`invalid ${what} spec: ${a}`);
      set[k] = v;
    } else if (a.endsWith('-')) remove.push(a.slice(0, -1));
    else throw new ClientError(`invalid ${what} spec: ${a}`);
  }
  for (const k of remove) if (k in set) throw new ClientError(`can not both modify and remove ${what} in the same command`);
  return { set, remove };
}

export function registerMetadataCommand(program: Command, field: Field): void {
  const verb = field === 'labels' ? 'label' : 'annotate';
  const done = field === 'labels' ? 'labeled' : 'annotated';
  program
    .command(verb)
    .description(field === 'labels' ? 'Update the labels on a resource' : 'Update the annotations on a resource')
    .argument('[args...]', 'TYPE NAME KEY=VAL … KEY- …')
    .option('--overwrite', 'If true, allow values to be overwritten, otherwise reject updates that overwrite existing values.')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Select all resources, in the namespace of the specified resource types')
    .option('--dry-run [mode]', 'Must be "none", "server", or "client".')
    .action(async (args: string[], opts, cmd: Command) => {
      const g = globals(cmd);
      const { usageError, parseDryRun } = await import('./create/common.js');
      const dryRun = parseDryRun(opts.dryRun);
      if (!args.length) {
        throw usageError("You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'", verb);
      }
      // Resource arguments come first; KEY=VAL and KEY- after.
      const split = args.findIndex((a, i) => i > 0 && (a.includes('=') || (a.endsWith('-') && !a.includes('/'))));
      const resArgs = split < 0 ? args : args.slice(0, split);
      const updates = split < 0 ? [] : args.slice(split);
      if (!updates.length) throw usageError(`at least one ${field === 'labels' ? 'label' : 'annotation'} update is required`, verb);
      const { set, remove } = parseUpdates(updates, field);
      const targets: Array<{ rt: ResourceType; name?: string }> = [];
      if (resArgs[0].includes('/')) {
        for (const r of resArgs) {
          const [t, n] = r.split('/');
          const rt = resolveResourceType(t);
          if (!rt) throw new ClientError(`the server doesn't have a resource type "${t}"`);
          targets.push({ rt, name: n });
        }
      } else {
        const rt = resolveResourceType(resArgs[0]);
        if (!rt) throw new ClientError(`the server doesn't have a resource type "${resArgs[0]}"`);
        const names = resArgs.slice(1);
        if (!names.length && !opts.all && !opts.selector) throw usageError('resource(s) were provided, but no name was specified', verb);
        if (names.length) for (const n of names) targets.push({ rt, name: n });
        else targets.push({ rt });
      }
      const { parseSelector, matchesRequirements } = await import('../api/label-selector-parse.js');
      const reqs = opts.selector ? parseSelector(opts.selector) : undefined;
      const { updateObject } = await import('../api/admission.js');
      const { nameOf } = await import('./printers/objects.js');
      const lines = await updateCluster(g, (c) => {
        const result: string[] = [];
        const ns = (rt: ResourceType) => (rt.namespaced ? g.namespace : undefined);
        const objs: KubeObject[] = [];
        for (const t of targets) {
          if (t.name) {
            const o = c.get(t.rt.plural, ns(t.rt), t.name);
            if (!o) throw ApiError.notFound(qualifiedResource(t.rt), t.name);
            objs.push(o);
          } else {
            for (const o of c.list(t.rt.plural, ns(t.rt))) if (!reqs || matchesRequirements(o.metadata.labels, reqs)) objs.push(o);
          }
        }
        if (!objs.length) throw new ClientError('no objects passed to ' + verb);
        for (const o of objs) {
          const current: Record<string, string> = { ...(o.metadata[field] ?? {}) };
          if (!opts.overwrite) {
            for (const [k, v] of Object.entries(set)) {
              if (k in current && current[k] !== v) throw new ClientError(`'${k}' already has a value (${current[k]}), and --overwrite is false`);
            }
          }
          const next = { ...current, ...set };
          for (const k of remove) delete next[k];
          const changed = JSON.stringify(Object.entries(next).sort()) !== JSON.stringify(Object.entries(current).sort());
          let msg: string = done;
          if (field === 'labels') msg = !changed ? 'not labeled' : !opts.overwrite && Object.keys(next).length < Object.keys(current).length ? 'unlabeled' : 'labeled';
          if (changed) {
            const copy = structuredClone(o);
            if (Object.keys(next).length) copy.metadata[field] = next;
            else delete copy.metadata[field];
            updateObject(c, copy, { dryRun });
          }
          result.push(`${nameOf(o)} ${msg}${dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : ''}`);
        }
        return result;
      });
      out(lines.join('\n'));
    });
}
