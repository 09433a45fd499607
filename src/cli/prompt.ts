// Asking the user for a missing argument: only on a terminal. In a script (no TTY) the caller fails with
// kubectl's usage error instead, so piped or CI runs never hang on a prompt.
import { ClientError } from '../api/errors.js';
import { isTerminal, useStreams } from './stdio.js';

export function canPrompt(): boolean {
  return isTerminal(0) && isTerminal(1) && !process.env.CI;
}

/** A list choice; throws `usage` as a ClientError when there is no terminal to ask on. */
export async function choose<T extends string>(message: string, choices: Array<{ name: string; value: T; description?: string }>, usage: string): Promise<T> {
  if (!canPrompt() || choices.length === 0) throw new ClientError(usage);
  useStreams();
  const { select } = await import('@inquirer/prompts');
  return select({ message, choices });
}

/** Free text; same rule. */
export async function ask(message: string, usage: string, def?: string): Promise<string> {
  if (!canPrompt()) throw new ClientError(usage);
  useStreams();
  const { input } = await import('@inquirer/prompts');
  return input({ message, default: def });
}
