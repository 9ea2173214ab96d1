/**
 * Claims of chapter 10 (diffusion), computed with the core: the velocity ↔ score conversion
 * (score.ts) against finite differences of the closed-form log-density, the VP probability-flow
 * field, the SDE extension (sde.ts) against the ODE, and the numeric exercises.
 */
import { describe, expect, it } from 'vitest';
import {
  Rng,
  getPath,
  integrate,
  marginalVelocity,
  marginalLogDensity,
  sampleDataset,
  energyDistance,
  type ConditionalPath,
  type VelocityFn,
} from '../../../src/lib/core/index.ts';
import { marginalScore, scoreFromVelocity } from '../../../src/lib/core/score.ts';
import { integrateSde, extendedDriftFromVelocity } from '../../../src/lib/core/sde.ts';
import { nearestDistances } from '../../../src/lib/core/memorisation.ts';

const D = 2;
const K = 64;
const TARGETS = sampleDataset('moons', K, new Rng(1));

/** Points of the marginal p_t (exact draws: a target, then the conditional Gaussian). */
function exactSample(path: ConditionalPath, t: number, m: number, rng: Rng): Float64Array {
  const { a, b } = path.coefficients(t);
  const out = new Float64Array(m * D);
  for (let i = 0; i < m; i++) {
    const j = rng.int(K);
    for (let k = 0; k < D; k++) out[i * D + k] = a * TARGETS[j * D + k] + b * rng.normal();
  }
  return out;
}

/** Central finite differences of the closed-form log p_t at n points. */
function fdScore(path: ConditionalPath, x: Float64Array, n: number, t: number, h: number): Float64Array {
  const out = new Float64Array(n * D);
  for (let k = 0; k < D; k++) {
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    for (let i = 0; i < n; i++) {
      plus[i * D + k] += h;
      minus[i * D + k] -= h;
    }
    const lp = marginalLogDensity(path, plus, n, t, TARGETS, K, D);
    const lm = marginalLogDensity(path, minus, n, t, TARGETS, K, D);
    for (let i = 0; i < n; i++) out[i * D + k] = (lp[i] - lm[i]) / (2 * h);
  }
  return out;
}

function maxRelativeError(a: Float64Array, b: Float64Array): number {
  let worst = 0;
  for (let i = 0; i < a.length / D; i++) {
    const da = Math.hypot(a[i * D] - b[i * D], a[i * D + 1] - b[i * D + 1]);
    worst = Math.max(worst, da / (Math.hypot(b[i * D], b[i * D + 1]) + 1e-3));
  }
  return worst;
}

describe('velocity ↔ score (chapter 10)', () => {
  // Backs: "the closed-form score obtained from the closed-form velocity agrees with central finite
  // differences of the closed-form log p_t to a relative error below 10⁻⁵, on the OT, VP and VE
  // paths at several times".
  const cases: [string, ConditionalPath][] = [
    ['ot', getPath('ot', { sigmaMin: 0.1 })],
    ['vp', getPath('vp')],
    ['ve', getPath('ve', { sigmaMin: 0.05, sigmaMax: 5 })],
  ];
  for (const [name, path] of cases) {
    for (const t of [0.1, 0.5, 0.9]) {
      it(`${name}, t = ${t}: score from velocity = finite differences of log p_t`, () => {
        const n = 40;
        const x = exactSample(path, t, n, new Rng(11));
        const h = 1e-4 * Math.sqrt(path.coefficients(t).b ** 2 + 1e-6);
        const fd = fdScore(path, x, n, t, Math.max(h, 1e-6));
        const s = marginalScore(path, x, n, t, TARGETS, K, D);
        expect(maxRelativeError(s, fd)).toBeLessThan(1e-5);
      });
    }
  }
  // Backs: "on the VP path the closed-form velocity equals ½β(1−t)(x + ∇log p_t(x)) with the
  // finite-difference score, to the same accuracy" (Proposition: VP flow matching follows the PF-ODE).
  it('VP: u_t(x) = ½ β(1 − t) (x + ∇log p_t(x)), score by finite differences', () => {
    const path = getPath('vp');
    const { betaMin, betaMax } = path.params;
    for (const t of [0.2, 0.5, 0.8]) {
      const n = 40;
      const x = exactSample(path, t, n, new Rng(12));
      const fd = fdScore(path, x, n, t, 1e-5);
      const beta = betaMin + (betaMax - betaMin) * (1 - t);
      const pf = new Float64Array(n * D);
      for (let j = 0; j < n * D; j++) pf[j] = 0.5 * beta * (x[j] + fd[j]);
      expect(maxRelativeError(marginalVelocity(path, x, n, t, TARGETS, K, D), pf)).toBeLessThan(1e-5);
    }
  });
});

const PATH = getPath('ot', { sigmaMin: 0.1 });
const M = 1000;
const velocity: VelocityFn = (x, t, out) => {
  out.set(marginalVelocity(PATH, x, x.length / D, t, TARGETS, K, D));
};
const standardStart = (shift: number): Float64Array => {
  const r = new Rng(2);
  const x0 = new Float64Array(M * D);
  for (let i = 0; i < M * D; i++) x0[i] = r.normal() + shift;
  return x0;
};
const sde = (x0: Float64Array, g: number, steps: number, t1 = 1): Float64Array =>
  integrateSde(
    extendedDriftFromVelocity(PATH, velocity, () => g),
    () => g,
    x0,
    { steps, t1, rng: new Rng(3) },
  ).x;

describe('the SDE extension keeps the marginals (chapter 10)', () => {
  // Backs: "From the same 1000 draws of 𝒩(0, I) we run the ODE (RK4, 100 steps) and the SDE with
  // g ∈ {0.5, 1, 2} (Euler–Maruyama, 500 steps). At t = 1 every cloud is at energy distance below
  // 0.02 from an exact sample of p₁, as close as two independent exact samples are to each other,
  // and the same holds at t = 0.5. Yet […] the SDE particle ends, on average, about one unit away
  // from the ODE particle that started at the same point when g = 0.5, and about three units away
  // when g = 2."
  for (const t1 of [1, 0.5]) {
    it(`ODE and SDE (g = 0.5, 1, 2) match p_t at t = ${t1}${t1 === 1 ? '; their paths differ' : ''}`, () => {
      const x0 = standardStart(0);
      const ref = exactSample(PATH, t1, M, new Rng(7));
      const floor = energyDistance(ref, exactSample(PATH, t1, M, new Rng(8)), M, D);
      expect(floor).toBeLessThan(0.02);
      const ode = integrate(velocity, x0, { method: 'rk4', steps: Math.round(100 * t1), t1 }).x;
      expect(energyDistance(ode, ref, M, D)).toBeLessThan(0.02);
      const gaps: number[] = [];
      for (const g of [0.5, 1, 2]) {
        const end = sde(x0, g, Math.round(500 * t1), t1);
        expect(energyDistance(end, ref, M, D)).toBeLessThan(0.02);
        if (t1 === 1) {
          let gap = 0;
          for (let i = 0; i < M; i++) gap += Math.hypot(end[2 * i] - ode[2 * i], end[2 * i + 1] - ode[2 * i + 1]);
          gap /= M;
          gaps.push(gap);
        }
      }
      if (t1 === 1) {
        expect(gaps[0]).toBeGreaterThan(0.8);
        expect(gaps[0]).toBeLessThan(1.3);
        expect(gaps[1]).toBeGreaterThan(gaps[0]);
        expect(gaps[2]).toBeGreaterThan(2.5);
        expect(gaps[2]).toBeLessThan(3.5);
      }
    });
  }

  // Backs: "start all 1000 particles one unit off, from 𝒩((1, 1), I) […] The ODE ends at energy
  // distance about 1.3 from p₁. The SDE with 1000 Euler–Maruyama steps ends at about 0.7 for g = 1,
  // 0.13 for g = 2, and below 0.05 for g = 3."
  it('error correction: a shifted start is kept by the ODE and forgotten by the SDE', () => {
    const x0 = standardStart(1);
    const ref = exactSample(PATH, 1, M, new Rng(7));
    const ode = energyDistance(integrate(velocity, x0, { method: 'rk4', steps: 100 }).x, ref, M, D);
    const e1 = energyDistance(sde(x0, 1, 1000), ref, M, D);
    const e2 = energyDistance(sde(x0, 2, 1000), ref, M, D);
    const e3 = energyDistance(sde(x0, 3, 1000), ref, M, D);
    expect(ode).toBeGreaterThan(1.1);
    expect(ode).toBeLessThan(1.5);
    expect(e1).toBeGreaterThan(0.6);
    expect(e1).toBeLessThan(0.8);
    expect(e2).toBeGreaterThan(0.1);
    expect(e2).toBeLessThan(0.16);
    expect(e3).toBeLessThan(0.05);
  });

  // Backs: "with g = 3 and only 20 steps, the SDE blows up (energy distance above 1), while Euler's
  // method on the ODE with the same 20 steps stays within 0.05."
  it('cost: with 20 steps the g = 3 SDE is unstable, the Euler ODE is not', () => {
    const x0 = standardStart(0);
    const ref = exactSample(PATH, 1, M, new Rng(7));
    expect(energyDistance(sde(x0, 3, 20), ref, M, D)).toBeGreaterThan(1);
    expect(energyDistance(integrate(velocity, x0, { method: 'euler', steps: 20 }).x, ref, M, D)).toBeLessThan(0.05);
  });
});

describe('what the noise costs (chapter 10)', () => {
  // Backs: "The mean squared distance from a particle to its nearest data point measures the
  // σ_min-blur at the end; it is 0.016 for exact samples of p₁, and the ODE matches it within 5%.
  // The SDE with g = 2 and 500 steps overshoots it by more than 10%, and needs 2000 steps to come
  // back within 5%."
  it('the blur at t = 1: exact 0.016, ODE within 5%, SDE g = 2 needs 2000 steps', () => {
    const msd = (x: Float64Array): number => {
      const dist = nearestDistances(x, M, TARGETS, K, D);
      let s = 0;
      for (const v of dist) s += v * v;
      return s / M;
    };
    const exact = msd(exactSample(PATH, 1, M, new Rng(7)));
    expect(exact).toBeGreaterThan(0.015);
    expect(exact).toBeLessThan(0.017);
    const x0 = standardStart(0);
    expect(Math.abs(msd(integrate(velocity, x0, { method: 'rk4', steps: 100 }).x) / exact - 1)).toBeLessThan(0.05);
    expect(msd(sde(x0, 2, 500)) / exact).toBeGreaterThan(1.1);
    expect(msd(sde(x0, 2, 1000)) / exact).toBeGreaterThan(1.05);
    expect(Math.abs(msd(sde(x0, 2, 2000)) / exact - 1)).toBeLessThan(0.05);
  });
});

describe('numeric exercises of chapter 10', () => {
  // Backs (exercise "The conversion on the conical path"): ∇log p_t = (−4, 0), u_t = (−2, 0) at
  // t = ½, x = (1, 0), data {0}; equal to the conical velocity.
  it('conical path, one target at 0: score (−4, 0) and velocity (−2, 0) at t = ½, x = (1, 0)', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const x = Float64Array.of(1, 0);
    const zero = Float64Array.of(0, 0);
    const s = marginalScore(path, x, 1, 0.5, zero, 1, 2);
    const u = marginalVelocity(path, x, 1, 0.5, zero, 1, 2);
    expect(s[0]).toBeCloseTo(-4, 10);
    expect(s[1]).toBeCloseTo(0, 10);
    expect(u[0]).toBeCloseTo(-2, 10);
    expect(u[1]).toBeCloseTo(0, 10);
  });

  // Backs (exercise "Error correction in the simplest case"): mean e^{−1/2} ≈ 0.607 at t = 1, "the
  // claims tests simulate the SDE […] (20 000 particles, 200 steps) and find the mean within 0.02".
  it('Ornstein–Uhlenbeck from 𝒩(1, 1) with g = 1: mean ≈ e^{−1/2} at t = 1', () => {
    const n = 20000;
    const r = new Rng(5);
    const x0 = new Float64Array(n);
    for (let i = 0; i < n; i++) x0[i] = 1 + r.normal();
    // Path p_t = 𝒩(0, 1), u ≡ 0, score −x: drift −½ g² x.
    const end = integrateSde(
      (x, _t, out) => {
        for (let i = 0; i < x.length; i++) out[i] = -0.5 * x[i];
      },
      () => 1,
      x0,
      { steps: 200, rng: new Rng(6) },
    ).x;
    let mean = 0;
    for (let i = 0; i < n; i++) mean += end[i];
    mean /= n;
    expect(Math.abs(mean - Math.exp(-0.5))).toBeLessThan(0.02);
  });

  // Backs (exercise "How many steps the noise needs"): drift slope −459 at t = 1 for σ_min = 0.1,
  // g = 3, one target at 0; at least 230 uniform steps.
  it('Euler–Maruyama stability: slope −459, at least 230 steps', () => {
    const path = getPath('ot', { sigmaMin: 0.1 });
    const zero = Float64Array.of(0, 0);
    const field: VelocityFn = (x, t, out) => {
      out.set(marginalVelocity(path, x, x.length / 2, t, zero, 1, 2));
    };
    const drift = extendedDriftFromVelocity(path, field, () => 3);
    const out = new Float64Array(2);
    drift(Float64Array.of(1e-3, 0), 1, out);
    const slope = out[0] / 1e-3;
    expect(slope).toBeCloseTo(-459, 6);
    expect(Math.ceil(-slope / 2 + 1e-9)).toBe(230);
    // The conversion the drift uses is the score of 𝒩(0, σ_min² I): −x/σ_min².
    const s = scoreFromVelocity(path, Float64Array.of(1e-3, 0), marginalVelocity(path, Float64Array.of(1e-3, 0), 1, 1, zero, 1, 2), 1);
    expect(s[0]).toBeCloseTo(-1e-3 / 0.01, 8);
  });
});
