/**
 * Claims of chapters 6–7 (design-choices, optimal-transport) about couplings, asserted on the core
 * (couplings, ODE solvers, metrics) and on the exact pair-mixture field of couplings-compared.
 */
import { describe, expect, it } from 'vitest';
import {
  Rng,
  couple,
  getPath,
  integrate,
  marginalVelocity,
  sampleDataset,
  sinkhornLog,
  solveAssignment,
  squaredEuclideanCost,
} from '../../../src/lib/core/index.ts';
import { countCrossings, countImprovingSwaps } from '../../../src/lib/core/index.ts';
import { compareCoupling, makeBatch } from '../../../src/lib/engine/couplings/compare.ts';

function uniformSquare(n: number, rng: Rng): Float64Array {
  const out = new Float64Array(2 * n);
  for (let i = 0; i < 2 * n; i++) out[i] = 4 * rng.uniform() - 2;
  return out;
}

describe('optimal couplings (chapter 7)', () => {
  // Backs (chapter 7): Proposition "Optimal segments never meet at the same time", and "Independent
  // pairs cross everywhere. Optimal pairs cross far less". For the squared cost an optimal assignment is
  // cyclically monotone: no swap of two pairs lowers the cost, ⟨x₀ⁱ − x₀ʲ, x₁ⁱ − x₁ʲ⟩ ≥ 0, hence two
  // particles moving at constant speed along their segments never meet (same place, same time).
  // As sets the segments cross far less often than independent pairings — but not never (see below).
  it('exact-OT pairings admit no improving swap and cross far less than independent pairings', () => {
    let otCross = 0;
    let indCross = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const rng = new Rng(seed);
      const n = 40;
      const a = uniformSquare(n, rng);
      const b = uniformSquare(n, rng);
      const ot = couple('exact-ot', a, b, n, 2, rng.fork());
      expect(countImprovingSwaps(ot.x0, ot.x1, n, 2)).toBe(0);
      const ind = couple('independent', a, b, n, 2, rng.fork());
      expect(countImprovingSwaps(ind.x0, ind.x1, n, 2)).toBeGreaterThan(100);
      otCross += countCrossings(ot.x0, ot.x1, n);
      indCross += countCrossings(ind.x0, ind.x1, n);
      // No two OT particles are ever at the same place at the same time: with Δ₀ = x₀ⁱ − x₀ʲ and
      // Δ₁ = x₁ⁱ − x₁ʲ, ‖(1 − t)Δ₀ + tΔ₁‖² = (1 − t)²‖Δ₀‖² + t²‖Δ₁‖² + 2t(1 − t)⟨Δ₀, Δ₁⟩ > 0.
      let closest = Infinity;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          for (let s = 1; s < 50; s++) {
            const t = s / 50;
            const dx = (1 - t) * (ot.x0[2 * i] - ot.x0[2 * j]) + t * (ot.x1[2 * i] - ot.x1[2 * j]);
            const dy = (1 - t) * (ot.x0[2 * i + 1] - ot.x0[2 * j + 1]) + t * (ot.x1[2 * i + 1] - ot.x1[2 * j + 1]);
            closest = Math.min(closest, Math.hypot(dx, dy));
          }
        }
      expect(closest).toBeGreaterThan(1e-3);
    }
    expect(otCross).toBeLessThan(0.1 * indCross);
    expect(indCross).toBeGreaterThan(8 * 100);
  });

  // Backs (chapter 7): "Drawn in the plane, two optimal segments can cross as lines, with one particle
  // passing the crossing point earlier than the other." Quadratic-cost OT segments may cross as sets (at a
  // shallow angle), because optimality for ‖·‖² only forbids improving swaps, not crossings.
  it('a crossing pair of segments can be optimal for the squared cost (two-point example)', () => {
    const th = 0.1;
    const v = [Math.cos(th), Math.sin(th)];
    const x0 = Float64Array.of(-1, 0, -5 * v[0], -5 * v[1]);
    const x1 = Float64Array.of(10, 0, v[0], v[1]);
    const cost = squaredEuclideanCost(x0, 2, x1, 2, 2);
    const assign = solveAssignment(cost, 2);
    expect(Array.from(assign)).toEqual([0, 1]);
    expect(countCrossings(x0, x1, 2)).toBe(1);
  });

  it('the crossing counter counts hand-made cases', () => {
    // An X (one crossing) and two parallel segments (none).
    expect(countCrossings(Float64Array.of(0, 0, 0, 1), Float64Array.of(1, 1, 1, 0), 2)).toBe(1);
    expect(countCrossings(Float64Array.of(0, 0, 0, 1), Float64Array.of(1, 0, 1, 1), 2)).toBe(0);
  });

  // Backs (chapter 7): "as η→0 the plan approaches an optimal assignment" — measured by its cost.
  it('the Sinkhorn plan cost tends to the exact OT cost as ε → 0', () => {
    const rng = new Rng(3);
    const n = 32;
    const a = sampleDataset('normal', n, rng.fork());
    const b = sampleDataset('moons', n, rng.fork());
    const cost = squaredEuclideanCost(a, n, b, n, 2);
    const assign = solveAssignment(cost, n);
    let exact = 0;
    for (let i = 0; i < n; i++) exact += cost[i * n + assign[i]] / n;
    const gaps: number[] = [];
    for (const eps of [2, 0.5, 0.1, 0.02]) {
      const plan = sinkhornLog(cost, n, n, eps).plan;
      let c = 0;
      let mass = 0;
      for (let i = 0; i < n * n; i++) {
        c += plan[i] * cost[i];
        mass += plan[i];
      }
      expect(mass).toBeCloseTo(1, 6);
      gaps.push(c - exact);
    }
    for (const g of gaps) expect(g).toBeGreaterThan(-1e-6); // exact is optimal
    for (let i = 1; i < gaps.length; i++) expect(gaps[i]).toBeLessThan(gaps[i - 1] + 1e-9);
    expect(gaps[gaps.length - 1]).toBeLessThan(0.02 * exact);
    expect(gaps[0]).toBeGreaterThan(0.05 * exact);
  });
});

describe('OT coupling gives straighter, cheaper flows (chapter 7, couplings compared)', () => {
  const cases = [
    { source: 'normal', target: '8gaussians', seed: 1 },
    { source: 'normal', target: 'moons', seed: 2 },
    { source: '8gaussians', target: 'moons', seed: 3 },
  ] as const;
  for (const c of cases) {
    const batch = makeBatch(c.source, c.target, 48, c.seed);
    const opts = { sigma: 0.1, epsilon: 0.5, k: 1, seed: c.seed };
    const ind = compareCoupling('independent', batch, opts);
    const ot = compareCoupling('exact-ot', batch, opts);
    const sk = compareCoupling('sinkhorn', batch, opts);

    // Backs (chapter 7): minibatch OT-CFM gives "straighter learned flows, lower kinetic energy and
    // lower-variance regression targets than the independent coupling" — here the kinetic energy.
    it(`${c.source} → ${c.target}: OT has lower transport cost and path energy than independent`, () => {
      expect(ot.cost).toBeLessThan(0.8 * ind.cost);
      expect(ot.energy).toBeLessThan(0.95 * ind.energy);
      expect(sk.cost).toBeLessThan(ind.cost);
      expect(ot.swaps).toBe(0);
      expect(ot.crossings).toBeLessThan(0.25 * ind.crossings);
    });

    // Backs (chapter 7): "… straighter learned flows …" (Liu et al.'s straightness of the trajectories).
    it(`${c.source} → ${c.target}: OT trajectories are straighter than independent ones`, () => {
      expect(ot.straightness).toBeLessThan(0.5 * ind.straightness);
    });

    // Backs (chapter 7): "Still, the straighter it is, the fewer steps it needs": after k = 1 or 2 Euler
    // steps the OT coupling's samples are closer to the target (W₂).
    it(`${c.source} → ${c.target}: after k = 1 and k = 2 Euler steps OT samples are closer to the target (W₂)`, () => {
      expect(ot.w2).toBeLessThan(0.7 * ind.w2);
      const ot2 = compareCoupling('exact-ot', batch, { ...opts, k: 2 });
      const ind2 = compareCoupling('independent', batch, { ...opts, k: 2 });
      expect(ot2.w2).toBeLessThan(ind2.w2);
    });
  }
});

describe('CFM un-mixes even bad couplings (chapter 6)', () => {
  // Backs (chapter 6): "What it cannot change are the laws at the two ends. … the flow carries the
  // marginal at t = 0 to the marginal at t = 1 … these are the blurred laws p₀ * 𝒩(0, σ²I) and
  // p₁ * 𝒩(0, σ²I)". With the independent coupling (every source paired with every target), the exact
  // field of the I-CFM path carries (1/n) Σ 𝒩(x₀ⁱ, σ²I) onto (1/n) Σ 𝒩(x₁ʲ, σ²I): every target
  // receives its share 1/n of the mass, and every sample ends near a target. (The blurred law itself
  // is checked against its distribution function in ch06-blurred-endpoints.test.ts.)
  it("the independent coupling's exact field sends the blurred p₀ to the blurred p₁ (mass 1/n per target)", () => {
    const n = 8;
    const sigma = 0.1;
    const rng = new Rng(21);
    const src = sampleDataset('normal', n, rng.fork());
    const tgt = sampleDataset('8gaussians', n, rng.fork());
    const m = 800;
    const start = new Float64Array(2 * m);
    for (let q = 0; q < m; q++) for (let k = 0; k < 2; k++) start[2 * q + k] = src[2 * (q % n) + k] + sigma * rng.normal();
    const path = getPath('icfm', { sigma });
    const f = (x: Float64Array, t: number, out: Float64Array) => {
      out.set(marginalVelocity(path, x, m, t, tgt, n, 2, { source: src, nSource: n }));
    };
    const end = integrate(f, start, { method: 'rk4', steps: 100, d: 2 }).x;
    const counts = new Array(n).fill(0);
    let far = 0;
    for (let q = 0; q < m; q++) {
      let best = 0;
      let bestD = Infinity;
      for (let j = 0; j < n; j++) {
        const dd = Math.hypot(end[2 * q] - tgt[2 * j], end[2 * q + 1] - tgt[2 * j + 1]);
        if (dd < bestD) {
          bestD = dd;
          best = j;
        }
      }
      counts[best]++;
      if (bestD > 5 * sigma) far++;
    }
    const expected = m / n;
    const sd = Math.sqrt(m * (1 / n) * (1 - 1 / n));
    for (const c of counts) expect(Math.abs(c - expected)).toBeLessThan(4 * sd);
    expect(far).toBeLessThan(0.01 * m);
  });
});
