// The state file on disk: where it is, reading (with migration and a shape check), and replacing it atomically
// (write a temp file, fsync, keep the old file as `<state>.bak`, rename, fsync the folder). A big file gets what a
// command changed appended as a journal record instead (journal.ts), until the journal grows past a share of it.
// A write that changed only the header (curl's random draws) writes the new first line beside the file instead
// (`<state>.head`). The lock is lock.ts.
import { closeSync, constants, existsSync, fdatasyncSync, fsyncSync, ftruncateSync, linkSync, copyFileSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { KubeError } from '../api/errors.js';
import { SCHEMA_VERSION, type ClusterState } from './state.js';
import { migrate, MigrationError, SAME_OBJECTS_SINCE, schemaOf } from './migrations.js';
import { bucketProblem, objectProblemAt, stateShapeProblem, topLevelProblem } from './state-shape.js';
import { decodeState, encodeStateParts, headerOnlyWrite, journalRecord, type JournalWrite, type NewerHead } from './codec.js';
import type { Journal } from './journal.js';
import { fileSource, type ByteSource, type FileIdentity, type ReadFn } from './source.js';
import { eachPieceChunk, type Piece } from './deferred-text.js';
import { assertLockHeld, isAlive } from './lock.js';

export { withStateLock } from './lock.js';

export function resolveStatePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.KUBESIM_STATE) return resolve(env.KUBESIM_STATE);
  return join(homedir(), '.kubesim', 'state.json');
}

export const backupPathFor = (path: string) => `${path}.bak`;
/**
 * The state's newer first line: the file's own first line, then the one to read instead (each with its newline).
 * Written by a write that changed only the header, so that a curl does not copy a file of thousands of objects;
 * used only while the file's first line is still that one (a full write replaces the file, and removes it).
 */
export const headPathFor = (path: string) => `${path}.head`;
export const asidePathFor = (path: string) => `${path}.corrupt`;

export class StateFileError extends KubeError {
  /** The file exists but cannot be used (corrupted, wrong shape, newer schema): reset/restore may replace it. */
  constructor(
    message: string,
    readonly unreadable = false,
    /** What is wrong, without the file name and hint (for callers that phrase their own message). */
    readonly problem?: string,
  ) {
    super(message);
  }
  override format(): string {
    return `error: ${this.message}`;
  }
}

type Parsed = { state: ClusterState } | { problem: string; newer?: number };

const BROKEN_RESOURCE = (plural: string) => `is corrupted: the ${plural} resource is not valid JSON`;

/** What is wrong with a file whose JSON does not parse (binary, truncated, not JSON). */
function syntaxProblem(e: SyntaxError, text: string): string {
  if (/\u0000|\uFFFD/.test(text)) return 'is corrupted: it holds binary data, not JSON';
  const msg = String(e?.message);
  const at = /position (\d+)/.exec(msg);
  if (/end of JSON input/.test(msg) || (at && Number(at[1]) >= text.trimEnd().length)) {
    return 'is corrupted: it ends in the middle of the JSON (truncated)';
  }
  return /^buckets\./.test(msg) ? `is corrupted: ${msg}` : 'is corrupted: it is not valid JSON';
}

/**
 * Why a state file's text cannot be used, or its (migrated) state. The input is the file's bytes or text, or the
 * file read on demand (codec.ts reads the first line, then each resource when first needed). The codec parses each
 * resource on first use; a resource found broken then throws the StateFileError `broken(problem)` makes. `full`
 * parses them all now.
 */
export function parseState(
  input: string | Buffer | ByteSource,
  broken: (problem: string) => Error = (p) => new StateFileError(p, true, p),
  opts: { full?: boolean; newerHead?: NewerHead; journalRecords?: number } = {},
): Parsed {
  // Bytes are parsed slice by slice (see codec.ts); the whole text is only needed to explain a failure.
  const textOf = () => (typeof input === 'string' ? input : Buffer.isBuffer(input) ? input.toString('utf8') : input.read(0, input.size).toString('utf8'));
  const length = typeof input === 'string' || Buffer.isBuffer(input) ? input.length : input.size;
  if (length < 64 && textOf().trim() === '') return { problem: 'is empty' };
  // Checks the codec asks for while decoding wait until the schema is known (an old file is checked after migration).
  let decoding = true;
  const deferred: string[] = [];
  const check = (plural: string, bucket: Record<string, unknown>) => {
    const p = bucketProblem(plural, bucket);
    if (!p) return;
    if (decoding) deferred.push(p);
    else throw broken(`is not a valid kubesim state: ${p}`);
  };
  // A resource read lazily is checked object by object, as each is decoded.
  const checkObject = (plural: string, key: string, obj: unknown) => {
    const p = objectProblemAt(plural, key, obj);
    if (p) throw broken(`is not a valid kubesim state: ${p}`);
  };
  // Found later (a resource whose text is broken, or a hand-edited file whose offsets no longer match and whose
  // JSON does not parse): the StateFileError naming the file, not a SyntaxError.
  class WholeFileBroken extends Error {
    constructor(readonly problem: string) {
      super(problem);
    }
  }
  const hooks = {
    newerHead: opts.newerHead,
    journalRecords: opts.journalRecords,
    resourceBroken: (plural: string) => broken(BROKEN_RESOURCE(plural)),
    fileBroken: (e: SyntaxError, bytes: Buffer) => {
      const problem = syntaxProblem(e, bytes.toString('utf8'));
      return decoding ? new WholeFileBroken(problem) : broken(problem);
    },
  };
  let raw: any;
  try {
    raw = decodeState(input, check, checkObject, hooks);
  } catch (e: any) {
    if (e instanceof WholeFileBroken) return { problem: e.problem };
    if (!(e instanceof SyntaxError)) throw e;
    return { problem: syntaxProblem(e, textOf()) };
  }
  decoding = false;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { problem: 'is not a kubesim state: the top level must be an object' };
  const version = schemaOf(raw);
  if (version === undefined) return { problem: 'is not a kubesim state: schemaVersion: must be a non-negative integer' };
  if (version > SCHEMA_VERSION) return { problem: '', newer: version };
  if (version < SCHEMA_VERSION) {
    let state: any;
    try {
      state = migrate(raw, version);
    } catch (e) {
      if (e instanceof MigrationError) return { problem: `is not a valid kubesim state of schema ${version}: ${e.message}` };
      throw e;
    }
    if (version < SAME_OBJECTS_SINCE) {
      const shape = stateShapeProblem(state);
      return shape ? { problem: `is not a valid kubesim state: ${shape}` } : { state };
    }
    raw = state;
  }
  const top = topLevelProblem(raw) ?? deferred[0];
  if (top) return { problem: `is not a valid kubesim state: ${top}` };
  if (opts.full) {
    try {
      for (const plural of Object.keys(raw.objects)) void raw.objects[plural];
    } catch (e) {
      if (e instanceof StateFileError) return { problem: e.problem ?? e.message };
      throw e;
    }
  }
  return { state: raw };
}

function recoveryHint(path: string): string {
  return existsSync(backupPathFor(path))
    ? `run \`kubesim cluster restore\` to go back to the last good copy (${backupPathFor(path)}), or \`kubesim cluster reset\` to start afresh`
    : 'run `kubesim cluster reset` to start afresh (there is no backup to restore)';
}

/**
 * The state, or undefined when there is no state file yet. Throws a StateFileError naming the file otherwise
 * (also later, from a resource the codec parses on first use). `full` checks every resource now.
 */
export function readStateFile(path: string, opts: { hint?: boolean; full?: boolean; read?: ReadFn; journalRecords?: number } = {}): ClusterState | undefined {
  let source: ByteSource;
  try {
    source = fileSource(path, opts.read);
  } catch (err: any) {
    if (err.code === 'ENOENT') return undefined;
    throw new StateFileError(`cannot read the cluster state ${path}: ${err.code === 'EISDIR' ? 'it is a directory' : err.message}`);
  }
  const message = (problem: string) => `the cluster state ${path} ${problem}` + (opts.hint === false ? '' : `\n${recoveryHint(path)}`);
  const r = parseState(source, (problem) => new StateFileError(message(problem), true, problem), { full: opts.full, newerHead: readNewerHead(path), journalRecords: opts.journalRecords });
  if ('state' in r) return r.state;
  if (r.newer !== undefined) {
    throw new StateFileError(
      `the cluster state ${path} was written by a newer kubesim (schema ${r.newer}; this kubesim reads schema ${SCHEMA_VERSION} and older)` +
        (opts.hint === false ? '' : '\nupgrade kubesim, or run `kubesim cluster reset` to start afresh'),
      true,
    );
  }
  throw new StateFileError(message(r.problem), true);
}

/** The newer first line kept beside the state file, if any (a damaged one is not used). */
function readNewerHead(path: string): NewerHead | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(headPathFor(path));
  } catch {
    return undefined;
  }
  const nl = bytes.indexOf(10);
  if (nl < 0 || bytes[bytes.length - 1] !== 10 || bytes.indexOf(10, nl + 1) !== bytes.length - 1) return undefined;
  return { base: bytes.subarray(0, nl + 1), line: bytes.subarray(nl + 1) };
}

/** Temp files (`<state>.tmp-PID`, `<state>.lock.tmp-PID`…) left by killed processes. Called under the lock. */
function removeOrphans(path: string): void {
  const base = basename(path);
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const n of names) {
    if (!n.startsWith(base + '.')) continue;
    const m = /\.tmp-(\d+)$/.exec(n);
    if (!m || Number(m[1]) === process.pid || isAlive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dirname(path), n));
    } catch {
      /* another process cleaned it */
    }
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* not supported on every platform; the rename is still atomic */
  }
}

/** Whether `path` still names the file a state was read from, unchanged (the writer holds the lock). */
function isFile(path: string, file: FileIdentity): boolean {
  try {
    const st = statSync(path);
    return file.path === path && st.dev === file.dev && st.ino === file.ino && st.size === file.size && st.mtimeMs === file.mtimeMs;
  } catch {
    return false;
  }
}

/** Write the pieces one after the other (unchanged resources are views of the file read, or slices of it copied
 *  through one reused buffer: no copy of them is made in new memory). */
function writeAll(fd: number, parts: Piece[]): void {
  eachPieceChunk(parts, (b) => {
    for (let done = 0; done < b.length; ) done += writeSync(fd, b, done, b.length - done);
  });
}

/** Files from this size get journal records (smaller ones are written whole: it costs little). */
const JOURNAL_FROM = 1 << 20;
/** The journal is written into the file (compacted) past this share of the file, or this many records. */
const JOURNAL_SHARE = 1 / 16;
const JOURNAL_RECORDS = 256;

/** From which size a state file gets journal records: KUBESIM_JOURNAL_FROM (bytes) when set (tests), else 1 MiB. */
function journalFrom(): number {
  const env = process.env.KUBESIM_JOURNAL_FROM;
  return env !== undefined && /^\d+$/.test(env) ? Number(env) : JOURNAL_FROM;
}

/** How many bytes a file's journal can take for the next record: a big enough file, whose journal stays small
 *  beside it (0: none, the file is written whole). */
function journalRoom(journal: Journal): number {
  const base = journal.start;
  if (base < journalFrom() || journal.records >= JOURNAL_RECORDS) return 0;
  return Math.max(base * JOURNAL_SHARE, 64 << 10) - journal.bytes;
}

/**
 * Replace the state file: a reader or a crash sees the old file or the new one, never half of one. With
 * `backup` (the default) the replaced file becomes `<state>.bak` (a hard link: no copy, and itself atomic). A
 * big file whose resources were changed object by object gets a journal record appended instead (unless
 * `whole`): the backup is then left as it is (the previous state is the file without its last record, see
 * cluster restore). A state whose resources are all as read from the file at `path` gets only its new first line
 * written, beside it.
 */
export function writeStateFile(path: string, state: ClusterState, opts: { backup?: boolean; whole?: boolean } = {}): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  removeOrphans(path);
  const record = opts.whole ? undefined : journalRecord(state, journalRoom);
  if (record && isFile(path, record.file)) return appendRecord(path, record);
  const header = opts.whole ? undefined : headerOnlyWrite(state);
  if (header && isFile(path, header.file)) return writeNewerHead(path, header);
  const tmp = `${path}.tmp-${process.pid}`;
  writeSynced(tmp, encodeStateParts(state));
  moveIntoPlace(path, tmp, path, () => {
    if (opts.backup === false || !existsSync(path)) return;
    const bakTmp = `${backupPathFor(path)}.tmp-${process.pid}`;
    unlinkIfThere(bakTmp);
    try {
      linkSync(path, bakTmp);
    } catch {
      copyFileSync(path, bakTmp, constants.COPYFILE_FICLONE); // file systems without hard links
    }
    renameSync(bakTmp, backupPathFor(path));
  });
  // The newer first line was the replaced file's (left by a crash just before this, it no longer matches).
  unlinkIfThere(headPathFor(path));
  fsyncDir(dir);
}

/**
 * Append a journal record to the state file, in place of its closing bytes (or of a record cut short by a crash),
 * and flush it: a reader sees the file without the record until it is whole. Any newer first line kept beside the
 * file is older than the record, which holds the header now: removed.
 */
function appendRecord(path: string, w: JournalWrite): void {
  const { at, bytes } = w;
  if (!bytes.length) return; // nothing changed
  const fd = openSync(path, 'r+');
  try {
    assertLockHeld(path);
    for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, at + done);
    if (w.file.size > at + bytes.length) ftruncateSync(fd, at + bytes.length);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
  unlinkIfThere(headPathFor(path));
}

/** Keep a header-only write's first line beside the state file: written as the state file is, atomically. */
function writeNewerHead(path: string, head: NewerHead): void {
  const target = headPathFor(path);
  const tmp = `${target}.tmp-${process.pid}`;
  writeSynced(tmp, [head.base, head.line]);
  moveIntoPlace(path, tmp, target);
  fsyncDir(dirname(path));
}

/**
 * Rename the written file `tmp` over `target`, the lock on the state at `path` still held (checked just before),
 * after `before` (keeping a backup); on any failure `tmp` is removed and the error thrown.
 */
function moveIntoPlace(path: string, tmp: string, target: string, before?: () => void): void {
  try {
    before?.();
    assertLockHeld(path);
    renameSync(tmp, target);
  } catch (e) {
    unlinkIfThere(tmp);
    throw e;
  }
}

/** A new file `file` holding the pieces, on disk (fsync) before it is renamed into place. */
function writeSynced(file: string, parts: Piece[]): void {
  const fd = openSync(file, 'w', 0o600);
  try {
    writeAll(fd, parts);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function unlinkIfThere(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    /* not there */
  }
}

/** Move an unreadable state file out of the way (to `<state>.corrupt`) before replacing it; returns where. */
export function setAsideStateFile(path: string): string {
  const aside = asidePathFor(path);
  renameSync(path, aside);
  fsyncDir(dirname(path));
  return aside;
}
