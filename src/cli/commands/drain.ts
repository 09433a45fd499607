// kubectl drain NODE: cordon, then evict its pods (their controllers recreate them on other nodes).
import type { Command } from 'commander';
import { globals, out, err, updateCluster } from '../context.js';
import { ClientError } from '../../api/errors.js';

export function register(program: Command): void {
  program
    .command('drain')
    .description('Drain node in preparation for maintenance')
    .argument('[node]', 'node name')
    .option('--force', 'Continue even if there are pods that do not declare a controller')
    .option('--ignore-daemonsets', 'Ignore DaemonSet-managed pods')
    .option('--delete-emptydir-data', 'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained)')
    .addHelpText(
      'after',
      `
Examples:
  # Drain node "kubesim-worker": cordon it, then evict its pods (their controllers recreate them elsewhere)
  kubesim drain kubesim-worker --ignore-daemonsets

  # Drain it even if there are pods not managed by a controller (those are deleted for good)
  kubesim drain kubesim-worker --force --ignore-daemonsets

  # Put the node back into service
  kubesim uncordon kubesim-worker`,
    )
    .action(async (node: string | undefined, opts, cmd: Command) => {
      const g = globals(cmd);
      if (!node) throw new ClientError('USAGE: drain NODE [flags]');
      const { drain } = await import('../../controllers/workload-commands.js');
      const res = await updateCluster(g, (c) =>
        drain(c, node.replace(/^(nodes?|no)\//, ''), { force: opts.force, ignoreDaemonsets: opts.ignoreDaemonsets, deleteEmptydirData: opts.deleteEmptydirData }),
      );
      if (res.stdout.length) out(res.stdout.join('\n'));
      if (res.stderr.length) err(res.stderr.join('\n'));
      if (res.failed) process.exitCode = 1;
    });
}
