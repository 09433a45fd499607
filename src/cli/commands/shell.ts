// kubesim shell: a REPL for kubesim commands (also what `kubesim` alone starts on a terminal).
import type { Command } from 'commander';
import { globals } from '../context.js';

export function register(program: Command): void {
  program
    .command('shell')
    .description('Start an interactive shell: every kubesim command without the prefix, with completion and history')
    .option('--echo', 'With piped input, print each command as "$ command" before its output')
    .addHelpText(
      'after',
      `
Examples:
  # Start the shell (also: kubesim with no arguments, on a terminal)
  kubesim shell

  # Inside it: commands without the prefix, kubectl accepted, switch namespace
  get svc
  kubectl get pods -o wide
  use prod

  # Run a script line by line (blank lines and # comments skipped); print each command too
  kubesim shell < demo.txt
  kubesim shell --echo < demo.txt

Notes:
  History is kept beside the state file (~/.kubesim/history). Piped input prints only the commands' output;
  the exit code is that of the last line that failed, 0 if none did.`,
    )
    .action(async (opts: { echo?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const { runShell } = await import('../shell/repl.js');
      process.exitCode = await runShell({ statePath: g.statePath, namespace: g.namespace, color: g.color, echo: Boolean(opts.echo) });
    });
}
