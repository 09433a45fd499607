// A state file's bytes, read on demand: the codec asks for the ranges it needs (a command that reads one
// resource reads the first line and that resource, nothing else). The file stays open until the codec has read
// all it will (it then closes it), or until the state is garbage-collected or the process exits. A writer
// replaces the file by renaming a new one over it, so the open file keeps the bytes as they were when opened.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Which file a source read: a writer checks the path still names it before keeping bytes of it. */
export interface FileIdentity {
  path: string;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface ByteSource {
  /** The file's length when it was opened. */
  readonly size: number;
  /** The file read (a source in memory has none). */
  readonly identity?: FileIdentity;
  /** Bytes [start, end) (fewer if the file ends before). */
  read(start: number, end: number): Buffer;
  /** Bytes [start, start + length) into `buf`, which is reused (no new memory to fault in); how many were read. */
  readInto?(buf: Buffer, start: number, length: number): number;
  /** No more reads will be made: release the file. */
  close(): void;
}

/** fs.readSync's shape: tests pass one that counts what is read. */
export type ReadFn = (fd: number, buffer: Buffer, offset: number, length: number, position: number) => number;

/** Bytes already in memory. */
export function bufferSource(buf: Buffer): ByteSource {
  return { size: buf.length, read: (start, end) => buf.subarray(start, end), readInto: (into, start, length) => buf.copy(into, 0, start, start + length), close() {} };
}

/** Files opened and not yet closed: closed at exit, or when the source that owns one is garbage-collected. */
const open = new Set<number>();
let exitHook = false;
const finalizer = new FinalizationRegistry<number>((fd) => release(fd));

function release(fd: number): void {
  if (!open.delete(fd)) return;
  try {
    closeSync(fd);
  } catch {
    /* already gone */
  }
}

/**
 * The file at `path`, read on demand. Throws as fs.readFileSync does (ENOENT, EISDIR…). Something that is not a
 * regular file (a pipe, a device) is read whole at once.
 */
export function fileSource(path: string, read: ReadFn = readSync): ByteSource {
  const fd = openSync(path, 'r');
  let size: number;
  let identity: FileIdentity;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR' });
    if (!st.isFile()) {
      const all = readToEnd(fd, read);
      closeSync(fd);
      return bufferSource(all);
    }
    size = st.size;
    identity = { path, dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs };
  } catch (e) {
    try {
      closeSync(fd);
    } catch {
      /* closed already */
    }
    throw e;
  }
  open.add(fd);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const f of [...open]) release(f);
    });
  }
  let all: Buffer | undefined;
  const source: ByteSource = {
    size,
    identity,
    read(start, end) {
      end = Math.min(end, size);
      if (all) return all.subarray(start, end);
      const buf = Buffer.allocUnsafe(Math.max(0, end - start));
      const done = source.readInto!(buf, start, buf.length);
      const got = done === buf.length ? buf : buf.subarray(0, done);
      // Read whole (a file without a usable index): kept, for explaining what is wrong with it after closing.
      if (start === 0 && end === size) all = got;
      return got;
    },
    readInto(buf, start, length) {
      length = Math.min(length, size - start, buf.length);
      if (length <= 0) return 0;
      if (all) return all.copy(buf, 0, start, start + length);
      if (!open.has(fd)) throw new Error('kubesim: the state file was read after it was closed');
      let done = 0;
      while (done < length) {
        const n = read(fd, buf, done, length - done, start + done);
        if (n === 0) break;
        done += n;
      }
      return done;
    },
    close() {
      finalizer.unregister(source);
      release(fd);
    },
  };
  finalizer.register(source, fd, source);
  return source;
}

function readToEnd(fd: number, read: ReadFn): Buffer {
  const chunks: Buffer[] = [];
  for (;;) {
    const buf = Buffer.allocUnsafe(1 << 16);
    let n: number;
    try {
      n = read(fd, buf, 0, buf.length, -1); // -1: from the current position
    } catch (e: any) {
      if (e?.code === 'EAGAIN') continue;
      throw e;
    }
    if (n === 0) break;
    chunks.push(buf.subarray(0, n));
  }
  return Buffer.concat(chunks);
}
