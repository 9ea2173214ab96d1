/**
 * Claims of chapter 4 (flow-matching) about Theorem 1, asserted on the core.
 */
import { describe, expect, it } from 'vitest';
import { Rng, marginalLogDensity, marginalVelocity, type PathName } from '../../../src/lib/core/index.ts';
import { explainPoint, pathWithWidth as makePath, sampleMixture1D, sampleTargets2D } from '../../../src/lib/core/index.ts';

const FAMILIES: PathName[] = ['ot', 've', 'vp', 'rectified', 'icfm', 'sb', 'trig'];

describe('Theorem 1, posterior-weight form (chapter 4)', () => {
  // Backs: "the marginal velocity at (t,x) is the average of the velocities of all the conditional
  // paths that pass through x at time t, each weighted by how plausible it is that x came from it"
  // and the Theorem 1 explorer's readout "Σᵢ wᵢ u_t(x | x₁ⁱ) = closed-form u_t(x)".
  for (const name of FAMILIES) {
    it(`weighted mean of conditional velocities equals the closed-form marginal velocity (${name}, 1D and 2D, to 1e-10)`, () => {
      const path = makePath(name, 0.15);
      const rng = new Rng(11);
      const t1 = sampleMixture1D(6, 3);
      const t2 = sampleTargets2D('8gaussians', 12, 3);
      for (let trial = 0; trial < 40; trial++) {
        const t = path.tMin + (path.tMax - path.tMin) * (0.02 + 0.96 * rng.uniform());
        const e1 = explainPoint(path, Float64Array.of(4 * (rng.uniform() - 0.5) * 2), t, t1, 6, 1);
        expect(e1.maxDiff).toBeLessThan(1e-10);
        let s = 0;
        for (const w of e1.weights) {
          expect(w).toBeGreaterThanOrEqual(0);
          s += w;
        }
        expect(Math.abs(s - 1)).toBeLessThan(1e-12);
        const e2 = explainPoint(path, Float64Array.of(8 * (rng.uniform() - 0.5), 8 * (rng.uniform() - 0.5)), t, t2, 12, 2);
        expect(e2.maxDiff).toBeLessThan(1e-10);
      }
    });
  }

  // Backs: "As t→1, σ_t shrinks to σ_min and the softmax sharpens […] nearly one-hot when σ_min is
  // small compared with the distances between data points" (here σ_min = 0.01, targets ≥ 1.5 apart;
  // the σ_min = 0 and σ_min > 0 cases of that sentence are checked in ch04-flow-matching.test.ts).
  it('posterior weights concentrate on the nearest target as t → 1 (OT path)', () => {
    const path = makePath('ot', 0.01);
    const targets = Float64Array.of(-2, 0.5, 3);
    const x = Float64Array.of(0.9);
    const early = explainPoint(path, x, 0.3, targets, 3, 1).weights;
    const late = explainPoint(path, x, 0.99, targets, 3, 1).weights;
    expect(Math.max(...early)).toBeLessThan(0.9);
    expect(late[1]).toBeGreaterThan(0.999);
  });

  // Backs Theorem 1 itself ("u generates (p_t)"): the closed-form pair (p_t, u_t) satisfies the
  // continuity equation ∂_t p_t + ∂_x (p_t u_t) = 0, checked by central differences in 1D.
  for (const name of ['ot', 'icfm', 'vp', 'trig'] as PathName[]) {
    it(`closed-form p_t and u_t satisfy the continuity equation (${name}, finite differences)`, () => {
      const path = makePath(name, 0.3);
      const targets = sampleMixture1D(5, 8);
      const h = 1e-4;
      let worst = 0;
      let scale = 0;
      for (const t of [0.2, 0.45, 0.7]) {
        const tt = path.tMin + (path.tMax - path.tMin) * t;
        for (let x = -3; x <= 3; x += 0.37) {
          const p = (xx: number, ti: number) => Math.exp(marginalLogDensity(path, Float64Array.of(xx), 1, ti, targets, 5, 1)[0]);
          const flux = (xx: number) => p(xx, tt) * marginalVelocity(path, Float64Array.of(xx), 1, tt, targets, 5, 1)[0];
          const dpdt = (p(x, tt + h) - p(x, tt - h)) / (2 * h);
          const dflux = (flux(x + h) - flux(x - h)) / (2 * h);
          worst = Math.max(worst, Math.abs(dpdt + dflux));
          scale = Math.max(scale, Math.abs(dpdt));
        }
      }
      expect(scale).toBeGreaterThan(1e-3);
      expect(worst).toBeLessThan(1e-5 * Math.max(1, scale) + 1e-6);
    });
  }
});
