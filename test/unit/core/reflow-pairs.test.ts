/**
 * Reflow as a coupling: on the line, round 1 of the exact rectified flow (independent coupling,
 * straight path, σ = 0) sends each quantile node x₀ of p₀ to F₁⁻¹(F₀(x₀)), the monotone map (an ODE
 * flow keeps the order of points, and it carries p₀ to p₁); round k is built on round k − 1's pairs;
 * in the plane the cost E‖x₁ − x₀‖² drops from the independent coupling's.
 */
import { describe, expect, it } from 'vitest';
import { Rng, couplingPlan, integrate, pathWithWidth, sampleDataset } from '../../../src/lib/core/index.ts';
import { MIXTURES_1D, mixturePathVelocity } from '../../../src/lib/core/mixture-path-1d.ts';
import { mixtureCdf, mixtureQuantile, quantileNodes } from '../../../src/lib/core/quantile-coupling-1d.ts';
import { pairVelocity, planToPairs, withWidthFloor } from '../../../src/lib/core/pair-field.ts';
import { pairsCost, reflowPairs } from '../../../src/lib/core/reflow-pairs.ts';

describe('reflow pairs', () => {
  it('1D: round 1 of the exact rectified flow is the monotone map F₁⁻¹ ∘ F₀', () => {
    const p0 = MIXTURES_1D.normal.mix;
    const p1 = MIXTURES_1D.bimodal.mix;
    const path = pathWithWidth('rectified', 0);
    const x0 = quantileNodes(p0, 60);
    const r = reflowPairs(path, x0, 1, 1, (x, _n, t) => mixturePathVelocity(path, t, p0, p1, x), { method: 'rk4', steps: 200 });
    let worst = 0;
    for (let i = 0; i < 60; i++) worst = Math.max(worst, Math.abs(r.pairs.x1[i] - mixtureQuantile(p1, mixtureCdf(p0, x0[i]))));
    expect(worst).toBeLessThan(2e-3);
    expect(r.costs).toHaveLength(1);
  });

  it('round k flows x₀ through round k − 1’s pair field', () => {
    const p0 = MIXTURES_1D.trimodal.mix;
    const p1 = MIXTURES_1D.lopsided.mix;
    const path = pathWithWidth('icfm', 0.2);
    const x0 = quantileNodes(p0, 30);
    const first = (x: Float64Array, _n: number, t: number) => mixturePathVelocity(path, t, p0, p1, x);
    const one = reflowPairs(path, x0, 1, 1, first, { method: 'heun', steps: 30 });
    const two = reflowPairs(path, x0, 1, 2, first, { method: 'heun', steps: 30 });
    const again = integrate((x, t, out) => out.set(pairVelocity(path, one.pairs, x, 30, t)), x0, { method: 'heun', steps: 30, d: 1 }).x;
    expect(Array.from(two.pairs.x1)).toEqual(Array.from(again));
    expect(two.costs[0]).toBe(one.costs[0]);
    expect(Array.from(two.pairs.x0)).toEqual(Array.from(x0));
    expect(two.pairs.w.every((w) => w === 1 / 30)).toBe(true);
  });

  it('2D: reflow lowers E‖x₁ − x₀‖² from the independent coupling’s (normal → moons)', () => {
    const rng = new Rng(4);
    const n = 24;
    const src = sampleDataset('normal', n, rng.fork());
    const tgt = sampleDataset('moons', n, rng.fork());
    const path = withWidthFloor(pathWithWidth('rectified', 0), 0.05);
    const independent = planToPairs(couplingPlan('independent', src, tgt, n, 2), src, tgt, n, n, 2);
    const r = reflowPairs(path, src, 2, 3, (x, m, t) => pairVelocity(path, independent, x, m, t), { method: 'rk4', steps: 40 });
    expect(r.costs).toHaveLength(3);
    expect(r.costs[0]).toBeLessThan(0.8 * pairsCost(independent));
    for (let k = 1; k < 3; k++) expect(r.costs[k]).toBeLessThanOrEqual(r.costs[k - 1] * 1.01);
  });
});
