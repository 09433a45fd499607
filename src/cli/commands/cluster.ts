// kubesim cluster create|info|reset|restore: make, inspect, reset or restore the cluster held by the state file.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { globals, out, readCluster } from '../context.js';
import { freshClusterState } from '../fresh-cluster.js';
import { ClientError } from '../../api/errors.js';
import { Cluster } from '../../store/cluster.js';
import type { ClusterState } from '../../store/state.js';
import { backupPathFor, readStateFile, setAsideStateFile, StateFileError, withStateLock, writeStateFile } from '../../store/statefile.js';
import { recordsBeforeLastChange } from '../../store/codec.js';
import { DEFAULT_SEED, type ClusterShape } from '../../sim/default-cluster.js';
import { now } from '../../sim/clock.js';

const MAX_WORKERS = 252; // node IPs 172.18.0.2–254

export function register(program: Command): void {
  const cluster = program
    .command('cluster')
    .description('Create, inspect, reset or restore the simulated cluster')
    .addHelpText(
      'after',
      `
Examples:
  # Facts about the cluster in the state file: nodes, provider, seed, counts of objects
  kubesim cluster info

  # A cluster like kind or minikube on a laptop, in its own state file: LoadBalancers stay <pending>
  kubesim cluster create --provider local --state /tmp/local.json

  # Start again from a fresh cluster of the same shape, and undo that
  kubesim cluster reset
  kubesim cluster restore`,
    );

  cluster
    .command('create')
    .description('Create a cluster of the given shape at the state path')
    .option('--nodes <n>', 'Number of worker nodes (besides the control plane)', '2')
    .option('--provider <provider>', 'cloud (LoadBalancers get addresses) or local (like kind: they stay <pending>)', 'cloud')
    .option('--seed <seed>', 'Seed of the random generator (pod names, uids, load-balancing picks)', String(DEFAULT_SEED))
    .option('--name <name>', 'Cluster name (node names are derived from it)', 'kubesim')
    .option('--force', 'Replace an existing cluster (the old state is kept as <state>.bak)')
    .addHelpText(
      'after',
      `
Examples:
  # A cluster like kind's on a cloud (the default): 1 control plane, 2 workers, LoadBalancers get addresses
  kubesim cluster create

  # A local cluster (like kind or minikube on a laptop) in another state file: LoadBalancers stay <pending>
  kubesim cluster create --provider local --state /tmp/local.json

  # Five workers, another seed (pod names, uids and load-balancing picks change with it)
  kubesim cluster create --nodes 5 --seed 7 --force

  # Replace the existing cluster; \`kubesim cluster restore\` brings the old one back
  kubesim cluster create --force`,
    )
    .action(async (opts, cmd: Command) => {
      const g = globals(cmd);
      const shape = parseShape(opts);
      const lines = await withStateLock(g.statePath, () => {
        const replaced = replaceable(g.statePath, Boolean(opts.force), (existing) =>
          existing
            ? `a cluster already exists in ${g.statePath} (cluster "${existing.cluster.name}"); use --force to replace it`
            : `${g.statePath} already exists and cannot be read; use --force to replace it`,
        );
        const state = freshClusterState(shape, now());
        writeStateFile(g.statePath, state, { backup: replaced.kind === 'readable' });
        return [`Cluster "${state.cluster.name}" created: ${describeShape(state)}.`, `State: ${g.statePath}`, ...replacedNote(g.statePath, replaced)];
      });
      out(lines.join('\n'));
    });

  cluster
    .command('info')
    .description('Display the addresses of the control plane and cluster services, and the cluster facts')
    .addHelpText(
      'after',
      `
Examples:
  # The control plane, CoreDNS, and the cluster's shape, provider, seed and state file
  kubesim cluster info

  # The same for another state file
  kubesim cluster info --state /tmp/local.json`,
    )
    .action(async (_opts, cmd: Command) => {
      const g = globals(cmd);
      const c = await readCluster(g);
      out(clusterInfo(c, g.statePath, g.color));
    });

  cluster
    .command('reset')
    .description('Replace the cluster with a fresh one of the same shape and seed (the old state is kept as <state>.bak)')
    .addHelpText(
      'after',
      `
Examples:
  # Throw away every object you created: same nodes, provider and seed, nothing applied
  kubesim cluster reset

  # Changed your mind: bring the previous state back
  kubesim cluster restore`,
    )
    .action(async (_opts, cmd: Command) => {
      const g = globals(cmd);
      const lines = await withStateLock(g.statePath, () => {
        const replaced = replaceable(g.statePath, true);
        const shape = replaced.kind === 'readable' ? shapeOf(replaced.state) : {};
        const state = freshClusterState(shape, now());
        writeStateFile(g.statePath, state, { backup: replaced.kind === 'readable' });
        return [`Cluster "${state.cluster.name}" reset: ${describeShape(state)}.`, ...replacedNote(g.statePath, replaced)];
      });
      out(lines.join('\n'));
    });

  cluster
    .command('restore')
    .description("Go back to the previous state (<state>.bak, or the state file without its journal's last change); restoring twice undoes the restore")
    .addHelpText(
      'after',
      `
Examples:
  # Undo the last cluster reset or cluster create --force
  kubesim cluster restore

  # Restore again to undo the restore
  kubesim cluster restore`,
    )
    .action(async (_opts, cmd: Command) => {
      const g = globals(cmd);
      const bak = backupPathFor(g.statePath);
      const lines = await withStateLock(g.statePath, () => {
        // A file whose journal has a change to objects holds the state before it too: the records before that one.
        const records = recordsBeforeChange(g.statePath);
        const from = records !== undefined ? `${g.statePath}, without the last change in its journal` : bak;
        let previous: ClusterState | undefined;
        try {
          previous = records !== undefined ? readStateFile(g.statePath, { hint: false, full: true, journalRecords: records }) : readStateFile(bak, { hint: false, full: true });
        } catch (e) {
          if (!(e instanceof StateFileError)) throw e;
          throw new ClientError(`cannot restore the cluster state: ${e.message.replace(/^the cluster state /, 'the backup ')}`);
        }
        if (!previous) throw new ClientError(`no backup to restore: ${bak} does not exist`);
        const replaced = replaceable(g.statePath, true);
        // A readable current state becomes the backup (so a second restore undoes this one); an unreadable one
        // is set aside and the backup kept.
        writeStateFile(g.statePath, previous, { backup: replaced.kind === 'readable', whole: true });
        const count = Object.values(previous.objects).reduce((n, b) => n + Object.keys(b).length, 0);
        const lines = [`Cluster "${previous.cluster.name}" restored from ${from} (${count} objects).`];
        if (replaced.kind === 'readable') lines.push(`The state it replaced is now ${bak}: run \`kubesim cluster restore\` again to undo.`);
        if (replaced.kind === 'unreadable') lines.push(`The unreadable state was moved to ${replaced.aside}.`);
        return lines;
      });
      out(lines.join('\n'));
    });

  for (const sub of cluster.commands) sub.exitOverride().configureOutput({ writeErr: () => {} });
}

type Replaced = { kind: 'none' } | { kind: 'readable'; state: ClusterState } | { kind: 'unreadable'; aside: string };

/**
 * What is at the state path, made ready to be replaced (called under the lock): a readable state is left for
 * writeStateFile to keep as .bak; an unreadable one is moved to <state>.corrupt, never overwritten.
 * Without `force`, an existing file is an error.
 */
function replaceable(path: string, force: boolean, refusal?: (existing?: ClusterState) => string): Replaced {
  let state: ClusterState | undefined;
  try {
    state = readStateFile(path, { hint: false, full: true });
  } catch (e) {
    if (!(e instanceof StateFileError && e.unreadable)) throw e;
    if (!force) throw new ClientError(refusal!());
    return { kind: 'unreadable', aside: setAsideStateFile(path) };
  }
  if (!state) return { kind: 'none' };
  if (!force) throw new ClientError(refusal!(state));
  return { kind: 'readable', state };
}

/** How many journal records of the state file come before its last change to objects (undefined: none, or the
 *  file cannot be read). */
function recordsBeforeChange(path: string): number | undefined {
  try {
    const state = readStateFile(path, { hint: false, full: true });
    return state && recordsBeforeLastChange(state);
  } catch (e) {
    if (e instanceof StateFileError) return undefined;
    throw e;
  }
}

function replacedNote(path: string, r: Replaced): string[] {
  if (r.kind === 'readable') return [`The previous state is kept in ${backupPathFor(path)}: \`kubesim cluster restore\` brings it back.`];
  if (r.kind === 'unreadable') return [`The unreadable state was moved to ${r.aside}.`];
  return [];
}

function usage(flag: string, value: string, must: string): ClientError {
  return new ClientError(`invalid argument "${value}" for "${flag}" flag: ${must}\nSee 'kubesim cluster create --help' for usage.`);
}

function parseShape(opts: { nodes: string; provider: string; seed: string; name: string }): Required<ClusterShape> {
  if (!/^\d+$/.test(opts.nodes) || Number(opts.nodes) < 1 || Number(opts.nodes) > MAX_WORKERS) {
    throw usage('--nodes', opts.nodes, `must be an integer between 1 and ${MAX_WORKERS}`);
  }
  if (opts.provider !== 'cloud' && opts.provider !== 'local') throw usage('--provider', opts.provider, 'must be cloud or local');
  if (!/^\d+$/.test(opts.seed) || Number(opts.seed) > 0xffffffff) throw usage('--seed', opts.seed, 'must be an integer between 0 and 4294967295');
  // Node names are <name>-control-plane, <name>-worker2…: each must stay a DNS-1123 label.
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(opts.name) || opts.name.length > 40) {
    throw usage('--name', opts.name, "must be at most 40 lowercase letters, digits or '-', starting and ending with a letter or digit");
  }
  return { nodes: Number(opts.nodes), provider: opts.provider, seed: Number(opts.seed), name: opts.name };
}

const isControlPlane = (n: { metadata: { labels?: Record<string, string> } }) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;

/** The shape a state was made with, so `reset` makes the same cluster again. */
function shapeOf(s: ClusterState): ClusterShape {
  const nodes = Object.values(s.objects.nodes ?? {});
  const workers = nodes.filter((n) => !isControlPlane(n)).length;
  return { name: s.cluster.name, provider: s.cluster.provider, seed: s.cluster.seed, nodes: Math.min(Math.max(workers, 1), MAX_WORKERS) };
}

function describeShape(s: ClusterState): string {
  const nodes = Object.values(s.objects.nodes ?? {});
  const workers = nodes.filter((n) => !isControlPlane(n)).length;
  const planes = nodes.length - workers;
  return `${planes} control-plane node${planes === 1 ? '' : 's'} and ${workers} worker${workers === 1 ? '' : 's'}, provider ${s.cluster.provider}, seed ${s.cluster.seed}`;
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[0;${code}m${s}\x1b[0m` : s);

/** `kubectl cluster-info`, then the facts kubesim adds. */
export function clusterInfo(c: Cluster, statePath: string, color: boolean): string {
  const nodes = c.list('nodes');
  const plane = nodes.find(isControlPlane) ?? nodes[0];
  const ip = (plane?.status?.addresses as Array<{ type: string; address: string }> | undefined)?.find((a) => a.type === 'InternalIP')?.address ?? '172.18.0.2';
  const server = `https://${ip}:6443`;
  const lines: string[] = [];
  const running = (name: string, link: string) => lines.push(`${paint(color, '32', name)} is running at ${paint(color, '33', link)}`);
  running('Kubernetes control plane', server);
  // As kubectl: kube-system Services labelled kubernetes.io/cluster-service=true, through the API server proxy.
  for (const svc of c.list('services', 'kube-system')) {
    if (svc.metadata.labels?.['kubernetes.io/cluster-service'] !== 'true') continue;
    const ingress = svc.status?.loadBalancer?.ingress?.[0];
    const port = svc.spec?.ports?.[0];
    let link: string;
    if (ingress && port) link = `http://${ingress.ip ?? ingress.hostname}:${port.port}`;
    else {
      let name = svc.metadata.name!;
      if (port) {
        const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
        name = scheme ? `${scheme}:${name}:${port.name ?? ''}` : port.name ? `${name}:${port.name}` : name;
      }
      link = `${server}/api/v1/namespaces/kube-system/services/${name}/proxy`;
    }
    running(svc.metadata.labels?.['kubernetes.io/name'] ?? svc.metadata.name!, link);
  }
  const cfg = c.config;
  const counts = Object.entries(c.state.objects)
    .map(([plural, bucket]) => [plural, Object.keys(bucket).length] as const)
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const total = counts.reduce((n, [, k]) => n + k, 0);
  const bak = backupPathFor(statePath);
  const facts: Array<[string, string]> = [
    ['Cluster', cfg.name],
    ['Kubernetes version', cfg.kubernetesVersion],
    ['Provider', cfg.provider === 'cloud' ? `cloud (LoadBalancer addresses from ${cfg.loadBalancerPool})` : 'local (LoadBalancer Services stay <pending> until `kubesim tunnel`)'],
    ['Seed', String(cfg.seed)],
    ['Nodes', `${nodes.length} (${nodes.length <= 6 ? nodes.map((n) => n.metadata.name).join(', ') : describeShape(c.state)})`],
    ['Service CIDR', cfg.serviceCIDR],
    ['Pod CIDR', cfg.podCIDR],
    ['Cluster domain', cfg.clusterDomain],
    ['State file', statePath + (existsSync(bak) ? ` (backup: ${bak})` : '')],
    ['Objects', String(total)],
  ];
  const width = Math.max(...facts.map(([k]) => k.length), ...counts.map(([p]) => p.length + 2)) + 3;
  lines.push('');
  for (const [k, v] of facts) lines.push(`${(k + ':').padEnd(width)}${v}`);
  for (const [plural, n] of counts) lines.push(`${('  ' + plural).padEnd(width)}${n}`);
  return lines.join('\n');
}
