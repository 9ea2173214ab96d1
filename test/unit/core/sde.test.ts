/**
 * The core's stochastic sampler (sde.ts) and closed-form score (score.ts) against independent
 * references: explicit Euler from ode.ts, the exact law of an Ornstein–Uhlenbeck process, and the
 * Gaussian score of a single data point.
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, integrate, marginalVelocity, type VelocityFn } from '../../../src/lib/core/index.ts';
import { integrateSde, extendedDrift, extendedDriftFromVelocity } from '../../../src/lib/core/sde.ts';
import { marginalScore } from '../../../src/lib/core/score.ts';

const rotation: VelocityFn = (x, t, out) => {
  for (let i = 0; i < x.length; i += 2) {
    out[i] = -x[i + 1] * (1 + t);
    out[i + 1] = x[i] * (1 + t);
  }
};

describe('integrateSde', () => {
  it('with g ≡ 0 is explicit Euler, bit for bit', () => {
    const x0 = Float64Array.of(1, 0, -0.5, 2);
    const sde = integrateSde(rotation, () => 0, x0, { steps: 37, rng: new Rng(1) });
    const ode = integrate(rotation, x0, { method: 'euler', steps: 37 });
    expect(Array.from(sde.x)).toEqual(Array.from(ode.x));
    expect(sde.nfe).toBe(37);
  });

  it('is reproducible from its seed and records a trajectory', () => {
    const x0 = new Float64Array(10).fill(0.3);
    const a = integrateSde(rotation, () => 0.7, x0, { steps: 20, rng: new Rng(4), trajectory: true });
    const b = integrateSde(rotation, () => 0.7, x0, { steps: 20, rng: new Rng(4) });
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
    expect(a.trajectory).toHaveLength(21);
    expect(a.times?.[20]).toBeCloseTo(1, 12);
  });

  it('matches the mean and variance of Euler–Maruyama on an Ornstein–Uhlenbeck process', () => {
    // dX = −λX dt + g dW: one step multiplies the mean by (1 − hλ) and maps v ↦ (1 − hλ)² v + g² h.
    const lambda = 1.5,
      g = 0.8,
      steps = 50,
      h = 1 / steps,
      n = 40000;
    const x0 = new Float64Array(n).fill(2);
    const end = integrateSde(
      (x, _t, out) => {
        for (let i = 0; i < x.length; i++) out[i] = -lambda * x[i];
      },
      () => g,
      x0,
      { steps, rng: new Rng(9) },
    ).x;
    let mean = 2,
      v = 0;
    for (let k = 0; k < steps; k++) {
      mean *= 1 - h * lambda;
      v = (1 - h * lambda) ** 2 * v + g * g * h;
    }
    let m = 0,
      s = 0;
    for (const e of end) m += e;
    m /= n;
    for (const e of end) s += (e - m) ** 2;
    s /= n - 1;
    expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(v / n));
    expect(Math.abs(s / v - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('rejects a negative or non-finite noise level and an empty interval', () => {
    expect(() => integrateSde(rotation, () => -1, [0, 0], { steps: 2, rng: new Rng(1) })).toThrow(/non-negative/);
    expect(() => integrateSde(rotation, () => NaN, [0, 0], { steps: 2, rng: new Rng(1) })).toThrow(/non-negative/);
    expect(() => integrateSde(rotation, () => 1, [0, 0], { steps: 2, t0: 1, t1: 1, rng: new Rng(1) })).toThrow(/t1 > t0/);
  });
});

describe('closed-form score and the SDE drift', () => {
  it('one data point: the score is that of 𝒩(a x₁, b² I)', () => {
    for (const name of ['ot', 'vp', 've'] as const) {
      const path = getPath(name, { sigmaMin: 0.05 });
      const x1 = Float64Array.of(0.7, -1.2);
      const x = Float64Array.of(0.1, 0.4, -2, 1);
      for (const t of [0.2, 0.6, 0.95]) {
        const { a, b } = path.coefficients(t);
        const s = marginalScore(path, x, 2, t, x1, 1, 2);
        for (let q = 0; q < 2; q++)
          for (let k = 0; k < 2; k++) {
            expect(s[q * 2 + k]).toBeCloseTo(-(x[q * 2 + k] - a * x1[k]) / (b * b), 6);
          }
      }
    }
  });

  it('the drift from a velocity alone equals u + ½ g² × (closed-form score)', () => {
    const path = getPath('ot', { sigmaMin: 0.1 });
    const targets = Float64Array.of(1, 1, -1, 0.5, 0, -2);
    const u: VelocityFn = (x, t, out) => {
      out.set(marginalVelocity(path, x, x.length / 2, t, targets, 3, 2));
    };
    const s: VelocityFn = (x, t, out) => {
      out.set(marginalScore(path, x, x.length / 2, t, targets, 3, 2));
    };
    const x = Float64Array.of(0.3, -0.2, 2, 2);
    const a = new Float64Array(4),
      b = new Float64Array(4);
    extendedDriftFromVelocity(path, u, (t) => 1 + t)(x, 0.4, a);
    extendedDrift(u, s, (t) => 1 + t)(x, 0.4, b);
    for (let j = 0; j < 4; j++) expect(a[j]).toBeCloseTo(b[j], 10);
  });
});
