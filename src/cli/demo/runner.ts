// Run the demo: each step prints its explanation and `$ kubesim …`, then the command's real output (run in
// this process through the same program as the binary, stderr merged so the transcript reads in order).
// Reproducible: a fresh cluster (seed 42) in its own state file, and a fixed clock that moves only as the
// script says. Verbs not in this build are skipped with a note on stderr.
import { cpSync, existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Chalk } from 'chalk';
import { quoteWord } from '../shell/words.js';
import { runArgv } from '../shell/run.js';
import { useStreams } from '../stdio.js';
import { DEMO, type DemoStep } from './script.js';

/** The demo's clock when KUBESIM_NOW is not set: any fixed instant makes the output reproducible. */
export const DEMO_NOW = '2026-11-21T10:00:00Z';

export interface DemoOptions {
  /** Where the demo's cluster lives; undefined = a temporary file removed at the end. */
  statePath?: string;
  color: boolean;
  step: boolean;
}

/** The folder holding `manifests/` (the package root), wherever kubesim is installed. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'manifests')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

function startTime(): number {
  const fixed = process.env.KUBESIM_NOW;
  if (fixed) {
    const n = Number(fixed);
    const d = /^\d+(\.\d+)?$/.test(fixed) ? new Date(n * 1000) : new Date(fixed);
    if (!Number.isNaN(d.getTime())) return d.getTime();
  }
  return Date.parse(DEMO_NOW);
}

async function pause(): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  return new Promise((resolve) => {
    let answered = false;
    rl.question('\x1b[2m-- Enter: next step, q: quit --\x1b[0m ', (a) => {
      answered = true;
      rl.close();
      resolve(a.trim().toLowerCase() !== 'q');
    });
    rl.on('close', () => {
      if (!answered) resolve(false);
    });
  });
}

export async function runDemo(opts: DemoOptions, steps: DemoStep[] = DEMO): Promise<number> {
  useStreams(); // it prints with process.stdout, and rewrites its commands' output there
  const c = new Chalk({ level: opts.color ? 1 : 0 });
  const tmp = opts.statePath ? undefined : mkdtempSync(join(tmpdir(), 'kubesim-demo-'));
  const statePath = opts.statePath ?? join(tmp!, 'state.json');
  const root = packageRoot();
  const cwd = process.cwd();
  const { loadProgram } = await import('../main.js');
  const verbs = new Set((await loadProgram()).commands.flatMap((cmd) => [cmd.name(), ...cmd.aliases()]));
  const { readCluster } = await import('../context.js');
  let clock = startTime();
  let failures = 0;
  let section: string | undefined; // a skipped step's heading goes to the next step shown
  const interactive = opts.step && Boolean(process.stdin.isTTY && process.stdout.isTTY);
  process.chdir(root); // so `apply -f manifests/` is literally what runs
  // The laptop section's folder: a copy of manifests/ and the second cluster's laptop.json, made when first needed.
  let laptopDir: string | undefined;
  const laptop = (): string => {
    if (!laptopDir) {
      laptopDir = realpathSync(mkdtempSync(join(tmpdir(), 'kubesim-demo-laptop-')));
      cpSync(join(root, 'manifests'), join(laptopDir, 'manifests'), { recursive: true });
    }
    return laptopDir;
  };
  try {
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i];
      process.chdir(s.laptop ? laptop() : root);
      clock += (s.after ?? 0) * 1000;
      const env = { KUBESIM_STATE: statePath, KUBESIM_NOW: new Date(clock).toISOString().replace(/\.000Z$/, 'Z'), KUBESIM_NAMESPACE: 'default' };
      let argv: string[];
      if (typeof s.argv === 'function') {
        const saved = { ...process.env };
        Object.assign(process.env, env);
        try {
          const cluster = await readCluster({ statePath: s.laptop ? join(laptop(), 'laptop.json') : statePath, namespace: 'default', namespaceExplicit: false, allNamespaces: false, color: false });
          argv = s.argv(cluster);
        } finally {
          for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k];
        }
      } else argv = s.argv;
      section = s.section ?? section;
      if (!verbs.has(argv[0]) || argv.some((a) => a === undefined)) {
        process.stderr.write(`demo: skipped step ${i + 1} (kubesim ${argv.filter(Boolean).join(' ')}): not available in this build\n`);
        continue;
      }
      if (section) process.stdout.write(`${c.bold.underline(`## ${section}`)}\n\n`);
      section = undefined;
      process.stdout.write(`${c.cyan(`# ${s.say}`)}\n${c.bold(`$ kubesim ${argv.map(quoteWord).join(' ')}`)}\n`);
      // In the laptop folder, paths a command prints (cluster create's "State: …") are shown relative to it, as
      // the step's own `--state laptop.json` is: the temporary folder's name changes from run to run.
      const code = s.laptop ? await relativeTo(laptop(), () => runArgv(argv, { mergeStderr: true, env })) : await runArgv(argv, { mergeStderr: true, env });
      const expected = s.expectCode ?? 0;
      if (code !== expected) {
        failures++;
        process.stderr.write(`demo: step ${i + 1} (kubesim ${argv.join(' ')}) exited ${code}, expected ${expected}\n`);
      }
      process.stdout.write('\n');
      if (interactive && i < steps.length - 1 && !(await pause())) break;
    }
  } finally {
    process.chdir(cwd);
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (laptopDir) rmSync(laptopDir, { recursive: true, force: true });
  }
  if (opts.statePath) process.stdout.write(`The demo's cluster is in ${opts.statePath}: explore it with  kubesim --state ${quoteWord(opts.statePath)} shell\n`);
  else process.stdout.write(`That was all real: run the same commands yourself (kubesim shell), or learn step by step with kubesim tutorial.\n`);
  return failures ? 1 : 0;
}

/** Run `fn` with `dir/` removed from what it writes to stdout. */
async function relativeTo<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  process.stdout.write = ((chunk: any, ...rest: any[]) =>
    write.call(process.stdout, typeof chunk === 'string' ? chunk.split(prefix).join('') : Buffer.isBuffer(chunk) ? chunk.toString('utf8').split(prefix).join('') : chunk, ...rest)) as typeof process.stdout.write;
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}
