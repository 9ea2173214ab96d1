/**
 * sde.ts's Euler–Maruyama, replayed draw for draw: x ← x + h b(x, t) + g(t) √h ε, one standard normal
 * per coordinate per step, drawn only where g(t) > 0, the last step noiseless on request, on any
 * interval [t0, t1] (the other tests start at t0 = 0, where h = (t1 + t0)/n is the same number, and
 * check laws, which a flipped noise sign keeps).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/rng.ts';
import { integrateSde } from '../../../src/lib/core/sde.ts';
import type { VelocityFn } from '../../../src/lib/core/ode.ts';

const drift: VelocityFn = (x, t, out) => {
  for (let j = 0; j < x.length; j++) out[j] = -x[j] + Math.cos(t + j);
};
/** g: zero on the first third of [0.2, 0.8] (no draws there), then growing. */
const g = (t: number): number => (t < 0.4 ? 0 : 0.5 + t);

function replay(x0: number[], t0: number, t1: number, steps: number, seed: number, noiselessLastStep: boolean) {
  const rng = new Rng(seed);
  const x = Float64Array.from(x0);
  const b = new Float64Array(x.length);
  const h = (t1 - t0) / steps;
  const times = [t0];
  for (let k = 0; k < steps; k++) {
    const t = t0 + k * h;
    drift(x, t, b);
    const gk = k === steps - 1 && noiselessLastStep ? 0 : g(t);
    for (let j = 0; j < x.length; j++) x[j] += h * b[j] + (gk > 0 ? gk * Math.sqrt(h) * rng.normal() : 0);
    times.push(t + h);
  }
  return { x, times, next: rng.uniform() };
}

describe('integrateSde, replayed', () => {
  for (const noiselessLastStep of [false, true]) {
    it(`on [0.2, 0.8] in 9 steps${noiselessLastStep ? ', last step noiseless' : ''}: same states, times and draws`, () => {
      const rng = new Rng(12);
      const got = integrateSde(drift, g, [0.5, -1, 2], { steps: 9, t0: 0.2, t1: 0.8, rng, trajectory: true, noiselessLastStep });
      const want = replay([0.5, -1, 2], 0.2, 0.8, 9, 12, noiselessLastStep);
      Array.from(got.x).forEach((v, j) => expect(v).toBeCloseTo(want.x[j], 13));
      got.times!.forEach((t, k) => expect(t).toBeCloseTo(want.times[k], 14));
      expect(got.nfe).toBe(9);
      expect(rng.uniform()).toBe(want.next); // the same number of normals was drawn
    });
  }

  it("leaves the last step's noise out only on request", () => {
    const noisy = integrateSde(drift, g, [0.5], { steps: 4, t0: 0.2, t1: 0.8, rng: new Rng(3) });
    const quiet = integrateSde(drift, g, [0.5], { steps: 4, t0: 0.2, t1: 0.8, rng: new Rng(3), noiselessLastStep: true });
    expect(noisy.x[0]).not.toBe(quiet.x[0]);
  });
});
