import { describe, expect, it } from 'vitest';
import { ByteTable, formatTable, Table, visibleLength } from '../../src/cli/printers/table.js';

// The layout as it was first written (one string per line, trimEnd), kept as the reference the fast one must match
// byte for byte.
function reference(headers: string[], rows: string[][]): string {
  const all = headers.length ? [headers, ...rows] : rows;
  if (all.length === 0) return '';
  let cols = 0;
  for (const r of all) if (r.length > cols) cols = r.length;
  const lengths = all.map((r) => r.map((cell) => visibleLength(cell ?? '')));
  const widths: number[] = [];
  for (let c = 0; c < cols - 1; c++) {
    let w = 0;
    for (const l of lengths) if ((l[c] ?? 0) > w) w = l[c];
    widths.push(Math.max(w + 3, 6));
  }
  let out = '';
  for (let i = 0; i < all.length; i++) {
    const r = all[i];
    let line = '';
    for (let c = 0; c < r.length; c++) {
      const cell = r[c] ?? '';
      line += c < r.length - 1 ? cell + ' '.repeat(widths[c] - lengths[i][c]) : cell;
    }
    out += line.trimEnd() + '\n';
  }
  return out;
}

const green = (s: string) => `\u001b[32m${s}\u001b[0m`;

describe('kubectl table layout (formatTable)', () => {
  it('pads each column to its longest cell + 3, at least 6; the last column is not padded', () => {
    expect(formatTable(['NAME', 'AGE'], [['a', '5s'], ['longer-name', '10m']])).toBe('NAME          AGE\na             5s\nlonger-name   10m\n');
    expect(formatTable(['A', 'B', 'C'], [['x', 'y', 'z']])).toBe('A     B     C\nx     y     z\n');
  });

  it('prints the headers alone, and nothing at all without headers or rows', () => {
    expect(formatTable(['NAME', 'AGE'], [])).toBe('NAME   AGE\n');
    expect(formatTable([], [])).toBe('');
    expect(formatTable([], [['a', 'b']])).toBe('a     b\n');
  });

  it('does not count colour codes in a width', () => {
    expect(formatTable(['STATUS', 'AGE'], [[green('Running'), '1m'], ['Pending', '2m']])).toBe(
      `STATUS    AGE\n${green('Running')}   1m\nPending   2m\n`,
    );
  });

  it('counts UTF-16 code units: an accented or CJK character is 1 wide, an emoji (a surrogate pair) 2', () => {
    expect(formatTable(['NAME', 'X'], [['wéb', '1'], ['前端', '2'], ['🚀', '3']])).toBe('NAME   X\nwéb    1\n前端     2\n🚀     3\n');
    expect(formatTable(['LABELS', 'X'], [['tier=前端前端前端', '1']])).toBe('LABELS        X\ntier=前端前端前端   1\n');
  });

  it('trims the end of a line whose last cell is empty or ends in whitespace', () => {
    expect(formatTable(['A', 'B'], [['x', ''], ['y ', ' '], ['z', 'w\u00a0']])).toBe('A     B\nx\ny\nz     w\n');
    expect(formatTable(['A', 'B', 'C'], [['x', '', '']])).toBe('A     B     C\nx\n');
  });

  it('lays out a shorter row up to its own last cell, which is not padded but widens its column', () => {
    expect(formatTable(['A', 'B', 'C'], [['x'], ['y', 'a-long-cell'], ['z', 'b', 'c']])).toBe(
      'A     B             C\nx\ny     a-long-cell\nz     b             c\n',
    );
    expect(formatTable([], [[], ['a', 'b']])).toBe('\na     b\n');
  });

  it('pads far past the widest short padding', () => {
    const long = 'x'.repeat(100);
    expect(formatTable(['A', 'B'], [[long, '1'], ['y', '2']])).toBe(`A${' '.repeat(102)}B\n${long}   1\ny${' '.repeat(102)}2\n`);
  });

  // A small table's lines are joined as strings, a big one's (over 30,000 cells) copied character by character.
  it.each([300, 12_000])('matches the reference layout on %i rows of mixed cells', (count) => {
    const pick = (i: number, xs: string[]) => xs[i % xs.length];
    const cells = ['', ' ', 'a', 'pod-0001', 'wéb', '前端', '🚀x', green('ok'), 'tab\tin', 'trailing ', '\u3000', '<none>', 'x'.repeat(70), '\ud800'];
    const rows: string[][] = [];
    for (let i = 0; i < count; i++) {
      const n = 1 + ((i * 7) % 6);
      rows.push(Array.from({ length: n }, (_, c) => pick(i * 31 + c * 17 + (i >> 3), cells)));
    }
    const headers = ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
    // As written (UTF-8): a lone surrogate is written as U+FFFD either way.
    const written = (s: string) => Buffer.from(s).toString();
    expect(written(formatTable(headers, rows))).toBe(written(reference(headers, rows)));
    expect(written(formatTable([], rows))).toBe(written(reference([], rows)));
  });
});

/** Rows of every kind of cell: colours, characters beyond ASCII, empty and blank last cells, long ones. */
const SOME_ROWS = [
  ['default', 'web-1', '1/1', 'Running', '0', '5s'],
  ['kube-system', green('coredns'), '0/1', 'Pending', '0', ''],
  ['x', '前端', '1/1', 'Running', '3 (2m ago)', '10m'],
  ['y', 'z'.repeat(3000), '1/1', 'Running', '0', '🚀'.repeat(500)],
  ['short', 'row '],
  ['tab\t', 'wéb', '\u3000'],
];
/** A header row, then `copies` copies of `rows`. */
const copiesOf = (rows: string[][], copies: number) => [['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'], ...Array.from({ length: copies }, () => rows).flat()];

describe('Table: filled cell by cell', () => {
  const fill = (rows: string[][]) => {
    const t = new Table(1);
    for (const r of rows) {
      for (const c of r) t.cell(c);
      t.endRow();
    }
    return t.text();
  };

  it.each([1, 2_000])('lays the cells out as formatTable does (%i copies of the rows), growing its buffers as needed', (copies) => {
    const rows = copiesOf(SOME_ROWS.slice(0, 4), copies);
    expect(fill(rows)).toBe(reference(rows[0], rows.slice(1)));
    expect(fill([])).toBe('');
    expect(fill([['NAME'], ['a'], ['bb ']])).toBe('NAME\na\nbb\n');
  });

  it('writes a lone surrogate as U+FFFD, as process.stdout.write encodes it', () => {
    expect(Buffer.from(formatTable(['A', 'B'], [['\ud800', 'x']]))).toEqual(Buffer.from('A     B\n\ud800     x\n'));
  });
});

describe('ByteTable: cells as strings or as ranges of a source buffer', () => {
  // Each ASCII cell is put in the source and added as a range of it; the others as strings.
  const fill = (rows: string[][], sourceFirst = true) => {
    const ascii = (c: string) => /^[\x20-\x7e\t]*$/.test(c);
    const source = Buffer.from(rows.flat().filter(ascii).join(''));
    const t = new ByteTable(1, source);
    let at = 0;
    for (const r of rows) {
      for (const c of r) {
        if (sourceFirst && ascii(c)) {
          t.sourceCell(at, at + c.length);
          at += c.length;
        } else {
          if (ascii(c)) at += c.length;
          t.cell(c);
        }
      }
      t.endRow();
    }
    return t.bytes();
  };

  it.each([1, 2_000])('lays the cells out as formatTable does (%i copies of the rows), growing its buffers as needed', (copies) => {
    const rows = copiesOf(SOME_ROWS, copies);
    const want = Buffer.from(reference(rows[0], rows.slice(1)));
    // Compared as text: a failing comparison of megabytes of bytes takes vitest minutes to print.
    expect(fill(rows).toString()).toBe(want.toString());
    expect(fill(rows, false).toString()).toBe(want.toString());
    expect(fill([]).toString()).toBe('');
  });

  it('writes a lone surrogate as U+FFFD, as process.stdout.write encodes it', () => {
    expect(fill([['A', 'B'], ['\ud800', 'x']])).toEqual(Buffer.from('A     B\n\ud800     x\n'));
  });
});
