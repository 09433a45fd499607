// kubesim wait: kubectl wait for shell-scripted demos. The simulation settles within each command (the
// controllers run to a fixed point before the state is saved), and nothing changes between commands, so
// wait checks once, at once: met → `pod/x condition met`; not met → kubectl's timeout error straight away,
// without sleeping through a timeout nothing could end early.
import type { Command } from 'commander';
import { globals, out, err, readCluster } from '../context.js';

export function register(program: Command): void {
  program
    .command('wait')
    .description('Wait for a specific condition on one or many resources (checked at once: the simulation is always settled)')
    .argument('[resources...]', 'TYPE NAME…, TYPE/NAME…, or TYPE with -l/--all')
    .option('--for <condition>', 'condition=NAME[=VALUE], delete, create, or jsonpath={EXPR}[=VALUE]')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .option('--all', 'Select all resources in the namespace of the specified resource types')
    .option('--timeout <duration>', 'How long kubectl would wait (accepted and validated; kubesim answers at once)', '30s')
    .addHelpText(
      'after',
      `
Examples:
  # Wait for the pods of a Deployment to be Ready
  kubesim wait --for=condition=Ready pod -l app=currency-exchange

  # Wait for a Deployment to be Available
  kubesim wait --for=condition=Available deployment/web --timeout=60s

  # Wait for a field to have a value
  kubesim wait --for=jsonpath='{.status.phase}'=Running pod -l app=web

  # Wait for a pod to be gone
  kubesim wait --for=delete pod/busybox1

Notes:
  A simulated cluster is settled after every command, so the condition is checked once: if it does not
  hold, no amount of waiting would change it, and the timeout error is printed at once.`,
    )
    .action(async (resources: string[], opts: { for?: string; selector?: string; all?: boolean; timeout: string }, cmd: Command) => {
      const g = globals(cmd);
      const { ClientError } = await import('../../api/errors.js');
      const { queryObjects } = await import('../printers/query.js');
      const { qualifiedKind } = await import('../../api/resources.js');
      if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$|^0$/.test(opts.timeout)) {
        throw new ClientError(`invalid argument "${opts.timeout}" for "--timeout" flag: time: invalid duration "${opts.timeout}"`);
      }
      if (!opts.for) throw new ClientError('--for must be set');
      const check = await parseFor(opts.for);
      if (resources.length === 0) throw new ClientError('You must provide one or more resources by argument or filename.');
      if (!resources.some((r) => r.includes('/')) && resources.length === 1 && !opts.selector && !opts.all) {
        throw new ClientError('resource(s) were provided, but no name was specified');
      }
      const cluster = await readCluster(g);
      const isDelete = check.kind === 'delete';
      const q = queryObjects(cluster, resources, { namespace: g.namespace, allNamespaces: g.allNamespaces, selector: opts.selector });
      const lines: string[] = [];
      const failures: string[] = [];
      let visited = 0;
      for (const grp of q.groups) {
        for (const obj of grp.objs) {
          visited++;
          const met = check.kind === 'delete' ? false : check.kind === 'create' ? true : check.test(obj);
          if (met) lines.push(`${qualifiedKind(grp.rt)}/${obj.metadata.name} condition met`);
          else failures.push(`error: timed out waiting for the condition on ${grp.rt.plural}/${obj.metadata.name}`);
        }
      }
      // --for=delete: an object already gone is success; --for=create: a missing named object never appears.
      const notFound = q.errors;
      if (check.kind === 'create') for (const e of notFound) failures.push(e.format());
      else if (!isDelete) for (const e of notFound) failures.push(e.format());
      if (lines.length) out(lines.join('\n'));
      if (visited === 0 && notFound.length === 0 && !isDelete) {
        throw new ClientError('no matching resources found');
      }
      if (failures.length) {
        err(failures.join('\n'));
        process.exitCode = 1;
      }
    });
}

type Check = { kind: 'delete' } | { kind: 'create' } | { kind: 'test'; test: (obj: any) => boolean };

async function parseFor(spec: string): Promise<Check> {
  const { ClientError } = await import('../../api/errors.js');
  const lower = spec.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (lower.startsWith('condition=')) {
    const rest = spec.slice('condition='.length);
    const [name, value = 'true'] = rest.split('=', 2);
    if (!name) throw new ClientError(`unrecognized condition: "${spec}"`);
    return {
      kind: 'test',
      test: (obj) =>
        (obj.status?.conditions ?? []).some(
          (c: any) => String(c.type).toLowerCase() === name.toLowerCase() && String(c.status).toLowerCase() === value.toLowerCase(),
        ),
    };
  }
  if (lower.startsWith('jsonpath=')) {
    const rest = spec.slice('jsonpath='.length);
    // {EXPR}=VALUE: the value follows the closing brace; an expression without braces is relaxed to {EXPR}.
    const close = rest.startsWith('{') ? rest.indexOf('}') : -1;
    let expr: string;
    let value: string | undefined;
    if (close >= 0) {
      expr = rest.slice(0, close + 1);
      const tail = rest.slice(close + 1);
      if (tail !== '' && !tail.startsWith('=')) throw new ClientError(`jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'`);
      value = tail === '' ? undefined : tail.slice(1);
    } else {
      const eq = rest.indexOf('=');
      expr = `{${eq >= 0 ? rest.slice(0, eq) : rest}}`;
      value = eq >= 0 ? rest.slice(eq + 1) : undefined;
    }
    const { parseSinglePath, findResults, textOf } = await import('../printers/jsonpath.js');
    const path = parseSinglePath(expr);
    return {
      kind: 'test',
      test: (obj) => {
        const found = findResults(path, obj).filter((v) => v !== undefined);
        if (value === undefined) return found.length > 0;
        if (found.length !== 1) return false;
        return textOf(found[0]) === value;
      },
    };
  }
  throw new ClientError(`unrecognized condition: "${spec}"`);
}
