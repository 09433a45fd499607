// kubectl's table layout (cli-runtime tabwriter: padding 3, minimum width 6; the last column is not padded).
// cli-table3 draws boxed tables for kubesim's own views; kubectl-compatible output must use this one.
//
// Built for big tables (`get pods -A -o wide`: 20,000 rows) as well as small ones. Cells are added one by one
// (`Table.cell`), the column widths kept up to date as they come (no array per row). A small table's
// lines are then joined as strings (the fastest way while the code is still interpreted); a big one's cells are
// copied character by character into one UTF-8 buffer (much faster once the optimizing compiler has compiled
// the loop, which pays only over many rows), and that buffer is what is written to stdout: no string of the
// whole text is ever made. A ByteTable lays out the same way a table whose cells are bytes already (the pods'
// summaries in the state file): ranges of one buffer, no string per cell.

/** Rows of cells, each row's cells padded to its column's width; rows may have fewer cells than others. */
export function formatTable(headers: string[], rows: string[][]): string {
  const t = new Table(rows.length + 1);
  if (headers.length) t.row(headers);
  for (const r of rows) t.row(r);
  return t.text();
}

/**
 * What Table and ByteTable keep of their rows as cells come: where each row ends, the widest cell of each column,
 * the lines that may end in whitespace (trimmed when laid out).
 */
abstract class RowLayout {
  /** Cells so far. */
  protected n = 0;
  /** Per row: the index of the cell after its last one. */
  protected ends: Int32Array;
  protected rows = 0;
  /** Cells in the current row so far; the longest row. */
  protected col = 0;
  protected cols = 0;
  /** Widest visible cell per column (a row's last cell counts too, unless its row is as long as the longest). */
  protected readonly max: number[] = [];
  /** Rows whose line may end in whitespace. */
  protected readonly trims: number[] = [];

  constructor(rows: number) {
    this.ends = new Int32Array(Math.max(16, rows));
  }

  /** One more cell in the current row. */
  abstract cell(s: string): void;
  /** Whether the last cell added is empty or ends in whitespace. */
  protected abstract lastInSpace(): boolean;

  /** Ends the current row. */
  endRow(): void {
    if (this.rows === this.ends.length) this.ends = grown(this.ends);
    if (this.col > 0 && this.lastInSpace()) this.trims.push(this.rows);
    this.ends[this.rows++] = this.n;
    if (this.col > this.cols) this.cols = this.col;
    this.col = 0;
  }

  /** A whole row. */
  row(cells: string[]): void {
    for (let c = 0; c < cells.length; c++) this.cell(cells[c] ?? '');
    this.endRow();
  }

  /** Each column's width but the last's, and the most a line's paddings and newline can add (their sum + 1). */
  protected layoutWidths(): [Int32Array, number] {
    const widths = columnWidths(this.max, this.cols);
    let padded = 1;
    for (let c = 0; c < widths.length; c++) padded += widths[c];
    return [widths, padded];
  }
}

/**
 * A table filled cell by cell (`cell`, then `endRow`), laid out by `text()` or `bytes()` (UTF-8, what stdout
 * gets). Layout as formatTable: a column is
 * as wide as its widest visible cell (colours do not count; a character is a UTF-16 code unit) + 3, at least 6;
 * every cell but a row's last is padded; a line that may end in whitespace (its last cell is empty or ends in
 * whitespace) is trimmed (String.prototype.trimEnd).
 */
export class Table extends RowLayout {
  /** The cells, one after another. */
  private cells: string[] = [];
  /** The cells' total length (UTF-16 units). */
  private chars = 0;
  /** The last cell added. */
  private last = '';

  constructor(rows = 16) {
    super(rows);
  }

  /** One more cell in the current row. */
  cell(s: string): void {
    this.cells.push(s);
    this.n++;
    this.chars += s.length;
    const c = this.col++;
    // A visible length is never more than the length: colours are looked for only in a cell that could widen.
    if (c === this.max.length) this.max.push(visibleLength(s));
    else if (s.length > this.max[c]) {
      const visible = visibleLength(s);
      if (visible > this.max[c]) this.max[c] = visible;
    }
    this.last = s;
  }

  protected lastInSpace(): boolean {
    return endsInSpace(this.last);
  }

  /** The text. */
  text(): string {
    return this.n > BIG ? this.bytes().toString() : this.joined();
  }

  /** The text, as UTF-8. */
  bytes(): Buffer {
    return this.n > BIG ? this.copied() : Buffer.from(this.joined());
  }

  /** The lines, joined as strings. */
  private joined(): string {
    const widths = columnWidths(this.max, this.cols);
    const cells = this.cells;
    const ends = this.ends;
    let t = 0;
    let out = '';
    let cell = 0;
    for (let i = 0; i < this.rows; i++) {
      const end = ends[i];
      let line = '';
      for (let c = 0; cell < end - 1; c++, cell++) line += cells[cell] + spaces(widths[c] - visibleLength(cells[cell]));
      if (cell < end) line += cells[cell++];
      if (i === this.trims[t]) {
        line = line.trimEnd();
        t++;
      }
      out += line + '\n';
    }
    return out;
  }

  /** The lines as UTF-8, character by character. */
  private copied(): Buffer {
    const [widths, padded] = this.layoutWidths();
    // The text's length if every character is ASCII (a padding is never wider than its column): the buffer
    // grows only for a cell that is not.
    let limit = this.chars + this.rows * padded;
    let out = Buffer.allocUnsafe(limit);
    const cells = this.cells;
    const ends = this.ends;
    const trims = this.trims;
    let nextTrim = trims.length ? trims[0] : -1;
    let t = 0;
    let o = 0;
    let cell = 0;
    for (let i = 0; i < this.rows; i++) {
      const end = ends[i];
      const lineStart = o;
      for (let c = 0; cell < end; c++, cell++) {
        const s = cells[cell];
        const n = s.length;
        const start = o;
        let visible = n;
        for (let j = 0; j < n; j++) {
          const ch = s.charCodeAt(j);
          if (ch >= 0x80 || ch === 0x1b) {
            // Not ASCII, or colours: the whole cell through the UTF-8 encoder (as process.stdout.write would
            // encode it), padded by its visible length.
            if (out.length < limit + 2 * n) {
              const bigger = Buffer.allocUnsafe(Math.max(limit + 2 * n, Math.floor(out.length * 1.5)));
              out.copy(bigger, 0, 0, start);
              out = bigger;
            }
            o = start + out.write(s, start);
            limit += o - start - n;
            visible = visibleLength(s);
            break;
          }
          out[o++] = ch;
        }
        if (cell < end - 1) for (let k = widths[c] - visible; k > 0; k--) out[o++] = 32;
      }
      if (i === nextTrim) {
        o = trimLine(out, lineStart, o);
        nextTrim = ++t < trims.length ? trims[t] : -1;
      }
      out[o++] = 10;
    }
    return out.subarray(0, o);
  }
}

/**
 * A table laid out as Table lays it out, its cells kept as bytes rather than as strings: for the big tables made
 * from the state file's bytes (store/summary-rows.ts). A cell is either bytes of `source` (ASCII: a range, not
 * copied) or a string, written as UTF-8 into the table's own buffer. A string kept per cell until the layout
 * would be copied by every collection of the young generation on the way.
 */
export class ByteTable extends RowLayout {
  /** The string cells' bytes, one after another. */
  private text: Buffer;
  private used = 0;
  /** Per cell: where its bytes start and end, in `text`; or in `source`, its start stored as -1 - start. */
  private cellStarts: Int32Array;
  private cellEnds: Int32Array;
  /** The source cells' total length. */
  private sourceBytes = 0;
  /** Cells whose visible length is not their length in bytes (colours, characters beyond ASCII): cell → it. */
  private readonly visible = new Map<number, number>();
  /** Whether the last cell added is empty or ends in whitespace. */
  private lastEndsInSpace = false;

  /** Room for `rows` rows at first (it grows as needed); `source`: the bytes sourceCell refers to. */
  constructor(
    rows = 16,
    private readonly source: Buffer = Buffer.alloc(0),
  ) {
    super(rows);
    this.cellStarts = new Int32Array(Math.max(64, rows * 10));
    this.cellEnds = new Int32Array(Math.max(64, rows * 10));
    this.text = Buffer.allocUnsafe(Math.max(1024, rows * 32));
  }

  /** One more cell in the current row. */
  cell(s: string): void {
    if (this.used + 3 * s.length > this.text.length) this.grow(3 * s.length);
    const start = this.used;
    // As UTF-8 in one call (Buffer's own, without write's checks of its arguments); as many bytes as characters: all ASCII.
    this.used += (this.text as Buffer & { utf8Write(s: string, offset: number): number }).utf8Write(s, start);
    const plain = this.used - start === s.length && s.indexOf('\u001b') < 0;
    this.added(start, this.used, plain ? s.length : visibleLength(s), endsInSpace(s));
  }

  /** One more cell in the current row: bytes [start, end) of the source, which must be ASCII. */
  sourceCell(start: number, end: number): void {
    this.sourceBytes += end - start;
    this.added(-1 - start, end, end - start, end === start || isSpaceByte(this.source[end - 1]));
  }

  protected lastInSpace(): boolean {
    return this.lastEndsInSpace;
  }

  /** The text, as UTF-8. */
  bytes(): Buffer {
    const [widths, padded] = this.layoutWidths();
    const out = Buffer.allocUnsafe(this.used + this.sourceBytes + this.rows * padded);
    const { text, source, cellStarts, cellEnds, ends, trims, visible } = this;
    let nextTrim = trims.length ? trims[0] : -1;
    let t = 0;
    let o = 0;
    let cell = 0;
    for (let i = 0; i < this.rows; i++) {
      const end = ends[i];
      const lineStart = o;
      for (let c = 0; cell < end; c++, cell++) {
        const from = cellStarts[cell];
        const to = cellEnds[cell];
        if (from < 0) for (let j = -1 - from; j < to; j++) out[o++] = source[j];
        else for (let j = from; j < to; j++) out[o++] = text[j];
        if (cell < end - 1) {
          const shown = visible.size && visible.has(cell) ? visible.get(cell)! : from < 0 ? to + 1 + from : to - from;
          for (let k = widths[c] - shown; k > 0; k--) out[o++] = 32;
        }
      }
      if (i === nextTrim) {
        o = trimLine(out, lineStart, o);
        nextTrim = ++t < trims.length ? trims[t] : -1;
      }
      out[o++] = 10;
    }
    return out.subarray(0, o);
  }

  private grow(bytes: number): void {
    const bigger = Buffer.allocUnsafe(Math.max(this.used + bytes, this.text.length * 2));
    this.text.copy(bigger, 0, 0, this.used);
    this.text = bigger;
  }

  /** A cell at [from, to) (see cellStarts), `shown` characters wide. */
  private added(from: number, to: number, shown: number, inSpace: boolean): void {
    if (this.n === this.cellEnds.length) {
      this.cellStarts = grown(this.cellStarts);
      this.cellEnds = grown(this.cellEnds);
    }
    const bytes = from < 0 ? to + 1 + from : to - from;
    if (shown !== bytes) this.visible.set(this.n, shown);
    this.cellStarts[this.n] = from;
    this.cellEnds[this.n++] = to;
    const c = this.col++;
    if (c === this.max.length) this.max.push(shown);
    else if (shown > this.max[c]) this.max[c] = shown;
    this.lastEndsInSpace = inSpace;
  }
}

/** Each column's width but the last's: its widest visible cell + 3, at least 6. */
function columnWidths(max: number[], cols: number): Int32Array {
  const widths = new Int32Array(cols > 0 ? cols - 1 : 0);
  for (let c = 0; c < widths.length; c++) widths[c] = max[c] + 3 > 6 ? max[c] + 3 : 6;
  return widths;
}

/** The line at out[lineStart, o) with its trailing whitespace trimmed (String.prototype.trimEnd); its new end. */
function trimLine(out: Buffer, lineStart: number, o: number): number {
  return lineStart + out.write(out.toString('utf8', lineStart, o).trimEnd(), lineStart);
}

function grown(a: Int32Array): Int32Array {
  const bigger = new Int32Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

/** Whether an ASCII byte is whitespace String.prototype.trimEnd removes. */
const isSpaceByte = (b: number): boolean => b === 32 || (b >= 9 && b <= 13);

/** Cells from which a table is written character by character rather than joined as strings. */
const BIG = 30_000;

const SPACES = ' '.repeat(256);
function spaces(n: number): string {
  return n <= SPACES.length ? SPACES.slice(0, n) : ' '.repeat(n);
}

/** Whether String.prototype.trimEnd could remove something from the end of a line ending in `s`. */
function endsInSpace(s: string): boolean {
  if (s.length === 0) return true;
  const c = s.charCodeAt(s.length - 1);
  if (c > 32 && c < 0xa0) return false;
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0xa0 && SPACE.test(s[s.length - 1]));
}
const SPACE = /\s/;

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
export function visibleLength(s: string): number {
  return s.includes('\u001b') ? s.replace(ANSI, '').length : s.length;
}
