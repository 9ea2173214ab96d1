/**
 * Couplings of 1D mixtures through quantiles: Φ against reference values (scipy.stats.norm.cdf),
 * the quantile function inverts the CDF, and the comonotone coupling's cost is the closed-form W₂²
 * between two Gaussians, (m₁ − m₀)² + (s₁ − s₀)², below the independent coupling's exact cost,
 * itself below the counter-monotone coupling's.
 */
import { describe, expect, it } from 'vitest';
import { MIXTURES_1D } from '../../../src/lib/core/mixture-path-1d.ts';
import { comonotonePairs, mixtureCdf, mixtureQuantile, normalCdf, quantileNodes } from '../../../src/lib/core/quantile-coupling-1d.ts';
import { pairsCost } from '../../../src/lib/core/reflow-pairs.ts';

describe('quantile couplings of 1D mixtures', () => {
  it('Φ matches scipy.stats.norm.cdf to 1.5e-7', () => {
    const ref: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447460685429],
      [-1.96, 0.024997895148220435],
      [3, 0.9986501019683699],
      [-5, 2.866515718791939e-7],
      [0.3, 0.6179114221889527],
    ];
    for (const [z, p] of ref) expect(Math.abs(normalCdf(z) - p)).toBeLessThan(1.5e-7);
  });

  it('the quantile function inverts the CDF, including a mixture with point masses', () => {
    const mix = MIXTURES_1D.lopsided.mix;
    for (const u of [0.01, 0.2, 0.5, 0.79, 0.81, 0.99]) expect(mixtureCdf(mix, mixtureQuantile(mix, u))).toBeCloseTo(u, 8);
    const atoms = quantileNodes(MIXTURES_1D.points.mix, 10);
    expect(Array.from(atoms, (x) => Math.round(x * 1e6) / 1e6)).toEqual([-2, -2, -2, -2, -2, 2, 2, 2, 2, 2]);
  });

  it('comonotone cost = Gaussian W₂² < independent cost < counter-monotone cost', () => {
    const p0 = MIXTURES_1D.normal.mix;
    const p1 = MIXTURES_1D.narrow.mix; // 𝒩(0, 1) → 𝒩(2, 0.2²): W₂² = 2² + 0.8² = 4.64
    const w2sq = (p1.means[0] - p0.means[0]) ** 2 + (p1.stds[0] - p0.stds[0]) ** 2;
    const co = pairsCost(comonotonePairs(p0, p1, 400));
    expect(Math.abs(co - w2sq)).toBeLessThan(0.01);
    // Independent: E x₀² + E x₁² − 2 E x₀ E x₁ = 1 + (4 + 0.04) − 0 = 5.04; counter-monotone: (2)² + (1 + 0.2)² = 5.44.
    const independent = 1 + p1.means[0] ** 2 + p1.stds[0] ** 2;
    const counter = pairsCost(comonotonePairs(p0, p1, 400, true));
    expect(co).toBeLessThan(independent);
    expect(independent).toBeLessThan(counter);
    expect(Math.abs(counter - ((p1.means[0] - p0.means[0]) ** 2 + (p1.stds[0] + p0.stds[0]) ** 2))).toBeLessThan(0.01);
  });
});
