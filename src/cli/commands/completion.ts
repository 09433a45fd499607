// kubesim completion bash|zsh|fish: print a completion script; `__complete` (hidden) is what the scripts call.
import type { Command } from 'commander';
import { out } from '../context.js';

export function register(program: Command): void {
  program
    .command('completion')
    .description('Print the shell completion script for bash, zsh or fish')
    .argument('[shell]', 'bash, zsh or fish')
    .addHelpText(
      'after',
      `
Examples:
  # Load completion in the current bash (add the line to ~/.bashrc to keep it)
  source <(kubesim completion bash)

  # zsh
  source <(kubesim completion zsh)

  # fish
  kubesim completion fish | source`,
    )
    .action(async (shell: string | undefined) => {
      const { ClientError } = await import('../../api/errors.js');
      if (!shell) throw new ClientError('Shell not specified.\nSee \'kubesim completion --help\' for usage.');
      const { COMPLETION_SCRIPTS } = await import('../completion/scripts.js');
      const script = COMPLETION_SCRIPTS[shell];
      if (!script) throw new ClientError(`Unsupported shell type "${shell}".`);
      out(script);
    });

  program
    .command('__complete', { hidden: true })
    .description('Print completions for a command line (used by the completion scripts)')
    .argument('[words...]', 'the words typed so far; the last is the one being completed')
    .allowUnknownOption()
    .helpOption(false)
    .action(async (words: string[]) => {
      const { completeWords } = await import('../shell/complete.js');
      const { stateNames } = await import('../shell/names.js');
      const { resolveStatePath } = await import('../../store/statefile.js');
      const { TUTORIAL_NAMES } = await import('../tutorials/catalog.js');
      const { loadProgram } = await import('../main.js');
      const typed = [...words];
      const current = typed.pop() ?? '';
      const si = typed.findIndex((w) => w === '--state');
      const statePath = resolveStatePath(si >= 0 ? typed[si + 1] : typed.find((w) => w.startsWith('--state='))?.slice(8));
      const cands = completeWords(typed, current, {
        program: (await loadProgram()),
        namespace: process.env.KUBESIM_NAMESPACE ?? 'default',
        names: stateNames(statePath),
        tutorials: TUTORIAL_NAMES,
      });
      if (cands.length) out(cands.join('\n'));
    });
}
