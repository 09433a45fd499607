// Go's text/tabwriter (flags 0, padding with spaces), which kubectl uses for tables and `describe`.
// Cells are tab-terminated; the text after a line's last tab is not aligned. A column is aligned only over a
// block of consecutive lines that all have a cell in it, so a line without tabs starts a new alignment.
import { visibleLength } from './table.js';

export function tabwrite(text: string, minwidth: number, padding: number): string {
  const hasFinalNewline = text.endsWith('\n');
  const lines = (hasFinalNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const widths: number[] = [];
  const outLines: string[] = new Array(lines.length);

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j];
        if (j < widths.length && j < cells.length - 1) s += c + ' '.repeat(Math.max(0, widths[j] - visibleLength(c)));
        else s += c;
      }
      outLines[i] = s;
    }
  };

  const format = (line0: number, line1: number): void => {
    const column = widths.length;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= lines[cur].length - 1) continue;
      writeLines(line0, cur);
      line0 = cur;
      let width = minwidth;
      for (; cur < line1; cur++) {
        const cells = lines[cur];
        if (column >= cells.length - 1) break;
        width = Math.max(width, visibleLength(cells[column]) + padding);
      }
      widths.push(width);
      format(line0, cur);
      widths.pop();
      line0 = cur;
      cur--; // the loop's increment re-examines the line that ended the block
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return outLines.join('\n') + (hasFinalNewline ? '\n' : '');
}
