// A resource's bytes in the state file, not read yet: searched through one reused buffer, read a line at a time.
//
// A command that looks up a few objects of a big resource (a curl, the ten pods behind a Service among 20,000)
// needs a few lines of it. Reading the whole resource into new memory costs far more than searching the file:
// every page of a new buffer is faulted in on first use (about 3 ms a megabyte on a 2-core VM, measured), while
// reading the file again and again into the same buffer costs only the copy. So the resource is searched chunk by
// chunk, through one buffer kept for the whole process, and only the lines found are read; it is read whole (load)
// when a command needs more (a listing, a change, a write).

/** The bytes of one resource, as positions from its start. */
export interface DeferredText {
  readonly length: number;
  /** Bytes [start, end) in a new buffer (fewer if the resource ends before). */
  read(start: number, end: number): Buffer;
  /** Reads bytes from `start` into `buf` (as many as fit, or as are left); how many were read. */
  readInto(buf: Buffer, start: number): number;
  /** The whole resource, read once (later calls return the same buffer). */
  load(): Buffer;
}

/** The chunk searched: big enough that a search of a 10 MB resource is a dozen reads. */
let CHUNK = 1 << 20;
let chunk: Buffer | undefined;

/** Tests: a smaller chunk, so that searches and lines cross chunks (undefined: the default). */
export function setSearchChunk(bytes: number | undefined): void {
  CHUNK = bytes ?? 1 << 20;
  chunk = undefined;
  holder = undefined;
}
/** What the chunk holds now: whose bytes, from where, how many. */
let holder: DeferredText | undefined;
let chunkStart = 0;
let chunkLength = 0;
/** The bytes the chunk holds (its first chunkLength): one view per read, not one per search or line looked up. */
let held: Buffer = Buffer.alloc(0);

/**
 * The chunk holding bytes of `text` from `start` (it holds them already when a search is going on there); at least
 * `room` bytes long (a needle must fit in it several times over).
 */
function chunkAt(text: DeferredText, start: number, room = 0): void {
  if (holder === text && chunkStart === start && chunk!.length >= room) return;
  if (!chunk || chunk.length < room) chunk = Buffer.allocUnsafe(Math.max(CHUNK, room));
  holder = text;
  chunkStart = start;
  chunkLength = start < text.length ? text.readInto(chunk, start) : 0;
  held = chunk.subarray(0, chunkLength);
}

/**
 * Where `needle` first occurs at or after `from` (-1: nowhere), and when `before` is given, only where the byte
 * just before it is `before`. Chunks overlap by the needle's length, so an occurrence across two is found.
 */
export function searchText(text: DeferredText, needle: Buffer, from: number, before?: number): number {
  const n = needle.length;
  // The chunk in use, if it holds `from` (and the byte before, when it is checked): searched from there first.
  let start = holder === text && from > chunkStart && from - chunkStart < chunkLength ? chunkStart : Math.max(0, from - 1);
  for (;;) {
    chunkAt(text, start, 4 * n);
    const view = held;
    for (let i = view.indexOf(needle, Math.max(0, from - start)); i >= 0; i = view.indexOf(needle, i + 1)) {
      if (before === undefined) return start + i;
      if (i > 0 ? view[i - 1] === before : start + i > 0 && text.read(start + i - 1, start + i)[0] === before) return start + i;
    }
    if (start + chunkLength >= text.length) return -1;
    // The next chunk starts where an occurrence (with its byte before) could still begin.
    const next = start + chunkLength - n;
    start = next > start ? next : start + 1;
  }
}

const NEWLINE = Buffer.from('\n');

/**
 * Calls `visit` with each line from `from` on (its bytes without the newline: a view, valid during the call only,
 * and where it starts) until it returns false or the text ends; a last line without a newline is not visited.
 */
export function eachLine(text: DeferredText, from: number, visit: (line: Buffer, start: number) => boolean): void {
  eachLineIn(text, from, (bytes, start, end, pos) => visit(bytes.subarray(start, end), pos));
}

/**
 * As eachLine, each line given as bytes [start, end) of a buffer (valid during the call only) and where it starts
 * in the text: no view made per line.
 */
export function eachLineIn(text: DeferredText, from: number, visit: (bytes: Buffer, start: number, end: number, pos: number) => boolean): void {
  let pos = from;
  while (pos < text.length) {
    chunkAt(text, pos);
    // Only the bytes read: a search past them would touch pages of the chunk never written.
    const view = held;
    let i = 0;
    for (let nl = view.indexOf(0x0a); nl >= 0; nl = view.indexOf(0x0a, i)) {
      if (!visit(view, i, nl, pos + i)) return;
      i = nl + 1;
    }
    if (i > 0) {
      pos += i;
      continue;
    }
    // A line longer than the chunk: read alone.
    const end = searchText(text, NEWLINE, pos);
    if (end < 0) return;
    const line = text.read(pos, end);
    if (!visit(line, 0, line.length, pos)) return;
    pos = end + 1;
  }
}

/** How many times `byte` occurs in bytes [from, to) of the text: counted a chunk at a time. */
export function countByte(text: DeferredText, byte: number, from: number, to: number): number {
  let n = 0;
  for (let pos = from; pos < to; ) {
    chunkAt(text, pos);
    if (chunkLength === 0) break;
    const view = held.subarray(0, Math.min(chunkLength, to - pos));
    for (let i = view.indexOf(byte); i >= 0; i = view.indexOf(byte, i + 1)) n++;
    pos += view.length;
  }
  return n;
}

/** Where the last newline before `pos` is (-1: none): from the chunk when it holds it, else read backwards. */
export function lineStartBefore(text: DeferredText, pos: number): number {
  if (holder === text && pos > chunkStart && pos - chunkStart <= chunkLength) {
    const i = held.lastIndexOf(0x0a, pos - chunkStart - 1);
    if (i >= 0) return chunkStart + i;
  }
  for (let end = pos; end > 0; ) {
    const start = Math.max(0, end - 4096);
    const i = text.read(start, end).lastIndexOf(0x0a);
    if (i >= 0) return start + i;
    end = start;
  }
  return -1;
}

/**
 * Where bytes [start, end) of the text are in heldBytes() when the chunk holds them, else -1: for a reader of many
 * short ranges (the lines a search finds), to which a view each (textBytes) costs more than the reading.
 */
export function heldOffset(text: DeferredText, start: number, end: number): number {
  return holder === text && start >= chunkStart && end <= chunkStart + chunkLength ? start - chunkStart : -1;
}

/** The bytes the chunk holds (valid until it is read again). */
export const heldBytes = (): Buffer => held;

/** Bytes [start, end): a view of the chunk when it holds them, else read. */
export function textBytes(text: DeferredText, start: number, end: number): Buffer {
  const at = heldOffset(text, start, end);
  if (at >= 0) return held.subarray(at, at + end - start);
  return text.read(start, end);
}

/** Bytes [start, end) of a text not read: a write copies them through the search chunk, never holding them all. */
export interface TextSlice {
  readonly text: DeferredText;
  readonly start: number;
  readonly end: number;
}

/** What a write puts in a file, one after the other: bytes in memory, or a slice of a text not read. */
export type Piece = Buffer | TextSlice;

export const pieceLength = (p: Piece): number => (Buffer.isBuffer(p) ? p.length : p.end - p.start);

/** A piece's bytes in memory (a slice is read into a new buffer: for tests, and callers that need one buffer). */
export function pieceBytes(p: Piece): Buffer {
  return Buffer.isBuffer(p) ? p : p.text.read(p.start, p.end);
}

/** The pieces as one buffer. */
export const piecesBytes = (pieces: Piece[]): Buffer => (pieces.length === 1 ? pieceBytes(pieces[0]) : Buffer.concat(pieces.map(pieceBytes)));

/**
 * Calls `write` with the pieces' bytes in order: a buffer as it is, a slice a chunk at a time through the search
 * chunk (each chunk valid during the call only). Copying a big resource into the new file this way touches no new
 * memory, where reading it whole first would fault in a page for every 4 KB of it.
 */
export function eachPieceChunk(pieces: Piece[], write: (bytes: Buffer) => void): void {
  for (const p of pieces) {
    if (Buffer.isBuffer(p)) {
      write(p);
      continue;
    }
    for (let pos = p.start; pos < p.end; ) {
      if (!chunk) chunk = Buffer.allocUnsafe(CHUNK);
      const n = p.text.readInto(chunk.subarray(0, Math.min(chunk.length, p.end - pos)), pos);
      if (n <= 0) throw new Error('kubesim: the state file ended before a resource being copied');
      holder = p.text;
      chunkStart = pos;
      chunkLength = n;
      held = chunk.subarray(0, n);
      write(held);
      pos += n;
    }
  }
}

/** The resource whose bytes are [offset, offset + length) of what `read`/`readInto` read (a file), loaded by `load`. */
export function deferredText(offset: number, length: number, io: { read(start: number, end: number): Buffer; readInto(buf: Buffer, start: number, length: number): number }, load: () => Buffer): DeferredText {
  let all: Buffer | undefined;
  const text: DeferredText = {
    length,
    read: (start, end) => (all ? all.subarray(start, Math.min(end, length)) : io.read(offset + start, offset + Math.min(end, length))),
    readInto: (buf, start) => {
      const n = Math.min(buf.length, length - start);
      if (n <= 0) return 0;
      if (all) return all.copy(buf, 0, start, start + n);
      return io.readInto(buf, offset + start, n);
    },
    load: () => {
      all ??= load();
      if (holder === text) holder = undefined;
      return all;
    },
  };
  return text;
}

/** A DeferredText over bytes in memory (for tests: the same searches, without a file). */
export function textInMemory(bytes: Buffer): DeferredText {
  return deferredText(0, bytes.length, { read: (s, e) => Buffer.from(bytes.subarray(s, e)), readInto: (buf, s, n) => bytes.copy(buf, 0, s, s + n) }, () => bytes);
}
