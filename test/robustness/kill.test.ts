// SIGKILL at random moments during 200 large applies: every time, the state left behind loads and is exactly
// the state before that apply or the state after it.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, FIXED_NOW, freshCluster } from '../helpers/cli.js';
import { readStateFile } from '../../src/store/statefile.js';

const ROUNDS = 200;
const SERVICES = 200;

function manifest(round: number): string {
  const docs: string[] = [];
  for (let i = 0; i < SERVICES; i++) {
    docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  labels:\n    round: "${round}"\nspec:\n  selector:\n    app: a${i}\n  ports:\n  - port: 80\n`);
  }
  return docs.join('---\n');
}

/** A small deterministic generator: the same kill times on every run. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

function run(args: string[], state: string, killAfterMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, KUBESIM_STATE: state, KUBESIM_NOW: FIXED_NOW, NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}

describe('SIGKILL during large applies', () => {
  it(`leaves the old or the new state, both loadable, over ${ROUNDS} kills`, async () => {
    const { state, run: runSync } = freshCluster();
    const dir = dirname(state);
    const file = join(dir, 'services.yaml');
    writeFileSync(file, manifest(0));
    expect(runSync(['apply', '-f', file]).code).toBe(0);
    // How long a whole apply takes here: kills land anywhere from start-up to after the rename.
    const t0 = Date.now();
    writeFileSync(file, manifest(9999));
    expect((await run(['apply', '-f', file], state, 60_000)).code).toBe(0);
    // How long an apply takes follows the machine's load: kept as a moving average of the applies that finish.
    let span = Math.max(Date.now() - t0, 50);

    const random = lcg(7);
    let killed = 0;
    let old = 0;
    let updated = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const before = readFileSync(state);
      writeFileSync(file, manifest(round));
      const started = Date.now();
      const r = await run(['apply', '-f', file], state, Math.floor(span / 4) + random(span));
      if (r.signal === 'SIGKILL') killed++;
      else {
        expect({ round, code: r.code, stderr: r.stderr }).toEqual({ round, code: 0, stderr: '' });
        span = Math.round(0.7 * span + 0.3 * (Date.now() - started));
      }
      const after = readFileSync(state);
      const s = readStateFile(state)!; // throws if the file were torn
      const rounds = new Set(Object.values(s.objects.services).filter((o) => o.metadata.name!.startsWith('svc-')).map((o) => o.metadata.labels!.round));
      if (after.equals(before)) old++;
      else {
        expect({ round, rounds: [...rounds] }).toEqual({ round, rounds: [String(round)] });
        expect(Object.keys(s.objects.services)).toHaveLength(SERVICES + 2);
        updated++;
      }
    }
    // Both outcomes happened, and no kill left temp files piling up.
    expect(killed).toBeGreaterThan(ROUNDS / 5);
    expect(old).toBeGreaterThan(0);
    expect(updated).toBeGreaterThan(0);
    expect(old + updated).toBe(ROUNDS);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp-')).length).toBeLessThanOrEqual(2);
    console.log(`kill test: ${ROUNDS} applies of ${SERVICES} Services, ${killed} SIGKILLed, ${old} left the old state, ${updated} the new one; all loadable`);
  }, 180_000);
});
