// The process's standard output and error. A single command (the launcher's) writes them with fs.writeSync.
//
// Why: process.stdout and process.stderr are created on first use, and on a pipe (`kubesim get pods | grep x`, a
// script capturing the output) creating one loads Node's net and stream modules: ~3 ms of a ~50 ms command. A
// synchronous write to the file descriptor needs neither, and what is written is in the pipe, in order, at once.
//
// What needs the streams themselves (the shell, the demo and tutorials, which capture commands' output by
// replacing process.stdout.write; prompts; a progress bar) calls useStreams() first. From then on every write
// goes through the streams, so nothing written later can overtake what a stream still holds.
import { fstatSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';

let direct = false;
let streamsUsed = false;

/** Write with fs.writeSync from now on (bin/kubesim's one command), until something calls useStreams(). */
export function useDirectWrites(): void {
  if (!streamsUsed) direct = true;
}

/**
 * Write through process.stdout and process.stderr from now on. Also the first time they are created: a closed
 * pipe's EPIPE is then quiet, as it is for direct writes.
 */
export function useStreams(): void {
  direct = false;
  if (streamsUsed) return;
  streamsUsed = true;
  // `kubesim get pods -A | head`: the reader closes the pipe before a big output is written. kubectl stops
  // quietly (SIGPIPE); so does kubesim, instead of an unhandled EPIPE error with a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
  });
}

/** Writes `chunk`; bytes are not kept past the call (the caller may reuse them). */
export function writeOut(chunk: string | Uint8Array): void {
  write(1, chunk);
}

export function writeErr(chunk: string | Uint8Array): void {
  write(2, chunk);
}

function write(fd: 1 | 2, chunk: string | Uint8Array): void {
  if (!direct) {
    useStreams();
    // A stream may hold the bytes until its reader reads them: a copy, as the caller may write over its buffer.
    (fd === 1 ? process.stdout : process.stderr).write(typeof chunk === 'string' ? chunk : Buffer.from(chunk));
    return;
  }
  const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // The reader is gone: the rest of the output is dropped, as a closed pipe does to the streams' writes.
      if (code === 'EPIPE') return;
      // A non-blocking pipe that is full: the stream waits for room (and everything after goes through it).
      if (code === 'EAGAIN') {
        useStreams();
        write(fd, bytes.subarray(done)); // (copied by the stream path)
        return;
      }
      throw e;
    }
  }
}

/**
 * Ends the process once everything written has reached the OS. Direct writes already have; a stream's writes
 * to a pipe may still wait for its reader. Left to itself, Node would first wait for V8's background work to
 * end, optimizing functions the command will not call again: ~10 ms on a command that did much work.
 */
export function exitWhenWritten(): void {
  if (!streamsUsed) process.exit();
  process.stdout.write('', () => process.stderr.write('', () => process.exit()));
}

const load = createRequire(import.meta.url);

/**
 * Whether the file descriptor is a terminal. A pipe or a file is not, as fstat tells without node:tty (which
 * loads net and the streams); a character device may be (or be /dev/null), and isatty says which.
 */
export function isTerminal(fd: 0 | 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false; // closed
  }
  return (load('node:tty') as typeof import('node:tty')).isatty(fd);
}
