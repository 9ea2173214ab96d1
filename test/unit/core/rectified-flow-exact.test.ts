/**
 * rectified-flow.ts beyond the paired field's agreement with the dense closed form:
 * - the round-1 field against its formula written out here, u_t(x) = (Σᵢ wᵢ yᵢ − x)/(1 − t) with
 *   wᵢ ∝ exp(−‖x − t yᵢ‖²/(2(1 − t)²));
 * - the paired field overwrites its output (the solvers reuse the buffer);
 * - couplingCost and swapGains by hand (a tie ⟨·,·⟩ = 0 is no gain; the source distance);
 * - reflowRounds replayed step by step from the module's parts and a twin generator, with its
 *   documented defaults (σ 0.1, Euler steps 1, 2, 4, RK4 with 400 steps).
 */
import { describe, expect, it } from 'vitest';
import { Rng, integrate, sampleDataset, straightness, w2Exact } from '../../../src/lib/core/index.ts';
import { couplingCost, gaussianToDataField, pairedField, reflowRounds, swapGains } from '../../../src/lib/core/rectified-flow.ts';

const d = 2;

describe('round 1: the conical field of a Gaussian source and an empirical target', () => {
  it('equals (Σ wᵢ yᵢ − x)/(1 − t), wᵢ ∝ exp(−‖x − t yᵢ‖²/(2(1 − t)²))', () => {
    const y = Float64Array.from([1, 0, -1, 2, 0.5, -1.5]);
    const n = 3;
    const field = gaussianToDataField(y, n, d);
    const x = Float64Array.from([0.2, 0.1, -0.4, 0.9]);
    for (const t of [0, 0.25, 0.6, 0.9]) {
      const out = new Float64Array(4);
      field(x, t, out);
      for (let q = 0; q < 2; q++) {
        const lw = [0, 1, 2].map((i) => -((x[2 * q] - t * y[2 * i]) ** 2 + (x[2 * q + 1] - t * y[2 * i + 1]) ** 2) / (2 * (1 - t) ** 2));
        const mx = Math.max(...lw);
        const w = lw.map((l) => Math.exp(l - mx));
        const sw = w.reduce((s, v) => s + v, 0);
        for (let k = 0; k < 2; k++) {
          const mean = w.reduce((s, wi, i) => s + wi * y[2 * i + k], 0) / sw;
          expect(out[2 * q + k], `t=${t} q=${q} k=${k}`).toBeCloseTo((mean - x[2 * q + k]) / (1 - t), 10);
        }
      }
    }
  });
});

describe('pairedField', () => {
  it('overwrites its output buffer (the solvers pass the same one every step)', () => {
    const pairs = { x0: Float64Array.from([0, 0, 1, 1]), x1: Float64Array.from([2, 0, 1, 3]) };
    const field = pairedField(pairs, 2, d, 0.3);
    const x = Float64Array.from([0.5, 0.5]);
    const fresh = new Float64Array(2);
    field(x, 0.4, fresh);
    const reused = Float64Array.from([100, -100]);
    field(x, 0.4, reused);
    expect(Array.from(reused)).toEqual(Array.from(fresh));
  });
});

describe('couplingCost and swapGains by hand', () => {
  const pairs = { x0: Float64Array.from([0, 0, 1, 0, 0, 2]), x1: Float64Array.from([3, 4, 1, 1, 0, 2]) };

  it('couplingCost is the mean of c(x₁ − x₀), by default ‖x₁ − x₀‖²', () => {
    // Differences (3, 4), (0, 1), (0, 0): squared norms 25, 1, 0.
    expect(couplingCost(pairs, 3, d)).toBe(26 / 3);
    expect(couplingCost(pairs, 3, d, (v) => Math.abs(v[0]) + Math.abs(v[1]))).toBe(8 / 3);
  });

  it('swapGains: gain −2⟨x₀ⁱ − x₀ʲ, x₁ⁱ − x₁ʲ⟩ and ‖x₀ⁱ − x₀ʲ‖, and a tie (⟨·,·⟩ = 0) is no gain', () => {
    const g = swapGains(pairs, 3, d);
    // (0,1): ⟨(−1, 0), (2, 3)⟩ = −2 → gain 4, distance 1. (0,2): ⟨(0, −2), (3, 2)⟩ = −4 → gain 8, distance 2.
    // (1,2): ⟨(1, −2), (1, −1)⟩ = 3 → none.
    expect(g).toEqual([
      { i: 0, j: 1, gain: 4, sourceDistance: 1 },
      { i: 0, j: 2, gain: 8, sourceDistance: 2 },
    ]);
    // Equal targets: exchanging them changes nothing.
    expect(swapGains({ x0: Float64Array.from([0, 0, 1, 1]), x1: Float64Array.from([5, 5, 5, 5]) }, 2, d)).toEqual([]);
  });
});

describe('reflowRounds', () => {
  it('is round 1 from the conical field, then paired fields from blurred sources (replayed, default options)', () => {
    const rng = new Rng(3);
    const n = 5;
    const m = 6;
    const data = sampleDataset('moons', n, rng.fork());
    const start = sampleDataset('normal', m, rng.fork());
    const reference = sampleDataset('moons', m, rng.fork());
    const rounds = reflowRounds(data, n, start, reference, d, new Rng(9), { rounds: 2 });
    expect(rounds).toHaveLength(2);

    const twin = new Rng(9);
    let field = gaussianToDataField(data, n, d);
    let x0 = start;
    for (const fig of rounds) {
      const traj = integrate(field, x0, { method: 'rk4', steps: 400, trajectory: true });
      expect(Array.from(fig.coupling.x0)).toEqual(Array.from(x0));
      expect(Array.from(fig.coupling.x1)).toEqual(Array.from(traj.x));
      expect(fig.cost).toBe(couplingCost(fig.coupling, m, d));
      expect(fig.straightness).toBe(straightness(traj.trajectory!, m, d, traj.times));
      expect(fig.w2).toEqual([1, 2, 4].map((k) => w2Exact(integrate(field, x0, { method: 'euler', steps: k }).x, reference, m, d)));
      field = pairedField(fig.coupling, m, d, 0.1);
      const next = new Float64Array(m * d);
      for (let i = 0; i < m * d; i++) next[i] = fig.coupling.x0[i] + 0.1 * twin.normal();
      x0 = next;
    }
    // The options are used when given.
    const custom = reflowRounds(data, n, start, reference, d, new Rng(9), { rounds: 1, eulerSteps: [3], method: 'heun', steps: 20 });
    expect(custom[0].w2).toEqual([
      w2Exact(integrate(gaussianToDataField(data, n, d), start, { method: 'euler', steps: 3 }).x, reference, m, d),
    ]);
    expect(Array.from(custom[0].coupling.x1)).toEqual(
      Array.from(integrate(gaussianToDataField(data, n, d), start, { method: 'heun', steps: 20 }).x),
    );
  });
});
