/**
 * Survivors of npm run mutate in gaussian-w2.ts and flow-likelihood.ts, killed against closed forms:
 * the sample covariance of data far from the origin (a two-pass formula), and the Hutchinson
 * divergence of linear fields, where the flow, the start point z₀ = e^{−A}x and the estimator
 * (1/K)Σ_p ε_pᵀAε_p are known exactly for the probes the generator draws.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/index.ts';
import { meanAndCovariance } from '../../../src/lib/core/gaussian-w2.ts';
import { flowLogLikelihood } from '../../../src/lib/core/flow-likelihood.ts';

describe('meanAndCovariance away from the origin', () => {
  it('matches the two-pass formula with divisor n − 1 for shifted, correlated data', () => {
    const rng = new Rng(9);
    const n = 7,
      d = 3;
    const x = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const g = rng.normal();
      x[i * d] = 100 + g;
      x[i * d + 1] = -50 + 2 * g + rng.normal();
      x[i * d + 2] = 3 + rng.normal();
    }
    const { mean, cov } = meanAndCovariance(x, n, d);
    for (let k = 0; k < d; k++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += x[i * d + k];
      expect(mean[k]).toBeCloseTo(m / n, 10);
    }
    for (let k = 0; k < d; k++)
      for (let l = 0; l < d; l++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += (x[i * d + k] - mean[k]) * (x[i * d + l] - mean[l]);
        expect(cov[k * d + l]).toBeCloseTo(s / (n - 1), 9);
      }
  });

  it('needs two points, and two are enough', () => {
    expect(() => meanAndCovariance([1, 2], 1, 2)).toThrow(/at least two points/);
    const { cov } = meanAndCovariance([0, 0, 2, 4], 2, 2);
    expect(Array.from(cov)).toEqual([2, 4, 4, 8]);
  });
});

describe('flowLogLikelihood with Hutchinson probes on linear fields', () => {
  const d = 2;
  const logN = (z: Float64Array, n: number): Float64Array =>
    Float64Array.from({ length: n }, (_, i) => -Math.log(2 * Math.PI) - 0.5 * (z[2 * i] ** 2 + z[2 * i + 1] ** 2));
  const x = Float64Array.of(0.4, -1.1, 1.3, 0.2);

  it('diagonal A with K Gaussian probes: log p₁(x) = log p₀(e^{−A}x) − (1/K)Σ_p Σ_k a_k ε_pk², fields counted', () => {
    const a = [0.3, -0.5];
    const field = (z: Float64Array, _t: number, out: Float64Array) => {
      for (let i = 0; i < 2; i++) for (let k = 0; k < d; k++) out[i * d + k] = a[k] * z[i * d + k];
    };
    const K = 4;
    const r = flowLogLikelihood(field, logN, x, 2, d, {
      method: 'rk4',
      steps: 40,
      divergence: { kind: 'hutchinson', probe: 'gaussian', probes: K, rng: new Rng(5) },
    });
    // The probes, in the order drawn: probe p, point i, coordinate k.
    const g = new Rng(5);
    const eps = Float64Array.from({ length: K * 2 * d }, () => g.normal());
    for (let i = 0; i < 2; i++) {
      let est = 0;
      for (let p = 0; p < K; p++) for (let k = 0; k < d; k++) est += (a[k] * eps[p * 2 * d + i * d + k] ** 2) / K;
      const z0 = Float64Array.of(x[i * d] * Math.exp(-a[0]), x[i * d + 1] * Math.exp(-a[1]));
      expect(r.z0[i * d]).toBeCloseTo(z0[0], 8);
      expect(r.logLikelihood[i]).toBeCloseTo(logN(z0, 1)[0] - est, 7);
    }
    expect(r.nfe).toBe(160);
    expect(r.fieldEvaluations).toBe(160 * (1 + 2 * K));
  });

  it('nilpotent A = [[0, b], [0, 0]] with Rademacher probes: the estimate is b ε₁ε₂ (its sign matters)', () => {
    const b = 0.8;
    const field = (z: Float64Array, _t: number, out: Float64Array) => {
      for (let i = 0; i < 2; i++) {
        out[i * d] = b * z[i * d + 1];
        out[i * d + 1] = 0;
      }
    };
    const K = 3;
    const r = flowLogLikelihood(field, logN, x, 2, d, {
      method: 'rk4',
      steps: 20,
      divergence: { kind: 'hutchinson', probe: 'rademacher', probes: K, rng: new Rng(8) },
    });
    const g = new Rng(8);
    const eps = Float64Array.from({ length: K * 2 * d }, () => (g.uniform() < 0.5 ? -1 : 1));
    for (let i = 0; i < 2; i++) {
      let est = 0;
      for (let p = 0; p < K; p++) est += (b * eps[p * 2 * d + i * d] * eps[p * 2 * d + i * d + 1]) / K;
      // e^{−A} = I − A: z₀ = (x₁ − b x₂, x₂).
      const z0 = Float64Array.of(x[i * d] - b * x[i * d + 1], x[i * d + 1]);
      expect(r.logLikelihood[i]).toBeCloseTo(logN(z0, 1)[0] - est, 8);
    }
  });
});
