// kubesim shell: every kubesim command without the prefix, run in this process through the same program.
// On a terminal: a prompt showing cluster and namespace, Tab completion, history beside the state file.
// With piped input (`kubesim shell < demo.txt`): each line runs in turn, blank lines and `# comments` are
// skipped, nothing but the commands' own output is printed (so transcripts diff cleanly; `--echo` prints
// `$ command` before each), and the exit code is that of the last failing line (0 if none failed).
import { createInterface, type Interface } from 'node:readline';
import chalk from 'chalk';
import { splitLine, quoteWord } from './words.js';
import { runArgv } from './run.js';
import { useStreams } from '../stdio.js';
import { completeWords } from './complete.js';
import { stateNames } from './names.js';
import { appendHistory, historyPath, loadHistory, HISTORY_SIZE } from './history.js';
import { readStateFile } from '../../store/statefile.js';

export interface ShellOptions {
  statePath: string;
  namespace: string;
  color: boolean;
  echo: boolean;
}

export const BUILTINS = ['use', 'exit', 'quit', 'help'];

type Outcome = { code: number; exit?: boolean };

export class Shell {
  namespace: string;
  constructor(readonly opts: ShellOptions) {
    this.namespace = opts.namespace;
  }

  /** The `kubesim:default> ` prompt: the cluster's name and the namespace commands use. */
  prompt(): string {
    let name = 'kubesim';
    try {
      name = readStateFile(this.opts.statePath)?.cluster?.name ?? name;
    } catch {
      // A broken state is reported by the next command, not by the prompt.
    }
    if (!this.opts.color) return `${name}:${this.namespace}> `;
    return `${chalk.cyan(name)}:${chalk.yellow(this.namespace)}> `;
  }

  /** Run one line. Errors are printed, never thrown: the shell goes on. */
  async execute(line: string): Promise<Outcome> {
    const { words, unterminated } = splitLine(line);
    if (unterminated) {
      process.stderr.write('error: unterminated quote\n');
      return { code: 1 };
    }
    if (words[0] === 'kubectl' || words[0] === 'kubesim') words.shift();
    if (words.length === 0) return { code: 0 };
    const [verb, ...rest] = words;
    if (verb === 'exit' || verb === 'quit') return { code: 0, exit: true };
    if (verb === 'use') return this.use(rest);
    if (verb === 'shell') {
      process.stderr.write('error: already in the kubesim shell\n');
      return { code: 1 };
    }
    const argv = verb === 'help' && rest.length === 0 ? ['--help'] : words;
    const code = await runArgv(argv, { env: { KUBESIM_STATE: this.opts.statePath, KUBESIM_NAMESPACE: this.namespace } });
    return { code };
  }

  private async use(args: string[]): Promise<Outcome> {
    if (args.length !== 1) {
      process.stderr.write('error: use takes one namespace: use NAMESPACE\n');
      return { code: 1 };
    }
    const ns = args[0];
    // Read through the normal path so a missing state is created like any first command would.
    const { readCluster } = await import('../context.js');
    const { KubeError } = await import('../../api/errors.js');
    try {
      const cluster = await readCluster({ statePath: this.opts.statePath, namespace: ns, namespaceExplicit: true, allNamespaces: false, color: this.opts.color });
      if (!cluster.get('namespaces', undefined, ns)) {
        process.stderr.write(`Error from server (NotFound): namespaces "${ns}" not found\n`);
        return { code: 1 };
      }
    } catch (e) {
      if (e instanceof KubeError) {
        process.stderr.write(e.format() + '\n');
        return { code: e.exitCode };
      }
      throw e;
    }
    this.namespace = ns;
    return { code: 0 };
  }

  async completions(line: string): Promise<[string[], string]> {
    const { loadProgram } = await import('../main.js');
    const { TUTORIAL_NAMES } = await import('../tutorials/catalog.js');
    const { words, trailingSpace } = splitLine(line);
    const current = trailingSpace || words.length === 0 ? '' : words.pop()!;
    const hits = completeWords(words, current, {
      program: (await loadProgram()),
      namespace: this.namespace,
      names: stateNames(this.opts.statePath),
      builtins: BUILTINS,
      tutorials: TUTORIAL_NAMES,
    });
    return [hits.map((h) => (h.endsWith('/') || h.endsWith('=') ? h : h + ' ')).map((h) => (hits.length === 1 ? h : h.trimEnd())), current];
  }

  /** Piped input: line by line, `\` continues a line, `#` comments and blank lines skipped. */
  async runScript(input: NodeJS.ReadableStream): Promise<number> {
    const rl = createInterface({ input, terminal: false, crlfDelay: Infinity });
    let failed = 0;
    let pending = '';
    for await (const raw of rl) {
      if (raw.endsWith('\\')) {
        pending += raw.slice(0, -1) + ' ';
        continue;
      }
      const line = pending + raw;
      pending = '';
      const { words } = splitLine(line);
      if (words.length === 0) continue;
      if (this.opts.echo) process.stdout.write(`$ ${words.map(quoteWord).join(' ')}\n`);
      const r = await this.execute(line);
      if (r.code !== 0) failed = r.code;
      if (r.exit) break;
    }
    rl.close();
    return failed;
  }

  /** A terminal: prompt, Tab completion, history. A fresh readline per line so commands that prompt
   *  (inquirer) get the terminal to themselves while they run. */
  async runInteractive(): Promise<number> {
    const hfile = historyPath(this.opts.statePath);
    let history = loadHistory(hfile).reverse(); // readline wants newest first
    let last = 0;
    process.stdout.write(`kubesim shell: kubectl-style commands without the prefix. Tab completes, 'use NAMESPACE' switches namespace, 'exit' or Ctrl-D leaves.\n`);
    for (;;) {
      let { line, history: h } = await this.readLine(history);
      history = h;
      // A trailing backslash continues the command on the next line.
      while (line !== null && line.endsWith('\\')) {
        const more = await this.readLine(history, '> ');
        history = more.history;
        line = more.line === null ? line.slice(0, -1) : line.slice(0, -1).trimEnd() + ' ' + more.line.trimStart();
      }
      if (line === null) {
        process.stdout.write('\n');
        return last;
      }
      if (line.trim() === '') continue;
      appendHistory(hfile, line);
      const r = await this.execute(line);
      last = r.code;
      if (r.exit) return 0;
    }
  }

  /** Lines already typed (or pasted) past the one being run: a terminal delivers a paste in one chunk. */
  private queue: string[] = [];

  private readLine(history: string[], prompt = this.prompt()): Promise<{ line: string | null; history: string[] }> {
    if (this.queue.length) return Promise.resolve({ line: this.queue.shift()!, history });
    return new Promise((resolve) => {
      const rl: Interface = createInterface({
        input: process.stdin,
        output: process.stdout,
        terminal: true,
        history,
        historySize: HISTORY_SIZE,
        removeHistoryDuplicates: true,
        completer: (l: string, cb: (err: Error | null, r: [string[], string]) => void) => {
          this.completions(l).then((r) => cb(null, r), () => cb(null, [[], l]));
        },
      });
      let done = false;
      const finish = (line: string | null) => {
        if (done) return;
        done = true;
        // Close after the current chunk's other lines have been queued.
        setImmediate(() => {
          const h = [...((rl as any).history as string[])];
          rl.close();
          resolve({ line, history: h });
        });
      };
      rl.on('line', (l) => (done ? this.queue.push(l) : finish(l)));
      rl.on('SIGINT', () => {
        // Ctrl-C abandons the line, as in bash; it never leaves the shell.
        process.stdout.write('^C\n');
        finish('');
      });
      rl.on('close', () => finish(null));
      rl.setPrompt(prompt);
      rl.prompt();
    });
  }
}

export async function runShell(opts: ShellOptions, input: NodeJS.ReadStream = process.stdin): Promise<number> {
  useStreams(); // the prompt, readline and every command's output share process.stdout
  const shell = new Shell(opts);
  if (input.isTTY && process.stdout.isTTY) return shell.runInteractive();
  return shell.runScript(input);
}
