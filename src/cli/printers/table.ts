// kubectl's table layout (cli-runtime tabwriter: padding 3, minimum width 6; the last column is not padded).
// cli-table3 draws boxed tables for kubesim's own views; kubectl-compatible output must use this one.

export function formatTable(headers: string[], rows: string[][]): string {
  const all = headers.length ? [headers, ...rows] : rows;
  if (all.length === 0) return '';
  const cols = Math.max(...all.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < cols - 1; c++) {
    let w = 0;
    for (const r of all) w = Math.max(w, visibleLength(r[c] ?? ''));
    widths.push(Math.max(w + 3, 6));
  }
  const lines = all.map((r) => {
    let line = '';
    for (let c = 0; c < r.length; c++) {
      const cell = r[c] ?? '';
      line += c < r.length - 1 ? cell + ' '.repeat(widths[c] - visibleLength(cell)) : cell;
    }
    return line.replace(/\s+$/, '');
  });
  return lines.join('\n') + '\n';
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
export function visibleLength(s: string): number {
  return s.includes('\u001b') ? s.replace(ANSI, '').length : s.length;
}
