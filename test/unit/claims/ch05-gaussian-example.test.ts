/**
 * Claims of chapter 5 (gaussian-paths) about the Gaussian → Gaussian example (G8), the conditional
 * variance over time V(t), and the schedule change, asserted on the core: gaussian-marginal.ts,
 * conditional-variance.ts, schedule-change.ts, with the finite-sample closed form (closed-form.ts)
 * and the ODE solvers as independent references.
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, integrate, marginalVelocity, pathEnergy, sampleDataset, type ConditionalPath } from '../../../src/lib/core/index.ts';
import { gaussianConditionalVariance, gaussianMarginalVelocity, type GaussianLaw } from '../../../src/lib/core/gaussian-marginal.ts';
import { conditionalVarianceCurve } from '../../../src/lib/core/conditional-variance.ts';
import { changedScheduleVelocity, scheduleChange } from '../../../src/lib/core/schedule-change.ts';
import { pathWithWidth, type PathName } from '../../../src/lib/core/paths.ts';
import { sampleMixture1D } from '../../../src/lib/core/theorem1-views.ts';
import { marginalTrajectories } from '../../../src/widgets/path-explorer/path-math.ts';
import { pathExplorerSchema } from '../../../src/widgets/path-explorer/schema.ts';

const d = 3;
const mean = [1, -0.5, 2];
const L = [1.2, 0, 0, 0.5, 0.7, 0, -0.3, 0.2, 0.4]; // Σ = L Lᵀ, a full (non-diagonal) covariance
const cov = new Array(9).fill(0);
for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) cov[i * 3 + j] += L[i * 3 + k] * L[j * 3 + k];
const law: GaussianLaw = { mean, cov, d };

function sampleLaw(n: number, rng: Rng): Float64Array {
  const out = new Float64Array(n * d);
  for (let q = 0; q < n; q++) {
    const z = [rng.normal(), rng.normal(), rng.normal()];
    for (let i = 0; i < d; i++) {
      let s = mean[i];
      for (let k = 0; k < d; k++) s += L[i * d + k] * z[k];
      out[q * d + i] = s;
    }
  }
  return out;
}

describe('Gaussian → Gaussian: the exact marginal field (chapter 5, G8)', () => {
  // Backs: "A claims test draws data from 𝒩(m, Σ) in d = 3 and checks that the posterior-weighted
  // average of (eq-softmax-weights), evaluated on those samples, approaches this exact field as the
  // number of samples grows, at the rate 1/√n of a Monte-Carlo average."
  it('the softmax field on n samples of 𝒩(m, Σ) approaches the exact field like 1/√n', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const error = (n: number, t: number) => {
      const rng = new Rng(3);
      const targets = sampleLaw(n, rng.fork());
      const probe = rng.fork();
      const m = 200;
      const x1 = sampleLaw(m, probe);
      const x = new Float64Array(m * d);
      for (let i = 0; i < m * d; i++) x[i] = t * x1[i] + (1 - t) * probe.normal(); // points drawn from p_t
      const empirical = marginalVelocity(path, x, m, t, targets, n, d);
      const exact = gaussianMarginalVelocity(path, x, m, t, law);
      let e = 0;
      let s = 0;
      for (let i = 0; i < m * d; i++) {
        e += (empirical[i] - exact[i]) ** 2;
        s += exact[i] ** 2;
      }
      return Math.sqrt(e / s);
    };
    for (const t of [0.25, 0.5, 0.75]) {
      const coarse = error(2000, t);
      const fine = error(32000, t);
      expect(fine).toBeLessThan(0.04);
      // 16 times the samples: the error falls by about √16 = 4 (at least 2.5 here).
      expect(coarse / fine).toBeGreaterThan(2.5);
    }
  });

  // Backs: "At t = 1, ψ₁(x₀) = m + Σ^{1/2} x₀ … the optimal transport map" and "the coordinate … moves
  // as t m_λ + √(t²λ + (1 − t)²) x₀,λ": integrating the exact field lands on the Brenier map, and
  // the trajectory follows (eq-gaussian-flow), which is not affine in t.
  it('the flow of the exact field is t m + (t²Σ + (1 − t)² I)^{1/2} x₀, ending at the Brenier map', () => {
    const lambda = [4, 0.25];
    const diag: GaussianLaw = { mean: [0.5, -1], cov: [lambda[0], 0, 0, lambda[1]], d: 2 };
    const path = getPath('ot', { sigmaMin: 0 });
    const x0 = Float64Array.of(0.8, -1.3, -0.4, 0.6);
    const field = (x: Float64Array, t: number, out: Float64Array) => {
      out.set(gaussianMarginalVelocity(path, x, 2, t, diag));
    };
    const res = integrate(field, x0, { method: 'rk4', steps: 400, trajectory: true, d: 2 });
    for (let q = 0; q < 2; q++)
      for (let k = 0; k < 2; k++) {
        expect(res.x[2 * q + k]).toBeCloseTo(diag.mean[k] + Math.sqrt(lambda[k]) * x0[2 * q + k], 8);
        const mid = res.trajectory![200][2 * q + k];
        expect(mid).toBeCloseTo(0.5 * diag.mean[k] + Math.sqrt(0.25 * lambda[k] + 0.25) * x0[2 * q + k], 8);
        // Not the straight segment from x₀ to ψ₁(x₀):
        expect(Math.abs(mid - 0.5 * (x0[2 * q + k] + res.x[2 * q + k]))).toBeGreaterThan(0.01);
      }
  });
});

describe('the conditional variance over time (chapter 5)', () => {
  const rect = getPath('rectified');
  // Backs (eq-gaussian-variance-curve): "V(t) = Σ λ_k/(λ_k t² + (1 − t)²), C = (π/2) tr Σ^{1/2}" and
  // "The term of eigenvalue λ > 0 rises from λ at t = 0 to its maximum 1 + λ at t = 1/(1 + λ) and
  // falls to 1 at t = 1."
  it('the core’s V(t) is Σ λ/(λt² + (1 − t)²), peaks at 1/(1 + λ) and integrates to (π/2) tr Σ^{1/2}', () => {
    const lambda = 4;
    const one: GaussianLaw = { mean: [0.3], cov: [lambda], d: 1 };
    for (const t of [0, 0.1, 0.2, 0.5, 0.9, 1]) {
      expect(gaussianConditionalVariance(rect, t, one)).toBeCloseTo(lambda / (lambda * t * t + (1 - t) ** 2), 10);
    }
    const grid = Array.from({ length: 1001 }, (_, i) => i / 1000);
    const values = grid.map((t) => gaussianConditionalVariance(rect, t, one));
    const peak = values.indexOf(Math.max(...values));
    expect(grid[peak]).toBeCloseTo(1 / (1 + lambda), 3);
    expect(values[peak]).toBeCloseTo(1 + lambda, 6);
    expect(values[0]).toBeCloseTo(lambda, 10);
    expect(values[1000]).toBeCloseTo(1, 10);
    // C for the full 3 × 3 Σ of the example, by the midpoint rule, against (π/2) Σ √λ_k = (π/2) tr Σ^{1/2}:
    // tr Σ^{1/2} is computed independently as the sum of the singular values of L (Σ = L Lᵀ).
    let c = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) c += gaussianConditionalVariance(rect, (i + 0.5) / n, law) / n;
    expect(c).toBeCloseTo((Math.PI / 2) * traceSqrtFromFactor(L, 3), 4);
  });

  // Backs: "At t = 0 … V(0) = tr Σ. At t = 1 … V(1) = d." and that the Monte-Carlo estimator of the
  // core agrees with the exact curve on Gaussian data.
  it('the Monte-Carlo V(t) on samples of 𝒩(m, Σ) matches the exact curve', () => {
    const rng = new Rng(11);
    const targets = sampleLaw(4000, rng.fork());
    const times = [0, 0.3, 0.6];
    const curve = conditionalVarianceCurve(rect, times, targets, 4000, d, 3000, rng.fork());
    times.forEach((t, k) => {
      const exact = gaussianConditionalVariance(rect, t, law);
      expect(Math.abs(curve[k].mean - exact)).toBeLessThan(4 * curve[k].se + 0.05 * exact);
    });
    expect(gaussianConditionalVariance(rect, 0, law)).toBeCloseTo(cov[0] + cov[4] + cov[8], 10);
    expect(gaussianConditionalVariance(rect, 1, law)).toBeCloseTo(d, 10);
  });

  // Backs: "For 256 points of the moons data set and a standard Gaussian source, with the straight path,
  // the estimate rises from about tr Cov(x₁) to a peak between t = 0.1 and t = 0.2 and then falls
  // towards 0 as t → 1."
  it('moons (256 points): V(t) starts at tr Cov(x₁), peaks between t = 0.1 and 0.2, and falls towards 0', () => {
    const rng = new Rng(1);
    const n = 256;
    const targets = sampleDataset('moons', n, rng.fork());
    let traceCov = 0;
    for (let k = 0; k < 2; k++) {
      let m = 0;
      for (let i = 0; i < n; i++) m += targets[2 * i + k] / n;
      for (let i = 0; i < n; i++) traceCov += (targets[2 * i + k] - m) ** 2 / n;
    }
    const times = Array.from({ length: 21 }, (_, i) => Math.min(i / 20, 0.99));
    const curve = conditionalVarianceCurve(rect, times, targets, n, 2, 6000, rng.fork());
    expect(Math.abs(curve[0].mean - traceCov)).toBeLessThan(4 * curve[0].se);
    const means = curve.map((c) => c.mean);
    const peak = means.indexOf(Math.max(...means));
    expect(times[peak]).toBeGreaterThanOrEqual(0.1);
    expect(times[peak]).toBeLessThanOrEqual(0.2);
    expect(means[peak]).toBeGreaterThan(curve[0].mean + 4 * curve[0].se);
    expect(means[20]).toBeLessThan(0.1 * means[peak]); // t = 0.99
    expect(means[20]).toBeLessThan(means[16]); // still falling after t = 0.8
  });
});

/** tr (L Lᵀ)^{1/2} = sum of the singular values of L, from the eigenvalues of LᵀL by Jacobi rotations. */
function traceSqrtFromFactor(l: number[], n: number): number {
  const a = new Array(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) for (let k = 0; k < n; k++) a[i * n + j] += l[k * n + i] * l[k * n + j];
  for (let sweep = 0; sweep < 50; sweep++) {
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p * n + q]) < 1e-15) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          // rotate columns p, q
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          // rotate rows p, q
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
      }
  }
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.sqrt(Math.max(0, a[i * n + i]));
  return s;
}

describe('all affine schedules are one schedule (chapter 5)', () => {
  // Backs: "every VP marginal field is a conical one, re-timed and rescaled" with "r = snr/(1 + snr) and
  // k = … = α + √(1 − α²)", and (eq-schedule-change), checked on the core's closed forms.
  it('the VP field equals (k′/k) x + k r′ u^cone_r(x/k) for a finite data set', () => {
    const vp = getPath('vp');
    const cone = getPath('ot', { sigmaMin: 0 });
    const rng = new Rng(6);
    const targets = sampleDataset('8gaussians', 12, rng.fork());
    const x = Float64Array.from({ length: 20 }, () => 2 * rng.normal());
    for (const t of [0.05, 0.3, 0.6, 0.9, 0.99]) {
      const { a } = vp.coefficients(t);
      const rho = a / Math.sqrt(1 - a * a);
      const ch = scheduleChange(cone, vp, t);
      expect(ch.r).toBeCloseTo(rho / (1 + rho), 10);
      expect(ch.k).toBeCloseTo(a + Math.sqrt(1 - a * a), 10);
      // r′ and k′ against central differences.
      const h = 1e-6;
      const lo = scheduleChange(cone, vp, t - h);
      const hi = scheduleChange(cone, vp, t + h);
      expect(ch.dr).toBeCloseTo((hi.r - lo.r) / (2 * h), 4);
      expect(ch.dk).toBeCloseTo((hi.k - lo.k) / (2 * h), 4);
      const direct = marginalVelocity(vp, x, 10, t, targets, 12, 2);
      const viaCone = changedScheduleVelocity(cone, vp, t, x, (y, r) => marginalVelocity(cone, y, 10, r, targets, 12, 2));
      for (let i = 0; i < x.length; i++) expect(viaCone[i]).toBeCloseTo(direct[i], 6);
    }
  });

  // Backs exercise "The cosine schedule is the conical one": r = sin/(sin + cos), k = sin + cos,
  // r′ = π/(2k²).
  it('cosine schedule: r = sin/(sin + cos), k = sin + cos, r′ = π/(2k²)', () => {
    const cosine: ConditionalPath = {
      ...getPath('ot', { sigmaMin: 0 }),
      name: 'ot',
      label: 'cosine',
      tMin: 0,
      tMax: 1 - 1e-9,
      coefficients: (t) => {
        const a = Math.sin((Math.PI / 2) * t);
        const b = Math.cos((Math.PI / 2) * t);
        return { a, b, c: 0, da: (Math.PI / 2) * b, db: -(Math.PI / 2) * a, dc: 0 };
      },
    };
    const cone = getPath('ot', { sigmaMin: 0 });
    for (const t of [0.1, 0.4, 0.7, 0.95]) {
      const sn = Math.sin((Math.PI / 2) * t);
      const cs = Math.cos((Math.PI / 2) * t);
      const ch = scheduleChange(cone, cosine, t);
      expect(ch.r).toBeCloseTo(sn / (sn + cs), 10);
      expect(ch.k).toBeCloseTo(sn + cs, 10);
      expect(ch.dr).toBeCloseTo(Math.PI / (2 * (sn + cs) ** 2), 8);
      expect(ch.dk).toBeCloseTo((Math.PI / 2) * (cs - sn), 8);
    }
  });
});

describe('exercises of chapter 5', () => {
  // Backs (exercise "Half the way in a tenth of the time"): "the fraction is (10 − 5.012)/9.99 ≈ 0.499".
  it('VE (σ_min = 0.01, σ_max = 10): 0.499 of the way by t = 0.1', () => {
    const ve = getPath('ve', { sigmaMin: 0.01, sigmaMax: 10 });
    const s = (t: number) => ve.coefficients(t).b; // σ_t = s(1 − t)
    const fraction = (s(0) - s(0.1)) / (s(0) - s(1));
    expect(Math.round(1000 * fraction) / 1000).toBe(0.499);
    expect(Math.round(1000 * s(0.1)) / 1000).toBe(5.012);
  });

  // Backs (exercise "How far from noise does VP start?"): "α² = e^{−10.05} ≈ 4.3 × 10⁻⁵, and the bound
  // is … ≈ 0.066 nats per image".
  it('VP: KL(p₀(·|x₁) ‖ 𝒩(0, I)) ≤ −(d/2) log(1 − α²) ≈ 0.066 for CIFAR-10', () => {
    const { a } = getPath('vp').coefficients(0);
    expect(Math.round(1e6 * a * a) / 10).toBe(4.3);
    const dim = 3072;
    const kl = (normSq: number) => 0.5 * (a * a * normSq - dim * a * a - dim * Math.log(1 - a * a));
    const bound = -0.5 * dim * Math.log(1 - a * a);
    expect(Math.round(1000 * bound) / 1000).toBe(0.066);
    expect(kl(dim)).toBeCloseTo(bound, 12); // the worst case ‖x₁‖² = d attains it
    expect(kl(0)).toBeLessThan(bound);
  });

  // Backs (exercise "When are the targets noisiest?"): "largest at t = 1/(1 + λ) = 0.2 with value
  // 2(1 + λ) = 10, and C = … = 2π ≈ 6.28".
  it('𝒩(0, I₂) → 𝒩(0, 4I₂): V peaks at t = 0.2 with value 10, and C ≈ 6.28', () => {
    const rect = getPath('rectified');
    const four: GaussianLaw = { mean: [0, 0], cov: [4, 0, 0, 4], d: 2 };
    const grid = Array.from({ length: 1001 }, (_, i) => i / 1000);
    const values = grid.map((t) => gaussianConditionalVariance(rect, t, four));
    const peak = values.indexOf(Math.max(...values));
    expect(grid[peak]).toBe(0.2);
    expect(values[peak]).toBeCloseTo(10, 10);
    let c = 0;
    for (let i = 0; i < 20000; i++) c += gaussianConditionalVariance(rect, (i + 0.5) / 20000, four) / 20000;
    expect(Math.round(100 * c) / 100).toBe(6.28);
  });

  // Backs (exercise "Noise to noise"): "the marginal energy is d(2 − π/2)" with "2 − π/2 ≈ 0.429", while
  // "E‖x₁ − x₀‖² = 2d", difference dπ/2 = C: measured on the flow of the exact field (core path energy).
  it('𝒩(0, I) → 𝒩(0, I): the marginal flow’s energy is d(2 − π/2) ≈ 0.429 d', () => {
    const rect = getPath('rectified');
    const id: GaussianLaw = { mean: [0, 0], cov: [1, 0, 0, 1], d: 2 };
    const rng = new Rng(2);
    const m = 4000;
    const x0 = Float64Array.from({ length: 2 * m }, () => rng.normal());
    const res = integrate(
      (x, t, out) => {
        out.set(gaussianMarginalVelocity(rect, x, m, t, id));
      },
      x0,
      { method: 'rk4', steps: 200, trajectory: true, d: 2 },
    );
    // pathEnergy: mean over particles of Σ ‖Δx‖²/Δt (per particle, all coordinates).
    const energyPerDim = pathEnergy(res.trajectory!, m, 2) / 2;
    const secondMoment = x0.reduce((s, v) => s + v * v, 0) / (2 * m); // the exact answer scales with E x₀²
    expect(energyPerDim / secondMoment).toBeCloseTo(2 - Math.PI / 2, 3);
    expect(Math.round(1000 * (2 - Math.PI / 2)) / 1000).toBe(0.429);
    let c = 0;
    for (let i = 0; i < 20000; i++) c += gaussianConditionalVariance(rect, (i + 0.5) / 20000, id) / 20000;
    expect(2 * 2 - c).toBeCloseTo(2 * (2 - Math.PI / 2), 6);
  });
});

describe('the path explorer exercise (chapter 5)', () => {
  // Backs (exercise "Find the σ at which OT beats the arc"): "The trigonometric path reads 0.675. The OT
  // path reads 0.712 at σ_min = 0.1 … 0.676 at σ_min = 0.15, 0.669 at σ_min = 0.16. So from
  // σ_min = 0.16 on, OT is the straighter of the two." Computed with the widget's own trajectory code at
  // the schema's defaults, scanning the σ slider in its steps of 0.01.
  it('OT becomes straighter than the trigonometric path from σ_min = 0.16 on', () => {
    const v = Object.fromEntries(Object.entries(pathExplorerSchema).map(([k, spec]) => [k, spec.default])) as Record<string, unknown>;
    const k = v.k as number;
    const seed = v.seed as number;
    const targets = sampleMixture1D(k, seed);
    const straightnessOf = (name: PathName, sigma: number) =>
      marginalTrajectories(pathWithWidth(name, sigma), targets, k, 1, v.nTraj as number, seed, v.solver as 'rk4', v.steps as number)
        .straightness;
    const three = (x: number) => Math.round(1000 * x) / 1000;
    const trig = straightnessOf('trig', 0.1);
    expect(three(trig)).toBe(0.675);
    expect(three(straightnessOf('trig', 0.5))).toBe(0.675); // no σ in the trigonometric path
    expect(three(straightnessOf('ot', 0.1))).toBe(0.712);
    expect(three(straightnessOf('ot', 0.15))).toBe(0.676);
    expect(three(straightnessOf('ot', 0.16))).toBe(0.669);
    let first = Number.NaN;
    for (let s = 1; s <= 100; s++) {
      if (straightnessOf('ot', s / 100) < trig) {
        first = s / 100;
        break;
      }
    }
    expect(first).toBe(0.16);
  });
});
