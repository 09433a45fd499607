// One kind's `kubectl get` columns: all cells of a row (wide ones included); the printer drops wide-only
// columns unless `-o wide`. Wide-only columns come last (`cols`), so a row may leave them out when `ctx.wide` is
// false.
import type { KubeObject } from '../../../api/types.js';
import type { ByteTable } from '../table.js';

export interface PrintContext {
  now: Date;
  wide: boolean;
}

export interface Column {
  header: string;
  /** Only with `-o wide` (priority 1 in kubectl's column definitions). */
  wide?: boolean;
}

export interface ColumnSet {
  columns: Column[];
  row(obj: KubeObject, ctx: PrintContext): string[];
  /**
   * For a resource whose state file lines keep a row summary (store/row-summary.ts): the cells after the name it
   * gives (the wide ones only with ctx.wide), from its bytes [start, end) of `bytes`, the table's source (ASCII),
   * added to `t`; false (none added) for one that cannot be read (the object is then decoded).
   */
  summaryCells?(t: ByteTable, bytes: Buffer, start: number, end: number, ctx: PrintContext): boolean;
}

export const cols = (normal: string[], wide: string[] = []): Column[] => [
  ...normal.map((header) => ({ header })),
  ...wide.map((header) => ({ header, wide: true })),
];
