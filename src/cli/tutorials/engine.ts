// Runs one tutorial: builds its cluster (its own state file), then each step: the user types a command or
// answers a question, kubesim runs it for real and checks it against the state, and explains what happened.
// Progress is saved after every step, so a tutorial can stop anywhere (Ctrl-C, `exit`, no more answers) and
// resume later.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { Chalk, type ChalkInstance } from 'chalk';
import type { Step, StepCtx, Text, Tutorial } from './types.js';
import type { Answers } from './answers.js';
import { loadProgress, saveProgress, tutorialStatePath } from './progress.js';
import { runArgv } from '../shell/run.js';
import { useStreams } from '../stdio.js';
import { splitLine, quoteWord } from '../shell/words.js';
import { packageRoot } from '../demo/runner.js';

const MAX_TRIES = 3;

export interface TutorialRun {
  /** The user's main state path: tutorials live beside it. */
  statePath: string;
  color: boolean;
  reset: boolean;
  answers: Answers;
}

class Stop extends Error {}

export async function runTutorial(t: Tutorial, o: TutorialRun): Promise<number> {
  useStreams(); // it prints with process.stdout, and catches its commands' output there
  const c = new Chalk({ level: o.color ? 1 : 0 });
  const say = (s: string) => process.stdout.write(s + '\n');
  const tstate = tutorialStatePath(o.statePath, t.name);
  const env = { KUBESIM_STATE: tstate, KUBESIM_NAMESPACE: 'default' };
  let output = '';
  const run = async (argv: string[], typed = false) => {
    // On a terminal the prompt already shows what the user typed as `$ kubesim …`.
    if (!(typed && o.answers.interactive)) say(c.bold(`$ kubesim ${argv.map(quoteWord).join(' ')}`));
    output = '';
    const code = await runArgv(argv, { env, mergeStderr: true, tee: (s) => (output += s) });
    say('');
    return code;
  };
  const ctx = async (): Promise<StepCtx> => {
    const { readCluster } = await import('../context.js');
    const saved = process.env.KUBESIM_STATE;
    process.env.KUBESIM_STATE = tstate;
    try {
      const cluster = await readCluster({ statePath: tstate, namespace: 'default', namespaceExplicit: false, allNamespaces: false, color: false });
      return { cluster, output };
    } finally {
      if (saved === undefined) delete process.env.KUBESIM_STATE;
      else process.env.KUBESIM_STATE = saved;
    }
  };
  const text = async (x: Text) => (typeof x === 'string' ? x : x(await ctx()));

  let progress = loadProgress(o.statePath)[t.name];
  const cwd = process.cwd();
  process.chdir(packageRoot()); // the setup and the steps name manifests/ as the README does
  try {
    say(c.bold.underline(t.title));
    say('');
    if (o.reset || !progress || progress.done || progress.step === 0) {
      rmSync(dirname(tstate), { recursive: true, force: true });
      progress = { step: 0, total: t.steps.length, done: false };
      saveProgress(o.statePath, t.name, progress);
      say(t.intro);
      say('');
      say(c.dim('Setting up a fresh cluster for this tutorial:'));
      for (const argv of t.setup) await run(argv);
    } else {
      output = progress.output ?? '';
      say(c.yellow(`Resuming at step ${progress.step + 1} of ${t.steps.length} (start over with: kubesim tutorial ${t.name} --reset)`));
      say('');
    }
    for (let i = progress.step; i < t.steps.length; i++) {
      say(c.dim(`[${i + 1}/${t.steps.length}]`));
      await runStep(t.steps[i]);
      saveProgress(o.statePath, t.name, { step: i + 1, total: t.steps.length, done: false, output });
    }
    say(c.green(`✓ ${t.outro}`));
    saveProgress(o.statePath, t.name, { step: t.steps.length, total: t.steps.length, done: true });
    say('');
    say(`Tutorial "${t.name}" complete. More: kubesim tutorial --list`);
    return 0;
  } catch (e) {
    if (e instanceof Stop || (e as Error)?.name === 'ExitPromptError') {
      say('');
      say(`Progress saved. Resume with: kubesim tutorial ${t.name}`);
      return 0;
    }
    throw e;
  } finally {
    process.chdir(cwd);
  }

  async function runStep(step: Step): Promise<void> {
    const good = (s: string) => say(c.green(`✓ ${s}`));
    const bad = (s: string) => say(c.red(`✗ ${s}`));
    if (step.kind === 'auto') {
      say(c.cyan(await text(step.say)));
      const s = await ctx();
      await run(typeof step.argv === 'function' ? step.argv(s) : step.argv);
      if (step.explain) say(await text(step.explain)), say('');
      return;
    }
    if (step.kind === 'run') {
      say(c.cyan(await text(step.say)));
      for (let tries = 1; ; tries++) {
        const line = await o.answers.command('kubesim');
        const words = splitLine(line).words;
        if (words[0] === 'kubectl' || words[0] === 'kubesim') words.shift();
        if (words[0] === 'exit' || words[0] === 'quit') throw new Stop();
        if (step.accept(words, await ctx())) {
          await run(words, true);
          break;
        }
        const hint = await text(step.hint);
        if (tries >= MAX_TRIES) {
          bad(`Not quite. Here is the command, run for you:`);
          await run(splitLine(hint).words);
          break;
        }
        bad(words.length ? `That is not the command this step needs. Hint: try  kubesim ${hint}` : `Type a command. Hint: kubesim ${hint}`);
      }
      if (step.explain) say(await text(step.explain)), say('');
      return;
    }
    const question = await text(step.question);
    const s = await ctx();
    const right = step.answer(s);
    for (let tries = 1; ; tries++) {
      const a = step.kind === 'choose' ? await o.answers.choose(question, step.choices(s)) : await o.answers.text(question);
      if (a.trim().toLowerCase() === 'exit' && step.kind === 'input') throw new Stop();
      if (a.trim().toLowerCase() === right.toLowerCase()) {
        good(`Right: ${right}.`);
        break;
      }
      if (tries >= MAX_TRIES) {
        bad(`The answer is: ${right}.`);
        break;
      }
      bad(`Not quite${a.trim() ? ` (${a.trim()})` : ''}: look at the output above and try again.`);
    }
    say(await text(step.explain));
    say('');
  }
}

export type { ChalkInstance };
