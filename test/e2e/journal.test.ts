// A big state file gets what each command changed appended to its journal instead of being written whole
// (KUBESIM_JOURNAL_FROM=0 makes any state big enough): every command prints what it prints on a state written
// whole, the state read back is the same object by object and in the same order, restore goes back one change, and
// a record cut short by a crash is not read.
import { describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { freshCluster, kubesimAsync } from '../helpers/cli.js';
import { readStateFile } from '../../src/store/statefile.js';
import { Random, seedState } from '../../src/sim/random.js';

const JOURNAL = { KUBESIM_JOURNAL_FROM: '0' };
const WHOLE = { KUBESIM_JOURNAL_FROM: String(1e15) };
const records = (state: string) => (readFileSync(state, 'utf8').match(/^\{"seq":\d+,/gm) ?? []).length;

/** The state as a reader gets it: the header, and each resource's keys in store order with their objects. */
function content(state: string) {
  const s = readStateFile(state, { full: true })!;
  const { objects, ...header } = s;
  const resources = Object.fromEntries(
    Object.keys(objects)
      .filter((plural) => Object.keys(objects[plural]).length)
      .sort()
      .map((plural) => [plural, Object.entries(objects[plural])]),
  );
  return { header, resources };
}

const SCRIPT = [
  'apply -f manifests/01-currency-exchange.yaml',
  'apply -f manifests/02-currency-conversion.yaml',
  'apply -f manifests/08-headless-statefulset.yaml',
  'scale deployment currency-exchange --replicas 5',
  'get pods -o wide',
  'curl http://currency-exchange',
  'curl --count 30 http://currency-conversion',
  'delete pod -l app=currency-exchange',
  'get pods -o wide',
  'label deployment currency-conversion team=payments',
  'rollout restart deployment currency-conversion',
  'cordon kubesim-worker',
  'scale deployment currency-exchange --replicas 9',
  'uncordon kubesim-worker',
  'scale statefulset nginx-sts --replicas 1',
  'create deployment web --image nginx --replicas 3',
  'expose deployment web --port 80',
  'dig web.default.svc.cluster.local',
  'scale deployment currency-exchange --replicas 2',
  'delete service currency-conversion',
  'get endpointslices',
  'delete deployment web',
  'get all -A',
  'get events',
];

describe('the change journal', () => {
  it('every command prints, and leaves, what it does on a state written whole', () => {
    const on = freshCluster(JOURNAL);
    const off = freshCluster(WHOLE);
    let appended = 0;
    for (const line of SCRIPT) {
      const before = existsSync(on.state) ? statSync(on.state).ino : undefined;
      const r = on.run(line);
      expect(r, line).toEqual(off.run(line));
      expect(r.code, `${line}: ${r.stderr}`).toBe(0);
      // Appended in place (the same file), or written whole (a new file renamed over it).
      if (before !== undefined && statSync(on.state).ino === before && records(on.state) > 0) appended++;
    }
    expect(appended).toBeGreaterThanOrEqual(10);
    expect(content(on.state)).toEqual(content(off.state));
    // The file stays one JSON value.
    expect(() => JSON.parse(readFileSync(on.state, 'utf8'))).not.toThrow();
  });

  it('random commands print and leave what they do on a state written whole', () => {
    const on = freshCluster(JOURNAL);
    const off = freshCluster(WHOLE);
    const random = new Random(seedState(8));
    const pick = <T>(xs: T[]): T => xs[Math.floor(random.float() * xs.length)];
    const deployments = ['currency-exchange', 'currency-conversion', 'web-0', 'web-1'];
    const commands = [
      () => `scale deployment ${pick(deployments)} --replicas ${Math.floor(random.float() * 6)}`,
      () => `delete pod -l app=${pick(deployments)}`,
      () => `rollout restart deployment ${pick(deployments)}`,
      () => `label deployment ${pick(deployments)} x=${Math.floor(random.float() * 9)} --overwrite`,
      () => `curl -s http://${pick(['currency-exchange', 'currency-conversion'])}`,
      () => `${pick(['cordon', 'uncordon'])} ${pick(['kubesim-worker', 'kubesim-worker2'])}`,
      () => `create deployment ${pick(['web-0', 'web-1'])} --image nginx --replicas ${1 + Math.floor(random.float() * 3)}`,
      () => `delete deployment ${pick(deployments)}`,
      () => `annotate service ${pick(['currency-exchange', 'currency-conversion'])} note=${Math.floor(random.float() * 9)} --overwrite`,
    ];
    for (const c of ['apply -f manifests/01-currency-exchange.yaml', 'apply -f manifests/02-currency-conversion.yaml']) expect(on.run(c)).toEqual(off.run(c));
    let journaled = 0;
    for (let i = 0; i < 30; i++) {
      const line = pick(commands)();
      expect(on.run(line), `${i}: ${line}`).toEqual(off.run(line));
      if (records(on.state) > 0) journaled++;
    }
    expect(journaled).toBeGreaterThanOrEqual(10);
    expect(content(on.state)).toEqual(content(off.state));
  });

  it('restore goes back to the state before the last change to objects, and restoring again undoes it', () => {
    const { state, run } = freshCluster(JOURNAL);
    run('apply -f manifests/01-currency-exchange.yaml');
    run('scale deployment currency-exchange --replicas 4');
    const before = content(state);
    expect(run('scale deployment currency-exchange --replicas 1').code).toBe(0);
    // A curl after it records only its random draws: not a change restore goes back from (as a write beside the
    // file, for a smaller state, is not).
    expect(run('curl -s http://currency-exchange').code).toBe(0);
    const after = content(state);
    const n = records(state);
    expect(n).toBeGreaterThan(0);
    expect(run('cluster restore')).toEqual({
      stdout: `Cluster "kubesim" restored from ${state}, without the last change in its journal (${count(before)} objects).\nThe state it replaced is now ${state}.bak: run \`kubesim cluster restore\` again to undo.\n`,
      stderr: '',
      code: 0,
    });
    expect(content(state)).toEqual(before);
    expect(records(state)).toBe(0); // written whole
    expect(run('get deployment currency-exchange').stdout).toMatch(/currency-exchange +4\/4 +4 +4 /);
    expect(run('cluster restore').stdout).toBe(
      `Cluster "kubesim" restored from ${state}.bak (${count(after)} objects).\nThe state it replaced is now ${state}.bak: run \`kubesim cluster restore\` again to undo.\n`,
    );
    expect(content(state)).toEqual(after);
  });

  it('a command that changes nothing appends nothing', () => {
    const { state, run } = freshCluster(JOURNAL);
    run('apply -f manifests/01-currency-exchange.yaml');
    expect(run('scale deployment currency-exchange --replicas 3').stdout).toBe('deployment.apps/currency-exchange scaled\n');
    const bytes = readFileSync(state);
    expect(records(state)).toBeGreaterThan(0);
    expect(run('scale deployment currency-exchange --replicas 3').stdout).toBe('deployment.apps/currency-exchange scaled\n');
    expect(readFileSync(state).equals(bytes)).toBe(true);
  });

  it('a record cut short by a crash is not read, and the next command writes over it', () => {
    const { state, run } = freshCluster(JOURNAL);
    run('apply -f manifests/01-currency-exchange.yaml');
    run('scale deployment currency-exchange --replicas 3');
    const before = content(state);
    const size = statSync(state).size;
    expect(run('scale deployment currency-exchange --replicas 6').code).toBe(0);
    const whole = readFileSync(state);
    expect(whole.length).toBeGreaterThan(size);
    // Cut anywhere inside the last record, or with its last blocks never written (zeros): the state before it.
    for (const cut of [size + 1, size + 40, Math.floor((size + whole.length) / 2), whole.length - 5]) {
      truncateSync(state, cut);
      expect(content(state), `cut at ${cut}`).toEqual(before);
      appendFileSync(state, whole.subarray(cut));
    }
    truncateSync(state, Math.floor((size + whole.length) / 2));
    appendFileSync(state, Buffer.alloc(whole.length - Math.floor((size + whole.length) / 2)));
    expect(content(state)).toEqual(before);
    expect(run('get deployment currency-exchange').stdout).toMatch(/currency-exchange +3\/3 +3 +3 /);
    // The next change is written in its place.
    expect(run('scale deployment currency-exchange --replicas 5').code).toBe(0);
    expect(run('get deployment currency-exchange').stdout).toMatch(/currency-exchange +5\/5 +5 +5 /);
    expect(() => JSON.parse(readFileSync(state, 'utf8'))).not.toThrow();
  });

  it('a file edited by hand (its offsets no longer right) is read whole, its journal with it', () => {
    const { state, run } = freshCluster(JOURNAL);
    run('apply -f manifests/01-currency-exchange.yaml');
    run('scale deployment currency-exchange --replicas 3');
    run('label deployment currency-exchange team=payments');
    expect(records(state)).toBeGreaterThan(0);
    const before = content(state);
    // One more byte before the resources: every offset of the first line is one off.
    writeFileSync(state, readFileSync(state, 'utf8').replace('"buckets":{\n', '"buckets": {\n'));
    expect(content(state)).toEqual(before);
    expect(run('get deployment currency-exchange --show-labels').stdout).toMatch(/currency-exchange +3\/3 .*,team=payments\n/);
    // The next write writes it whole again.
    expect(run('scale deployment currency-exchange --replicas 2').code).toBe(0);
    expect(records(state)).toBe(0);
    expect(run('get deployment currency-exchange').stdout).toMatch(/currency-exchange +2\/2 +2 +2 /);
  });

  it('concurrent curls append their random draws to the journal, one record each, none lost', async () => {
    const { state, run } = freshCluster(JOURNAL);
    run('apply -f manifests/01-currency-exchange.yaml');
    run('scale deployment currency-exchange --replicas 4');
    const copy = freshCluster(JOURNAL).state;
    appendFileSync(copy, readFileSync(state));
    const n = records(state);
    const served = (stdout: string) => /^Hostname: (\S+)/m.exec(stdout)?.[1];
    const sequential: Array<string | undefined> = [];
    for (let i = 0; i < 8; i++) sequential.push(served((await kubesimAsync('curl -s http://currency-exchange', { state: copy, env: JOURNAL })).stdout));
    const results = await Promise.all(Array.from({ length: 8 }, () => kubesimAsync('curl -s http://currency-exchange', { state, env: JOURNAL })));
    results.forEach((r) => expect([r.stderr, r.code]).toEqual(['', 0]));
    expect(results.map((r) => served(r.stdout)).sort()).toEqual([...sequential].sort());
    expect(new Set(sequential).size).toBeGreaterThan(1);
    expect(records(state)).toBe(n + 8);
    expect(existsSync(`${state}.head`)).toBe(false);
    expect(readStateFile(state)!.random).toEqual(readStateFile(copy)!.random);
  });
});

const count = (c: ReturnType<typeof content>) => Object.values(c.resources).reduce((n, r) => n + r.length, 0);
