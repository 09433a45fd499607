// The demo is the end-to-end test of the whole tour: its full output is compared with a golden file.
// Regenerate after an intended change: UPDATE_GOLDEN=1 npx vitest run test/e2e/demo.test.ts
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshCluster, ROOT } from '../helpers/cli.js';

const GOLDEN = join(ROOT, 'test', 'golden', 'demo.txt');

describe('kubesim demo', () => {
  it('prints the whole tour, every step a real command, exactly as the golden file', () => {
    const { run } = freshCluster();
    const r = run('demo');
    if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, r.stdout);
    expect(r.stderr).toBe(''); // no step skipped, none failed
    expect(r.code).toBe(0);
    expect(existsSync(GOLDEN)).toBe(true);
    expect(r.stdout).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is reproducible: a second run prints the same, and never touches the user\'s cluster', () => {
    const { run, state } = freshCluster();
    const a = run('demo');
    const b = run('demo');
    expect(b.stdout).toBe(a.stdout);
    expect(existsSync(state)).toBe(false);
  });

  it('keeps its cluster in a new --state file, and refuses an existing one', () => {
    const { run, state } = freshCluster();
    const a = run(['demo', '--state', state]);
    expect(a.stdout).toContain(`The demo's cluster is in ${state}`);
    expect(existsSync(state)).toBe(true);
    const b = run(['demo', '--state', state]);
    expect(b).toEqual({ stdout: '', stderr: `error: ${state} already exists: the demo needs a fresh cluster; remove it or choose another --state file\n`, code: 1 });
  });

  it('prints no escape codes off a terminal, and --step does not pause off a terminal', () => {
    const { run } = freshCluster({ NO_COLOR: '' });
    const r = run('demo --step', { input: '' });
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stdout).toContain('$ kubesim get svc -A\n');
  });
});
