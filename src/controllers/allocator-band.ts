// The allocation strategy both Service allocators share (KEP-3070, allocator/bitmap.go randomScanStrategyWithOffset):
// the first `offset` values form a static band kept for explicit requests; automatic allocation starts at a
// random point of the upper band and scans forward with wrap, and falls back to the static band only when the
// upper band is full.
import type { Random } from '../sim/random.js';

/** Band size: min(max(lo, size/step), hi), or 0 when the range is smaller than lo. */
export function bandOffset(size: number, lo: number, hi: number, step: number): number {
  if (size < lo) return 0;
  return Math.min(Math.max(lo, Math.floor(size / step)), hi);
}

/** Index of a free value in [0, size), or undefined when every value is taken. */
export function allocateNext(size: number, offset: number, isFree: (i: number) => boolean, random: Random): number | undefined {
  const upper = size - offset;
  if (upper > 0) {
    const start = random.int(upper);
    for (let i = 0; i < upper; i++) {
      const at = offset + ((start + i) % upper);
      if (isFree(at)) return at;
    }
  }
  if (offset > 0) {
    const start = random.int(offset);
    for (let i = 0; i < offset; i++) {
      const at = (start + i) % offset;
      if (isFree(at)) return at;
    }
  }
  return undefined;
}
