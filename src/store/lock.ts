// The state file's exclusive lock: `<state>.lock`, a small file naming its owner (pid, host, nonce).
// Why not proper-lockfile: it can only tell a dead owner by the lock's age (≥ 2 s of waiting after every
// SIGKILL), and its stale-lock removal can delete a lock another waiter has just taken. Here a lock whose
// owner is a dead process on this host is taken over at once, a live owner's lock is never stolen, and a lock
// from another host (or with no readable owner) goes stale when its heartbeat stops for STALE_MS.
import { linkSync, mkdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { KubeError } from '../api/errors.js';

const STALE_MS = 10_000;
const HEARTBEAT_MS = 2_000;
/** A same-host owner that is still alive keeps its lock, unless this old (its pid was probably reused). */
const SAME_HOST_STALE_MS = 10 * 60_000;

export class LockError extends KubeError {
  override format(): string {
    return `error: ${this.message}`;
  }
}

interface Owner {
  pid: number;
  host: string;
  nonce: string;
}

/** Locks this process holds: lock path → the exact content it wrote. */
const held = new Map<string, string>();

export function lockPathFor(statePath: string): string {
  return `${statePath}.lock`;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e: any) {
    return e.code === 'EPERM';
  }
}

function parseOwner(text: string): Owner | undefined {
  try {
    const o = JSON.parse(text);
    if (o && Number.isInteger(o.pid) && typeof o.host === 'string') return o;
  } catch {
    /* unreadable: judged by age alone */
  }
  return undefined;
}

function isStale(content: string, mtimeMs: number): boolean {
  const owner = parseOwner(content);
  const age = Date.now() - mtimeMs;
  if (owner && owner.host === hostname()) return !isAlive(owner.pid) || age > SAME_HOST_STALE_MS;
  return age > STALE_MS;
}

/** Unique to this process and moment (it names files and identifies a lock holder; it need not be secret). */
function uniqueSuffix(): string {
  return `${process.hrtime.bigint().toString(36)}${Math.floor(Math.random() * 2 ** 32).toString(36)}`;
}

/** Move a stale lock out of the way, unless it changed since we judged it (then put back what we moved). */
function takeOver(lockPath: string, judged: string): void {
  // Judged a moment ago: if the lock is not that one any more (its owner released it and another took it), leave
  // it alone. This narrows the window in which a live lock is moved aside to the read and the rename below.
  try {
    if (readFileSync(lockPath, 'utf8') !== judged) return;
  } catch {
    return; // gone: the caller tries again
  }
  const aside = `${lockPath}.stale-${process.pid}-${uniqueSuffix()}`;
  try {
    renameSync(lockPath, aside);
  } catch (e: any) {
    if (e.code === 'ENOENT') return; // another waiter took it over first
    throw e;
  }
  let moved = '';
  try {
    moved = readFileSync(aside, 'utf8');
  } catch {
    /* treat as changed */
  }
  if (moved !== judged) {
    // A live owner's lock replaced the stale one between our look and the rename: give it back.
    try {
      linkSync(aside, lockPath);
    } catch {
      /* someone else locked meanwhile; that owner's pre-write check will notice */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* already gone */
  }
}

/** Create the lock file with its whole content at once (link of a complete temp file), or fail with EEXIST. */
function tryCreate(lockPath: string, tmp: string, content: string): boolean {
  try {
    linkSync(tmp, lockPath);
    return true;
  } catch (e: any) {
    if (e.code === 'EEXIST') return false;
    if (e.code !== 'EPERM' && e.code !== 'ENOTSUP' && e.code !== 'EOPNOTSUPP') throw e;
  }
  // File systems without hard links.
  try {
    writeFileSync(lockPath, content, { flag: 'wx', mode: 0o600 });
    return true;
  } catch (e: any) {
    if (e.code === 'EEXIST') return false;
    throw e;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function acquireLock(statePath: string, timeoutMs = 120_000): Promise<() => void> {
  const lockPath = lockPathFor(statePath);
  const nonce = uniqueSuffix();
  const content = JSON.stringify({ pid: process.pid, host: hostname(), nonce });
  const tmp = `${lockPath}.${nonce}.tmp-${process.pid}`;
  const deadline = Date.now() + timeoutMs;
  let delay = 2;
  mkdirSync(dirname(lockPath), { recursive: true });
  writeFileSync(tmp, content, { mode: 0o600 });
  try {
    for (;;) {
      if (tryCreate(lockPath, tmp, content)) break;
      let seen: string;
      let mtimeMs: number;
      try {
        seen = readFileSync(lockPath, 'utf8');
        mtimeMs = statSync(lockPath).mtimeMs;
      } catch (e: any) {
        if (e.code === 'ENOENT') continue; // released between our attempt and our look
        throw e;
      }
      if (isStale(seen, mtimeMs)) {
        takeOver(lockPath, seen);
        continue;
      }
      if (Date.now() > deadline) {
        const owner = parseOwner(seen);
        throw new LockError(
          `timed out after ${Math.round(timeoutMs / 1000)}s waiting for the lock on the cluster state ${statePath}` +
            (owner ? ` (held by process ${owner.pid} on ${owner.host})` : '') +
            `; if no kubesim is running, remove ${lockPath}`,
        );
      }
      await sleep(delay + Math.random() * delay);
      delay = Math.min(delay * 1.5, 50);
    }
  } finally {
    try {
      unlinkSync(tmp);
    } catch {
      /* gone */
    }
  }
  held.set(lockPath, content);
  // Heartbeat: lets waiters on other hosts tell a live owner from a dead one.
  const beat = setInterval(() => {
    try {
      const t = new Date();
      utimesSync(lockPath, t, t);
    } catch {
      /* checked before writing */
    }
  }, HEARTBEAT_MS);
  beat.unref();
  return () => {
    clearInterval(beat);
    held.delete(lockPath);
    try {
      if (readFileSync(lockPath, 'utf8') === content) unlinkSync(lockPath);
    } catch {
      /* already gone */
    }
  };
}

/** Before replacing the state: fail rather than write if our lock was taken over (we would lose an update). */
export function assertLockHeld(statePath: string): void {
  const lockPath = lockPathFor(statePath);
  const content = held.get(lockPath);
  if (content === undefined) return; // not written under a lock by this process (tests, tools)
  let now = '';
  try {
    now = readFileSync(lockPath, 'utf8');
  } catch {
    /* missing: lost */
  }
  if (now !== content) {
    throw new LockError(`lost the lock on the cluster state ${statePath} to another kubesim process; nothing was written, run the command again`);
  }
}

/** Run fn holding the state's exclusive lock. */
export async function withStateLock<T>(statePath: string, fn: () => Promise<T> | T): Promise<T> {
  const release = await acquireLock(statePath);
  try {
    return await fn();
  } finally {
    release();
  }
}
