// Run the real built binary, as a user would, against a throwaway state file.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'kubesim');
/** The fixed clock every e2e test runs at (AGE columns then read 0s unless a test moves it). */
export const FIXED_NOW = '2026-11-21T10:00:00Z';

export interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

export function tempStatePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'kubesim-test-')), 'state.json');
}

/** Split a command line the way a shell would for simple cases ('…' and "…" quoting). */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  let current = '';
  let last = -1;
  while ((m = re.exec(line))) {
    const piece = m[1] ?? m[2] ?? m[3];
    if (m.index === last && args.length) args[args.length - 1] += piece;
    else args.push(piece);
    current = piece;
    last = re.lastIndex;
  }
  void current;
  return args;
}

export interface RunOptions {
  state: string;
  env?: Record<string, string>;
  input?: string;
  cwd?: string;
}

export function kubesim(args: string | string[], opts: RunOptions): Result {
  const argv = typeof args === 'string' ? splitArgs(args) : args;
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: opts.cwd ?? ROOT,
    input: opts.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KUBESIM_NOW: FIXED_NOW, ...opts.env, KUBESIM_STATE: opts.state },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

/** The same, without waiting: for concurrency tests. */
export function kubesimAsync(args: string | string[], opts: RunOptions): Promise<Result> {
  const argv = typeof args === 'string' ? splitArgs(args) : args;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...argv], {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, NO_COLOR: '1', KUBESIM_NOW: FIXED_NOW, ...opts.env, KUBESIM_STATE: opts.state },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
    child.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1 }));
  });
}

/** A fresh cluster in its own state file, with a helper bound to it. */
export function freshCluster(env?: Record<string, string>) {
  const state = tempStatePath();
  const run = (args: string | string[], extra?: Partial<RunOptions>) => kubesim(args, { ...extra, state, env: { ...env, ...extra?.env } });
  return { state, run };
}
