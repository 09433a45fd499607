// Split a command line into words as a POSIX shell would for the simple cases users type: '…' (literal),
// "…" (backslash escapes \" \\ \$), backslash outside quotes, and `#` starting a comment at a word's start.
// No variables, globs or pipes: a kubesim line is one command.

export interface SplitLine {
  words: string[];
  /** The line ended inside quotes (the user is still typing, or the line is malformed). */
  unterminated: boolean;
  /** The line ended in whitespace: the word being completed is a new, empty one. */
  trailingSpace: boolean;
}

export function splitLine(line: string): SplitLine {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  let i = 0;
  for (; i < line.length; i++) {
    const ch = line[i];
    if (quote === "'") {
      if (ch === "'") quote = null;
      else cur += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1])) cur += line[++i];
      else cur += ch;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if (ch === '#' && !inWord) {
      break;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(cur);
  const trailingSpace = !inWord && quote === null && i === line.length && /\s$/.test(line);
  return { words, unterminated: quote !== null, trailingSpace };
}

/** Quote a word so that splitLine gives it back unchanged (for echoing commands). */
export function quoteWord(w: string): string {
  if (w !== '' && /^[A-Za-z0-9_@%+=:,./{}\[\]-]+$/.test(w)) return w;
  return `'${w.replace(/'/g, `'\\''`)}'`;
}
