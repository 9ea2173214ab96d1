/**
 * Claims of chapter 5 about Figure "gaussian-field" (G8), computed by the widget's own module
 * (src/widgets/gaussian-field/gaussian.ts), which takes the exact field from core/gaussian-marginal.ts
 * and the posterior-weighted average from core/closed-form.ts. The exact field itself is tested
 * against Monte Carlo in test/unit/core/gaussian-marginal.test.ts and ch05-gaussian-example.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/index.ts';
import { mlpParameterCount } from '../../../src/lib/core/mlp-field.ts';
import { cleanSettings } from '../../../src/lib/engine/train/settings.ts';
import { gaussianFieldSchema, SAMPLE_SIZES, TRAIN_POINTS, TRAIN_STEPS } from '../../../src/widgets/gaussian-field/schema.ts';
import {
  averagedField,
  dataFor,
  exactField,
  lawAt,
  probesFor,
  relativeError,
  sampleLaw,
} from '../../../src/widgets/gaussian-field/gaussian.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const law = lawAt(gaussianFieldSchema.angle.default);

/** Mean over seeds 1–10 of the posterior average's relative error at time t, for each n of the table. */
function meanErrors(t: number): number[] {
  const rows = SEEDS.map((seed) => {
    const probes = probesFor(law, t, seed);
    return SAMPLE_SIZES.map((n) => relativeError(averagedField(dataFor(law, n, seed)), exactField(law), probes, t));
  });
  return SAMPLE_SIZES.map((_, k) => rows.reduce((a, r) => a + r[k], 0) / rows.length);
}

describe('the Gaussian-to-Gaussian figure (chapter 5, G8)', () => {
  // Backs: "for p₁ = 𝒩(m, Σ) with m = (1.5, 1) and Σ of eigenvalues 3 and 0.3 … a small network
  // trained with CFM on 4096 draws … over 512 points x_i ~ p_t" and the caption's "3 × 64 network
  // trained with CFM for 2000 steps".
  it('is the example the text describes', () => {
    expect(law.mean).toEqual([1.5, 1]);
    const [a, b, , c] = law.cov;
    const tr = a + c;
    const disc = Math.sqrt(tr ** 2 / 4 - (a * c - b * b));
    expect(tr / 2 + disc).toBeCloseTo(3, 12);
    expect(tr / 2 - disc).toBeCloseTo(0.3, 12);
    // Σ^{1/2} squares to Σ, and draws from p₁ have mean m and covariance Σ.
    const [p, q, , r] = law.sqrt;
    expect([p * p + q * q, p * q + q * r, q * q + r * r].map((x) => x.toFixed(12))).toEqual([a, b, c].map((x) => x.toFixed(12)));
    const n = 200_000;
    const x = sampleLaw(law, n, new Rng(5));
    let m0 = 0;
    let m1 = 0;
    for (let i = 0; i < n; i++) {
      m0 += x[2 * i] / n;
      m1 += x[2 * i + 1] / n;
    }
    let c00 = 0;
    let c01 = 0;
    for (let i = 0; i < n; i++) {
      c00 += (x[2 * i] - m0) ** 2 / n;
      c01 += ((x[2 * i] - m0) * (x[2 * i + 1] - m1)) / n;
    }
    expect(Math.abs(m0 - 1.5)).toBeLessThan(0.02);
    expect(Math.abs(c00 - a)).toBeLessThan(0.03);
    expect(Math.abs(c01 - b)).toBeLessThan(0.03);
    expect(probesFor(law, 0.5, 1).length).toBe(2 * 512);
    expect([TRAIN_POINTS, TRAIN_STEPS]).toEqual([4096, 2000]);
    expect(gaussianFieldSchema.t.default).toBe(0.5);
    // "a smooth function with 9 090 parameters fitted to 4096 draws": the engine's default network
    // (the widget overrides only data, path, coupling, batch and seed), 3 hidden layers of 64.
    const { settings } = cleanSettings({});
    expect([settings.depth, settings.width]).toEqual([3, 64]);
    expect(
      mlpParameterCount({
        dim: 2,
        width: settings.width,
        depth: settings.depth,
        activation: settings.activation,
        timeFrequencies: settings.timeFreqs,
      }),
    ).toBe(9090);
  });

  // Backs: "At t = 1/2 the posterior average's error falls from 39% at n = 16 to 21%, 12%, 5.5% and
  // 2.6% at n = 64, 256, 1024 and 4096 (means over the seeds 1 to 10): it roughly halves each time n
  // grows fourfold, the 1/√n of a Monte-Carlo average."
  it('the posterior average converges like 1/√n at t = 1/2', () => {
    const e = meanErrors(0.5);
    expect([...SAMPLE_SIZES]).toEqual([16, 64, 256, 1024, 4096]);
    expect(e.map((x) => (100 * x).toFixed(x < 0.1 ? 1 : 0))).toEqual(['39', '21', '12', '5.5', '2.6']);
    for (let k = 1; k < e.length; k++) {
      expect(e[k] / e[k - 1]).toBeGreaterThan(0.4);
      expect(e[k] / e[k - 1]).toBeLessThan(0.6);
    }
  });

  // Backs: "At t = 0.95 it is still 38% with n = 4096 points."
  it('near t = 1 the average is a memoriser, far from the exact field', () => {
    const e = meanErrors(0.95);
    expect(Math.round(100 * e[e.length - 1])).toBe(38);
  });
});
