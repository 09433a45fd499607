// kubesim tutorial: guided scenarios from the seeds, each on its own simulated cluster, resumable.
import type { Command } from 'commander';
import { globals, out } from '../context.js';
import { useStreams, writeOut } from '../stdio.js';

export function register(program: Command): void {
  program
    .command('tutorial')
    .description('Learn Services step by step: guided scenarios you type and answer, checked against a real simulated cluster')
    .argument('[name]', 'the tutorial to start or resume (see --list)')
    .option('--list', 'List the tutorials and your progress')
    .option('--reset', 'Start the tutorial over, on a fresh cluster')
    .addHelpText(
      'after',
      `
Examples:
  # See the tutorials and which are done
  kubesim tutorial --list

  # Start one (or resume where you stopped); choose from a list when no name is given
  kubesim tutorial pod-ip
  kubesim tutorial

  # Start over
  kubesim tutorial fqdn --reset

  # Replay answers from a file, one per line (no terminal needed)
  kubesim tutorial headless < answers.txt

Notes:
  Each tutorial has its own cluster (beside the state file, in tutorials/NAME/), so it never touches yours.
  Type exit (or Ctrl-C) to stop; progress is saved after every step.`,
    )
    .action(async (name: string | undefined, opts: { list?: boolean; reset?: boolean }, cmd: Command) => {
      const g = globals(cmd);
      const { TUTORIALS } = await import('../tutorials/catalog.js');
      const { loadProgress } = await import('../tutorials/progress.js');
      const progress = loadProgress(g.statePath);
      const status = (n: string) => {
        const p = progress[n];
        if (!p) return 'not started';
        if (p.done) return 'done';
        return `in progress (${p.step}/${p.total})`;
      };
      if (opts.list) {
        const { formatTable } = await import('../printers/table.js');
        out(formatTable(['NAME', 'STATUS', 'TITLE'], TUTORIALS.map((t) => [t.name, status(t.name), t.title])));
        return;
      }
      const { ClientError } = await import('../../api/errors.js');
      if (!name) {
        const { choose } = await import('../prompt.js');
        name = await choose(
          'Which tutorial?',
          TUTORIALS.map((t) => ({ name: `${t.title}  [${status(t.name)}]`, value: t.name as string })),
          "you must name a tutorial: kubesim tutorial NAME (kubesim tutorial --list shows them)\nSee 'kubesim tutorial --help' for usage.",
        );
      }
      const { SCENARIOS } = await import('../tutorials/scenarios/index.js');
      const t = SCENARIOS.find((s) => s.name === name);
      if (!t) throw new ClientError(`unknown tutorial "${name}": kubesim tutorial --list shows them`);
      const { runTutorial } = await import('../tutorials/engine.js');
      const { answerSource } = await import('../tutorials/answers.js');
      useStreams();
      process.exitCode = await runTutorial(t, { statePath: g.statePath, color: g.color, reset: Boolean(opts.reset), answers: answerSource((s) => writeOut(s)) });
    });
}
