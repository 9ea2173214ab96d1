/**
 * Claims of chapter 5 (gaussian-paths), asserted on the core's conditional paths and ODE solvers.
 */
import { describe, expect, it } from 'vitest';
import { Rng, getPath, integrate, marginalVelocity, type PathName } from '../../../src/lib/core/index.ts';
import { conditionalPathThrough } from '../../../src/lib/core/index.ts';
import { conditionalBand } from '../../../src/widgets/path-explorer/path-math.ts';

/** Largest distance of the points of a sampled curve (m × 1) from the chord between its ends, relative to its length. */
function deviationFromChord(ts: number[], ys: number[]): number {
  const n = ts.length;
  const slope = (ys[n - 1] - ys[0]) / (ts[n - 1] - ts[0]);
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(ys[0] + slope * (ts[i] - ts[0]) - ys[i]));
  return worst / (Math.abs(ys[n - 1] - ys[0]) + 1e-12);
}

describe('conditional paths (chapter 5)', () => {
  // Backs (chapter 5, comparison table): rectified and I-CFM rows "straight, constant speed"; the mean
  // of SB's conditional Gaussian moves on the same segment (its trajectories bend through the noise
  // term, tested below).
  for (const name of ['rectified', 'icfm', 'sb'] as PathName[]) {
    it(`${name}: the conditional mean path t ↦ μ_t(x₀, x₁) is a straight line at constant speed`, () => {
      const path = getPath(name, { sigma: 0.2 });
      const ts = Array.from({ length: 21 }, (_, i) => path.tMin + ((path.tMax - path.tMin) * i) / 20);
      const mean = ts.map((t) => conditionalBand(path, -1.3, 2.1, t).mean);
      expect(deviationFromChord(ts, mean)).toBeLessThan(1e-12);
      for (const t of ts) {
        const { da, db } = path.coefficients(t);
        expect(da * 2.1 + db * -1.3).toBeCloseTo(2.1 - -1.3, 10);
      }
    });
  }
  // Backs (chapter 5): rectified "straight, constant speed", for the path through any (x, t).
  it('rectified: the conditional path through any (x, t) is the straight segment from x₀ to x₁', () => {
    const path = getPath('rectified');
    const ts = Array.from({ length: 11 }, (_, i) => i / 10);
    const curve = conditionalPathThrough(path, Float64Array.of(0.4), 0.3, Float64Array.of(2), 1, ts);
    expect(deviationFromChord(ts, Array.from(curve))).toBeLessThan(1e-10);
    expect(curve[10]).toBeCloseTo(2, 10);
  });
  // Backs (chapter 5): "Each conditional trajectory ψ_t(x₀ | x₁) = (1−(1−σ_min)t)x₀ + t x₁ is a straight
  // segment run at constant speed".
  it('OT (one-sided): the conditional flow through (x, t) is a straight line ending at x₁ (σ_min = 0)', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const ts = Array.from({ length: 11 }, (_, i) => (0.999 * i) / 10);
    const curve = conditionalPathThrough(path, Float64Array.of(-0.7), 0.4, Float64Array.of(1.5), 1, ts);
    expect(deviationFromChord(ts, Array.from(curve))).toBeLessThan(1e-9);
  });
  // Backs (chapter 5): "The diffusion rows, the Schrödinger bridge and the trigonometric path do not:
  // VE is straight but slows down, and the others bend."
  it('VP: the conditional mean path is curved', () => {
    const path = getPath('vp');
    const ts = Array.from({ length: 21 }, (_, i) => path.tMin + ((path.tMax - path.tMin) * i) / 20);
    const mean = ts.map((t) => conditionalBand(path, 0, 2, t).mean);
    expect(deviationFromChord(ts, mean)).toBeGreaterThan(0.05);
    const traj = conditionalPathThrough(path, Float64Array.of(0.3), 0.5, Float64Array.of(2), 1, ts);
    expect(deviationFromChord(ts, Array.from(traj))).toBeGreaterThan(0.05);
  });

  // Backs (chapter 5 summary): "the variance-preserving diffusion paths (and why the latter is not
  // defined at t = 1)".
  it('VP is used on a domain that stops short of t = 1', () => {
    expect(getPath('vp').tMax).toBeLessThan(1);
  });

  // Backs (chapter 5): "A particle at x at time t that must reach x₁ at time 1 in a straight line at
  // constant speed […] Its velocity is therefore (x₁−x)/(1−t), and it points towards the data point.
  it('the conical velocity (x₁ − x)/(1 − t) transports any x₀ to x₁ by t = 1', () => {
    const x1 = Float64Array.of(1.5, -2, 0.25, 3);
    const x0 = Float64Array.of(-1, 0.5, 2, -3);
    const conical = (x: Float64Array, t: number, out: Float64Array) => {
      for (let i = 0; i < x.length; i++) out[i] = (x1[i] - x[i]) / (1 - t);
    };
    const tEnd = 1 - 1e-9;
    const res = integrate(conical, x0, { method: 'rk4', steps: 200, t0: 0, t1: tEnd, d: 1 });
    for (let i = 0; i < 4; i++) expect(res.x[i]).toBeCloseTo(x1[i], 6);
    // Its flow is x_t = (1 − t) x₀ + t x₁: at t = 1/2 the point is half-way.
    const half = integrate(conical, x0, { method: 'rk4', steps: 50, t0: 0, t1: 0.5, d: 1 });
    for (let i = 0; i < 4; i++) expect(half.x[i]).toBeCloseTo(0.5 * (x0[i] + x1[i]), 8);
  });

  // Backs: "u_t(x | x₁) = (σ'_t/σ_t)(x − μ_t) + μ'_t" and, for the OT path with σ_min = 0, that it is
  // the conical velocity.
  it('OT conditional velocity with σ_min = 0 equals the conical velocity', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const curve = conditionalPathThrough(path, Float64Array.of(0.2), 0.35, Float64Array.of(-1.4), 1, [0.35, 0.35 + 1e-6]);
    const fd = (curve[1] - curve[0]) / 1e-6;
    expect(fd).toBeCloseTo((-1.4 - 0.2) / (1 - 0.35), 4);
  });
});

describe('VE and the closed-form minimiser (chapters 5 and 6)', () => {
  // Backs: "The trajectory t ↦ ψ_t(ε | x₁) = x₁ + s(1−t) ε is a straight segment towards x₁" and, for
  // the geometric s (the core's VE), "the trajectory is then run at a decaying speed, fast at first and
  // slow at the end".
  it('VE: conditional trajectories are straight but slow down', () => {
    const path = getPath('ve');
    const ts = Array.from({ length: 41 }, (_, i) => i / 40);
    const curve = conditionalPathThrough(path, Float64Array.of(3), 0, Float64Array.of(1), 1, ts);
    // Straight in space (1D: monotone towards x₁ without overshoot) …
    for (let i = 1; i < ts.length; i++) expect(Math.abs(curve[i] - 1)).toBeLessThanOrEqual(Math.abs(curve[i - 1] - 1) + 1e-12);
    // … but not at constant speed: the first tenth of the time covers most of the way.
    const covered = (curve[0] - curve[4]) / (curve[0] - curve[40]);
    expect(covered).toBeGreaterThan(0.3);
    expect(deviationFromChord(ts, Array.from(curve))).toBeGreaterThan(0.2);
  });

  // Backs: "So the exact solution of the training problem is a memoriser: every sample it produces
  // is a training point, or a training point plus noise of size σ_min."
  it('samples of the closed-form field on a finite data set land on the training points', () => {
    const sigmaMin = 1e-3;
    const path = getPath('ot', { sigmaMin });
    const data = Float64Array.of(-2, 1, 0.5, -1.5, 2.5, 2, 1, 0);
    const k = 4;
    const rng = new Rng(8);
    const m = 50;
    const x0 = new Float64Array(2 * m);
    for (let i = 0; i < 2 * m; i++) x0[i] = rng.normal();
    const end = integrate(
      (x, t, out) => {
        out.set(marginalVelocity(path, x, m, t, data, k, 2));
      },
      x0,
      { method: 'rk4', steps: 400 },
    ).x;
    for (let q = 0; q < m; q++) {
      let best = Infinity;
      for (let j = 0; j < k; j++) best = Math.min(best, Math.hypot(end[2 * q] - data[2 * j], end[2 * q + 1] - data[2 * j + 1]));
      expect(best).toBeLessThan(10 * sigmaMin);
    }
  });
});

describe('the comparison table of chapter 5', () => {
  // Backs: "The OT, conical, rectified and I-CFM rows make each conditional trajectory straight and run
  // it at constant speed. The diffusion rows, the Schrödinger bridge and the trigonometric path do not:
  // VE is straight but slows down, and the others bend." (trajectory t ↦ a x₁ + b x₀ + c ε, fixed ε)
  const traj = (name: PathName, eps: number) => {
    const path = getPath(name, { sigma: 0.5 });
    const ts = Array.from({ length: 41 }, (_, i) => path.tMin + ((path.tMax - path.tMin) * i) / 40);
    const xs = ts.map((t) => {
      const { a, b, c } = path.coefficients(t);
      return a * 2 + b * -1 + c * eps;
    });
    return deviationFromChord(ts, xs);
  };
  it('rectified and I-CFM: straight at constant speed for any fixed ε', () => {
    expect(traj('rectified', 0.7)).toBeLessThan(1e-12);
    expect(traj('icfm', 0.7)).toBeLessThan(1e-12);
  });
  it('Schrödinger bridge and trigonometric trajectories bend', () => {
    expect(traj('sb', 0.7)).toBeGreaterThan(0.02);
    expect(traj('trig', 0)).toBeGreaterThan(0.05);
  });
});
