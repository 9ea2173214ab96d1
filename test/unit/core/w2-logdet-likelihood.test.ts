/**
 * The core modules added for chapters 1–4 against closed forms: the Gaussian W₂ (eigen-
 * decomposition, square root, closed form), the residual-flow log-determinant (LU, power series,
 * Russian roulette) and the flow log-likelihood (augmented ODE, exact and Hutchinson divergence).
 */
import { describe, expect, it } from 'vitest';
import { Rng, standardNormal } from '../../../src/lib/core/index.ts';
import { gaussianW2Squared, meanAndCovariance, sqrtPsd, symmetricEigen } from '../../../src/lib/core/gaussian-w2.ts';
import { logAbsDet, logDetIdentityPlus, logDetTruncated, powerTraces } from '../../../src/lib/core/log-det-series.ts';
import { flowLogLikelihood } from '../../../src/lib/core/flow-likelihood.ts';

function randomSpd(d: number, rng: Rng): number[] {
  const a = Array.from({ length: d * d }, () => rng.normal());
  const s = new Array(d * d).fill(0);
  for (let i = 0; i < d; i++)
    for (let j = 0; j < d; j++) {
      for (let k = 0; k < d; k++) s[i * d + j] += a[i * d + k] * a[j * d + k];
      if (i === j) s[i * d + j] += 0.1;
    }
  return s;
}

describe('gaussian-w2', () => {
  it('the Jacobi eigendecomposition reconstructs random symmetric matrices and its vectors are orthonormal', () => {
    const rng = new Rng(5);
    for (const d of [1, 2, 3, 5, 8]) {
      const A = randomSpd(d, rng);
      const { values, vectors: V } = symmetricEigen(A, d);
      for (let i = 0; i < d; i++)
        for (let j = 0; j < d; j++) {
          let rec = 0;
          let dot = 0;
          for (let k = 0; k < d; k++) {
            rec += V[i * d + k] * values[k] * V[j * d + k];
            dot += V[k * d + i] * V[k * d + j];
          }
          expect(rec).toBeCloseTo(A[i * d + j], 9);
          expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
        }
    }
  });

  it('sqrtPsd squares back to the matrix', () => {
    const rng = new Rng(6);
    const d = 4;
    const A = randomSpd(d, rng);
    const R = sqrtPsd(A, d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += R[i * d + k] * R[k * d + j];
        expect(s).toBeCloseTo(A[i * d + j], 9);
      }
  });

  it('W₂² reduces to ‖Δm‖² + ‖Σ₁^{1/2} − Σ₂^{1/2}‖_F² for commuting (diagonal) covariances', () => {
    const w = gaussianW2Squared([1, 2, 3], [4, 0, 0, 0, 9, 0, 0, 0, 0.25], [0, 0, 3], [1, 0, 0, 0, 1, 0, 0, 0, 1], 3);
    expect(w).toBeCloseTo(1 + 4 + (2 - 1) ** 2 + (3 - 1) ** 2 + (0.5 - 1) ** 2, 10);
  });

  it('meanAndCovariance: the unbiased sample covariance', () => {
    const { mean, cov } = meanAndCovariance([0, 0, 2, 0, 0, 2, 2, 2], 4, 2);
    expect(Array.from(mean)).toEqual([1, 1]);
    expect(Array.from(cov).map((v) => +v.toFixed(12))).toEqual([4 / 3, 0, 0, 4 / 3].map((v) => +v.toFixed(12)));
  });
});

describe('log-det-series', () => {
  it('logAbsDet matches the product of the diagonal for a triangular matrix, and handles pivoting', () => {
    expect(logAbsDet([2, 5, 0, 0, 3, 7, 0, 0, -0.5], 3)).toBeCloseTo(Math.log(3), 12);
    expect(logAbsDet([0, 1, 1, 0], 2)).toBeCloseTo(0, 12); // a permutation: needs a pivot
  });
  it('power traces are sums of eigenvalue powers, and the series converges to log det(I + A)', () => {
    const A = [0.3, 0, 0, -0.6];
    const tr = powerTraces(A, 2, 4);
    for (let k = 1; k <= 4; k++) expect(tr[k - 1]).toBeCloseTo(0.3 ** k + (-0.6) ** k, 14);
    expect(logDetTruncated(A, 2, 200)).toBeCloseTo(logDetIdentityPlus(A, 2), 12);
    expect(logDetIdentityPlus(A, 2)).toBeCloseTo(Math.log(1.3 * 0.4), 12);
  });
});

describe('flow-likelihood', () => {
  // Linear field u_t(x) = a x in d dims: ψ_t = e^{at}, p₁ = 𝒩(0, e^{2a} I), div u = a d.
  const d = 3;
  const a = -0.7;
  const field = (x: Float64Array, _t: number, out: Float64Array) => {
    for (let i = 0; i < x.length; i++) out[i] = a * x[i];
  };
  const source = standardNormal(d);
  const logP0 = (z: Float64Array, n: number) => source.logDensity(z, n);
  const x = Float64Array.of(0.3, -0.2, 0.5, 1, 1, -1);
  const exact = (i: number) => {
    let r2 = 0;
    for (let k = 0; k < d; k++) r2 += x[i * d + k] ** 2;
    const v = Math.exp(2 * a);
    return -0.5 * d * Math.log(2 * Math.PI * v) - r2 / (2 * v);
  };

  it('exact divergence: the log-likelihood of a linear flow to 1e-8, NFE and field evaluations counted', () => {
    const r = flowLogLikelihood(field, logP0, x, 2, d, { method: 'rk4', steps: 50, divergence: { kind: 'exact' } });
    expect(r.nfe).toBe(200);
    expect(r.fieldEvaluations).toBe(200 * (1 + 2 * d));
    for (let i = 0; i < 2; i++) expect(r.logLikelihood[i]).toBeCloseTo(exact(i), 8);
  });

  it('Hutchinson: a Rademacher probe is exact for a diagonal Jacobian; a Gaussian one is unbiased', () => {
    const rng = new Rng(8);
    const rad = flowLogLikelihood(field, logP0, x, 2, d, {
      method: 'rk4',
      steps: 50,
      divergence: { kind: 'hutchinson', probe: 'rademacher', rng },
    });
    for (let i = 0; i < 2; i++) expect(rad.logLikelihood[i]).toBeCloseTo(exact(i), 8);
    const M = 2000;
    let s = 0;
    let s2 = 0;
    for (let m = 0; m < M; m++) {
      const g = flowLogLikelihood(field, logP0, x, 1, d, {
        method: 'rk4',
        steps: 4,
        divergence: { kind: 'hutchinson', probe: 'gaussian', rng },
      }).logLikelihood[0];
      s += g;
      s2 += g * g;
    }
    const mean = s / M;
    const sd = Math.sqrt(s2 / M - mean * mean);
    // ξᵀ(aI)ξ = a‖ξ‖², variance 2a²d: the estimate of −∫div has standard deviation |a|√(2d).
    expect(sd).toBeCloseTo(Math.abs(a) * Math.sqrt(2 * d), 1);
    expect(Math.abs(mean - exact(0))).toBeLessThan((4 * sd) / Math.sqrt(M) + 1e-6);
  });
});
