// What every command needs from the outside world: global flags, the state file, the clock, output streams.
// `readCluster` for read-only commands; `updateCluster` for mutations: lock → load → change → reconcile → save.
import type { Command } from 'commander';
import { Cluster } from '../store/cluster.js';
import { readStateFile, resolveStatePath, withStateLock, writeStateFile } from '../store/statefile.js';
import type { ClusterState } from '../store/state.js';
import { now } from '../sim/clock.js';
import { isTerminal, writeErr, writeOut } from './stdio.js';

export interface Globals {
  statePath: string;
  /** -n, else the shell's `use NAMESPACE`, else "default". */
  namespace: string;
  /** Whether -n was given (kubectl checks a file's namespace against an explicit -n only). */
  namespaceExplicit: boolean;
  allNamespaces: boolean;
  color: boolean;
}

export function globals(cmd: Command): Globals {
  const o = cmd.optsWithGlobals();
  const colorWanted = o.color !== false && !process.env.NO_COLOR && process.env.FORCE_COLOR !== '0';
  return {
    statePath: resolveStatePath(o.state),
    namespace: o.namespace ?? process.env.KUBESIM_NAMESPACE ?? 'default',
    namespaceExplicit: o.namespace !== undefined,
    allNamespaces: Boolean(o.allNamespaces),
    color: colorWanted && (process.env.FORCE_COLOR !== undefined || isTerminal(1)),
  };
}

/** The state (migrated, shape-checked), or undefined if there is none; a broken file throws a StateFileError. */
function load(path: string): ClusterState | undefined {
  return readStateFile(path);
}

/** The cluster for a read-only command. A missing state is created (under the lock) as the default cluster. */
export async function readCluster(g: Globals): Promise<Cluster> {
  const state = load(g.statePath);
  if (state) return new Cluster(state, now());
  return updateCluster(g, (c) => c);
}

/**
 * Run a change: under the state's lock, load (or create) the cluster, apply fn, reconcile the controllers to a
 * fixed point, and save atomically if anything changed. If fn throws, nothing is written.
 */
export async function updateCluster<T>(g: Globals, fn: (c: Cluster) => T | Promise<T>): Promise<T> {
  return withStateLock(g.statePath, async () => {
    const clock = now();
    let state = load(g.statePath);
    let created = false;
    if (!state) {
      // Checked again under the lock: of many processes starting on a missing state, only the first creates it.
      state = (await import('./fresh-cluster.js')).freshClusterState({}, clock);
      created = true;
    }
    const cluster = new Cluster(state, clock);
    const before = cluster.changes;
    const stateBefore = cluster.stateChanges;
    const result = await fn(cluster);
    // The controllers are loaded only here: read-only commands never pay for them at start-up.
    if (cluster.changes !== before) (await import('../controllers/index.js')).reconcile(cluster);
    if (created || cluster.changes !== before || cluster.stateChanges !== stateBefore) {
      cluster.syncRandom();
      writeStateFile(g.statePath, cluster.state);
    }
    return result;
  });
}

export function out(text: string): void {
  writeOut(text.endsWith('\n') || text === '' ? text : text + '\n');
}

export function err(text: string): void {
  writeErr(text.endsWith('\n') ? text : text + '\n');
}
