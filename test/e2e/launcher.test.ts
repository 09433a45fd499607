// bin/kubesim, the launcher: which bundle a command line runs from (dist/launch.json), and its V8 code cache
// (dist/.cache). The cache tests run a copy of bin/ and dist/ in a temporary folder, so that they can remove and
// damage cache files without touching the ones the other tests use.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COMPLETION_SCRIPTS } from '../../src/cli/completion/scripts.js';
import { FIXED_NOW, ROOT, tempStatePath, type Result } from '../helpers/cli.js';

const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const VERSION_OUT = `Client Version: kubesim ${VERSION}\nServer Version: v1.33.1 (simulated)\n`;
const state = tempStatePath(); // never created: these commands only read a cluster

/** Run `<root>/bin/kubesim` (the repository's, or a copy's). */
function run(root: string, args: string[], env: Record<string, string> = {}): Result {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'kubesim'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', KUBESIM_NOW: FIXED_NOW, KUBESIM_STATE: state, KUBESIM_NO_COMPILE_CACHE: '', ...env },
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1 };
}

const copies: string[] = [];
afterAll(() => {
  for (const root of copies) rmSync(root, { recursive: true, force: true });
});

/** A copy of the built kubesim (bin/ and dist/ without its caches), in a folder of its own. */
function installCopy(withDist = true): string {
  const root = mkdtempSync(join(tmpdir(), 'kubesim-launcher-'));
  copies.push(root);
  cpSync(join(ROOT, 'bin'), join(root, 'bin'), { recursive: true });
  if (withDist) cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true, filter: (src) => !src.includes('.cache') });
  return root;
}

const cacheFiles = (root: string): string[] => {
  const dir = join(root, 'dist', '.cache');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
};

describe('the launcher picks the bundle', () => {
  const launch = JSON.parse(readFileSync(join(ROOT, 'dist', 'launch.json'), 'utf8'));

  it('a verb with a bundle of its own runs from it, after global flags too', () => {
    expect(launch.verbs.version).toBe('verbs/version.cjs');
    expect(launch.verbs.get).toBe('verbs/get.cjs');
    expect(run(ROOT, ['version'])).toEqual({ stdout: VERSION_OUT, stderr: '', code: 0 });
    expect(run(ROOT, ['-n', 'version', '--state', state, 'version'])).toEqual({ stdout: VERSION_OUT, stderr: '', code: 0 });
    // Exit codes and kubectl's words come through the bundle unchanged.
    const noType = run(ROOT, ['get']);
    expect(noType.code).toBe(1);
    expect(noType.stdout).toBe('');
    expect(noType.stderr).toMatch(/^error: Required resource not specified\.\n/);
  });

  it('the commands that run or list every other command (shell, demo, completion, tutorial) run from all.cjs', () => {
    for (const verb of ['shell', 'demo', 'completion', '__complete', 'tutorial']) expect(launch.verbs[verb]).toBeUndefined();
    expect(launch.all).toBe('all.cjs');
    expect(run(ROOT, ['completion', 'bash'])).toEqual({ stdout: COMPLETION_SCRIPTS.bash, stderr: '', code: 0 });
  });

  it('no verb prints the help, as --help does (off a terminal)', () => {
    const help = run(ROOT, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: kubesim \[options\] \[command\]\n/);
    expect(help.stdout).toContain('\n  version ');
    expect(run(ROOT, [])).toEqual(help);
    expect(run(ROOT, ['-n', 'prod'])).toEqual(help);
  });

  it('an unknown verb gets cobra\'s "Did you mean this?"', () => {
    expect(run(ROOT, ['gett', 'pods'])).toEqual({
      stdout: '',
      stderr: `error: unknown command "gett" for "kubesim"\n\nDid you mean this?\n\tget\n\nRun 'kubesim --help' for usage.\n`,
      code: 1,
    });
  });

  it('without dist/, says how to build', () => {
    const root = installCopy(false);
    expect(run(root, ['version'])).toEqual({ stdout: '', stderr: 'error: kubesim is not built; run `npm run build` in its folder\n', code: 1 });
  });
});

describe('the code cache', () => {
  const name = new RegExp(`^version-[0-9a-f]{16}-${process.version.replaceAll('.', '\\.')}-${process.arch}\\.v8$`);

  it('is written by the first run and read by the next ones, unchanged', () => {
    const root = installCopy();
    expect(run(root, ['version'])).toEqual({ stdout: VERSION_OUT, stderr: '', code: 0 });
    const files = cacheFiles(root);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(name);
    const cache = join(root, 'dist', '.cache', files[0]);
    const before = { bytes: readFileSync(cache), mtime: statSync(cache).mtimeMs };
    expect(run(root, ['version'])).toEqual({ stdout: VERSION_OUT, stderr: '', code: 0 });
    // Accepted by V8, so not written again (a rejected cache would have been replaced).
    expect(statSync(cache).mtimeMs).toBe(before.mtime);
    expect(readFileSync(cache).equals(before.bytes)).toBe(true);
    expect(cacheFiles(root)).toEqual(files);
  });

  it('is neither read nor written with KUBESIM_NO_COMPILE_CACHE=1', () => {
    const root = installCopy();
    expect(run(root, ['version'], { KUBESIM_NO_COMPILE_CACHE: '1' })).toEqual({ stdout: VERSION_OUT, stderr: '', code: 0 });
    expect(existsSync(join(root, 'dist', '.cache'))).toBe(false);
    // A damaged cache is not even looked at.
    mkdirSync(join(root, 'dist', '.cache'));
    run(root, ['version']);
    const [file] = cacheFiles(root);
    const cache = join(root, 'dist', '.cache', file);
    writeFileSync(cache, Buffer.alloc(1000, 0x5a));
    expect(run(root, ['version'], { KUBESIM_NO_COMPILE_CACHE: '1' })).toEqual({ stdout: VERSION_OUT, stderr: '', code: 0 });
    expect(readFileSync(cache).equals(Buffer.alloc(1000, 0x5a))).toBe(true);
  });

  it('cannot be written (here dist/.cache is a file): the command runs as without a cache', () => {
    const root = installCopy();
    writeFileSync(join(root, 'dist', '.cache'), 'not a folder');
    for (let i = 0; i < 2; i++) expect(run(root, ['version'])).toEqual({ stdout: VERSION_OUT, stderr: '', code: 0 });
    expect(readFileSync(join(root, 'dist', '.cache'), 'utf8')).toBe('not a folder');
    expect(readdirSync(join(root, 'dist')).sort()).toEqual(['.cache', 'all.cjs', 'launch.json', 'verbs']);
  });

  it('a damaged or foreign cache is ignored and replaced: garbage, a real cache with bytes changed, another bundle\'s', () => {
    const root = installCopy();
    run(root, ['version']);
    const [file] = cacheFiles(root);
    const cache = join(root, 'dist', '.cache', file);
    const good = readFileSync(cache);
    const flipped = Buffer.from(good);
    // Bytes damaged in one of the file's two copies of V8's data, the header intact: only comparing them tells.
    for (let i = 100; i < flipped.length / 2; i += 97) flipped[i] ^= 0x5a;
    // One byte damaged at the end of the second copy (compared a chunk at a time), and a copy cut short.
    const lastFlipped = Buffer.from(good);
    lastFlipped[lastFlipped.length - 1] ^= 0x01;
    const cut = good.subarray(0, good.length - 1);
    expect(run(root, ['get', 'ns']).code).toBe(0);
    const other = cacheFiles(root).find((f) => f.startsWith('get-'))!;
    const foreign = readFileSync(join(root, 'dist', '.cache', other)); // a valid file, which V8 rejects
    for (const damaged of [Buffer.from('garbage, not a V8 code cache\n'.repeat(50)), Buffer.from('ab'), flipped, lastFlipped, cut, foreign]) {
      writeFileSync(cache, damaged);
      expect(run(root, ['version'])).toEqual({ stdout: VERSION_OUT, stderr: '', code: 0 });
      const replaced = readFileSync(cache);
      expect(replaced.equals(damaged)).toBe(false);
      expect(replaced.length).toBeGreaterThan(1000);
      expect(cacheFiles(root)).toEqual([file, other].sort()); // no temporary file left behind
      const mtime = statSync(cache).mtimeMs;
      expect(run(root, ['version'])).toEqual({ stdout: VERSION_OUT, stderr: '', code: 0 });
      expect(statSync(cache).mtimeMs).toBe(mtime); // the replacement is accepted
    }
  });
});
