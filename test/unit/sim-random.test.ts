// The seeded generator: draws made in a batch are the draws made one by one, and leave the same state.
import { describe, expect, it } from 'vitest';
import { Random, seedState } from '../../src/sim/random.js';

describe('Random', () => {
  it('is sfc32 seeded by splitmix32: seed 7 gives the same state and draws on every machine (scripts replay)', () => {
    expect(seedState(7)).toEqual([588686121, 1937383562, 4286812467, 2372217166]);
    const r = new Random(seedState(7));
    expect([r.uint32(), r.uint32(), r.uint32()]).toEqual([603319553, 4232634804, 661110049]);
  });

  it('countPicks makes the picks a float() per pick makes (the first running sum above it), and stops at a flagged one', () => {
    const weights = [0.5, 0.25, 1 / 3, 1e-9, 0.2];
    const cumulative = new Float64Array(weights.length);
    weights.reduce((s, w, k) => (cumulative[k] = s + w), 0);
    const total = cumulative[weights.length - 1];
    const pickOne = (r: Random) => {
      const x = r.float() * total;
      return cumulative.findIndex((c) => c > x);
    };
    // The state is compared as stored too (a is kept as the int32 its xor makes, b, c and d unsigned).
    for (const [seed, n] of [[42, 0], [42, 1], [42, 7], [42, 10_001], [7, 333], [1, 4_096]]) {
      const one = new Random(seedState(seed));
      const expected = new Float64Array(weights.length);
      for (let i = 0; i < n; i++) expected[pickOne(one)]++;
      const batch = new Random(seedState(seed));
      const counts = new Float64Array(weights.length);
      expect(batch.countPicks(cumulative, counts, n, new Uint8Array(weights.length))).toEqual({ picks: n, stopped: -1 });
      expect(Array.from(counts)).toEqual(Array.from(expected));
      expect(batch.state()).toEqual(one.state());
    }
    // Flag index 2: the run ends right after its first pick, with the generator where one-by-one picking leaves it.
    const one = new Random(seedState(42));
    let made = 0;
    while (pickOne(one) !== 2) made++;
    const batch = new Random(seedState(42));
    const counts = new Float64Array(weights.length);
    expect(batch.countPicks(cumulative, counts, 1000, Uint8Array.from([0, 0, 1, 0, 0]))).toEqual({ picks: made + 1, stopped: 2 });
    expect(counts[2]).toBe(1);
    expect(batch.state()).toEqual(one.state());
  });
});
