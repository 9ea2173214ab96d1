/**
 * The likelihood readout of train-cfm (core/likelihood-comparison.ts) against a closed form: the
 * linear field u_t(x) = A x with A = [[α, −β], [β, α]] (a rotation-dilation), constant in t. Its
 * flow is ψ₁ = exp(A) = e^α R(β), so from p₀ = 𝒩(0, I) the model is p₁ = 𝒩(0, e^{2α} I) and
 *   log p₁(x) = −log 2π − 2α − ‖x‖² / (2 e^{2α}),   div u = 2α everywhere.
 * Hutchinson's estimate ξᵀAξ = α‖ξ‖² is exact for Rademacher probes (‖ξ‖² = d) and unbiased but
 * noisy for Gaussian ones. Costs: RK4 asks for 4 evaluations per step; the exact divergence adds 2d
 * evaluations of u to each, one Hutchinson probe 2.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { compareLikelihoods, summariseLikelihoods } from '../../../src/lib/core/likelihood-comparison.ts';
import type { VelocityFn } from '../../../src/lib/core/ode.ts';

const alpha = 0.4;
const beta = 0.9;
const linear: VelocityFn = (x, _t, out) => {
  for (let i = 0; i < x.length; i += 2) {
    out[i] = alpha * x[i] - beta * x[i + 1];
    out[i + 1] = beta * x[i] + alpha * x[i + 1];
  }
};
const logNormal = (z: Float64Array, n: number) => {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = -Math.log(2 * Math.PI) - 0.5 * (z[2 * i] ** 2 + z[2 * i + 1] ** 2);
  return out;
};
const closedForm = (x: Float64Array, i: number) =>
  -Math.log(2 * Math.PI) - 2 * alpha - (x[2 * i] ** 2 + x[2 * i + 1] ** 2) / (2 * Math.exp(2 * alpha));

function points(n: number, seed: number): Float64Array {
  const r = new Rng(seed);
  const x = new Float64Array(2 * n);
  for (let i = 0; i < 2 * n; i++) x[i] = Math.exp(alpha) * r.normal(); // drawn from the model itself
  return x;
}

describe('compareLikelihoods on a linear field', () => {
  it('the exact divergence recovers the closed-form log-density; Rademacher probes are exact here', () => {
    const n = 40;
    const x = points(n, 1);
    const r = compareLikelihoods(linear, logNormal, x, n, 2, { steps: 20, probe: 'rademacher', probes: 1, rng: new Rng(2) });
    for (let i = 0; i < n; i++) {
      expect(r.exact[i]).toBeCloseTo(closedForm(x, i), 6);
      expect(r.hutchinson[i]).toBeCloseTo(closedForm(x, i), 6);
    }
  });

  it('Gaussian probes are unbiased: the mean difference is within a few standard errors of 0', () => {
    const n = 400;
    const x = points(n, 3);
    const r = compareLikelihoods(linear, logNormal, x, n, 2, { steps: 10, probe: 'gaussian', probes: 1, rng: new Rng(4) });
    const s = summariseLikelihoods(r.exact, r.hutchinson, 2);
    // Per point, the estimate of ∫ div is α‖ξ‖², ‖ξ‖² ~ χ²₂: the difference has sd α·√(2d) = 0.8.
    expect(s.difference.sd).toBeGreaterThan(0.7);
    expect(s.difference.sd).toBeLessThan(0.9);
    expect(Math.abs(s.difference.mean)).toBeLessThan((3 * s.difference.sd) / Math.sqrt(n));
    // The exact average is the model's negative entropy, −(1 + log 2π + 2α), up to sampling error.
    expect(Math.abs(s.exact.mean + 1 + Math.log(2 * Math.PI) + 2 * alpha)).toBeLessThan(3 * s.exact.se);
    expect(s.bitsPerDim).toBeCloseTo(-s.exact.mean / (2 * Math.LN2), 12);
  });

  it('counts the cost: NFE = 4 · steps, and u is evaluated 1 + 2d or 1 + 2 · probes times per NFE', () => {
    const x = points(5, 5);
    const r = compareLikelihoods(linear, logNormal, x, 5, 2, { steps: 7, probe: 'gaussian', probes: 3, rng: new Rng(6) });
    expect(r.nfe).toBe(28);
    expect(r.exactCost).toBe(28 * 5);
    expect(r.hutchinsonCost).toBe(28 * 7);
  });

  it('too few steps show up as solver error in the log-likelihood', () => {
    const x = points(10, 7);
    const coarse = compareLikelihoods(linear, logNormal, x, 10, 2, { steps: 1, probe: 'rademacher', probes: 1, rng: new Rng(8) });
    const fine = compareLikelihoods(linear, logNormal, x, 10, 2, { steps: 40, probe: 'rademacher', probes: 1, rng: new Rng(8) });
    let coarseErr = 0;
    let fineErr = 0;
    for (let i = 0; i < 10; i++) {
      coarseErr = Math.max(coarseErr, Math.abs(coarse.exact[i] - closedForm(x, i)));
      fineErr = Math.max(fineErr, Math.abs(fine.exact[i] - closedForm(x, i)));
    }
    expect(coarseErr).toBeGreaterThan(1e-3);
    expect(fineErr).toBeLessThan(1e-7);
  });

  it('points whose source density is zero are counted apart, not averaged', () => {
    const s = summariseLikelihoods([-1, -Infinity, -3], [-1.5, -2, -2.5], 2);
    expect(s.count).toBe(2);
    expect(s.infinite).toBe(1);
    expect(s.exact.mean).toBe(-2);
    expect(s.hutchinson.mean).toBe(-2);
    expect(() => summariseLikelihoods([1], [1, 2], 2)).toThrow(RangeError);
  });
});
