// Scripts: results on stdout, errors on stderr, exit 1 on error, so `set -e` stops at the first failure.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, FIXED_NOW, freshCluster } from '../helpers/cli.js';

describe('exit codes and streams', () => {
  it('a `set -e` script stops at the first failing command, with the error on stderr only', () => {
    const { state } = freshCluster();
    const dir = dirname(state);
    const script = join(dir, 'script.sh');
    writeFileSync(
      script,
      [
        'set -e',
        `ks() { "${process.execPath}" "${BIN}" "$@"; }`,
        "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: one\\n' | ks apply -f -",
        'ks delete configmap missing',
        "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: two\\n' | ks apply -f -",
        'echo unreachable',
      ].join('\n') + '\n',
    );
    const r = spawnSync('bash', [script], { encoding: 'utf8', env: { ...process.env, KUBESIM_STATE: state, KUBESIM_NOW: FIXED_NOW, NO_COLOR: '1' } });
    expect({ stdout: r.stdout, stderr: r.stderr, code: r.status }).toEqual({
      stdout: 'configmap/one created\n',
      stderr: 'Error from server (NotFound): configmaps "missing" not found\n',
      code: 1,
    });
  });

  it('usage errors, unknown types, broken state and bad manifests all exit 1 with stdout empty', () => {
    const { state, run } = freshCluster();
    for (const args of ['get svcs', 'frobnicate', 'get --bogus', 'apply', 'apply -f /nonexistent.yaml']) {
      const r = run(args);
      expect({ args, code: r.code, stdout: r.stdout, stderrStartsWithError: /^(error: |Error from server)/.test(r.stderr) }).toEqual({
        args,
        code: 1,
        stdout: '',
        stderrStartsWithError: true,
      });
    }
    const bad = run('apply -f -', { input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: [\n' });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/^error: /);
    writeFileSync(state, '{');
    expect(run('get ns')).toMatchObject({ stdout: '', code: 1 });
  });
});
