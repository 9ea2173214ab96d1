import { describe, expect, it } from 'vitest';
import { Rng, clusterPlan, sampleDataset, twoBlobs } from '../../../src/lib/core/index.ts';
import { clusterCouplingPlan, halfOf } from '../../../src/lib/core/cluster-coupling.ts';

describe('cluster-constrained couplings of any two point sets', () => {
  it('are couplings: every row and column carries 1/n', () => {
    const rng = new Rng(5);
    const n = 10;
    const x0 = sampleDataset('moons', n, rng);
    const x1 = sampleDataset('8gaussians', n, rng);
    for (const name of ['good', 'bad'] as const) {
      const p = clusterCouplingPlan(name, x0, x1, n, 2);
      for (let i = 0; i < n; i++) {
        let r = 0;
        let c = 0;
        for (let j = 0; j < n; j++) {
          r += p[i * n + j];
          c += p[j * n + i];
        }
        expect(r).toBeCloseTo(1 / n, 12);
        expect(c).toBeCloseTo(1 / n, 12);
      }
    }
  });

  it('equal the good and bad plans of the two-blob example (two-blobs.ts)', () => {
    const ex = twoBlobs(11);
    for (const name of ['good', 'bad'] as const) {
      expect(Array.from(clusterCouplingPlan(name, ex.src, ex.tgt, ex.n, 2))).toEqual(Array.from(clusterPlan(ex, name)));
    }
  });

  it('split by rank of the first coordinate, and refuse odd n', () => {
    expect(Array.from(halfOf([3, 0, -1, 0, 2, 0, 0, 0], 4, 2))).toEqual([1, 0, 1, 0]);
    expect(() => clusterCouplingPlan('good', [0, 0, 1], [0, 0, 1], 3, 1)).toThrow(/even/);
  });
});
