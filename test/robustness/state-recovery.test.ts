// A broken state file is named and never overwritten; cluster restore/reset/create bring it back; an older
// schema is migrated, a newer one refused. All through the real binary.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshCluster, ROOT } from '../helpers/cli.js';
import { readStateFile } from '../../src/store/statefile.js';
import { SCHEMA_VERSION } from '../../src/store/state.js';
import { lineIndexBuilt } from '../../src/store/bucket.js';

const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n';
const hint = (state: string) =>
  `run \`kubesim cluster restore\` to go back to the last good copy (${state}.bak), or \`kubesim cluster reset\` to start afresh\n`;

/** A cluster with one write behind it: state.json (with the ConfigMap) and state.json.bak (without). */
function clusterWithHistory() {
  const c = freshCluster();
  expect(c.run('get ns').code).toBe(0);
  expect(c.run('apply -f -', { input: CM }).stdout).toBe('configmap/settings created\n');
  return c;
}

describe('a broken state file', () => {
  const good = () => readFileSync(join(ROOT, 'test/robustness/fixtures/state-schema0.json'), 'utf8');
  const cases: Array<[string, (text: string) => string | Buffer, string]> = [
    ['truncated', (t) => t.slice(0, Math.floor(t.length / 3)), 'is corrupted: it ends in the middle of the JSON (truncated)'],
    ['empty', () => '', 'is empty'],
    ['not JSON', () => 'apiVersion: v1\nkind: State\n', 'is corrupted: it is not valid JSON'],
    ['binary garbage', () => Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x80, 0x7b]), 'is corrupted: it holds binary data, not JSON'],
    [
      'hand-edited: an object without metadata',
      (t) => {
        const s = JSON.parse(t);
        s.schemaVersion = 1;
        s.objects = { configmaps: { 'default/x': { apiVersion: 'v1', kind: 'ConfigMap', data: {} } } };
        s.cluster = { ...s.cluster, nodePortRange: '30000-32767', loadBalancerPool: '203.0.113.0/24' };
        return JSON.stringify(s);
      },
      'is not a valid kubesim state: objects.configmaps["default/x"].metadata: must be an object',
    ],
    ['hand-edited: objects missing', () => JSON.stringify({ schemaVersion: 1, cluster: {} }), 'is not a valid kubesim state: cluster.name: must be a string'],
  ];

  for (const [name, breakIt, problem] of cases) {
    it(`${name}: every command refuses it, naming the file and the way back, and leaves it as it was`, () => {
      const { state, run } = clusterWithHistory();
      const broken = breakIt(readFileSync(state, 'utf8').length > 10 ? readFileSync(state, 'utf8') : good());
      writeFileSync(state, broken);
      const bytes = readFileSync(state);
      const message = `error: the cluster state ${state} ${problem}\n${hint(state)}`;
      for (const cmd of ['get configmaps', 'cluster info', 'delete configmap settings']) expect(run(cmd)).toEqual({ stdout: '', stderr: message, code: 1 });
      expect(run('apply -f -', { input: CM.replace('settings', 'other') })).toEqual({ stdout: '', stderr: message, code: 1 });
      expect(run('cluster create')).toEqual({ stdout: '', stderr: `error: ${state} already exists and cannot be read; use --force to replace it\n`, code: 1 });
      expect(readFileSync(state)).toEqual(bytes);
      expect(existsSync(`${state}.lock`)).toBe(false);

      // Restore brings back the last good copy (without the ConfigMap); the broken file is kept aside.
      const objects = count(`${state}.bak`);
      expect(run('cluster restore')).toEqual({
        stdout: `Cluster "kubesim" restored from ${state}.bak (${objects} objects).\nThe unreadable state was moved to ${state}.corrupt.\n`,
        stderr: '',
        code: 0,
      });
      expect(readFileSync(`${state}.corrupt`)).toEqual(bytes);
      expect(readStateFile(state)!.objects.configmaps).toBeUndefined();
      expect(run('get ns').code).toBe(0);
    });
  }

  it('one object\'s line edited so it no longer parses: commands that read it refuse, others work, nothing is written', () => {
    const { state, run } = clusterWithHistory();
    const text = readFileSync(state, 'latin1');
    // One byte of the first CoreDNS pod's line (the file's layout and offsets stay valid).
    const line = text.search(/\n"kube-system\/coredns-[a-z0-9]+-[a-z0-9]{5}":/);
    const at = text.indexOf('"~spec"', line);
    expect(line > 0 && at > line && at < text.indexOf('\n', line + 1)).toBe(true);
    writeFileSync(state, Buffer.from(text.slice(0, at) + 'X' + text.slice(at + 1), 'latin1'));
    const bytes = readFileSync(state);
    const message = `error: the cluster state ${state} is corrupted: the pods resource is not valid JSON\n${hint(state)}`;
    const pod = text.slice(line + '\n"kube-system/'.length, text.indexOf('"', line + 2));
    for (const cmd of ['get pods -A -o yaml', `describe pod ${pod} -n kube-system`, `delete pod ${pod} -n kube-system`]) expect(run(cmd)).toEqual({ stdout: '', stderr: message, code: 1 });
    expect(run('get configmaps')).toEqual({ stdout: expect.stringMatching(/^NAME\s+DATA\s+AGE\nsettings\s+1\s+/), stderr: '', code: 0 });
    expect(readFileSync(state)).toEqual(bytes);
  });

  it('a newer schema is refused with a message, and never overwritten', () => {
    const { state, run } = clusterWithHistory();
    const s = JSON.parse(readFileSync(state, 'utf8'));
    s.schemaVersion = 7;
    writeFileSync(state, JSON.stringify(s));
    const bytes = readFileSync(state);
    const message = `error: the cluster state ${state} was written by a newer kubesim (schema 7; this kubesim reads schema 3 and older)\nupgrade kubesim, or run \`kubesim cluster reset\` to start afresh\n`;
    expect(run('get configmaps')).toEqual({ stdout: '', stderr: message, code: 1 });
    expect(run('apply -f -', { input: CM })).toEqual({ stdout: '', stderr: message, code: 1 });
    expect(readFileSync(state)).toEqual(bytes);
  });

  it('reset replaces an unreadable state with a fresh cluster, keeping the broken file and the backup', () => {
    const { state, run } = clusterWithHistory();
    const bak = readFileSync(`${state}.bak`);
    writeFileSync(state, '{"schemaVersion": 1, "clus');
    expect(run('cluster reset')).toEqual({
      stdout: `Cluster "kubesim" reset: 1 control-plane node and 2 workers, provider cloud, seed 42.\nThe unreadable state was moved to ${state}.corrupt.\n`,
      stderr: '',
      code: 0,
    });
    expect(readFileSync(`${state}.corrupt`, 'utf8')).toBe('{"schemaVersion": 1, "clus');
    expect(readFileSync(`${state}.bak`)).toEqual(bak);
    expect(readStateFile(state)!.objects.configmaps).toBeUndefined();
  });
});

function count(path: string): number {
  return Object.values(readStateFile(path)!.objects).reduce((n, b) => n + Object.keys(b).length, 0);
}

describe('an older schema', () => {
  it('is migrated when read, and written in the new layout on the next change (old file kept as .bak)', () => {
    const { state, run } = freshCluster();
    const fixture = join(ROOT, 'test/robustness/fixtures/state-schema0.json');
    copyFileSync(fixture, state);
    const r = run('get svc kubernetes -n default -o name');
    expect(r).toEqual({ stdout: 'service/kubernetes\n', stderr: '', code: 0 });
    expect(readFileSync(state, 'utf8')).toBe(readFileSync(fixture, 'utf8')); // reads do not write
    expect(run('apply -f -', { input: CM })).toEqual({ stdout: 'configmap/settings created\n', stderr: '', code: 0 });
    const s = readStateFile(state)!;
    expect(JSON.parse(readFileSync(state, 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
    expect(s.cluster.loadBalancerPool).toBe('203.0.113.0/24');
    expect(s.objects.configmaps['default/settings'].data).toEqual({ mode: 'fast' });
    expect(s.objects.services['default/kubernetes'].spec.clusterIP).toBe('10.96.0.1');
    expect(readFileSync(`${state}.bak`, 'utf8')).toBe(readFileSync(fixture, 'utf8'));
  });
});

describe('kubesim cluster', () => {
  it('create refuses to replace a cluster without --force, and replaces it with', () => {
    const { state, run } = clusterWithHistory();
    const bytes = readFileSync(state);
    expect(run('cluster create --nodes 3')).toEqual({
      stdout: '',
      stderr: `error: a cluster already exists in ${state} (cluster "kubesim"); use --force to replace it\n`,
      code: 1,
    });
    expect(readFileSync(state)).toEqual(bytes);
    expect(run('cluster create --nodes 3 --provider local --seed 7 --name demo --force')).toEqual({
      stdout:
        `Cluster "demo" created: 1 control-plane node and 3 workers, provider local, seed 7.\nState: ${state}\n` +
        `The previous state is kept in ${state}.bak: \`kubesim cluster restore\` brings it back.\n`,
      stderr: '',
      code: 0,
    });
    expect(readFileSync(`${state}.bak`)).toEqual(bytes);
    const s = readStateFile(state)!;
    expect(s.cluster).toMatchObject({ name: 'demo', provider: 'local', seed: 7 });
    expect(Object.keys(s.objects.nodes)).toEqual(['demo-control-plane', 'demo-worker', 'demo-worker2', 'demo-worker3']);
  });

  it('create on a missing state, with the seed kept so scripts replay exactly', () => {
    const a = freshCluster();
    const b = freshCluster();
    for (const c of [a, b]) {
      expect(c.run('cluster create --seed 1234 --nodes 1')).toEqual({
        stdout: `Cluster "kubesim" created: 1 control-plane node and 1 worker, provider cloud, seed 1234.\nState: ${c.state}\n`,
        stderr: '',
        code: 0,
      });
      c.run('apply -f -', { input: CM });
    }
    const [sa, sb] = [readStateFile(a.state)!, readStateFile(b.state)!];
    expect(sa.cluster.seed).toBe(1234);
    expect(sa.objects).toEqual(sb.objects);
    expect(sa.random).toEqual(sb.random);
  });

  it('create checks its flags as kubectl does', () => {
    const { run, state } = freshCluster();
    const bad = (flag: string, value: string, must: string) =>
      expect(run(['cluster', 'create', flag, value])).toEqual({
        stdout: '',
        stderr: `error: invalid argument "${value}" for "${flag}" flag: ${must}\nSee 'kubesim cluster create --help' for usage.\n`,
        code: 1,
      });
    bad('--nodes', 'three', 'must be an integer between 1 and 252');
    bad('--nodes', '0', 'must be an integer between 1 and 252');
    bad('--nodes', '253', 'must be an integer between 1 and 252');
    bad('--provider', 'aws', 'must be cloud or local');
    bad('--seed', '-1', 'must be an integer between 0 and 4294967295');
    bad('--name', 'My_Cluster', "must be at most 40 lowercase letters, digits or '-', starting and ending with a letter or digit");
    expect(existsSync(state)).toBe(false);
  });

  it('info prints the kubectl cluster-info lines, then the kubesim facts', () => {
    const { state, run } = clusterWithHistory();
    const r = run('cluster info');
    const s = readStateFile(state)!;
    const counts = Object.entries(s.objects)
      .filter(([, b]) => Object.keys(b).length)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const total = counts.reduce((n, [, b]) => n + Object.keys(b).length, 0);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'Kubernetes control plane is running at https://172.18.0.2:6443',
        'CoreDNS is running at https://172.18.0.2:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy',
        '',
        'Cluster:             kubesim',
        'Kubernetes version:  v1.33.1',
        'Provider:            cloud (LoadBalancer addresses from 203.0.113.0/24)',
        'Seed:                42',
        'Nodes:               3 (kubesim-control-plane, kubesim-worker, kubesim-worker2)',
        'Service CIDR:        10.96.0.0/12',
        'Pod CIDR:            10.244.0.0/16',
        'Cluster domain:      cluster.local',
        `State file:          ${state} (backup: ${state}.bak)`,
        `Objects:             ${total}`,
        ...counts.map(([p, b]) => `  ${p}`.padEnd(21) + Object.keys(b).length),
        '',
      ].join('\n'),
    );
  });

  it('info on a local cluster says LoadBalancers wait for kubesim tunnel', () => {
    const { run } = freshCluster();
    run('cluster create --provider local');
    expect(run('cluster info').stdout).toContain('\nProvider:            local (LoadBalancer Services stay <pending> until `kubesim tunnel`)\n');
  });

  it('reset makes the same fresh cluster again (same shape and seed) and keeps a backup; restore undoes it', () => {
    const { state, run } = freshCluster();
    run('cluster create --nodes 4 --seed 9 --name lab');
    const pristine = readStateFile(state)!;
    run('apply -f -', { input: CM });
    const used = readFileSync(state);
    expect(run('cluster reset')).toEqual({
      stdout: `Cluster "lab" reset: 1 control-plane node and 4 workers, provider cloud, seed 9.\nThe previous state is kept in ${state}.bak: \`kubesim cluster restore\` brings it back.\n`,
      stderr: '',
      code: 0,
    });
    expect(readFileSync(`${state}.bak`)).toEqual(used);
    expect(readStateFile(state)!.objects).toEqual(pristine.objects);
    const reset = readFileSync(state);
    const objects = count(`${state}.bak`);
    expect(run('cluster restore')).toEqual({
      stdout: `Cluster "lab" restored from ${state}.bak (${objects} objects).\nThe state it replaced is now ${state}.bak: run \`kubesim cluster restore\` again to undo.\n`,
      stderr: '',
      code: 0,
    });
    expect(readStateFile(state)!.objects.configmaps['default/settings'].data).toEqual({ mode: 'fast' });
    expect(readFileSync(`${state}.bak`)).toEqual(reset);
  });

  it('restore without a backup is an error', () => {
    const { state, run } = freshCluster();
    expect(run('cluster restore')).toEqual({ stdout: '', stderr: `error: no backup to restore: ${state}.bak does not exist\n`, code: 1 });
    run('get ns');
    writeFileSync(`${state}.bak`, 'garbage');
    expect(run('cluster restore')).toEqual({
      stdout: '',
      stderr: `error: cannot restore the cluster state: the backup ${state}.bak is corrupted: it is not valid JSON\n`,
      code: 1,
    });
  });

  it('schema 2 (no facts on the first line) reads the same, and is written whole as schema 3 by the next change, even a curl', () => {
    const { state, run } = freshCluster();
    expect(run('create deployment web --image=nginx --replicas=3').code).toBe(0);
    expect(run('expose deployment web --port=80').code).toBe(0);
    const table = run('get pods -o wide');
    // The file as schema 2 wrote it: the facts blanked out (same length: the offsets still hold).
    const v2 = readFileSync(state, 'utf8')
      .replace(`"schemaVersion":${SCHEMA_VERSION}`, '"schemaVersion":2')
      .replace(/,"tagCounts":\{"pods":\{[^}]*\}\},"ownerKinds":\{[^}]*\}/, (m) => ' '.repeat(m.length));
    expect(v2.slice(0, v2.indexOf('\n'))).not.toMatch(/tagCounts|ownerKinds/);
    writeFileSync(state, v2);
    // Migrated when read, its objects as they were: not decoded whole to be checked (each is, when decoded).
    const read = readStateFile(state)!;
    expect(read.schemaVersion).toBe(SCHEMA_VERSION);
    expect(lineIndexBuilt(read.objects.pods)).toBe(false);
    expect(run('get pods -o wide')).toEqual(table);
    // A curl changes only the header (its random draws): a schema 2 file is written whole, not beside.
    expect(run('curl http://web').code).toBe(0);
    expect(existsSync(`${state}.head`)).toBe(false);
    const firstLine = () => JSON.parse(readFileSync(state, 'utf8').split('\n')[0] + '}}');
    expect(firstLine().schemaVersion).toBe(SCHEMA_VERSION);
    expect(run('get pods -o wide')).toEqual(table);
    // Its pods per node are counted from the lines the first time they are needed (a scale: the scheduler), then
    // kept: as many as the pods listed on each node.
    expect(firstLine().tagCounts).toBeUndefined();
    expect(run('scale deployment web --replicas=4').code).toBe(0);
    const perNode: Record<string, number> = {};
    for (const line of run('get pods -A -o wide --no-headers').stdout.trim().split('\n')) {
      const node = line.split(/\s+/)[7];
      perNode[node] = (perNode[node] ?? 0) + 1;
    }
    expect(firstLine().tagCounts).toEqual({ pods: perNode });
  });

  it('schema 1 (pod lines without row summaries) reads the same, and its pods get summaries on the next write', () => {
    const { state, run } = freshCluster();
    expect(run('create deployment web --image=nginx --replicas=3').code).toBe(0);
    const table = run('get pods -o wide');
    // The file as schema 1 wrote it: each pod line ends with its owner and tag only.
    const v1 = readFileSync(state, 'utf8')
      .replace(`"schemaVersion":${SCHEMA_VERSION}`, '"schemaVersion":1')
      .replace(/,"[^",]*\|[^",]*"\](,?)\n/g, ']$1\n');
    expect(v1).not.toMatch(/\|Running\|/);
    writeFileSync(state, v1);
    expect(run('get pods -o wide')).toEqual(table);
    expect(run('label ns default team=blue').code).toBe(0);
    const text = readFileSync(state, 'utf8');
    expect(JSON.parse(text).schemaVersion).toBe(SCHEMA_VERSION);
    expect(text.match(/\n"default\/web-[^"]+":\[.*"1\/1\|Running\|.*\]/g)).toHaveLength(3);
    expect(run('get pods -o wide')).toEqual(table);
  });
});
