/**
 * Claims of chapter 7 (optimal-transport): the particle version of the Benamou–Brenier lower bound
 * (G11), the energy sandwich of the Jensen argument, and the numeric answers of its exercises, all
 * computed with the core (assignment / W₂, Sinkhorn, the Gaussian → Gaussian field, ODE solvers).
 */
import { describe, expect, it } from 'vitest';
import {
  Rng,
  getPath,
  integrate,
  pathEnergy,
  sinkhornLog,
  solveAssignment,
  squaredEuclideanCost,
  w2SquaredExact,
} from '../../../src/lib/core/index.ts';
import { gaussianConditionalVariance, gaussianMarginalVelocity, type GaussianLaw } from '../../../src/lib/core/gaussian-marginal.ts';
import { compareCoupling, makeBatch } from '../../../src/lib/engine/couplings/compare.ts';
import { couplingsSchema } from '../../../src/widgets/couplings-compared/schema.ts';

describe('Benamou–Brenier for finitely many particles (chapter 7, G11)', () => {
  // Backs Proposition "The lower bound for flows of finitely many particles": the energy of any family
  // of n piecewise-linear curves, (1/n) Σ ∫ ‖γᵢ′‖², is at least W₂² between their start and end point
  // sets, with equality for constant-speed segments along an optimal assignment.
  it('random polygonal particle flows never beat W₂²; straight optimal segments attain it', () => {
    const rng = new Rng(31);
    const n = 12;
    const d = 2;
    for (let trial = 0; trial < 20; trial++) {
      const start = Float64Array.from({ length: n * d }, () => rng.normal());
      const end = Float64Array.from({ length: n * d }, () => 2 + rng.normal());
      const perm = rng.permutation(n); // an arbitrary pairing of start and end points
      const legs = 1 + rng.int(4);
      // Curve i: start_i → (legs − 1 random waypoints) → end_{perm(i)}, legs of equal duration 1/legs,
      // so its energy is Σ_legs ‖Δ‖² · legs.
      let energy = 0;
      for (let i = 0; i < n; i++) {
        const pts: number[][] = [[start[d * i], start[d * i + 1]]];
        for (let w = 1; w < legs; w++) pts.push([3 * rng.normal(), 3 * rng.normal()]);
        pts.push([end[d * perm[i]], end[d * perm[i] + 1]]);
        for (let w = 0; w < legs; w++) energy += legs * ((pts[w + 1][0] - pts[w][0]) ** 2 + (pts[w + 1][1] - pts[w][1]) ** 2);
      }
      energy /= n;
      const w2sq = w2SquaredExact(start, end, n, d);
      expect(energy).toBeGreaterThanOrEqual(w2sq - 1e-9);
    }
    // Equality: straight constant-speed segments along the optimal assignment, measured on the flow.
    const a = Float64Array.from({ length: 2 * n }, () => rng.normal());
    const b = Float64Array.from({ length: 2 * n }, () => 2 + rng.normal());
    const assignment = solveAssignment(squaredEuclideanCost(a, n, b, n, 2), n);
    // Constant-speed segments on [0, 1]: energy ‖Δ‖² per particle; sampled as a 50-step trajectory.
    const frames = Array.from({ length: 51 }, (_, s) => {
      const f = new Float64Array(2 * n);
      for (let i = 0; i < n; i++)
        for (let k = 0; k < 2; k++) f[2 * i + k] = (1 - s / 50) * a[2 * i + k] + (s / 50) * b[2 * assignment[i] + k];
      return f;
    });
    expect(pathEnergy(frames, n, 2)).toBeCloseTo(w2SquaredExact(a, b, n, 2), 9);
  });
});

describe('the energy sandwich (chapter 7)', () => {
  // Backs (exercise "The price of independent pairs, in closed form"): "For d = 2, λ = 4: W₂² = 2,
  // 𝒜 = 2(5 − π) ≈ 3.717, and the conditional energy is 10." The marginal energy is measured on the
  // flow of the core's exact Gaussian field (path energy of RK4 trajectories), not from the formula.
  it('𝒩(0, I₂) → 𝒩(0, 4I₂), independent pairs: W₂² = 2 ≤ 𝒜 ≈ 3.717 ≤ 10', () => {
    const rect = getPath('rectified');
    const law: GaussianLaw = { mean: [0, 0], cov: [4, 0, 0, 4], d: 2 };
    const rng = new Rng(8);
    const m = 4000;
    const x0 = Float64Array.from({ length: 2 * m }, () => rng.normal());
    const res = integrate(
      (x, t, out) => {
        out.set(gaussianMarginalVelocity(rect, x, m, t, law));
      },
      x0,
      { method: 'rk4', steps: 200, trajectory: true, d: 2 },
    );
    const secondMoment = x0.reduce((s, v) => s + v * v, 0) / (2 * m);
    const energy = pathEnergy(res.trajectory!, m, 2) / secondMoment; // exact answer is linear in E x₀²
    expect(energy).toBeCloseTo(2 * (5 - Math.PI), 3);
    expect(Math.round(1000 * 2 * (5 - Math.PI)) / 1000).toBe(3.717);
    // The flow ends at the Brenier map x ↦ 2x, so the W₂² of the two laws is E‖2x₀ − x₀‖² = 2.
    let w2 = 0;
    for (let i = 0; i < 2 * m; i++) {
      expect(res.x[i]).toBeCloseTo(2 * x0[i], 8);
      w2 += (res.x[i] - x0[i]) ** 2 / m;
    }
    expect(w2 / secondMoment).toBeCloseTo(2, 8);
    // The conditional energy E‖x₁ − x₀‖² = d(λ + 1) = 10, and Jensen's gap is ∫ V = C.
    let c = 0;
    for (let i = 0; i < 20000; i++) c += gaussianConditionalVariance(rect, (i + 0.5) / 20000, law) / 20000;
    expect(10 - c).toBeCloseTo(2 * (5 - Math.PI), 6);
  });

  // Backs (exercise "Sinkhorn on two points"): "q = 1/(1 + e^{−2}) ≈ 0.881: 88% of the mass goes to the
  // optimal partner", from the core's log-domain Sinkhorn.
  it('Sinkhorn on {0, 1} × {0, 1} at η = 0.5 puts 0.881 of the mass on the optimal partners', () => {
    const x = Float64Array.of(0, 1);
    const cost = squaredEuclideanCost(x, 2, x, 2, 1);
    const plan = sinkhornLog(cost, 2, 2, 0.5).plan;
    const q = 2 * plan[0];
    expect(plan[0]).toBeCloseTo(plan[3], 8);
    expect(q).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(Math.round(1000 * q) / 1000).toBe(0.881);
  });
});

describe('the energy sandwich in the couplings-compared widget (chapter 7 exercise)', () => {
  // Backs (exercise "The sandwich in the widget"): "The widget shows a transport cost of 26.97 and a path
  // energy of 19.19 for independent pairs, and 14.82 and 14.75 for exact OT." Computed by the widget's
  // own comparison code at the schema's default settings.
  it('defaults: independent cost 26.97, energy 19.19; exact OT cost 14.82, energy 14.75', () => {
    const v = Object.fromEntries(Object.entries(couplingsSchema).map(([k, spec]) => [k, spec.default])) as Record<string, unknown>;
    expect([v.source, v.target, v.n, v.sigma, v.seed]).toEqual(['normal', '8gaussians', 48, 0.1, 1]);
    const batch = makeBatch(v.source as 'normal', v.target as '8gaussians', v.n as number, v.seed as number);
    const opts = { sigma: v.sigma as number, epsilon: v.eps as number, k: v.k as number, seed: v.seed as number };
    const ind = compareCoupling('independent', batch, opts);
    const ot = compareCoupling('exact-ot', batch, opts);
    const two = (x: number) => Math.round(100 * x) / 100;
    expect([two(ind.cost), two(ind.energy), two(ot.cost), two(ot.energy)]).toEqual([26.97, 19.19, 14.82, 14.75]);
    // The sandwich: W₂² (the OT cost, up to the blur) ≤ energy ≤ E_π‖x₁ − x₀‖² (the coupling's cost).
    expect(ind.energy).toBeLessThan(ind.cost);
    expect(ind.energy).toBeGreaterThan(ot.cost);
    expect(Math.abs(ot.energy - ot.cost)).toBeLessThan(0.01 * ot.cost);
  });
});
