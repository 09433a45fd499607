// kubectl delete: TYPE NAME…, TYPE/NAME…, TYPE1,TYPE2 NAME, -f FILE, -l SELECTOR, --all, --ignore-not-found,
// --dry-run. Found objects are deleted even when others are missing (each NotFound is reported, exit 1).
// Dependents and a namespace's contents go afterwards, through the controllers (garbage collection).
import type { Command } from 'commander';
import { globals, out, err, updateCluster } from '../context.js';
import { ApiError, ClientError, KubeError } from '../../api/errors.js';
import { qualifiedKind, qualifiedResource, resolveResourceType, type ResourceType } from '../../api/resources.js';

const NO_RESOURCES =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

interface Target {
  rt: ResourceType;
  namespace: string;
  name?: string; // undefined: every object matching the selector / --all
}

function resolve(type: string): ResourceType {
  const rt = resolveResourceType(type);
  if (!rt) throw new ClientError(`the server doesn't have a resource type "${type}"`);
  return rt;
}

export function register(program: Command): void {
  program
    .command('delete')
    .description('Delete resources by file names, stdin, resources and names, or by resources and label selector')
    .argument('[args...]', 'TYPE NAME…, TYPE/NAME…, or TYPE with -l/--all')
    .option('-f, --filename <file...>', 'Files, folders or - (stdin) naming the objects to delete')
    .option('-R, --recursive', 'Process the folders given in -f recursively')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Delete all resources of the given types in the namespace')
    .option('--ignore-not-found', 'Treat "resource not found" as a successful delete')
    .option('--dry-run [mode]', 'none, client or server: only print what would be deleted')
    .option('--wait [bool]', 'Accepted for kubectl compatibility; deletes here are immediate')
    .option('--now', 'Accepted for kubectl compatibility')
    .option('--force', 'Accepted for kubectl compatibility')
    .option('--grace-period <seconds>', 'Accepted for kubectl compatibility')
    .option('-o, --output <format>', 'name: print only resource/name')
    .addHelpText(
      'after',
      `
Examples:
  # Delete the objects named in a manifest
  kubesim delete -f manifests/01-currency-exchange.yaml

  # Delete a pod: its ReplicaSet creates a replacement, with a new name and a new IP
  kubesim delete pod currency-exchange-7d4b9c6f5-x2x8k

  # Delete a Service and a Deployment by TYPE/NAME
  kubesim delete svc/web deployment/web

  # Delete pods with label app=web
  kubesim delete pods -l app=web

  # Delete all pods in the namespace, and ignore a missing object
  kubesim delete pods --all
  kubesim delete svc web --ignore-not-found`,
    )
    .action(async (args: string[], opts, cmd: Command) => {
      const g = globals(cmd);
      const { parseDryRun } = await import('../manifest-writes.js');
      const dryRun = parseDryRun(opts.dryRun);
      const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
      const targets: Target[] = [];
      const errors: KubeError[] = [];
      if (opts.filename?.length) {
        if (args.length) throw new ClientError('Unexpected args: ' + JSON.stringify(args).replace(/"/g, '').replace(/,/g, ' '));
        const { readManifests } = await import('../../api/manifest.js');
        const read = await readManifests(opts.filename, Boolean(opts.recursive));
        errors.push(...read.errors);
        for (const { obj, source } of read.docs) {
          const rt = resolveResourceType(String(obj.kind ?? ''));
          if (!rt || typeof obj.metadata?.name !== 'string') {
            errors.push(new ClientError(`resource mapping not found for name: "${obj.metadata?.name ?? ''}" namespace: "${obj.metadata?.namespace ?? ''}" from "${source}": no matches for kind "${obj.kind}" in version "${obj.apiVersion}"\nensure CRDs are installed first`));
            continue;
          }
          const fileNs = typeof obj.metadata.namespace === 'string' ? obj.metadata.namespace : '';
          if (rt.namespaced && fileNs && g.namespaceExplicit && fileNs !== g.namespace) {
            errors.push(new ClientError(`the namespace from the provided object "${fileNs}" does not match the namespace "${g.namespace}". You must pass '--namespace=${fileNs}' to perform this operation.`));
            continue;
          }
          targets.push({ rt, namespace: fileNs || g.namespace, name: obj.metadata.name });
        }
      } else {
        if (!args.length) throw new ClientError(NO_RESOURCES);
        if (args.some((a) => a.includes('/'))) {
          for (const a of args) {
            const slash = a.indexOf('/');
            if (slash < 0) throw new ClientError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubesim get resource/<resource_name>' instead of 'kubesim get resource resource/<resource_name>'`);
            targets.push({ rt: resolve(a.slice(0, slash)), namespace: g.namespace, name: a.slice(slash + 1) });
          }
        } else {
          const [types, ...names] = args;
          const rts = types.split(',').filter(Boolean).map(resolve);
          if (names.length) {
            if (opts.all || opts.selector) throw new ClientError(`name cannot be provided when a selector is specified`);
            for (const rt of rts) for (const name of names) targets.push({ rt, namespace: g.namespace, name });
          } else if (opts.all || opts.selector !== undefined) {
            for (const rt of rts) targets.push({ rt, namespace: g.namespace });
          } else throw new ClientError('resource(s) were provided, but no name was specified');
        }
      }
      const { parseSelector, matchesRequirements } = await import('../../api/label-selector-parse.js');
      const selector = opts.selector !== undefined ? parseSelector(opts.selector) : undefined;
      const { deleteObject } = await import('../../api/admission.js');
      const result = await updateCluster(g, (c) => {
        const lines: string[] = [];
        const failures: KubeError[] = [];
        let matchedAny = false;
        const label = (rt: ResourceType, name: string) => (opts.output === 'name' ? `${qualifiedKind(rt)}/${name}` : `${qualifiedKind(rt)} "${name}" deleted${suffix}`);
        for (const t of targets) {
          const ns = t.rt.namespaced ? t.namespace : undefined;
          if (t.name !== undefined) {
            if (selector && !matchesRequirements(c.get(t.rt.plural, ns, t.name)?.metadata.labels, selector)) continue;
            try {
              deleteObject(c, t.rt, ns, t.name, { dryRun });
              matchedAny = true;
              lines.push(label(t.rt, t.name));
            } catch (e) {
              if (e instanceof ApiError && e.reason === 'NotFound' && opts.ignoreNotFound) continue;
              if (!(e instanceof KubeError)) throw e;
              failures.push(opts.filename?.length ? new ApiError('NotFound', `error when deleting "${opts.filename.join(',')}": ${qualifiedResource(t.rt)} "${t.name}" not found`, 404) : e);
            }
            continue;
          }
          const namespaceScope = t.rt.namespaced && !g.allNamespaces ? t.namespace : undefined;
          for (const obj of c.list(t.rt.plural, namespaceScope)) {
            if (selector && !matchesRequirements(obj.metadata.labels, selector)) continue;
            deleteObject(c, t.rt, obj.metadata.namespace, obj.metadata.name!, { dryRun });
            matchedAny = true;
            lines.push(label(t.rt, obj.metadata.name!));
          }
        }
        return { lines, failures, matchedAny };
      });
      errors.push(...result.failures);
      if (result.lines.length) out(result.lines.join('\n'));
      else if (!errors.length && targets.some((t) => t.name === undefined)) out('No resources found');
      if (errors.length) {
        const { formatErrors } = await import('../manifest-writes.js');
        err(formatErrors(errors));
        process.exitCode = 1;
      }
    });
}
