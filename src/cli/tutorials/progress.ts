// Tutorial progress, kept beside the state file (tutorials/progress.json), so `tutorial --list` shows what is
// done and a tutorial left halfway resumes where it stopped. Each tutorial's cluster is its own state file.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface TutorialProgress {
  /** Steps completed. */
  step: number;
  total: number;
  done: boolean;
  /** What the last command printed: questions about it still work after a resume. */
  output?: string;
}

export type ProgressFile = Record<string, TutorialProgress>;

export function tutorialsDir(statePath: string): string {
  return join(dirname(statePath), 'tutorials');
}

export function tutorialStatePath(statePath: string, name: string): string {
  return join(tutorialsDir(statePath), name, 'state.json');
}

function progressPath(statePath: string): string {
  return join(tutorialsDir(statePath), 'progress.json');
}

export function loadProgress(statePath: string): ProgressFile {
  try {
    return JSON.parse(readFileSync(progressPath(statePath), 'utf8'));
  } catch {
    return {};
  }
}

export function saveProgress(statePath: string, name: string, p: TutorialProgress | undefined): void {
  const all = loadProgress(statePath);
  if (p) all[name] = p;
  else delete all[name];
  const path = progressPath(statePath);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path + '.tmp', JSON.stringify(all, null, 2) + '\n');
  renameSync(path + '.tmp', path);
}
