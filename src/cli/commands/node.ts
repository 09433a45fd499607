// kubesim node stop|start NODE: stop or restart a node's kubelet. A stopped node turns NotReady (conditions
// Unknown), its pods become not ready, and after their 300 s toleration of the unreachable taint (cluster clock:
// any later command with a later KUBESIM_NOW) they are evicted and recreated on other nodes.
import type { Command } from 'commander';
import { globals, out, updateCluster } from '../context.js';

export function register(program: Command): void {
  const node = program
    .command('node')
    .description("Stop or start a node's kubelet (kubesim only)")
    .addHelpText(
      'after',
      `
Examples:
  # Stop node "kubesim-worker2": it turns NotReady and its pods leave the Services' endpoints
  kubesim node stop kubesim-worker2
  kubesim get nodes

  # Start it again
  kubesim node start kubesim-worker2`,
    );
  node
    .command('stop')
    .description('Stop the kubelet of NODE: the node becomes NotReady; its pods are evicted 300 s (cluster clock) later')
    .argument('<node>', 'node name')
    .option('--evict', 'Evict the pods at once instead of after their 300 s toleration (for demos)')
    .addHelpText(
      'after',
      `
Examples:
  # Stop node "kubesim-worker2": NotReady, its pods not ready; evicted once the cluster clock passes 300 s
  kubesim node stop kubesim-worker2

  # Stop it and evict its pods at once: their controllers recreate them on the other nodes
  kubesim node stop kubesim-worker2 --evict`,
    )
    .action(async (name: string, opts, cmd: Command) => {
      const g = globals(cmd);
      const { nodePower } = await import('../../controllers/workload-commands.js');
      out(await updateCluster(g, (c) => nodePower(c, name.replace(/^(nodes?|no)\//, ''), true, Boolean(opts.evict))));
    });
  node
    .command('start')
    .description('Start the kubelet of NODE again: the node becomes Ready')
    .addHelpText(
      'after',
      `
Examples:
  # Bring node "kubesim-worker2" back
  kubesim node start kubesim-worker2`,
    )
    .argument('<node>', 'node name')
    .action(async (name: string, _opts, cmd: Command) => {
      const g = globals(cmd);
      const { nodePower } = await import('../../controllers/workload-commands.js');
      out(await updateCluster(g, (c) => nodePower(c, name.replace(/^(nodes?|no)\//, ''), false)));
    });
}
