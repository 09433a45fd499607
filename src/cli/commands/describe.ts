// kubectl describe TYPE [NAME…] | TYPE/NAME…: a readable report of each object, its related objects and events.
import type { Command } from 'commander';
import { err, globals, out, readCluster } from '../context.js';
import { ClientError } from '../../api/errors.js';

export function register(program: Command): void {
  program
    .command('describe')
    .description('Show details of a specific resource or group of resources')
    .argument('[type]', 'resource type (svc, pod, deploy, rs, ep, endpointslices, ing, node, ns, …) or TYPE/NAME')
    .argument('[names...]', 'object names (default: every object of the type in the namespace)')
    .option('-l, --selector <selector>', 'Selector (label query) to filter on')
    .addHelpText(
      'after',
      `
Examples:
  # Describe a Service: its selector, ClusterIP, ports, endpoints and events
  kubesim describe svc currency-exchange

  # Describe the pods with label app=web
  kubesim describe pods -l app=web

  # Describe a node: its conditions, addresses, pod CIDR and the pods it runs
  kubesim describe node/kubesim-worker

  # Describe every Deployment in the namespace
  kubesim describe deployments`,
    )
    .action(async (type: string | undefined, names: string[], _opts, cmd: Command) => {
      const g = globals(cmd);
      const o = cmd.opts();
      if (!type) throw new ClientError('You must specify the type of resource to describe. Use "kubesim api-resources" for a complete list of supported resources.');
      const { queryObjects } = await import('../printers/query.js');
      const { describerFor } = await import('../printers/describe/index.js');
      // chalk (which looks at the terminal as it loads, ~6 ms) only when colours are on.
      const paint = g.color ? (await import('../colors.js')).statusPainter(true) : (s: string) => s;
      const cluster = await readCluster(g);
      const q = queryObjects(cluster, [type, ...names], { namespace: g.namespace, allNamespaces: g.allNamespaces, selector: o.selector });
      const ctx = { cluster, paint };
      const texts = q.groups.flatMap((grp) => grp.objs.map((obj) => describerFor(grp.rt.plural)(obj, ctx)));
      if (texts.length) out(texts.join('\n\n'));
      else if (!q.errors.length) err(g.allNamespaces ? 'No resources found' : `No resources found in ${g.namespace} namespace.`);
      if (q.errors.length) {
        for (const e of q.errors) err(e.format());
        process.exitCode = 1;
      }
    });
}
