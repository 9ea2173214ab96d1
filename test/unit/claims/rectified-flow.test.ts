/**
 * Claims of chapter 8 (rectified-flow), asserted on the core: the closed-form reflow rounds of
 * rectified-flow.ts, the ODE solvers, the metrics and the assignment solver. Every number the
 * chapter states is recomputed here; each `it` quotes the sentence it backs.
 */
import { describe, expect, it } from 'vitest';
import {
  Rng,
  getPath,
  integrate,
  sampleDataset,
  solveAssignment,
  squaredEuclideanCost,
  straightness,
  type VelocityFn,
} from '../../../src/lib/core/index.ts';
import { couplingCost, gaussianToDataField, reflowRounds, swapGains } from '../../../src/lib/core/rectified-flow.ts';
import { gaussianConditionalVariance, gaussianMarginalVelocity } from '../../../src/lib/core/gaussian-marginal.ts';

const d = 2;
const M = 128;

/** The chapter's setting: 8 moons points, 128 standard-normal source points, Rng(1). */
function setting() {
  const rng = new Rng(1);
  const data = sampleDataset('moons', 8, rng.fork());
  const start = sampleDataset('normal', M, rng.fork());
  return { rng, data, start };
}

const norm = (v: Float64Array) => Math.hypot(...v);

describe('reflow in numbers (chapter 8)', () => {
  const { rng, data, start } = setting();
  const reference = integrate(gaussianToDataField(data, 8, d), start, { method: 'rk4', steps: 400 }).x;
  const rounds = reflowRounds(data, 8, start, reference, d, rng.fork(), { rounds: 3, sigma: 0.1, eulerSteps: [1, 2, 4] });
  const [r1, r2, r3] = rounds;

  it('"the straightness falls from 2.17 for the 1-RF to 0.030 for the 2-RF, and to 0.008 for the 3-RF"', () => {
    expect(r1.straightness.toFixed(2)).toBe('2.17');
    expect(r2.straightness.toFixed(3)).toBe('0.030');
    expect(r3.straightness.toFixed(3)).toBe('0.008');
    expect(r2.straightness).toBeLessThan(r1.straightness / 50);
  });

  it('"The one-step W₂ falls from 2.97 to 0.34 between rounds 1 and 2, and then stays at 0.34 in round 3"', () => {
    expect(r1.w2[0].toFixed(2)).toBe('2.97');
    expect(r2.w2[0].toFixed(2)).toBe('0.34');
    expect(r3.w2[0].toFixed(2)).toBe('0.34');
  });

  it('the table: W₂ after 2 and 4 Euler steps is 2.11 and 1.26 (1-RF), 0.26 and 0.26 (2-RF), 0.31 and 0.31 (3-RF); "with 4 Euler steps the 3-RF is at 0.31, hardly better than with one"', () => {
    expect([r1, r2, r3].map((r) => r.w2.slice(1).map((v) => v.toFixed(2)))).toEqual([
      ['2.11', '1.26'],
      ['0.26', '0.26'],
      ['0.31', '0.31'],
    ]);
  });

  it('"rounds 2 and 3 still contain improving swaps"', () => {
    expect(swapGains(r2.coupling, M, d).length).toBeGreaterThan(0);
    expect(swapGains(r3.coupling, M, d).length).toBeGreaterThan(0);
  });
});

describe('the rectified coupling costs no more (chapter 8, round 1)', () => {
  const { data, start } = setting();
  const end = integrate(gaussianToDataField(data, 8, d), start, { method: 'dopri5', rtol: 1e-10, atol: 1e-10 }).x;
  const rectified = { x0: start, x1: end };
  /** E c(X₁ − X₀) under the independent coupling of the 128 sources with the 8 data points. */
  const independent = (c: (v: Float64Array) => number) => {
    let s = 0;
    const v = new Float64Array(d);
    for (let j = 0; j < M; j++)
      for (let i = 0; i < 8; i++) {
        for (let k = 0; k < d; k++) v[k] = data[i * d + k] - start[j * d + k];
        s += c(v);
      }
    return s / (M * 8);
  };
  const sq = (v: Float64Array) => norm(v) ** 2;

  it('"The independent coupling has quadratic cost 11.13 and the 1-RF coupling 4.25. The drop, 6.88, exceeds the 1-RF straightness 2.17"', () => {
    const ci = independent(sq);
    const cr = couplingCost(rectified, M, d);
    expect(ci.toFixed(2)).toBe('11.13');
    expect(cr.toFixed(2)).toBe('4.25');
    expect((ci - cr).toFixed(2)).toBe('6.88');
    const traj = integrate(gaussianToDataField(data, 8, d), start, { method: 'rk4', steps: 400, trajectory: true });
    const s = straightness(traj.trajectory!, M, d, traj.times);
    expect(s.toFixed(2)).toBe('2.17');
    expect(ci - cr).toBeGreaterThan(s);
  });

  it('"for c(v)=‖v‖ the cost falls from 3.04 to 1.86, and for c(v)=‖v‖⁴ from 212 to 33"', () => {
    expect(independent(norm).toFixed(2)).toBe('3.04');
    expect(couplingCost(rectified, M, d, norm).toFixed(2)).toBe('1.86');
    const p4 = (v: Float64Array) => norm(v) ** 4;
    expect(Math.round(independent(p4))).toBe(212);
    expect(Math.round(couplingCost(rectified, M, d, p4))).toBe(33);
  });

  it('"the core finds 9 such pairs among the 128 points, and 8 of them violate the inequality by more than the solver\'s error could explain"', () => {
    const gains = swapGains(rectified, M, d);
    expect(gains.length).toBe(9);
    // Error of the Dopri5 endpoints, bounded (generously) by their distance to an RK4 solve.
    const rk4 = integrate(gaussianToDataField(data, 8, d), start, { method: 'rk4', steps: 400 }).x;
    const err = (i: number) => Math.hypot(rk4[2 * i] - end[2 * i], rk4[2 * i + 1] - end[2 * i + 1]);
    const certified = gains.filter((g) => g.gain > 2 * g.sourceDistance * (err(g.i) + err(g.j)));
    expect(certified.length).toBe(8);
  });

  it('"Re-pairing the same 128 endpoints optimally … lowers the cost from 4.2511 to 4.2464"', () => {
    const assign = solveAssignment(squaredEuclideanCost(start, M, end, M, d), M);
    let ot = 0;
    for (let i = 0; i < M; i++) for (let k = 0; k < d; k++) ot += (end[assign[i] * d + k] - start[i * d + k]) ** 2;
    expect(couplingCost(rectified, M, d).toFixed(4)).toBe('4.2511');
    expect((ot / M).toFixed(4)).toBe('4.2464');
  });
});

describe('exact examples (chapter 8)', () => {
  // Backs Exercise "1-RF between two Gaussians": S = d(2 − π/2) ≈ 0.429 d, and the flow ends at Z₀ + m.
  it('"The claims tests integrate this field with the core\'s RK4 and recover S/d = 0.4292"', () => {
    const m = [1.5, -0.5];
    // The exact 1-RF field of 𝒩(0, I) → 𝒩(m, I) from the core's Gaussian regression (gaussian-marginal.ts);
    // the exercise's formula m + (2t − 1)/((1 − t)² + t²)·(x − t m) is checked against it.
    const law = { mean: m, cov: [1, 0, 0, 1], d: 2 };
    const rectified = getPath('rectified');
    const field: VelocityFn = (x, t, out) => {
      out.set(gaussianMarginalVelocity(rectified, x, x.length / 2, t, law));
    };
    for (const t of [0, 0.3, 0.5, 0.9]) {
      const x = Float64Array.of(0.7, -1.1);
      const u = gaussianMarginalVelocity(rectified, x, 1, t, law);
      const s2 = (1 - t) ** 2 + t ** 2;
      for (let k = 0; k < 2; k++) expect(u[k]).toBeCloseTo(m[k] + ((2 * t - 1) / s2) * (x[k] - t * m[k]), 12);
    }
    const n = 4000;
    const x0 = sampleDataset('normal', n, new Rng(3));
    const traj = integrate(field, x0, { method: 'rk4', steps: 200, trajectory: true });
    // Straightness per unit of E‖Z₀‖²: divide by the sample's own second moment (removes sampling noise).
    let m2 = 0;
    for (const v of x0) m2 += v * v;
    const perDim = straightness(traj.trajectory!, n, 2, traj.times) / (m2 / n);
    expect(perDim.toFixed(4)).toBe('0.4292');
    expect(Math.abs(perDim - (2 - Math.PI / 2))).toBeLessThan(1e-4);
    for (let i = 0; i < 2 * n; i++) expect(traj.x[i]).toBeCloseTo(x0[i] + m[i % 2], 9);
  });

  // Backs Exercise "1-RF between two Gaussians" (d): the cost drop 2d splits as S + V with V(π⁰) = dπ/2,
  // V computed independently as ∫₀¹ V(t) dt from the core's Gaussian conditional variance.
  it('"the drop is 2d and V(π⁰) = 2d − d(2 − π/2) = dπ/2"', () => {
    const law = { mean: [1.5, -0.5], cov: [1, 0, 0, 1], d: 2 };
    const rectified = getPath('rectified');
    const K = 20000;
    let v = 0;
    for (let k = 0; k < K; k++) v += gaussianConditionalVariance(rectified, (k + 0.5) / K, law) / K;
    expect(v).toBeCloseTo(2 * (Math.PI / 2), 6);
    expect(v + 2 * (2 - Math.PI / 2)).toBeCloseTo(2 * 2, 6);
  });

  // Backs Proposition "A straight coupling that is far from optimal": the rotation coupling is a
  // fixed point of rectification with S = 0 and cost 4(1 − cos θ).
  it('the rotation coupling: its rectified flow is straight and returns the same coupling', () => {
    const th = 2;
    const c = Math.cos(th),
      s = Math.sin(th);
    const field: VelocityFn = (x, t, out) => {
      // (R − I) M_t⁻¹ x with M_t = (1 − t)I + tR, as complex numbers: (e^{iθ} − 1)/((1 − t) + t e^{iθ}).
      const ar = 1 - t + t * c,
        ai = t * s;
      const den = ar * ar + ai * ai;
      const qr = ((c - 1) * ar + s * ai) / den,
        qi = (s * ar - (c - 1) * ai) / den;
      for (let q = 0; q < x.length; q += 2) {
        out[q] = qr * x[q] - qi * x[q + 1];
        out[q + 1] = qi * x[q] + qr * x[q + 1];
      }
    };
    const n = 2000;
    const x0 = sampleDataset('normal', n, new Rng(4));
    const traj = integrate(field, x0, { method: 'rk4', steps: 100, trajectory: true });
    expect(straightness(traj.trajectory!, n, 2, traj.times)).toBeLessThan(1e-12);
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      expect(traj.x[2 * i]).toBeCloseTo(c * x0[2 * i] - s * x0[2 * i + 1], 10);
      expect(traj.x[2 * i + 1]).toBeCloseTo(s * x0[2 * i] + c * x0[2 * i + 1], 10);
      m2 += x0[2 * i] ** 2 + x0[2 * i + 1] ** 2;
    }
    const cost = couplingCost({ x0, x1: traj.x }, n, 2);
    expect(cost).toBeCloseTo(2 * (1 - c) * (m2 / n), 9);
  });

  it('"11.13/K ≤ 0.1 once K ≥ 112" (Exercise: how many rounds?)', () => {
    const { data, start } = setting();
    let s = 0;
    for (let j = 0; j < M; j++) for (let i = 0; i < 8; i++) for (let k = 0; k < d; k++) s += (data[i * d + k] - start[j * d + k]) ** 2;
    const cost = Number((s / (M * 8)).toFixed(2));
    expect(Math.ceil(cost / 0.1)).toBe(112);
  });
});
