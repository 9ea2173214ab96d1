/**
 * gaussian-marginal.ts against its closed form in an eigenbasis of Σ, computed here without any
 * matrix factorisation: with Σ = Q diag(λ) Qᵀ every matrix of the module is Q diag(·) Qᵀ, so per
 * direction (K = a²λ + b² + c², B = a a′λ + b b′ + c c′)
 *
 *   u_t(x) = a′m + Q diag(B/K) Qᵀ(x − a m),   E[x₁|x] = m + Q diag(aλ/K) Qᵀ(x − a m),
 *   E[x₀|x] = Q diag(b/K) Qᵀ(x − a m),         ∇log p_t = −Q diag(1/K) Qᵀ(x − a m),
 *   V(t) = Σ_λ (a′²λ + b′² + c′² − B²/K).
 *
 * Σ is a full (rotated) 3 × 3 matrix, so every entry of the Cholesky factor and of both triangular
 * solves matters, and the paths include two-sided ones with c ≠ 0 and c′ ≠ 0 (Schrödinger bridge).
 */
import { describe, expect, it } from 'vitest';
import { getPath, type PathName } from '../../../src/lib/core/index.ts';
import {
  gaussianConditionalVariance,
  gaussianMarginalScore,
  gaussianMarginalVelocity,
  gaussianPosteriorMeanX0,
  gaussianPosteriorMeanX1,
  type GaussianLaw,
} from '../../../src/lib/core/gaussian-marginal.ts';

const D = 3;
const LAMBDA = [0.3, 1.7, 4];
const MEAN = [0.5, -1, 2];

/** An orthonormal basis (columns of Q, row-major) by Gram–Schmidt of a fixed full matrix. */
function rotation(): number[][] {
  const raw = [
    [1, 0.4, -0.3],
    [0.2, 1, 0.5],
    [-0.6, 0.1, 1],
  ];
  const q: number[][] = [];
  for (const v of raw) {
    const w = v.slice();
    for (const u of q) {
      const p = u.reduce((s, ui, i) => s + ui * v[i], 0);
      for (let i = 0; i < D; i++) w[i] -= p * u[i];
    }
    const nrm = Math.hypot(...w);
    q.push(w.map((x) => x / nrm));
  }
  return q; // q[k] is the k-th eigenvector
}

const Q = rotation();
const COV = Array.from({ length: D * D }, (_, idx) => {
  const i = Math.floor(idx / D);
  const j = idx % D;
  return Q.reduce((s, u, k) => s + LAMBDA[k] * u[i] * u[j], 0);
});
const LAW: GaussianLaw = { mean: MEAN, cov: COV, d: D };

/** Q diag(f(λ)) Qᵀ r. */
function spectral(f: (lam: number) => number, r: number[]): number[] {
  const out = [0, 0, 0];
  Q.forEach((u, k) => {
    const p = u.reduce((s, ui, i) => s + ui * r[i], 0) * f(LAMBDA[k]);
    for (let i = 0; i < D; i++) out[i] += p * u[i];
  });
  return out;
}

const PATHS: [PathName, { sigma?: number; sigmaMin?: number }][] = [
  ['rectified', {}],
  ['icfm', { sigma: 0.4 }],
  ['sb', { sigma: 0.5 }],
  ['ot', { sigmaMin: 0.05 }],
  ['vp', {}],
  ['trig', {}],
];
const POINTS = [
  [0.3, -0.7, 1.1],
  [-2, 0.5, 0.25],
];

describe('gaussian-marginal in an eigenbasis of a full Σ', () => {
  it('Σ is full and has the intended spectrum (trace and determinant)', () => {
    expect(Math.abs(COV[1])).toBeGreaterThan(0.05);
    expect(Math.abs(COV[2])).toBeGreaterThan(0.05);
    expect(Math.abs(COV[5])).toBeGreaterThan(0.05);
    expect(COV[0] + COV[4] + COV[8]).toBeCloseTo(6, 12);
  });

  for (const [name, params] of PATHS) {
    it(`${name}: field, posterior means, score and V(t) equal the per-direction closed form`, () => {
      const path = getPath(name, params);
      for (const t of [0.13, 0.5, 0.82]) {
        const { a, b, c, da, db, dc } = path.coefficients(t);
        const K = (lam: number) => a * a * lam + b * b + c * c;
        const B = (lam: number) => a * da * lam + b * db + c * dc;
        const flat = POINTS.flat();
        const u = gaussianMarginalVelocity(path, flat, POINTS.length, t, LAW);
        const m1 = gaussianPosteriorMeanX1(path, flat, POINTS.length, t, LAW);
        const m0 = gaussianPosteriorMeanX0(path, flat, POINTS.length, t, LAW);
        const sc = gaussianMarginalScore(path, flat, POINTS.length, t, LAW);
        POINTS.forEach((x, q) => {
          const r = x.map((xi, i) => xi - a * MEAN[i]);
          const uRef = spectral((l) => B(l) / K(l), r).map((v, i) => v + da * MEAN[i]);
          const m1Ref = spectral((l) => (a * l) / K(l), r).map((v, i) => v + MEAN[i]);
          const m0Ref = spectral((l) => b / K(l), r);
          const scRef = spectral((l) => -1 / K(l), r);
          for (let i = 0; i < D; i++) {
            const at = `${name} t=${t} point ${q} coord ${i}`;
            expect(u[q * D + i], `u ${at}`).toBeCloseTo(uRef[i], 10);
            expect(m1[q * D + i], `E[x1] ${at}`).toBeCloseTo(m1Ref[i], 10);
            expect(m0[q * D + i], `E[x0] ${at}`).toBeCloseTo(m0Ref[i], 10);
            expect(sc[q * D + i], `score ${at}`).toBeCloseTo(scRef[i], 10);
          }
        });
        const vRef = LAMBDA.reduce((s, l) => s + da * da * l + db * db + dc * dc - B(l) ** 2 / K(l), 0);
        expect(gaussianConditionalVariance(path, t, LAW), `V ${name} t=${t}`).toBeCloseTo(vRef, 10);
      }
    });
  }

  it('the straight path: V(t) = Σ λ/(t²λ + (1 − t)²), the chapter-5 formula', () => {
    const path = getPath('rectified');
    for (const t of [0.1, 0.3, 0.7]) {
      const ref = LAMBDA.reduce((s, l) => s + l / (t * t * l + (1 - t) ** 2), 0);
      expect(gaussianConditionalVariance(path, t, LAW)).toBeCloseTo(ref, 10);
    }
  });

  it('refuses a covariance of the wrong size, and names the expected size of x', () => {
    const path = getPath('rectified');
    expect(() => gaussianMarginalVelocity(path, [0, 0, 0], 1, 0.5, { mean: MEAN, cov: COV.slice(0, 8), d: D })).toThrow(/cov d × d/);
    expect(() => gaussianMarginalVelocity(path, [0, 0, 0, 0], 2, 0.5, LAW)).toThrow(/n × d = 6 numbers/);
  });
});
