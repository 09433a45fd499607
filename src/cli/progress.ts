// A progress bar on stderr for long work (applying thousands of objects, curl --count above 100,000).
// Only on a terminal: off a TTY (scripts, tests, pipes) every call is a no-op, so output stays diffable.
//
//   const p = progress(total, 'applying');
//   for (...) { ...; p.tick(); }
//   p.done();

import { isTerminal, useStreams } from './stdio.js';

export interface Progress {
  /** Advance by n (default 1). Redraws at most every 50 ms. */
  tick(n?: number): void;
  /** Clear the bar (call on success and on failure: use try/finally). */
  done(): void;
}

const NOOP: Progress = { tick() {}, done() {} };
const WIDTH = 30;
const REDRAW_MS = 50;

export function progress(total: number, label: string): Progress {
  if (total <= 0 || process.env.CI || !isTerminal(2)) return NOOP;
  useStreams();
  const stream = process.stderr;
  let count = 0;
  let last = 0;
  let shown = false;
  const draw = () => {
    const ratio = Math.min(1, count / total);
    const filled = Math.round(ratio * WIDTH);
    const pct = String(Math.floor(ratio * 100)).padStart(3);
    const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${pct}% ${count}/${total}`;
    stream.write(`\r${line.slice(0, (stream.columns || 80) - 1)}\x1b[K`);
    shown = true;
  };
  return {
    tick(n = 1) {
      count += n;
      const t = Date.now();
      if (t - last >= REDRAW_MS || count >= total) {
        last = t;
        draw();
      }
    },
    done() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
