// kubectl describe's PrefixWriter: lines at indent levels (2 spaces each), laid out by Go's tabwriter with
// padding 2 when flushed (describe.go tabbedString). flush() ends an alignment section, as w.Flush() does.
import { tabwrite } from '../tabwriter.js';

export class PrefixWriter {
  private buf = '';
  private done = '';

  write(level: number, text: string): void {
    this.buf += '  '.repeat(level) + text;
  }

  flush(): void {
    this.done += tabwrite(this.buf, 0, 2);
    this.buf = '';
  }

  toString(): string {
    this.flush();
    return this.done;
  }
}
