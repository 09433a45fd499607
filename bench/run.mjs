#!/usr/bin/env node
// kubesim's benchmark (`npm run bench`): builds clusters S, M and L through the CLI, then times whole commands
// as processes, as a user would run them, each as a ratio to `node -e 0` measured in the same run.
// Writes bench/RESULTS.md. Options: --sizes S,M,L  --runs 5
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, tmpdir, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SIZES, clusterManifest, serviceDoc, serviceName, deploymentName } from './generate.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'kubesim');
const args = process.argv.slice(2);
const flag = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const sizes = flag('--sizes', 'S,M,L').split(',');
const runs = Number(flag('--runs', '5'));
const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const NOW = '2026-11-21T10:00:00Z';
// Variables that add work to every Node start-up: NODE_EXTRA_CA_CERTS makes Node parse a certificate bundle
// before running anything (about 50 ms, 2½ times `node -e 0` itself, where this was written). Node and kubesim
// are both timed without them: a ratio to a start-up padded with such work would hide kubesim's own cost.
const STARTUP_VARS = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];
const removedVars = STARTUP_VARS.filter((v) => process.env[v] !== undefined);
const cleanEnv = { ...process.env };
for (const v of STARTUP_VARS) delete cleanEnv[v];

/** Run once (in cleanEnv, plus env); wall time in ms and, where /usr/bin/time exists, peak RSS in KiB. */
function runOnce(argv, env, input, base = cleanEnv) {
  const cmd = timeBin ? timeBin : argv[0];
  const cmdArgs = timeBin ? ['-f', '__RSS__%M', ...argv] : argv.slice(1);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, cmdArgs, { env: { ...base, NO_COLOR: '1', KUBESIM_NOW: NOW, ...env }, encoding: 'utf8', input, maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /__RSS__(\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0) {
    const stderr = (r.stderr ?? '').replace(/__RSS__\d+\n?/, '');
    throw new Error(`${argv.slice(1).join(' ')} exited ${r.status}: ${stderr.slice(0, 500)}`);
  }
  return { ms, rssKiB: m ? Number(m[1]) : undefined, stdout: r.stdout };
}

/** How many pods have each STATUS, from `get pods -A --no-headers` (the report says how many could run). */
function podStatuses(k, env) {
  const counts = new Map();
  for (const line of runOnce(k('get', 'pods', '-A', '--no-headers'), env).stdout.split('\n')) {
    const status = line.split(/\s+/)[3];
    if (status) counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
}

const NODE = [process.execPath, '-e', '0'];

/**
 * A command's runs, each right after a run of `node -e 0` (into `base`): a machine whose speed drifts during the
 * benchmark (other work on it) then slows both alike. The command's ratio is the median of its runs' ratios to
 * the node run just before each.
 */
function measure(argv, env, base, n = runs, input) {
  const times = [];
  const nodeTimes = [];
  let rss = 0;
  for (let i = 0; i < n; i++) {
    nodeTimes.push(runOnce(NODE, {}).ms);
    const r = runOnce(typeof argv === 'function' ? argv(i) : argv, env, input);
    times.push(r.ms);
    if (r.rssKiB) rss = Math.max(rss, r.rssKiB);
  }
  base.push(...nodeTimes);
  const ratio = stats(times.map((t, i) => t / nodeTimes[i])).median;
  return { ...stats(times), ratio, rssKiB: rss || undefined };
}

// How long `node -e 0` takes with the variables removed above, for the record.
const withVars = removedVars.length ? stats(Array.from({ length: runs }, () => runOnce(NODE, {}, undefined, process.env).ms)) : undefined;

const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const results = [];
const work = mkdtempSync(join(tmpdir(), 'kubesim-bench-'));
try {
  for (const size of sizes) {
    const shape = SIZES[size];
    const state = join(work, `${size}.json`);
    const env = { KUBESIM_STATE: state };
    const k = (...a) => [process.execPath, bin, ...a];
    console.error(`[${size}] creating a cluster with ${shape.workers} workers…`);
    runOnce(k('cluster', 'create', '--nodes', String(shape.workers), '--seed', '7', '--force'), env);
    const manifest = join(work, `${size}.yaml`);
    writeFileSync(manifest, clusterManifest(size));
    console.error(`[${size}] applying ${shape.services} Services and ${shape.services * shape.podsPerService} pods…`);
    const apply = runOnce(k('apply', '-f', manifest), env);
    const statuses = podStatuses(k, env);
    const rows = [];
    rows.push({ name: `apply whole manifest (${shape.services * 2 + 1} documents)`, ...stats([apply.ms]), rssKiB: apply.rssKiB, once: true });
    const changed = join(work, `${size}-changed.yaml`);
    const worker = `kubesim-worker`;
    const svc = serviceName(1);
    const commands = [
      ['get svc -A', k('get', 'svc', '-A')],
      ['get pods -A -o wide', k('get', 'pods', '-A', '-o', 'wide')],
      [`describe svc ${svc}`, k('describe', 'svc', svc, '-n', 'bench')],
      ['apply one changed Service', (i) => (writeFileSync(changed, serviceDoc(1, { revision: i + 1 })), k('apply', '-f', changed))],
      [`scale deployment ${deploymentName(2)}`, (i) => k('scale', 'deployment', deploymentName(2), '-n', 'bench', '--replicas', String(shape.podsPerService + (i % 2 ? -1 : 1)))],
      // The scale above mostly adds and removes pods that wait for room (on a full cluster, a ReplicaSet removes
      // its waiting pods first). Here each run removes a running pod: on M and L a waiting pod takes its place.
      [`scale deployment ${deploymentName(3)} down by one`, (i) => k('scale', 'deployment', deploymentName(3), '-n', 'bench', '--replicas', String(Math.max(0, shape.podsPerService - 1 - i)))],
      [`dig ${svc}.bench.svc.cluster.local`, k('dig', `${svc}.bench.svc.cluster.local`)],
      [`curl -v http://${svc}.bench`, k('curl', '-v', `http://${svc}.bench`)],
      ['curl --count 100000', k('curl', '--count', '100000', `http://${svc}.bench`)],
      [`iptables-save --node ${worker}`, k('iptables-save', '--node', worker)],
    ];
    if (size === 'L') commands.push(['curl --count 1000000', k('curl', '--count', '1000000', `http://${svc}.bench`)]);
    const nodeRuns = [];
    for (const [name, argv] of commands) {
      console.error(`[${size}] ${name}`);
      try {
        rows.push({ name, ...measure(argv, env, nodeRuns) });
      } catch (e) {
        rows.push({ name, error: String(e.message).split('\n')[0] });
      }
    }
    const base = stats(nodeRuns);
    // The whole manifest's one apply: against the median of every node run of this size.
    rows[0].ratio = rows[0].median / base.median;
    results.push({ size, shape, base, rows, statuses, stateBytes: statSync(state).size });
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const lines = [];
lines.push('# kubesim benchmark results', '');
lines.push(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}.`);
lines.push(`Each command is a whole process (\`node bin/kubesim …\`), run ${runs} times, each run right after one of \`node -e 0\`; median, and min–max spread. Ratio = the median, over the runs, of the run's time / the time of the \`node -e 0\` run just before it (the whole manifest's apply: its time / the median of every \`node -e 0\` run of that size).`, '');
if (withVars) {
  lines.push(`Node and kubesim run without ${removedVars.map((v) => `\`${v}\``).join(' and ')}, set where this ran: it adds work to every Node start-up (with it, \`node -e 0\` took ${fmt(withVars.median)}), which would hide kubesim's own cost in the ratios.`, '');
}
for (const r of results) {
  lines.push(`## ${r.size}: ${r.shape.services} Services, ${r.shape.services * r.shape.podsPerService} pods, ${r.shape.workers + 1} nodes`, '');
  lines.push(`\`node -e 0\` (every run of this size): ${fmt(r.base.median)} (${fmt(r.base.min)}–${fmt(r.base.max)}). State file: ${(r.stateBytes / 2 ** 20).toFixed(1)} MiB.`, '');
  // A node takes 110 pods (kubelet's default max-pods): on M and L the pods beyond that wait, as they would.
  const waiting = r.statuses.some(([st]) => st === 'Pending') ? ' (a node takes 110 pods, the kubelet\'s default: the others wait for room, as in a real cluster)' : '';
  lines.push(`Pods after the apply, by status: ${r.statuses.map(([st, n]) => `${n} ${st}`).join(', ')}${waiting}.`, '');
  lines.push('| command | median | spread | ratio to node | peak RSS |', '| --- | --- | --- | --- | --- |');
  for (const row of r.rows) {
    if (row.error) lines.push(`| ${row.name} | failed: ${row.error.replace(/\|/g, '\\|')} | | | |`);
    else lines.push(`| ${row.name} | ${fmt(row.median)} | ${row.once ? 'one run' : `${fmt(row.min)}–${fmt(row.max)}`} | ${row.ratio.toFixed(2)}× | ${row.rssKiB ? `${(row.rssKiB / 1024).toFixed(0)} MiB` : 'n/a'} |`);
  }
  lines.push('');
}
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench', 'RESULTS.md'), lines.join('\n'));
console.log(lines.join('\n'));
