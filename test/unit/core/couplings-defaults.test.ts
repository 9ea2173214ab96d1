/**
 * couplings.ts: the defaults its header promises, and the plan helpers on plans whose mass is not 1.
 * - 'sinkhorn' computes the stabilised scaling form with tolerance 1e-5 by default (the header's
 *   "several times faster" default), bit for bit what sinkhornLog gives with those options;
 * - reflowCoupling integrates with RK4 in 50 steps by default;
 * - planCost divides by the plan's mass, planSupport counts entries above 10⁻⁹ of the largest.
 * The other tests only used plans of mass 1 and checked Sinkhorn plans to a tolerance, which any
 * of these defaults passes.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { couplingPlan, planCost, planSupport, reflowCoupling } from '../../../src/lib/core/couplings.ts';
import { squaredEuclideanCost } from '../../../src/lib/core/assignment.ts';
import { sinkhornLog } from '../../../src/lib/core/sinkhorn.ts';
import { integrate, type VelocityFn } from '../../../src/lib/core/ode.ts';

const points = (n: number, seed: number): Float64Array => new Rng(seed).normals(2 * n);

describe('couplings.ts defaults', () => {
  it("'sinkhorn' is the stabilised iteration with tol 1e-5 and ε 0.05 unless told otherwise", () => {
    const n = 12;
    const [x0, x1] = [points(n, 1), points(n, 2)];
    const cost = squaredEuclideanCost(x0, n, x1, n, 2);
    const expected = sinkhornLog(cost, n, n, 0.05, { method: 'stabilized', tol: 1e-5 }).plan;
    expect(Array.from(couplingPlan('sinkhorn', x0, x1, n, 2))).toEqual(Array.from(expected));
    const asLog = sinkhornLog(cost, n, n, 0.05, { method: 'log', tol: 1e-5 }).plan;
    expect(Array.from(expected)).not.toEqual(Array.from(asLog)); // the options are visible in the plan
    const overridden = sinkhornLog(cost, n, n, 0.2, { method: 'log', tol: 1e-7 }).plan;
    expect(Array.from(couplingPlan('sinkhorn', x0, x1, n, 2, { epsilon: 0.2, method: 'log', tol: 1e-7 }))).toEqual(Array.from(overridden));
  });

  it('reflowCoupling integrates with RK4 in 50 steps by default', () => {
    const v: VelocityFn = (x, t, out) => {
      for (let i = 0; i < x.length; i++) out[i] = Math.sin(3 * x[i]) + t * t;
    };
    const x0 = points(5, 3);
    const pairs = reflowCoupling(v, x0);
    expect(Array.from(pairs.x0)).toEqual(Array.from(x0));
    expect(Array.from(pairs.x1)).toEqual(Array.from(integrate(v, x0, { method: 'rk4', steps: 50, t0: 0, t1: 1 }).x));
    expect(Array.from(pairs.x1)).not.toEqual(Array.from(integrate(v, x0, { method: 'rk4', steps: 100, t0: 0, t1: 1 }).x));
  });
});

describe('plan helpers on unnormalised plans', () => {
  it('planCost is Σ πC / Σ π: scaling the plan leaves it unchanged', () => {
    const n = 4;
    const [x0, x1] = [points(n, 4), points(n, 5)];
    const plan = Float64Array.from({ length: n * n }, (_, k) => ((k * 7) % 5) + 0.5);
    const cost = squaredEuclideanCost(x0, n, x1, n, 2);
    let s = 0;
    let mass = 0;
    plan.forEach((p, k) => {
      s += p * cost[k];
      mass += p;
    });
    expect(planCost(plan, x0, x1, n, 2)).toBeCloseTo(s / mass, 12);
    expect(
      planCost(
        plan.map((p) => 3 * p),
        x0,
        x1,
        n,
        2,
      ),
    ).toBeCloseTo(s / mass, 12);
  });

  it('planSupport counts the entries strictly above 10⁻⁹ of the largest, whatever the scale', () => {
    // largest 4: threshold 4e-9, so 4, 2 and 5e-9 count; 4e-9 (equal), 3e-9, 1e-12 and 0 do not
    expect(planSupport([4e-9, 2, 3e-9, 5e-9, 0, 1e-12, 4])).toBe(3);
    expect(planSupport([0, 0, 0])).toBe(0);
  });
});
