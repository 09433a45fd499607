// Many kubesim processes on one state file: every update lands, none is lost, a killed lock holder blocks no one.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, FIXED_NOW, freshCluster, kubesimAsync, tempStatePath } from '../helpers/cli.js';
import { readStateFile } from '../../src/store/statefile.js';

const configMap = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  value: "${value}"\n`;

function configMaps(state: string): Record<string, string> {
  const s = readStateFile(state)!;
  const out: Record<string, string> = {};
  for (const [key, cm] of Object.entries(s.objects.configmaps ?? {})) out[key] = cm.data?.value;
  return out;
}

describe('concurrent commands on one state file', () => {
  // Written whole each time (a small state), and with each change appended to the file's journal.
  it.each([
    ['written whole', {}],
    ['appended to its journal', { KUBESIM_JOURNAL_FROM: '0' }],
  ])('50 concurrent mutating commands (apply new, create, apply changes, delete) all land: %s', async (_how, env: Record<string, string>) => {
    const { state, run } = freshCluster(env);
    const dir = dirname(state);
    const pre = Array.from({ length: 20 }, (_, i) => configMap(`pre-${i}`, 'v1')).join('---\n');
    writeFileSync(join(dir, 'pre.yaml'), pre);
    expect(run(['apply', '-f', join(dir, 'pre.yaml')]).code).toBe(0);
    const before = readStateFile(state)!.resourceVersion;

    const jobs: Array<{ args: string[]; input: string; stdout: string }> = [];
    for (let i = 0; i < 20; i++) jobs.push({ args: ['apply', '-f', '-'], input: configMap(`new-${i}`, String(i)), stdout: `configmap/new-${i} created\n` });
    for (let i = 0; i < 10; i++) jobs.push({ args: ['create', '-f', '-'], input: configMap(`made-${i}`, String(i)), stdout: `configmap/made-${i} created\n` });
    for (let i = 0; i < 10; i++) jobs.push({ args: ['apply', '-f', '-'], input: configMap(`pre-${i}`, 'v2'), stdout: `configmap/pre-${i} configured\n` });
    for (let i = 10; i < 20; i++) jobs.push({ args: ['delete', 'configmap', `pre-${i}`], input: '', stdout: `configmap "pre-${i}" deleted\n` });
    expect(jobs).toHaveLength(50);

    const results = await Promise.all(jobs.map((j) => kubesimAsync(j.args, { state, input: j.input, env })));
    results.forEach((r, i) => expect({ job: jobs[i].args.join(' ') + ' ' + i, ...r }).toEqual({ job: jobs[i].args.join(' ') + ' ' + i, stdout: jobs[i].stdout, stderr: '', code: 0 }));
    // With the journal on, most of them appended a record (the journal is written into the file now and then).
    if (env.KUBESIM_JOURNAL_FROM) expect(readFileSync(state, 'utf8')).toContain('},"journal":[\n{"seq":');

    const expected: Record<string, string> = {};
    for (let i = 0; i < 20; i++) expected[`default/new-${i}`] = String(i);
    for (let i = 0; i < 10; i++) expected[`default/made-${i}`] = String(i);
    for (let i = 0; i < 10; i++) expected[`default/pre-${i}`] = 'v2';
    expect(configMaps(state)).toEqual(expected);
    // Each of the 40 writes (30 creates, 10 updates) got its own resourceVersion: none overwrote another.
    const s = readStateFile(state)!;
    const versions = Object.values(s.objects.configmaps).map((o) => Number(o.metadata.resourceVersion));
    expect(new Set(versions).size).toBe(40);
    expect(Math.min(...versions.filter((v) => v > before))).toBeGreaterThan(before);
    expect(existsSync(`${state}.lock`)).toBe(false);
  });

  it('20 concurrent commands on a missing state create it once, and every apply lands', async () => {
    const state = tempStatePath();
    const jobs = Array.from({ length: 20 }, (_, i) =>
      i % 4 === 3 ? kubesimAsync('get ns', { state }) : kubesimAsync(['apply', '-f', '-'], { state, input: configMap(`cm-${i}`, String(i)) }),
    );
    const results = await Promise.all(jobs);
    results.forEach((r, i) => {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      if (i % 4 !== 3) expect(r.stdout).toBe(`configmap/cm-${i} created\n`);
      else expect(r.stdout.split('\n')[0]).toMatch(/^NAME +STATUS +AGE$/);
    });
    const expected: Record<string, string> = {};
    for (let i = 0; i < 20; i++) if (i % 4 !== 3) expected[`default/cm-${i}`] = String(i);
    expect(configMaps(state)).toEqual(expected);
    const s = readStateFile(state)!;
    expect(Object.keys(s.objects.nodes)).toEqual(['kubesim-control-plane', 'kubesim-worker', 'kubesim-worker2']);
    expect(Object.keys(s.objects.namespaces).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    expect(Object.keys(s.objects.services).sort()).toEqual(['default/kubernetes', 'kube-system/kube-dns']);
  });

  it('concurrent curls, which write only the header (beside the file), lose no draw of the random generator', async () => {
    const { state, run } = freshCluster();
    const app = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n`;
    expect(run(['apply', '-f', '-'], { input: app }).code).toBe(0);
    const copy = state.replace(/state\.json$/, 'copy.json');
    copyFileSync(state, copy);
    const served = (stdout: string) => /^Hostname: (\S+)/m.exec(stdout)?.[1];
    // One after the other on the copy; all at once on the state: the k-th to take the lock gets the k-th draws.
    const sequential: Array<string | undefined> = [];
    for (let i = 0; i < 12; i++) sequential.push(served((await kubesimAsync('curl -s http://web', { state: copy })).stdout));
    const results = await Promise.all(Array.from({ length: 12 }, () => kubesimAsync('curl -s http://web', { state })));
    results.forEach((r) => expect([r.stderr, r.code]).toEqual(['', 0]));
    expect(results.map((r) => served(r.stdout)).sort()).toEqual([...sequential].sort());
    expect(new Set(sequential).size).toBeGreaterThan(1);
    expect(existsSync(`${state}.head`)).toBe(true);
    expect(readStateFile(state)!.random).toEqual(readStateFile(copy)!.random);
    // A change to the objects then writes the whole file, the header with it, and the line beside goes.
    expect(run(['scale', 'deployment', 'web', '--replicas=2']).code).toBe(0);
    expect(existsSync(`${state}.head`)).toBe(false);
    expect(existsSync(`${state}.lock`)).toBe(false);
  });

  it('a process SIGKILLed while holding the lock does not block the next command', async () => {
    const { state, run } = freshCluster();
    expect(run('get ns').code).toBe(0);
    const before = readFileSync(state);
    const big = Array.from({ length: 3000 }, (_, i) => configMap(`big-${i}`, String(i))).join('---\n');
    writeFileSync(join(dirname(state), 'big.yaml'), big);
    const child = spawn(process.execPath, [BIN, 'apply', '-f', join(dirname(state), 'big.yaml')], {
      env: { ...process.env, KUBESIM_STATE: state, KUBESIM_NOW: FIXED_NOW, NO_COLOR: '1' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((r) => child.on('exit', (_code, signal) => r(signal)));
    // Kill it the moment it holds the lock (it takes the lock once the manifest is parsed).
    const deadline = Date.now() + 20_000;
    while (!existsSync(`${state}.lock`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    expect(JSON.parse(readFileSync(`${state}.lock`, 'utf8')).pid).toBe(child.pid);

    const t0 = Date.now();
    const r = await kubesimAsync(['apply', '-f', '-'], { state, input: configMap('after', '1') });
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(r).toEqual({ stdout: 'configmap/after created\n', stderr: '', code: 0 });
    // The killed apply wrote nothing (it died before its rename), and the lock is gone again.
    expect(readFileSync(`${state}.bak`)).toEqual(before);
    expect(configMaps(state)).toEqual({ 'default/after': '1' });
    expect(existsSync(`${state}.lock`)).toBe(false);
  });
});
