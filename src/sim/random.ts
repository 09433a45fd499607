// Seeded random generator kept in the cluster state, so a script replays exactly (same seed → same names, IPs, picks).
// sfc32: small, fast, good statistical quality; its 128-bit state is four uint32 words.

export type RandomState = [number, number, number, number];

/** The alphabet Kubernetes uses for generated name suffixes (apimachinery util/rand): no vowels, no 0/1/3. */
export const K8S_NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function seedState(seed: number): RandomState {
  // splitmix32 spreads a small integer seed over the whole state.
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return [next(), next(), next(), next()];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(state: RandomState) {
    [this.a, this.b, this.c, this.d] = state;
  }

  /** A uniformly distributed uint32. */
  uint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A float in [0, 1). */
  float(): number {
    return this.uint32() / 4294967296;
  }

  /**
   * Weighted picks, counted: up to `n` times, picks the first k whose running sum `cumulative[k]` exceeds
   * float() × the total (the same draws, in the same order, as a float() per pick) and adds one to counts[k];
   * stops after picking a k flagged in `stopAt`. Returns how many picks were made and the flagged k it stopped at
   * (-1: none). One tight loop over local variables: run 100,000 times, it is optimized while it runs (the same
   * draw, search and count spread over a caller's loop stay interpreted, and allocate a number per draw).
   */
  countPicks(cumulative: Float64Array, counts: Float64Array, n: number, stopAt: Uint8Array): { picks: number; stopped: number } {
    // uint32()'s steps on int32 values (the same bits; V8 keeps int32s unboxed in registers), made unsigned again
    // where uint32() keeps them so: the draw, and b, c and d when stored.
    let a = this.a;
    let b = this.b | 0;
    let c = this.c | 0;
    let d = this.d | 0;
    const last = cumulative.length - 1;
    // t × (total / 2^32) is (t / 2^32) × total exactly: dividing by a power of two loses nothing.
    const scale = cumulative[last] / 4294967296;
    let picks = 0;
    let stopped = -1;
    while (picks < n) {
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      const r = (t >>> 0) * scale;
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cumulative[mid] > r) hi = mid;
        else lo = mid + 1;
      }
      counts[lo]++;
      picks++;
      if (stopAt[lo] !== 0) {
        stopped = lo;
        break;
      }
    }
    this.a = a;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    return { picks, stopped };
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** n characters from the alphabet (default: Kubernetes' name-suffix alphabet). */
  string(n: number, alphabet = K8S_NAME_ALPHABET): string {
    let out = '';
    for (let i = 0; i < n; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  /** A version-4 UUID, as the API server gives every object. */
  uuid(): string {
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const h = hex(this.uint32()) + hex(this.uint32()) + hex(this.uint32()) + hex(this.uint32());
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  state(): RandomState {
    return [this.a, this.b, this.c, this.d];
  }
}
