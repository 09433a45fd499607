// kubesim iptables-save: the rules kube-proxy (iptables mode) programs on one node, as iptables-save prints them.
import type { Command } from 'commander';
import { globals, readCluster } from '../context.js';
import { writeOut } from '../stdio.js';
import { ApiError, ClientError } from '../../api/errors.js';

export function register(program: Command): void {
  program
    .command('iptables-save')
    .description("Print the iptables rules kube-proxy programs on a node (default: the first worker)")
    .addHelpText(
      'after',
      `
Examples:
  # The rules on the first worker node
  kubesim iptables-save

  # The rules on another node
  kubesim iptables-save --node kubesim-worker2

  # Only the nat table (KUBE-SERVICES, KUBE-SVC-…, KUBE-SEP-…)
  kubesim iptables-save -t nat

  # The rules for one Service
  kubesim iptables-save | grep currency-exchange`,
    )
    .option('--node <node>', 'The node whose rules to print')
    .option('-t, --table <table>', 'Only this table: nat or filter')
    .action(async (_opts, cmd: Command) => {
      const g = globals(cmd);
      const o = cmd.opts();
      if (o.table !== undefined && o.table !== 'nat' && o.table !== 'filter') {
        throw new ClientError(`table "${o.table}" is not one kube-proxy programs (nat, filter)`);
      }
      const cluster = await readCluster(g);
      const { nodeRulesText } = await import('../../dataplane/kube-proxy/rules.js');
      const { writeIptablesSave } = await import('../../dataplane/kube-proxy/iptables-save.js');
      let node: string | undefined = o.node?.replace(/^(node|nodes|no)\//, '');
      if (node) {
        if (!cluster.get('nodes', undefined, node)) throw ApiError.notFound('nodes', node);
      } else {
        const { firstWorker } = await import('../../dataplane/client.js');
        node = firstWorker(cluster).metadata.name!;
      }
      writeIptablesSave(nodeRulesText(cluster, node), cluster.now, o.table, writeOut);
    });
}
