/**
 * couplings-compared draws its pairing lines and integrates its field from ONE plan per coupling
 * (review defect 7: the lines came from the core's Sinkhorn at ε = 0.05 while the field used a
 * second Sinkhorn at ε = 0.5, so the picture mixed two different couplings).
 */
import { describe, expect, it } from 'vitest';
import {
  COUPLING_NAMES,
  couplingPlan,
  drawPairs,
  getPath,
  integrate,
  marginalVelocity,
  type VelocityFn,
} from '../../../src/lib/core/index.ts';
import { compareCoupling, makeBatch, pairDrawRng, startPoints } from '../../../src/widgets/couplings-compared/compare.ts';

describe('couplings-compared: one plan for the drawn pairs and the field', () => {
  const batch = makeBatch('normal', '8gaussians', 12, 3);
  const opts = { sigma: 0.1, epsilon: 0.5, k: 3, seed: 3 };

  for (const name of COUPLING_NAMES) {
    it(`${name}: the plan is the core's at the widget's ε; the lines are drawn from it; the k-step samples follow the field built on it`, () => {
      const r = compareCoupling(name, batch, opts);
      const { src, tgt, n, d } = batch;
      // The plan is the core's plan at the chosen ε (not a second Sinkhorn with other defaults).
      expect(Array.from(r.plan)).toEqual(Array.from(couplingPlan(name, src, tgt, n, d, { epsilon: opts.epsilon })));
      // The drawn lines are a draw from that plan.
      const drawn = drawPairs(name, r.plan, src, tgt, n, d, pairDrawRng(opts.seed));
      expect(Array.from(r.lines.x0)).toEqual(Array.from(drawn.x0));
      expect(Array.from(r.lines.x1)).toEqual(Array.from(drawn.x1));
      // The field integrated is the closed form on the same plan.
      const path = getPath('icfm', { sigma: opts.sigma });
      const f: VelocityFn = (x, t, out) => {
        out.set(marginalVelocity(path, x, n, t, tgt, n, d, { source: src, nSource: n, plan: r.plan }));
      };
      const k = integrate(f, startPoints(batch, opts.sigma), { method: 'euler', steps: opts.k, d });
      expect(Array.from(r.kStep)).toEqual(Array.from(k.x));
    });
  }
});
