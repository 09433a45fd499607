import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseState, readStateFile, writeStateFile, StateFileError } from '../../src/store/statefile.js';
import { acquireLock, assertLockHeld, withStateLock } from '../../src/store/lock.js';
import { createClusterState } from '../../src/sim/default-cluster.js';
import { SCHEMA_VERSION } from '../../src/store/state.js';

const NOW = new Date('2026-11-21T10:00:00Z');
const fresh = () => createClusterState({}, NOW);
const tempState = () => join(mkdtempSync(join(tmpdir(), 'kubesim-store-')), 'state.json');
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

function problem(text: string): string {
  const r = parseState(text);
  if ('state' in r) throw new Error('parsed');
  return r.problem;
}

describe('parseState', () => {
  it('names each kind of corruption', () => {
    const good = JSON.stringify(fresh());
    expect(problem('')).toBe('is empty');
    expect(problem(' \n')).toBe('is empty');
    expect(problem(good.slice(0, good.length / 2))).toBe('is corrupted: it ends in the middle of the JSON (truncated)');
    expect(problem(good.slice(0, -1))).toBe('is corrupted: it ends in the middle of the JSON (truncated)');
    expect(problem('schemaVersion: 1')).toBe('is corrupted: it is not valid JSON');
    expect(problem('\u0000\u0001garbage')).toBe('is corrupted: it holds binary data, not JSON');
    expect(problem('[1,2]')).toBe('is not a kubesim state: the top level must be an object');
    expect(problem('{}')).toBe('is not a kubesim state: schemaVersion: must be a non-negative integer');
    expect(parseState(JSON.stringify({ ...fresh(), schemaVersion: SCHEMA_VERSION + 1 }))).toEqual({ problem: '', newer: SCHEMA_VERSION + 1 });
  });

  it('catches hand edits that would crash a command', () => {
    const edit = (f: (s: any) => void) => {
      const s: any = fresh();
      f(s);
      return problem(JSON.stringify(s));
    };
    expect(edit((s) => delete s.objects.services['default/kubernetes'].metadata)).toBe(
      'is not a valid kubesim state: objects.services["default/kubernetes"].metadata: must be an object',
    );
    expect(edit((s) => (s.objects.services['default/kubernetes'].metadata.labels = { a: 1 }))).toBe(
      'is not a valid kubesim state: objects.services["default/kubernetes"].metadata.labels: must be a map of strings',
    );
    expect(edit((s) => (s.objects.services['default/kubernetes'].metadata.name = 'renamed'))).toBe(
      'is not a valid kubesim state: objects.services["default/kubernetes"]: key does not match the object\'s namespace/name "default/renamed"',
    );
    expect(edit((s) => (s.objects.services['default/kubernetes'].kind = 'Pod'))).toBe(
      'is not a valid kubesim state: objects.services["default/kubernetes"].kind: a Pod does not belong in services',
    );
    expect(edit((s) => (s.objects.services['default/kubernetes'].kind = 'Gizmo'))).toBe(
      'is not a valid kubesim state: objects.services["default/kubernetes"].kind: unknown kind "Gizmo"',
    );
    expect(edit((s) => (s.objects.services['default/kubernetes'].spec = 'x'))).toBe(
      'is not a valid kubesim state: objects.services["default/kubernetes"].spec: must be an object',
    );
    expect(edit((s) => delete s.objects.services['default/kubernetes'].metadata.namespace)).toBe(
      'is not a valid kubesim state: objects.services["default/kubernetes"].metadata.namespace: must be a non-empty string',
    );
    expect(edit((s) => (s.objects.nodes = []))).toBe('is not a valid kubesim state: objects.nodes: must be an object');
    expect(edit((s) => delete s.cluster)).toBe('is not a valid kubesim state: cluster: must be an object');
    expect(edit((s) => (s.cluster.provider = 'aws'))).toBe('is not a valid kubesim state: cluster.provider: must be "cloud" or "local"');
    expect(edit((s) => (s.random = [1, 2]))).toBe('is not a valid kubesim state: random: must be a list of 4 32-bit integers');
    expect(edit((s) => (s.resourceVersion = '7'))).toBe('is not a valid kubesim state: resourceVersion: must be a non-negative integer');
  });
});

describe('schema migration', () => {
  const fixture = readFileSync(join(__dirname, '../robustness/fixtures/state-schema0.json'), 'utf8');

  it('brings a schema 0 state (flat object list, no version) up to the current schema', () => {
    const old = JSON.parse(fixture);
    const r = parseState(fixture);
    if (!('state' in r)) throw new Error(r.problem);
    const s = r.state;
    expect(s.schemaVersion).toBe(SCHEMA_VERSION);
    expect(s.cluster).toEqual({ ...old.cluster, nodePortRange: '30000-32767', loadBalancerPool: '203.0.113.0/24' });
    expect(s.random).toEqual(old.random);
    expect(s.resourceVersion).toBe(old.resourceVersion);
    expect(Object.keys(s.objects).sort()).toEqual(['namespaces', 'nodes', 'services']);
    expect(Object.keys(s.objects.nodes)).toEqual(['kubesim-control-plane', 'kubesim-worker', 'kubesim-worker2']);
    expect(s.objects.services['default/kubernetes']).toEqual(old.objects.find((o: any) => o.kind === 'Service' && o.metadata.name === 'kubernetes'));
    const count = Object.values(s.objects).reduce((n, b) => n + Object.keys(b).length, 0);
    expect(count).toBe(old.objects.length);
  });

  it('refuses a schema 0 state it cannot migrate, naming the object', () => {
    const old = JSON.parse(fixture);
    old.objects[3] = { apiVersion: 'v1', metadata: { name: 'x' } };
    expect(problem(JSON.stringify(old))).toBe('is not a valid kubesim state of schema 0: objects[3].kind: must be a string');
  });
});

describe('readStateFile', () => {
  it('reports a broken file with its path and the way back', () => {
    const path = tempState();
    expect(readStateFile(path)).toBeUndefined();
    writeFileSync(path, '{"schemaVersion":1,');
    const e = (() => {
      try {
        readStateFile(path);
      } catch (e) {
        return e as StateFileError;
      }
    })()!;
    expect(e).toBeInstanceOf(StateFileError);
    expect(e.unreadable).toBe(true);
    expect(e.format()).toBe(
      `error: the cluster state ${path} is corrupted: it ends in the middle of the JSON (truncated)\n` +
        'run `kubesim cluster reset` to start afresh (there is no backup to restore)',
    );
    writeFileSync(`${path}.bak`, JSON.stringify(fresh()));
    expect(() => readStateFile(path)).toThrow(
      `run \`kubesim cluster restore\` to go back to the last good copy (${path}.bak), or \`kubesim cluster reset\` to start afresh`,
    );
  });
});

describe('resources the codec parses on first use', () => {
  it('a damaged resource fails when read, naming the file; a full read finds it at once', () => {
    const path = tempState();
    writeStateFile(path, fresh());
    // Damage bytes inside the services resource only (as a bad disk block would): the index still points at it.
    const bytes = readFileSync(path);
    const [start, end] = JSON.parse(bytes.toString('utf8', 0, bytes.indexOf(10)) + '}}').index.services.map(Number);
    bytes.fill(0x23, start + 10, Math.min(end - 1, start + 50));
    writeFileSync(path, bytes);
    const s = readStateFile(path)!;
    expect(Object.keys(s.objects.nodes)).toHaveLength(3);
    const message =
      `error: the cluster state ${path} is corrupted: the services resource is not valid JSON\n` +
      'run `kubesim cluster reset` to start afresh (there is no backup to restore)';
    expect(() => s.objects.services).toThrow(StateFileError);
    try {
      void s.objects.services;
    } catch (e) {
      expect((e as StateFileError).format()).toBe(message);
    }
    expect(() => readStateFile(path, { full: true })).toThrow(message.replace(/^error: /, ''));
  });

  it('a hand-edited object in a resource fails when that resource is read', () => {
    const path = tempState();
    writeStateFile(path, fresh());
    const file = JSON.parse(readFileSync(path, 'utf8'));
    file.objects = { services: { 'default/x': { apiVersion: 'v1', kind: 'Service', metadata: { name: 'y', namespace: 'default' } } } };
    writeFileSync(path, JSON.stringify(file));
    const s = readStateFile(path)!;
    expect(() => s.objects.services).toThrow(
      `the cluster state ${path} is not a valid kubesim state: objects.services["default/x"]: key does not match the object's namespace/name "default/y"`,
    );
  });
});

describe('writeStateFile', () => {
  it('replaces the file, keeps the previous one as .bak, leaves no temp files', () => {
    const path = tempState();
    const a = fresh();
    writeStateFile(path, a);
    expect(existsSync(`${path}.bak`)).toBe(false);
    const first = readFileSync(path, 'utf8');
    const b = fresh();
    b.resourceVersion += 100;
    writeStateFile(path, b);
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(first);
    expect(readStateFile(path)!.resourceVersion).toBe(b.resourceVersion);
    expect(readdirSync(join(path, '..')).sort()).toEqual(['state.json', 'state.json.bak']);
    writeStateFile(path, a, { backup: false });
    expect(readFileSync(`${path}.bak`, 'utf8')).toBe(first);
  });

  it("removes temp files left by killed processes, not a live process's", () => {
    const path = tempState();
    const dead = deadPid();
    writeFileSync(`${path}.tmp-${dead}`, 'half a sta');
    writeFileSync(`${path}.lock.tmp-${dead}`, '{}');
    writeFileSync(`${path}.tmp-${process.ppid}`, 'in progress');
    writeStateFile(path, fresh());
    expect(readdirSync(join(path, '..')).sort()).toEqual(['state.json', `state.json.tmp-${process.ppid}`]);
  });
});

describe('the state lock', () => {
  it('is a file naming its owner, removed on release', async () => {
    const path = tempState();
    const release = await acquireLock(path);
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    release();
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('serialises holders', async () => {
    const path = tempState();
    const order: string[] = [];
    await Promise.all(
      ['a', 'b', 'c'].map((n) =>
        withStateLock(path, async () => {
          order.push(`${n}+`);
          await new Promise((r) => setTimeout(r, 20));
          order.push(`${n}-`);
        }),
      ),
    );
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i].replace('+', '-'));
  });

  it('takes over at once a lock whose owner died on this host', async () => {
    const path = tempState();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: deadPid(), host: hostname(), nonce: 'x' }));
    const t0 = Date.now();
    const release = await acquireLock(path, 5_000);
    expect(Date.now() - t0).toBeLessThan(1_000);
    release();
  });

  it("waits for a live owner, and names it when it gives up", async () => {
    const path = tempState();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: process.ppid, host: hostname(), nonce: 'x' }));
    await expect(acquireLock(path, 300)).rejects.toThrow(
      `timed out after 0s waiting for the lock on the cluster state ${path} (held by process ${process.ppid} on ${hostname()}); if no kubesim is running, remove ${path}.lock`,
    );
  });

  it("goes by the heartbeat for another host's lock", async () => {
    const path = tempState();
    writeFileSync(`${path}.lock`, JSON.stringify({ pid: 1, host: 'elsewhere', nonce: 'x' }));
    await expect(acquireLock(path, 200)).rejects.toThrow('timed out');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, old, old);
    const release = await acquireLock(path, 1_000);
    release();
  });

  it('refuses to write after the lock was taken over', async () => {
    const path = tempState();
    await withStateLock(path, () => {
      writeFileSync(`${path}.lock`, JSON.stringify({ pid: 1, host: 'elsewhere', nonce: 'y' }));
      expect(() => assertLockHeld(path)).toThrow(`lost the lock on the cluster state ${path} to another kubesim process; nothing was written, run the command again`);
      expect(() => writeStateFile(path, fresh())).toThrow('lost the lock');
    });
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(join(path, '..')).filter((n) => n.includes('tmp'))).toEqual([]);
  });
});
