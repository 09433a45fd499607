// kubesim demo: the seeds' scenarios, run for real on a fresh simulated cluster, printed as a transcript.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { globals } from '../context.js';

export function register(program: Command): void {
  program
    .command('demo')
    .description('Walk through Services, DNS, load balancing, scaling, NodePort, LoadBalancer and Ingress on a fresh cluster')
    .option('--step', 'Pause after each step (on a terminal only)')
    .addHelpText(
      'after',
      `
Examples:
  # The whole tour, non-interactive: every command and its real output
  kubesim demo

  # One step at a time
  kubesim demo --step

  # Keep the demo's cluster to explore it afterwards (the file must not exist yet)
  kubesim demo --state ./demo.json && kubesim --state ./demo.json shell

Notes:
  The demo never touches your cluster: it builds a fresh one (seed 42) in a temporary state file, unless
  --state names a new file to keep it in. Its "on a laptop" part makes a second, local cluster (laptop.json)
  in a temporary folder of its own, removed at the end. The clock is fixed (KUBESIM_NOW, if set, is the start time), so the
  output is the same on every run.`,
    )
    .action(async (opts: { step?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const explicit: string | undefined = cmd.optsWithGlobals().state;
      const { ClientError } = await import('../../api/errors.js');
      if (explicit && existsSync(g.statePath)) throw new ClientError(`${g.statePath} already exists: the demo needs a fresh cluster; remove it or choose another --state file`);
      const { runDemo } = await import('../demo/runner.js');
      process.exitCode = await runDemo({ statePath: explicit ? g.statePath : undefined, color: g.color, step: Boolean(opts.step) });
    });
}
