// Where answers come from. On a terminal: inquirer prompts. Otherwise (tests, scripts): one answer per line
// of stdin, or of KUBESIM_TUTORIAL_ANSWERS (lines separated by newlines), each echoed after its question so a
// transcript reads like the session it replays. Running out of answers stops the tutorial (progress kept).
import { readFileSync } from 'node:fs';
import { ClientError } from '../../api/errors.js';

export interface Answers {
  command(message: string): Promise<string>;
  choose(message: string, choices: string[]): Promise<string>;
  text(message: string): Promise<string>;
  interactive: boolean;
}

export class OutOfAnswers extends ClientError {}

export function scriptedAnswers(lines: string[], write: (s: string) => void): Answers {
  let i = 0;
  const next = (message: string): string => {
    if (i >= lines.length) throw new OutOfAnswers('no more answers (one per line on stdin); progress is saved: run the tutorial again to resume');
    const a = lines[i++];
    write(`? ${message}\n> ${a}\n`);
    return a;
  };
  return {
    interactive: false,
    command: async (m) => next(m),
    text: async (m) => next(m),
    choose: async (m, choices) => {
      const a = next(`${m} (${choices.map((c, k) => `${k + 1}) ${c}`).join('  ')})`).trim();
      // A number picks by position; otherwise the text of a choice.
      const n = Number(a);
      if (Number.isInteger(n) && n >= 1 && n <= choices.length) return choices[n - 1];
      return choices.find((c) => c === a) ?? choices.find((c) => c.toLowerCase().startsWith(a.toLowerCase()) && a !== '') ?? a;
    },
  };
}

export function terminalAnswers(): Answers {
  return {
    interactive: true,
    command: async (message) => {
      const { input } = await import('@inquirer/prompts');
      return input({ message, theme: { prefix: '$' } });
    },
    text: async (message) => {
      const { input } = await import('@inquirer/prompts');
      return input({ message });
    },
    choose: async (message, choices) => {
      const { select } = await import('@inquirer/prompts');
      return select({ message, choices: choices.map((c) => ({ name: c, value: c })) });
    },
  };
}

/** Terminal prompts when there is a terminal; otherwise the scripted lines. */
export function answerSource(write: (s: string) => void): Answers {
  if (process.stdin.isTTY && process.stdout.isTTY && !process.env.KUBESIM_TUTORIAL_ANSWERS) return terminalAnswers();
  const text = process.env.KUBESIM_TUTORIAL_ANSWERS ?? (process.stdin.isTTY ? '' : readStdin());
  return scriptedAnswers(text.split('\n').map((l) => l.replace(/\r$/, '')).filter((l, k, all) => k < all.length - 1 || l !== ''), write);
}

function readStdin(): string {
  try {
    return readFileSync(0, 'utf8');
  } catch {
    return '';
  }
}
