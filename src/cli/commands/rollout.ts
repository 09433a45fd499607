// kubectl rollout restart|status|history|undo for deployments (and stateful sets where kubectl supports them).
import type { Command } from 'commander';
import { globals, out, err, readCluster, updateCluster } from '../context.js';
import { writeOut } from '../stdio.js';
import { ClientError } from '../../api/errors.js';

async function targets(args: string[]) {
  const { parseTargets } = await import('../../controllers/workload-commands.js');
  const t = parseTargets(args);
  if (!t.length) throw new ClientError('required resource not specified');
  return t;
}

export function register(program: Command): void {
  const rollout = program
    .command('rollout')
    .description('Manage the rollout of a resource')
    .addHelpText(
      'after',
      `
Examples:
  # Replace every pod of deployment "currency-exchange" (new names, new IPs), then check the rollout
  kubesim rollout restart deployment/currency-exchange
  kubesim rollout status deployment/currency-exchange

  # See the revisions, and go back to the previous one
  kubesim rollout history deployment/currency-exchange
  kubesim rollout undo deployment/currency-exchange

Notes:
  A rollout completes within the command that starts it: status reports it done straight away.`,
    );
  rollout
    .command('restart')
    .description('Restart a resource: its pods are replaced by a new rollout')
    .addHelpText(
      'after',
      `
Examples:
  # Restart deployment "currency-exchange": a new ReplicaSet, new pods with new names and IPs
  kubesim rollout restart deployment/currency-exchange

  # Restart two deployments
  kubesim rollout restart deployment/web deployment/backend`,
    )
    .argument('<resources...>', 'deployment/NAME, or deployment NAME')
    .action(async (args: string[], _opts, cmd: Command) => {
      const g = globals(cmd);
      const t = await targets(args);
      const { rolloutRestart } = await import('../../controllers/workload-commands.js');
      out((await updateCluster(g, (c) => t.map((x) => rolloutRestart(c, x.rt, g.namespace, x.name)))).join('\n'));
    });
  rollout
    .command('status')
    .description('Show the status of the rollout')
    .addHelpText(
      'after',
      `
Examples:
  # Watch the rollout status of a deployment (it is already complete: rollouts finish within a command)
  kubesim rollout status deployment/currency-exchange`,
    )
    .argument('<resources...>', 'deployment/NAME, or deployment NAME')
    .action(async (args: string[], _opts, cmd: Command) => {
      const g = globals(cmd);
      const t = await targets(args);
      const { rolloutStatus } = await import('../../controllers/workload-commands.js');
      const c = await readCluster(g);
      for (const x of t) {
        const s = rolloutStatus(c, x.rt, g.namespace, x.name);
        out(s.text);
        if (!s.done) {
          // Nothing moves between commands in kubesim: waiting would never end, so stop as kubectl's timeout does.
          err('error: timed out waiting for the condition');
          process.exitCode = 1;
          return;
        }
      }
    });
  rollout
    .command('history')
    .description('View rollout history')
    .addHelpText(
      'after',
      `
Examples:
  # The revisions of deployment "currency-exchange"
  kubesim rollout history deployment/currency-exchange`,
    )
    .argument('<resources...>', 'deployment/NAME, or deployment NAME')
    .action(async (args: string[], _opts, cmd: Command) => {
      const g = globals(cmd);
      const t = await targets(args);
      const { rolloutHistory } = await import('../../controllers/workload-commands.js');
      const c = await readCluster(g);
      writeOut(t.map((x) => rolloutHistory(c, x.rt, g.namespace, x.name)).join(''));
    });
  rollout
    .command('undo')
    .description('Undo a previous rollout')
    .addHelpText(
      'after',
      `
Examples:
  # Roll back to the previous revision
  kubesim rollout undo deployment/currency-exchange

  # Roll back to revision 1
  kubesim rollout undo deployment/currency-exchange --to-revision=1`,
    )
    .argument('<resources...>', 'deployment/NAME, or deployment NAME')
    .option('--to-revision <n>', 'The revision to roll back to. Default to 0 (last revision).', '0')
    .action(async (args: string[], opts, cmd: Command) => {
      const g = globals(cmd);
      const t = await targets(args);
      const { rolloutUndo } = await import('../../controllers/workload-commands.js');
      const to = Number(opts.toRevision);
      out((await updateCluster(g, (c) => t.map((x) => rolloutUndo(c, x.rt, g.namespace, x.name, to)))).join('\n'));
    });
}
