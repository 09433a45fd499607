// --help on every command: exit 0 and kubectl-style examples. The commands are read from `kubesim --help`
// itself (and each group's own --help), so a new verb without examples fails here.
import { describe, expect, it } from 'vitest';
import { kubesimAsync, tempStatePath, type Result } from '../helpers/cli.js';

const state = tempStatePath(); // never created: --help reads no cluster
const help = (args: string[]): Promise<Result> => kubesimAsync([...args, '--help'], { state });

/** The command names listed under "Commands:" in a help text (commander's `name|alias [args]  description`). */
function commandsIn(text: string): string[] {
  const section = (text.split('\nCommands:\n')[1] ?? '').split('\n\n')[0];
  return [...section.matchAll(/^ {2}([a-z][-a-z]*)(?:\|[-a-z]+)?(?: |$)/gm)].map((m) => m[1]).filter((c) => c !== 'help');
}

// Examples still to be written by the owners of these files (they are being edited elsewhere).
const PENDING = new Set<string>([]);

describe('kubesim --help', () => {
  it('lists the commands, and every command and subcommand prints Examples: and exits 0', async () => {
    const top = await help([]);
    expect(top.code).toBe(0);
    const verbs = commandsIn(top.stdout);
    expect(verbs).toEqual(expect.arrayContaining(['apply', 'get', 'describe', 'delete', 'expose', 'scale', 'curl', 'dig', 'cluster', 'rollout', 'tunnel', 'wait']));
    const results: Array<[string[], Result]> = await Promise.all(verbs.map(async (v): Promise<[string[], Result]> => [[v], await help([v])]));
    // Subcommands of groups (cluster create, rollout status, create service nodeport, …), at any depth.
    for (let i = 0; i < results.length && i < 200; i++) {
      const [path, r] = results[i];
      const subs = commandsIn(r.stdout);
      results.push(...(await Promise.all(subs.map(async (s): Promise<[string[], Result]> => [[...path, s], await help([...path, s])]))));
    }
    expect(results.length).toBeGreaterThan(verbs.length + 15);
    const problems: string[] = [];
    for (const [path, r] of results) {
      const name = path.join(' ');
      if (r.code !== 0 || r.stderr !== '') problems.push(`${name}: exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`);
      if (!r.stdout.startsWith(`Usage: kubesim ${path.slice(0, -1).map((p) => p + ' ').join('')}`)) problems.push(`${name}: no usage line`);
      if (PENDING.has(path[0])) continue;
      if (!/\nExamples:\n {2}(# |kubesim )/.test(r.stdout)) problems.push(`${name}: no Examples: section`);
    }
    expect(problems).toEqual([]);
  });


  it('prints scale --help exactly', async () => {
    const r = await help(['scale']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: `Usage: kubesim scale [options] [resources...]

Set a new size for a deployment, replica set, or stateful set

Arguments:
  resources                   TYPE NAME…, or TYPE/NAME…

Options:
  --replicas <count>          The new desired number of replicas. Required.
  --current-replicas <count>  Precondition for current size. Requires that the
                              current size of the resource match this value in
                              order to scale.
  -f, --filename <file...>    Files identifying the resources to scale
  -h, --help                  display help for command

Examples:
  # Scale a deployment named 'currency-exchange' to 3
  kubesim scale --replicas=3 deployment/currency-exchange

  # Scale a resource identified by type and name specified in "web.yaml" to 3
  kubesim scale --replicas=3 -f web.yaml

  # If the deployment named 'web' is currently at 2 replicas, scale it to 5
  kubesim scale --current-replicas=2 --replicas=5 deployment/web

  # Scale several deployments at once
  kubesim scale --replicas=1 deployment/web deployment/backend

  # Scale a stateful set named 'nginx-sts' to 0
  kubesim scale --replicas=0 statefulset nginx-sts
`,
    });
  });
});
