// kubectl scale: set spec.replicas of deployments, replica sets, stateful sets (TYPE NAME…, TYPE/NAME…, -f FILE).
import type { Command } from 'commander';
import { globals, out, updateCluster } from '../context.js';
import { ClientError } from '../../api/errors.js';

const REPLICAS_REQUIRED = 'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0';

function count(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  return /^\d+$/.test(String(v)) ? Number(v) : NaN;
}

export function register(program: Command): void {
  program
    .command('scale')
    .description('Set a new size for a deployment, replica set, or stateful set')
    .argument('[resources...]', 'TYPE NAME…, or TYPE/NAME…')
    .option('--replicas <count>', 'The new desired number of replicas. Required.')
    .option('--current-replicas <count>', 'Precondition for current size. Requires that the current size of the resource match this value in order to scale.')
    .option('-f, --filename <file...>', 'Files identifying the resources to scale')
    .addHelpText(
      'after',
      `
Examples:
  # Scale a deployment named 'currency-exchange' to 3
  kubesim scale --replicas=3 deployment/currency-exchange

  # Scale a resource identified by type and name specified in "web.yaml" to 3
  kubesim scale --replicas=3 -f web.yaml

  # If the deployment named 'web' is currently at 2 replicas, scale it to 5
  kubesim scale --current-replicas=2 --replicas=5 deployment/web

  # Scale several deployments at once
  kubesim scale --replicas=1 deployment/web deployment/backend

  # Scale a stateful set named 'nginx-sts' to 0
  kubesim scale --replicas=0 statefulset nginx-sts`,
    )
    .action(async (args: string[], opts, cmd: Command) => {
      const g = globals(cmd);
      const replicas = count(opts.replicas);
      if (replicas === undefined || Number.isNaN(replicas)) throw new ClientError(REPLICAS_REQUIRED);
      const current = count(opts.currentReplicas ?? undefined);
      if (Number.isNaN(current)) throw new ClientError('invalid argument for --current-replicas');
      const { parseTargets, scale } = await import('../../controllers/workload-commands.js');
      const { resolveResourceType } = await import('../../api/resources.js');
      let targets: Array<{ rt: any; name: string; namespace: string }> = parseTargets(args).map((t) => ({ ...t, namespace: g.namespace }));
      if (opts.filename?.length) {
        const { readManifests } = await import('../manifest-writes.js');
        for (const { obj } of await readManifests(opts.filename, false)) {
          const rt = resolveResourceType(obj.kind);
          if (!rt) throw new ClientError(`the server doesn't have a resource type "${obj.kind}"`);
          targets.push({ rt, name: obj.metadata?.name ?? '', namespace: obj.metadata?.namespace ?? g.namespace });
        }
      }
      if (!targets.length) {
        throw new ClientError(
          "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
      }
      targets = targets.filter((t) => t.name);
      const lines = await updateCluster(g, (c) => targets.map((t) => scale(c, t.rt, t.namespace, t.name, replicas, current)));
      out(lines.join('\n'));
    });
}
