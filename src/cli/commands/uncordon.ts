// kubectl uncordon NODE…
import type { Command } from 'commander';
import { globals, out, updateCluster } from '../context.js';
import { ClientError } from '../../api/errors.js';

export function register(program: Command): void {
  program
    .command('uncordon')
    .description('Mark node as schedulable')
    .argument('[nodes...]', 'node names')
    .addHelpText(
      'after',
      `
Examples:
  # Mark node "kubesim-worker" as schedulable
  kubesim uncordon kubesim-worker`,
    )
    .action(async (nodes: string[], _opts, cmd: Command) => {
      const g = globals(cmd);
      if (!nodes.length) throw new ClientError('USAGE: uncordon NODE [flags]');
      const { cordon } = await import('../../controllers/workload-commands.js');
      out((await updateCluster(g, (c) => nodes.map((n) => cordon(c, n.replace(/^(nodes?|no)\//, ''), false)))).join('\n'));
    });
}
