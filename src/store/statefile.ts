// The state file on disk: where it is, reading it, and replacing it atomically under an exclusive lock.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, existsSync, copyFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { KubeError } from '../api/errors.js';
import { SCHEMA_VERSION, type ClusterState } from './state.js';

export function resolveStatePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.KUBESIM_STATE) return resolve(env.KUBESIM_STATE);
  return join(homedir(), '.kubesim', 'state.json');
}

export class StateFileError extends KubeError {
  override format(): string {
    return `error: ${this.message}`;
  }
}

/** The state, or undefined when there is no state file yet. */
export function readStateFile(path: string): ClusterState | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err: any) {
    if (err.code === 'ENOENT') return undefined;
    throw new StateFileError(`cannot read the cluster state ${path}: ${err.message}`);
  }
  let state: ClusterState;
  try {
    state = JSON.parse(text);
  } catch (err: any) {
    throw new StateFileError(
      `the cluster state ${path} is corrupted (${err.message}); ` +
        `run \`kubesim cluster restore\` to go back to the last good copy, or \`kubesim cluster reset\` to start afresh`,
    );
  }
  if (!state || typeof state !== 'object' || typeof state.schemaVersion !== 'number' || !state.objects) {
    throw new StateFileError(
      `the cluster state ${path} is not a kubesim state file; ` +
        `run \`kubesim cluster restore\` to go back to the last good copy, or \`kubesim cluster reset\` to start afresh`,
    );
  }
  if (state.schemaVersion > SCHEMA_VERSION) {
    throw new StateFileError(
      `the cluster state ${path} was written by a newer kubesim (schema ${state.schemaVersion}; this one reads up to ${SCHEMA_VERSION}): upgrade kubesim`,
    );
  }
  return state;
}

/** Write, fsync, rename: a reader or a crash sees the old file or the new one, never half of one. */
export function writeStateFile(path: string, state: ClusterState): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // Keep the previous good version: `kubesim cluster restore` brings it back.
  if (existsSync(path)) copyFileSync(path, `${path}.bak`);
  renameSync(tmp, path);
}

/** Run fn holding the state's exclusive lock. A lock left by a killed process goes stale and is taken over. */
export async function withStateLock<T>(path: string, fn: () => Promise<T> | T): Promise<T> {
  mkdirSync(dirname(path), { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(path, {
      realpath: false,
      lockfilePath: `${path}.lock`,
      stale: 10_000,
      update: 2_000,
      retries: { retries: 2000, factor: 1.2, minTimeout: 5, maxTimeout: 50, randomize: true },
    });
  } catch (err: any) {
    throw new StateFileError(`cannot lock the cluster state ${path}: ${err.message}`);
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => {});
  }
}
