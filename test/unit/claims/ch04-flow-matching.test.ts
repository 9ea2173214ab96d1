/**
 * Claims of chapter 4 (flow-matching) added in its second edition: the Gaussian gradient behind the
 * strengthened (A3), the softmax temperature at t = 1, the likelihood of a flow model computed with
 * the core's solvers on a closed-form field, and the numeric answers of the exercises.
 */
import { describe, expect, it } from 'vitest';
import {
  Rng,
  getPath,
  marginalLogDensity,
  marginalVelocity,
  posteriorWeights,
  samplePathBatch,
  standardNormal,
} from '../../../src/lib/core/index.ts';
import { flowLogLikelihood } from '../../../src/lib/core/flow-likelihood.ts';
import { makeField } from '../../../src/widgets/continuity-equation/fields.ts';
import { normalCdf, normalPdf } from '../../../src/widgets/change-of-variables/monotone-map.ts';

describe('chapter 4: Theorem 1 hypotheses (E1)', () => {
  // Backs (remark on the assumptions): "Its gradient is ∇ₓφ = −φ (x − μ_t)/σ_t² […] and its time
  // derivative is ∂_tφ = φ(⟨x − μ_t, μ_t'⟩/σ_t² + (‖x − μ_t‖²/σ_t² − d) σ_t'/σ_t)": checked by central
  // differences of the core's conditional density (one target: the marginal is the conditional).
  it('the Gaussian conditional density has the stated x- and t-derivatives (2D, OT path)', () => {
    const path = getPath('ot', { sigmaMin: 0.2 });
    const x1 = Float64Array.of(1.3, -0.7);
    const dens = (x: number[], t: number) => Math.exp(marginalLogDensity(path, Float64Array.from(x), 1, t, x1, 1, 2)[0]);
    const h = 1e-5;
    const rng = new Rng(4);
    for (let trial = 0; trial < 20; trial++) {
      const t = 0.05 + 0.9 * rng.uniform();
      const x = [2 * rng.normal(), 2 * rng.normal()];
      const sigma = 1 - (1 - 0.2) * t;
      const dsigma = -(1 - 0.2);
      const mu = [t * x1[0], t * x1[1]];
      const p = dens(x, t);
      for (let k = 0; k < 2; k++) {
        const xp = x.slice();
        const xm = x.slice();
        xp[k] += h;
        xm[k] -= h;
        const fd = (dens(xp, t) - dens(xm, t)) / (2 * h);
        expect(fd).toBeCloseTo((-p * (x[k] - mu[k])) / sigma ** 2, 7);
      }
      const r2 = (x[0] - mu[0]) ** 2 + (x[1] - mu[1]) ** 2;
      const inner = (x[0] - mu[0]) * x1[0] + (x[1] - mu[1]) * x1[1];
      const dt = p * (inner / sigma ** 2 + (r2 / sigma ** 2 - 2) * (dsigma / sigma));
      expect((dens(x, t + h) - dens(x, t - h)) / (2 * h)).toBeCloseTo(dt, 6);
    }
  });
});

describe('chapter 4: posterior weights at t = 1 (E11)', () => {
  // Backs: "its temperature 2σ_t² falls to 2σ_min², not to zero. For σ_min = 0 the weight concentrates
  // entirely on the data point whose μ_t is nearest. For σ_min > 0 […] genuinely shared between data
  // points closer together than a few σ_min."
  it('with σ_min = 0 the weight at t → 1 is one-hot; with σ_min > 0 it stays shared between close targets', () => {
    const targets = Float64Array.of(-0.2, 0.2, 3);
    const x = Float64Array.of(0.05);
    const sharp = posteriorWeights(getPath('ot', { sigmaMin: 0 }), x, 0.999999, targets, 3, 1);
    expect(sharp[1]).toBeGreaterThan(0.999999);
    const blurred = posteriorWeights(getPath('ot', { sigmaMin: 0.3 }), x, 1, targets, 3, 1);
    expect(blurred[0]).toBeGreaterThan(0.3);
    expect(blurred[1]).toBeGreaterThan(0.3);
    // The temperature is 2σ_min²: the log-odds of the two close targets is ((x+0.2)² − (x−0.2)²)/(2σ_min²).
    expect(Math.log(blurred[1] / blurred[0])).toBeCloseTo(((0.05 + 0.2) ** 2 - (0.05 - 0.2) ** 2) / (2 * 0.09), 10);
  });
});

describe('chapter 4: the likelihood of a flow-matching model (G14)', () => {
  const path = getPath('ot', { sigmaMin: 0.5 });
  const K = 8;
  const targets = new Float64Array(2 * K);
  for (let j = 0; j < K; j++) {
    targets[2 * j] = 4 * Math.cos((2 * Math.PI * j) / K);
    targets[2 * j + 1] = 4 * Math.sin((2 * Math.PI * j) / K);
  }
  const velocity = (x: Float64Array, t: number, out: Float64Array) => {
    out.set(marginalVelocity(path, x, x.length / 2, t, targets, K, 2));
  };
  const source = standardNormal(2);
  const logP0 = (z: Float64Array, n: number) => source.logDensity(z, n);
  const x = Float64Array.of(2.8, 2.8);
  const exact = marginalLogDensity(path, x, 1, 1, targets, K, 2)[0];
  const run = (method: 'euler' | 'rk4', steps: number) =>
    flowLogLikelihood(velocity, logP0, x, 1, 2, { method, steps, divergence: { kind: 'exact' } });

  // Backs: "At x = (2.8, 2.8), next to one of the eight modes, the exact value is log p_1(x) ≈ −2.534."
  it('the exact log-density at (2.8, 2.8) is −2.534', () => {
    expect(exact).toBeCloseTo(-2.534, 3);
  });
  // Backs: "Euler's method with 10 steps misses it by about 0.2 nats, and with 100 steps still by 0.02;
  // the classical Runge–Kutta method (RK4) with 10 steps, that is 40 evaluations of the augmented field,
  // is within 10⁻⁴."
  it('Euler misses by ≈ 0.2 (10 steps) and ≈ 0.02 (100 steps); RK4 with 10 steps (40 NFE) is within 1e-4', () => {
    const e10 = run('euler', 10);
    const e100 = run('euler', 100);
    const r10 = run('rk4', 10);
    expect(Math.abs(e10.logLikelihood[0] - exact)).toBeGreaterThan(0.15);
    expect(Math.abs(e10.logLikelihood[0] - exact)).toBeLessThan(0.25);
    expect(Math.abs(e100.logLikelihood[0] - exact)).toBeGreaterThan(0.015);
    expect(Math.abs(e100.logLikelihood[0] - exact)).toBeLessThan(0.025);
    expect(r10.nfe).toBe(40);
    expect(Math.abs(r10.logLikelihood[0] - exact)).toBeLessThan(1e-4);
  });
  // Backs: "Computing the divergence exactly by central differences costs 2d = 4 further evaluations of
  // u per evaluation of the augmented field, 200 in all; one Rademacher probe costs two, 120 in all, and
  // gives an unbiased estimate whose standard deviation at this point is about 0.7 nats per solve."
  it('exact divergence: 200 evaluations of u; one Rademacher probe: 120, unbiased, standard deviation ≈ 0.7', () => {
    expect(run('rk4', 10).fieldEvaluations).toBe(200);
    const rng = new Rng(2026);
    const M = 300;
    const vals: number[] = [];
    let evals = 0;
    for (let m = 0; m < M; m++) {
      const r = flowLogLikelihood(velocity, logP0, x, 1, 2, {
        method: 'rk4',
        steps: 10,
        divergence: { kind: 'hutchinson', probe: 'rademacher', rng },
      });
      vals.push(r.logLikelihood[0]);
      evals = r.fieldEvaluations;
    }
    expect(evals).toBe(120);
    const mean = vals.reduce((a, b) => a + b, 0) / M;
    const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (M - 1));
    expect(Math.abs(mean - exact)).toBeLessThan(4 * (sd / Math.sqrt(M)) + 1e-4);
    expect(sd).toBeGreaterThan(0.55);
    expect(sd).toBeLessThan(0.85);
  });
});

describe('chapter 4: exercises', () => {
  // Backs (exercise "The constant C of rectified flow between two Gaussians"): "the constant of
  // Theorem 2 is C = π/2 ≈ 1.571": Monte Carlo from the core's rectified path sampler, with the
  // conditional mean E[target | x_t] fitted by least squares in narrow time bins (linear in x_t for a
  // Gaussian pair), and the residual variance averaged over t.
  it('rectified flow between independent 𝒩(0, 1): C = π/2 ≈ 1.571', () => {
    const path = getPath('rectified');
    const rng = new Rng(12);
    const bins = 200;
    const perBin = 4000;
    let C = 0;
    for (let b = 0; b < bins; b++) {
      const x0 = new Float64Array(perBin);
      const x1 = new Float64Array(perBin);
      const t = new Float64Array(perBin);
      for (let i = 0; i < perBin; i++) {
        x0[i] = rng.normal();
        x1[i] = rng.normal();
        t[i] = (b + rng.uniform()) / bins;
      }
      const { xt, ut } = samplePathBatch(path, x0, x1, t, 1, rng);
      let sxx = 0;
      let sxy = 0;
      let syy = 0;
      for (let i = 0; i < perBin; i++) {
        sxx += xt[i] * xt[i];
        sxy += xt[i] * ut[i];
        syy += ut[i] * ut[i];
      }
      C += (syy - (sxy * sxy) / sxx) / perBin / bins; // mean residual of the regression through 0
    }
    expect(Math.abs(C - Math.PI / 2)).toBeLessThan(0.02);
    expect(C).toBeCloseTo(1.571, 1);
  });

  // Backs (exercise "A likelihood without an ODE solver"): "log p_1(2) ≈ −0.696", "z_0 ≈ Φ⁻¹(0.75) ≈
  // 0.674", "∫₀¹ div u_t(z_t) dt ≈ −0.451", and "RK4 with 10 steps […] find the same z_0 and the same
  // integral, to four decimals" — on the continuity-equation widget's two-mode field (defaults a = 2, s = 0.4).
  it('two-mode field: log p₁(2) ≈ −0.696, z₀ ≈ 0.674, divergence integral ≈ −0.451', () => {
    const field = makeField('two-modes', { m: 2, s: 0.4, a: 2, c: 1.5, k: 1 });
    const logP1 = Math.log(field.density(2, 1));
    expect(logP1).toBeCloseTo(-0.696, 3);
    // F₁(2) by quadrature of the widget's exact density, then Φ⁻¹ by bisection.
    let F = 0;
    const lo = -8;
    const N = 20000;
    const dx = (2 - lo) / N;
    for (let i = 0; i < N; i++) F += field.density(lo + (i + 0.5) * dx, 1) * dx;
    expect(F).toBeCloseTo(0.75, 6);
    let a = -5;
    let b = 5;
    for (let i = 0; i < 80; i++) {
      const m = (a + b) / 2;
      if (normalCdf(m) < F) a = m;
      else b = m;
    }
    const zQuantile = (a + b) / 2;
    expect(zQuantile).toBeCloseTo(0.674, 3);
    const integral = Math.log(normalPdf(zQuantile)) - logP1;
    expect(integral).toBeCloseTo(-0.451, 3);
    const r = flowLogLikelihood(
      field.velocity,
      (z, n) => Float64Array.from(z.subarray(0, n), (v) => Math.log(normalPdf(v))),
      Float64Array.of(2),
      1,
      1,
      { method: 'rk4', steps: 10, divergence: { kind: 'exact' } },
    );
    expect(r.nfe).toBe(40);
    expect(Math.abs(r.z0[0] - zQuantile)).toBeLessThan(5e-5);
    const solvedIntegral = Math.log(normalPdf(r.z0[0])) - r.logLikelihood[0];
    expect(Math.abs(solvedIntegral - integral)).toBeLessThan(5e-5);
  });
});
