/**
 * The four parametrisations (core/parametrisations.ts) against exact posterior means: the Gaussian →
 * Gaussian example (core/gaussian-marginal.ts, where x̂₁, x̂₀ and the score are closed-form linear
 * maps computed without the velocity) and finite target sets (core/closed-form.ts: x̂₁ = Σᵢ wᵢ x₁ⁱ, the
 * score by finite differences of log p_t). Also: round trips between every pair, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, marginalLogDensity, marginalVelocity, posteriorWeights, type PathName } from '../../../src/lib/core/index.ts';
import {
  gaussianMarginalScore,
  gaussianMarginalVelocity,
  gaussianPosteriorMeanX0,
  gaussianPosteriorMeanX1,
  type GaussianLaw,
} from '../../../src/lib/core/gaussian-marginal.ts';
import {
  PARAMETRISATIONS,
  conversionCoefficients,
  convertPrediction,
  type Parametrisation,
} from '../../../src/lib/core/parametrisations.ts';

const law: GaussianLaw = { mean: [0.7, -1.2], cov: [2, 0.6, 0.6, 0.5], d: 2 };
const CASES: [PathName, Record<string, number>, number[]][] = [
  ['ot', { sigmaMin: 0 }, [0, 0.3, 0.7, 0.95]],
  ['ot', { sigmaMin: 0.05 }, [0.1, 0.5, 0.9]],
  ['rectified', {}, [0.1, 0.5, 0.9]],
  ['trig', {}, [0.1, 0.5, 0.9]],
  ['ve', {}, [0, 0.5, 0.9]],
  ['vp', {}, [0.05, 0.5, 0.9]],
];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('parametrisations: conversions against exact posterior means', () => {
  const rng = new Rng(5);
  const n = 7;
  const x = Float64Array.from({ length: 2 * n }, () => 1.5 * rng.normal());

  it('Gaussian data: velocity → x̂₁, x̂₀ and score match the closed-form posterior means on every path with c ≡ 0', () => {
    let checked = 0;
    for (const [name, params, times] of CASES) {
      const path = getPath(name, params);
      const opts = { gaussianSource: true };
      for (const t of times) {
        const u = gaussianMarginalVelocity(path, x, n, t, law);
        const x1 = convertPrediction(path, t, 'velocity', 'x1', x, u, opts);
        const x0 = convertPrediction(path, t, 'velocity', 'noise', x, u, opts);
        expect(maxAbsDiff(x1, gaussianPosteriorMeanX1(path, x, n, t, law)), `${name} x̂₁ t=${t}`).toBeLessThan(1e-9);
        expect(maxAbsDiff(x0, gaussianPosteriorMeanX0(path, x, n, t, law)), `${name} x̂₀ t=${t}`).toBeLessThan(1e-9);
        if (path.coefficients(t).b > 0) {
          const score = convertPrediction(path, t, 'velocity', 'score', x, u, opts);
          expect(maxAbsDiff(score, gaussianMarginalScore(path, x, n, t, law)), `${name} score t=${t}`).toBeLessThan(1e-8);
        }
        checked++;
      }
    }
    expect(checked).toBe(19);
  });

  it('finite data: x̂₁ is the posterior-weighted mean of the targets, the score the gradient of log p_t', () => {
    const k = 5;
    const targets = Float64Array.from({ length: 2 * k }, () => rng.normal() * 2);
    for (const [name, params, times] of CASES) {
      if (name === 'trig' || name === 'rectified') continue; // two-sided: the closed form integrates x₀ for one-sided only here
      const path = getPath(name, params);
      for (const t of times.filter((s) => path.coefficients(s).b > 1e-3)) {
        const u = marginalVelocity(path, x, n, t, targets, k, 2);
        const x1 = convertPrediction(path, t, 'velocity', 'x1', x, u);
        const score = convertPrediction(path, t, 'velocity', 'score', x, u);
        for (let q = 0; q < n; q++) {
          const w = posteriorWeights(path, x.subarray(2 * q, 2 * q + 2), t, targets, k, 2);
          for (let c = 0; c < 2; c++) {
            let m = 0;
            for (let i = 0; i < k; i++) m += w[i] * targets[2 * i + c];
            expect(x1[2 * q + c]).toBeCloseTo(m, 8);
            const h = 1e-5;
            const plus = Float64Array.from(x.subarray(2 * q, 2 * q + 2));
            plus[c] += h;
            const minus = Float64Array.from(x.subarray(2 * q, 2 * q + 2));
            minus[c] -= h;
            const fd =
              (marginalLogDensity(path, plus, 1, t, targets, k, 2)[0] - marginalLogDensity(path, minus, 1, t, targets, k, 2)[0]) / (2 * h);
            expect(Math.abs(score[2 * q + c] - fd)).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)));
          }
        }
      }
    }
  });

  it('converting from any parametrisation to any other agrees with going through the exact velocity', () => {
    const path = getPath('vp');
    const t = 0.4;
    const u = gaussianMarginalVelocity(path, x, n, t, law);
    const all = Object.fromEntries(PARAMETRISATIONS.map((p) => [p, convertPrediction(path, t, 'velocity', p, x, u)])) as Record<
      Parametrisation,
      Float64Array
    >;
    for (const from of PARAMETRISATIONS)
      for (const to of PARAMETRISATIONS) {
        expect(maxAbsDiff(convertPrediction(path, t, from, to, x, all[from]), all[to]), `${from} → ${to}`).toBeLessThan(1e-9);
      }
  });

  it('the book’s examples: OT with σ_min = 0 has x̂₁ = x + (1 − t)u, x̂₀ = x − t u, score = (t u − x)/(1 − t)', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const t = 0.3;
    expect(conversionCoefficients(path, t, 'velocity', 'x1')).toEqual({ alpha: 1, beta: 0.7 });
    const noise = conversionCoefficients(path, t, 'velocity', 'noise');
    expect(noise.alpha).toBeCloseTo(1, 12);
    expect(noise.beta).toBeCloseTo(-0.3, 12);
    const score = conversionCoefficients(path, t, 'velocity', 'score');
    expect(score.alpha).toBeCloseTo(-1 / 0.7, 12);
    expect(score.beta).toBeCloseTo(0.3 / 0.7, 12);
    // VE: x̂₁ = x + σ² ∇log p_t.
    const ve = getPath('ve');
    const c = conversionCoefficients(ve, 0.6, 'score', 'x1');
    expect(c.alpha).toBeCloseTo(1, 12);
    expect(c.beta).toBeCloseTo(ve.coefficients(0.6).b ** 2, 10);
  });

  it('refuses what the velocity does not determine, with the reason', () => {
    expect(() => conversionCoefficients(getPath('icfm', { sigma: 0.1 }), 0.5, 'velocity', 'x1')).toThrow(/noise term/);
    expect(() => conversionCoefficients(getPath('rectified'), 0.5, 'velocity', 'score')).toThrow(/two-sided/);
    expect(() => conversionCoefficients(getPath('ot', { sigmaMin: 0 }), 1, 'velocity', 'score')).toThrow(/no density/);
    expect(() => conversionCoefficients(getPath('ot', { sigmaMin: 0 }), 1, 'x1', 'velocity')).toThrow(/does not determine/);
    expect(() => conversionCoefficients(getPath('vp'), 1, 'velocity', 'x1')).toThrow(/not finite/);
    expect(() => conversionCoefficients(getPath('ot'), Number.NaN, 'velocity', 'x1')).toThrow(/not a number/);
  });
});
