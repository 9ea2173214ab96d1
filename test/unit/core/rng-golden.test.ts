/**
 * The generator's exact streams against an independent restatement (test/fixtures/core/
 * make_rng_golden.py: splitmix32 + sfc32 in Python with 32-bit masks), and the contracts the
 * statistical tests in rng.test.ts cannot see: how many draws each method consumes, the rounding
 * fallback of `categorical`, `uniformIn`. Mutation testing (npm run mutate) found these gaps.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng, densityHistogram } from '../../../src/lib/core/index.ts';

interface Golden {
  u32: Record<string, number[]>;
  normals: Record<string, number[]>;
  permutation: Record<string, number[]>;
  fork: Record<string, { child: number[]; parent: number[] }>;
}
const golden = JSON.parse(readFileSync(new URL('../../fixtures/core/rng_golden.json', import.meta.url), 'utf8')) as Golden;

describe('Rng streams equal the Python reference (splitmix32 seeding, 12 warm-up steps, sfc32)', () => {
  for (const [seed, words] of Object.entries(golden.u32)) {
    it(`seed ${seed}: the first ${words.length} 32-bit outputs`, () => {
      const r = new Rng(Number(seed));
      expect(words.map(() => r.nextUint32())).toEqual(words);
    });
  }

  it('uniform is the 32-bit output over 2³²', () => {
    const r = new Rng(42);
    expect(golden.u32['42'].map(() => r.uniform())).toEqual(golden.u32['42'].map((w) => w / 2 ** 32));
  });

  it('normal: Marsaglia polar pairs, the second variate from the cache (to 1e-13: Math.log vs libm)', () => {
    const r = new Rng(42);
    for (const z of golden.normals['42']) expect(r.normal()).toBeCloseTo(z, 13);
  });

  it('permutation: Fisher–Yates with int(i + 1), i = n − 1 … 1', () => {
    expect(Array.from(new Rng(5).permutation(12))).toEqual(golden.permutation['5']);
  });

  it("fork: the child is seeded with the parent's next four outputs, which the parent consumes", () => {
    const parent = new Rng(10);
    const child = parent.fork();
    const g = golden.fork['10'];
    expect(g.child.map(() => child.nextUint32())).toEqual(g.child);
    expect(g.parent.map(() => parent.nextUint32())).toEqual(g.parent);
  });
});

describe('Rng draws exactly what it says', () => {
  it('normals(n) is n calls of normal(): the stream continues where n single draws would', () => {
    for (const n of [1, 2, 5]) {
      const a = new Rng(8),
        b = new Rng(8);
      const batch = Array.from(a.normals(n));
      const single = Array.from({ length: n }, () => b.normal());
      expect(batch).toEqual(single);
      expect(a.normal()).toBe(b.normal());
      expect(a.nextUint32()).toBe(b.nextUint32());
    }
  });

  it('permutation(n) uses n − 1 integer draws, and is a permutation for n = 0, 1, 2', () => {
    const a = new Rng(3),
      b = new Rng(3);
    a.permutation(6);
    for (let i = 5; i > 0; i--) b.int(i + 1);
    expect(a.nextUint32()).toBe(b.nextUint32());
    expect(Array.from(new Rng(1).permutation(0))).toEqual([]);
    expect(Array.from(new Rng(1).permutation(1))).toEqual([0]);
    expect(Array.from(new Rng(1).permutation(2)).sort()).toEqual([0, 1]);
  });

  it('uniformIn(lo, hi) = lo + (hi − lo)·uniform()', () => {
    const a = new Rng(6),
      b = new Rng(6);
    for (const [lo, hi] of [
      [-3, 5],
      [2, 2.5],
      [-1, -0.25],
    ]) {
      const x = a.uniformIn(lo, hi);
      expect(x).toBe(lo + (hi - lo) * b.uniform());
      expect(x).toBeGreaterThanOrEqual(lo);
      expect(x).toBeLessThan(hi);
    }
  });
});

describe('categorical: the rounding fallback', () => {
  /** A generator whose uniform() is 1 − 2⁻⁵³ (just under 1): u·Σp can round up to Σp. */
  class TopRng extends Rng {
    override uniform(): number {
      return 1 - 2 ** -53;
    }
  }
  it('when u never drops below 0, the last index with positive weight is returned, not a zero-weight one', () => {
    // 0.1 + 0.2 + 0.7 rounds to 1, and (1 − 2⁻⁵³)·1 − 0.1 − 0.2 − 0.7 ≥ 0 in doubles.
    // (With one positive weight the main loop always returns it: u < Σp = that weight.)
    expect(new TopRng(0).categorical([0.1, 0.2, 0.7, 0, 0])).toBe(2);
  });

  it('all-zero weights (outside the contract) give the last index', () => {
    expect(new Rng(1).categorical([0, 0, 0])).toBe(2);
  });
});

describe('densityHistogram on a window that does not start at 0', () => {
  it('bin width (hi − lo)/bins and bin index ⌊(x − lo)/w⌋', () => {
    // Window [2, 6), 4 bins of width 1: values 2.5 → bin 0, 3 → bin 1, 5.99 → bin 3, 6 and 1.9 outside.
    const h = densityHistogram([2.5, 3, 5.99, 6, 1.9], 2, 6, 4);
    expect(Array.from(h)).toEqual([1 / 5, 1 / 5, 0, 1 / 5]);
    const neg = densityHistogram([-3.5, -3.2, -1.1], -4, -1, 3);
    expect(Array.from(neg)).toEqual([2 / 3, 0, 1 / 3]);
  });
});
