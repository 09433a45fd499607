// kubectl's table layout (cli-runtime tabwriter: padding 3, minimum width 6; the last column is not padded).
// cli-table3 draws boxed tables for kubesim's own views; kubectl-compatible output must use this one.

export function formatTable(headers: string[], rows: string[][]): string {
  const all = headers.length ? [headers, ...rows] : rows;
  if (all.length === 0) return '';
  let cols = 0;
  for (const r of all) if (r.length > cols) cols = r.length;
  // Visible lengths once per cell (colours do not count), then column widths from them.
  const lengths = all.map((r) => r.map((cell) => visibleLength(cell ?? '')));
  const widths: number[] = [];
  for (let c = 0; c < cols - 1; c++) {
    let w = 0;
    for (const l of lengths) if ((l[c] ?? 0) > w) w = l[c];
    widths.push(Math.max(w + 3, 6));
  }
  const spaces = ' '.repeat(Math.max(0, ...widths));
  let out = '';
  for (let i = 0; i < all.length; i++) {
    const r = all[i];
    let line = '';
    for (let c = 0; c < r.length; c++) {
      const cell = r[c] ?? '';
      line += c < r.length - 1 ? cell + spaces.slice(0, widths[c] - lengths[i][c]) : cell;
    }
    out += line.trimEnd() + '\n';
  }
  return out;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
export function visibleLength(s: string): number {
  return s.includes('\u001b') ? s.replace(ANSI, '').length : s.length;
}
