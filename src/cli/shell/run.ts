// Run one kubesim command in this process, through the same commander program as the binary (main.ts), and
// make sure nothing leaks into the next one: process.exitCode is reset, an exception never escapes, and a
// command calling process.exit() ends that command only. Used by the shell, the demo and the tutorials.

import { useStreams } from '../stdio.js';

class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`process.exit(${code})`);
  }
}

export interface RunOptions {
  /** Send the command's stderr to stdout (the demo prints one transcript, in order). */
  mergeStderr?: boolean;
  /** Environment overrides for this command only (KUBESIM_STATE, KUBESIM_NAMESPACE, …). */
  env?: Record<string, string | undefined>;
  /** Also hand everything the command prints (stdout, and stderr when merged) to this function. */
  tee?: (text: string) => void;
}

export async function runArgv(argv: string[], opts: RunOptions = {}): Promise<number> {
  const { main } = await import('../main.js');
  useStreams(); // what the command writes is caught below, at process.stdout.write
  const savedExit = process.exit;
  const savedErrWrite = process.stderr.write;
  const savedOutWrite = process.stdout.write;
  const savedEnv: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    savedEnv[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  process.exitCode = undefined;
  process.exit = ((code?: number) => {
    throw new ExitCalled(typeof code === 'number' ? code : 0);
  }) as typeof process.exit;
  if (opts.tee) {
    const tee = opts.tee;
    const write = savedOutWrite.bind(process.stdout);
    process.stdout.write = ((chunk: any, ...rest: any[]) => {
      tee(String(chunk));
      return write(chunk, ...rest);
    }) as typeof process.stdout.write;
  }
  if (opts.mergeStderr) process.stderr.write = process.stdout.write.bind(process.stdout) as typeof process.stderr.write;
  try {
    return await main(argv);
  } catch (e) {
    if (e instanceof ExitCalled) return e.code;
    process.stderr.write(`error: internal error: ${(e as Error)?.stack ?? e}\n`);
    return 2;
  } finally {
    process.exit = savedExit;
    process.stderr.write = savedErrWrite;
    process.stdout.write = savedOutWrite;
    process.exitCode = undefined;
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
