// The shell's history: one command per line in `history` beside the state file (~/.kubesim/history), so each
// cluster keeps its own. Only interactive sessions record; a script piped into the shell leaves no trace.
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const HISTORY_SIZE = 1000;

export function historyPath(statePath: string): string {
  return join(dirname(statePath), 'history');
}

/** Oldest first. */
export function loadHistory(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n').filter((l) => l.trim() !== '').slice(-HISTORY_SIZE);
  } catch {
    return [];
  }
}

export function appendHistory(path: string, line: string): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    appendFileSync(path, line.replace(/\n/g, ' ') + '\n', { mode: 0o600 });
    // Keep the file bounded: trim it back when it grows well past the size readline keeps.
    const all = loadHistory(path);
    if (all.length >= HISTORY_SIZE) writeFileSync(path, all.slice(-HISTORY_SIZE / 2).join('\n') + '\n', { mode: 0o600 });
  } catch {
    // History is a convenience: a read-only home must not break the shell.
  }
}
