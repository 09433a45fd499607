// The kubesim program: global flags, every command (registered from src/cli/commands), kubectl-style errors.
import { Command, CommanderError } from 'commander';
import { KubeError } from '../api/errors.js';
import { allCommandLoaders, commandLoaders, type CommandModule } from './commands/_registry.gen.js';
import { exitWhenWritten, isTerminal, useDirectWrites, writeErr, writeOut } from './stdio.js';

declare const __KUBESIM_VERSION__: string;
export const VERSION = typeof __KUBESIM_VERSION__ === 'string' ? __KUBESIM_VERSION__ : '0.0.0-dev';

/** Help goes to stdout as everything else does; commander's own errors are reworded by main (usageError). */
const output = { writeOut: (text: string) => writeOut(text), writeErr: () => {} };

/** The program with the given command modules registered. */
function programWith(modules: CommandModule[]): Command {
  const program = new Command('kubesim');
  program
    .description('A simulated Kubernetes cluster on your machine: apply real manifests and see how Services, DNS and kube-proxy route every request.')
    .option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request')
    .option('-A, --all-namespaces', 'If present, list the requested object(s) across all namespaces')
    .option('--state <file>', 'The cluster state file (default: $KUBESIM_STATE or ~/.kubesim/state.json)')
    .option('--no-color', 'Never print colours (also: NO_COLOR=1)')
    .enablePositionalOptions(false)
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput(output);
  for (const m of modules) m.register(program);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(output);
  return program;
}

/**
 * The program, with only the command `verb` when it is a known verb (start-up then loads just that command's
 * code), else with every command: for help, completion, the shell, and "unknown command" suggestions.
 */
export async function loadProgram(verb?: string): Promise<Command> {
  const loaders = verb !== undefined && Object.prototype.hasOwnProperty.call(commandLoaders, verb) ? [commandLoaders[verb]] : allCommandLoaders;
  return programWith(await Promise.all(loaders.map((load) => load())));
}

/** The verb a command line invokes: its first word that is neither a global flag nor a global flag's value. */
function verbOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-n' || a === '--namespace' || a === '--state') i++;
    else if (a === '--') return undefined;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

/** Levenshtein distance, for cobra's "Did you mean this?" (suggestions within distance 2, or by prefix). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** Turn commander's own messages into kubectl's (cobra's) words. */
function usageError(e: CommanderError, argv: string[], program: Command): string {
  let m = e.message.replace(/^error: /, '');
  const unknownCommand = /unknown command '([^']+)'/.exec(m);
  if (unknownCommand) {
    const typed = unknownCommand[1];
    const names = program.commands.filter((c) => !(c as any)._hidden).map((c) => c.name());
    const near = names.filter((n) => distance(typed.toLowerCase(), n) <= 2 || n.startsWith(typed.toLowerCase()));
    const suggestion = near.length ? `\n\nDid you mean this?\n${near.map((n) => `\t${n}`).join('\n')}` : '';
    return `error: unknown command "${typed}" for "kubesim"${suggestion}\n\nRun 'kubesim --help' for usage.`;
  }
  const unknownOption = /unknown option '([^']+)'/.exec(m);
  if (unknownOption) m = `unknown flag: ${unknownOption[1]}`;
  const verb = argv.find((a) => !a.startsWith('-')) ?? '';
  const hint = verb ? `See 'kubesim ${verb} --help' for usage.` : "See 'kubesim --help' for usage.";
  return `error: ${m}\n${hint}`;
}

/** Only global flags (`kubesim`, `kubesim -n prod`): no verb was given. */
function onlyGlobalFlags(argv: string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-n' || a === '--namespace' || a === '--state') i++;
    else if (!a.startsWith('-') || a === '-h' || a === '--help' || a === '-') return false;
  }
  return true;
}

export async function main(argv: string[]): Promise<number> {
  const noVerb = onlyGlobalFlags(argv);
  const program = await loadProgram(noVerb ? undefined : verbOf(argv));
  if (noVerb) {
    // No verb: on a terminal, the interactive shell; in a script, the help (exit 0, as kubectl does).
    if (isTerminal(0) && isTerminal(1)) argv = [...argv, 'shell'];
    else {
      writeOut(program.helpInformation());
      return 0;
    }
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      writeErr(usageError(e, argv, program) + '\n');
      return 1;
    }
    if (e instanceof KubeError) {
      writeErr(e.format() + '\n');
      return e.exitCode;
    }
    throw e;
  }
}

/**
 * The process's entry, called by the launcher (bin/kubesim) with `process.argv.slice(2)`: runs `argv`, sets
 * process.exitCode, and turns an unexpected throw into `error: internal error: …` with exit code 2.
 */
export function run(argv: string[]): Promise<void> {
  useDirectWrites();
  return main(argv).then(
    (code) => {
      process.exitCode = code;
      exitWhenWritten();
    },
    (e) => {
      writeErr(`error: internal error: ${e?.stack ?? e}\n`);
      process.exitCode = 2;
      exitWhenWritten();
    },
  );
}
