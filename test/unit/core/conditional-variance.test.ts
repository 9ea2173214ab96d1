/**
 * conditional-variance.ts against closed forms. With one target x₁ the regression residual is
 * Gaussian: given x_t = a x₁ + b x₀ + c ε, the target Y = a' x₁ + b' x₀ + c' ε keeps per coordinate
 * the variance v = b'² + c'² − (b b' + c c')²/(b² + c²), so V(t) = d v exactly and ‖Y − u_t(x_t)‖²
 * is v·χ²_d (standard deviation v √(2d)); without ε (c ≡ 0) v = 0. At t = 0 on the conical path V(0) = a'² tr Cov(x₁).
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, sampleDataset } from '../../../src/lib/core/index.ts';
import { conditionalVarianceAt, conditionalVarianceCurve } from '../../../src/lib/core/conditional-variance.ts';

const d = 2;

function residualVariance(path: ReturnType<typeof getPath>, t: number): number {
  const { b, c, db, dc } = path.coefficients(t);
  return db * db + dc * dc - (b * db + c * dc) ** 2 / (b * b + c * c);
}

describe('conditionalVarianceAt', () => {
  for (const [name, path] of [
    ['I-CFM (ε term, c = σ)', getPath('icfm', { sigma: 0.4 })],
    ['Schrödinger bridge (c and c′ vary)', getPath('sb', { sigma: 0.6 })],
  ] as const) {
    it(`${name}: one target, V(t) = d·v and the standard error is v√(2d)/√n`, () => {
      const target = Float64Array.of(1.5, -0.7);
      const n = 20_000;
      for (const t of [0.2, 0.5, 0.8]) {
        const v = residualVariance(path, t);
        const est = conditionalVarianceAt(path, t, target, 1, d, n, new Rng(17));
        expect(Math.abs(est.mean - d * v)).toBeLessThan(4 * est.se);
        expect(est.se * Math.sqrt(n)).toBeGreaterThan(0.95 * v * Math.sqrt(2 * d));
        expect(est.se * Math.sqrt(n)).toBeLessThan(1.05 * v * Math.sqrt(2 * d));
      }
    });
  }

  it('the standard error uses the unbiased sample variance (n − 1): E[n·se²] = Var‖Y − u‖² even for n = 3', () => {
    const path = getPath('icfm', { sigma: 0.4 });
    const t = 0.5;
    const v = residualVariance(path, t);
    const rng = new Rng(21);
    const reps = 4000;
    let acc = 0;
    for (let i = 0; i < reps; i++) acc += 3 * conditionalVarianceAt(path, t, Float64Array.of(1.5, -0.7), 1, d, 3, rng).se ** 2;
    // ‖Y − u‖² = v·χ²₂: variance 2d·v² = 4v². With n in place of n − 1 the mean would be 2/3 of it.
    expect(acc / reps / (4 * v * v)).toBeGreaterThan(0.9);
    expect(acc / reps / (4 * v * v)).toBeLessThan(1.1);
  });

  it('two samples are enough; fewer are refused', () => {
    const path = getPath('icfm', { sigma: 0.4 });
    const est = conditionalVarianceAt(path, 0.5, Float64Array.of(1, 2), 1, d, 2, new Rng(1));
    expect(Number.isFinite(est.mean) && Number.isFinite(est.se)).toBe(true);
    expect(() => conditionalVarianceAt(path, 0.5, Float64Array.of(1, 2), 1, d, 1, new Rng(1))).toThrow(/at least 2/);
  });

  it('one-sided paths (no ε), one target: x_t pins x₀ down and V(t) = 0 to rounding', () => {
    for (const path of [getPath('vp'), getPath('ot', { sigmaMin: 0.1 })]) {
      expect(residualVariance(path, 0.5)).toBeCloseTo(0, 12);
      const est = conditionalVarianceAt(path, 0.5, Float64Array.of(1.5, -0.7), 1, d, 500, new Rng(3));
      expect(est.mean).toBeLessThan(1e-20);
    }
  });

  it('t = 0 on the conical path: V(0) = a′² tr Cov(x₁) (x₀ says nothing about x₁)', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const K = 8;
    const targets = sampleDataset('8gaussians', K, new Rng(2));
    let tr = 0;
    for (let k = 0; k < d; k++) {
      let m = 0,
        m2 = 0;
      for (let j = 0; j < K; j++) {
        m += targets[j * d + k] / K;
        m2 += targets[j * d + k] ** 2 / K;
      }
      tr += m2 - m * m;
    }
    const est = conditionalVarianceAt(path, 0, targets, K, d, 20_000, new Rng(5));
    expect(Math.abs(est.mean - tr)).toBeLessThan(4 * est.se);
    expect(est.mean).toBeGreaterThan(0.9 * tr);
  });

  it('many targets: V decreases towards t = 1 as x_t pins x₁ down (OT, σ_min = 0)', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const K = 8;
    const targets = sampleDataset('8gaussians', K, new Rng(2));
    const early = conditionalVarianceAt(path, 0.1, targets, K, d, 4000, new Rng(8));
    const late = conditionalVarianceAt(path, 0.95, targets, K, d, 4000, new Rng(8));
    // Late: x_t = 0.95 x₁ + 0.05 x₀ tells which target, and then x₀ too: V is nearly 0.
    expect(late.mean).toBeLessThan(0.05 * early.mean);
    expect(early.mean).toBeGreaterThan(1);
  });
});

describe('conditionalVarianceCurve', () => {
  it('is conditionalVarianceAt at each time, drawing from one generator in order', () => {
    const path = getPath('icfm', { sigma: 0.3 });
    const targets = Float64Array.of(0, 1, 2, -1);
    const times = [0.1, 0.6, 0.9];
    const curve = conditionalVarianceCurve(path, times, targets, 2, d, 50, new Rng(4));
    const rng = new Rng(4);
    expect(curve).toEqual(times.map((t) => conditionalVarianceAt(path, t, targets, 2, d, 50, rng)));
  });
});
