/**
 * Claims of chapter 4 (flow-matching) about Theorem 2, checked by Monte Carlo on the core's path
 * sampler and closed-form field (the same estimator the Theorem 2 check widget plots).
 */
import { describe, expect, it } from 'vitest';
import type { PathName } from '../../../src/lib/core/index.ts';
import { pathWithWidth as makePath, sampleTargets2D } from '../../../src/lib/core/index.ts';
import { sampleLossTerms, summarise, type ModelFamily } from '../../../src/widgets/theorem2-check/losses.ts';

const CASES: [PathName, ModelFamily][] = [
  ['ot', 'scaled'],
  ['ot', 'linear'],
  ['icfm', 'linear'],
  ['vp', 'scaled'],
];

describe('Theorem 2: L_CFM = L_FM + C (chapter 4)', () => {
  for (const [name, family] of CASES) {
    const path = makePath(name, 0.1);
    const targets = sampleTargets2D('moons', 16, 5);
    const s = summarise(sampleLossTerms(path, family, targets, 16, 2, 6000, 99));

    // Backs: "The two curves are vertical translates of each other (up to Monte-Carlo error)".
    it(`the MC gap L̂_CFM − L̂_FM does not depend on θ within error (${name}, ${family})`, () => {
      const thetas = [-1, 0, 0.5, 1, 2, 3];
      const gaps = thetas.map((th) => s.lossCFM(th) - s.lossFM(th));
      const spread = Math.max(...gaps) - Math.min(...gaps);
      // The only θ-dependence is −2θ·mean⟨g, c − u⟩, whose expectation is zero (u is the posterior mean
      // of c): it must be within 4 standard errors over the θ range, and small against C itself.
      const slope = s.at(0).gradGap; // = −2 mean⟨g, c − u⟩ with its SE
      expect(Math.abs(slope.mean)).toBeLessThan(4 * slope.se);
      expect(spread).toBeLessThanOrEqual(4 * 4 * slope.se + 1e-12);
      expect(spread).toBeLessThan(0.1 * Math.abs(s.constant.mean));
      // And the gap is the constant C = E‖u_t(x|z)‖² − E‖u_t(x)‖², which is positive here.
      expect(s.constant.mean).toBeGreaterThan(4 * s.constant.se);
      expect(Math.abs(s.at(1).gap.mean - s.constant.mean)).toBeLessThan(4 * slope.se);
    });

    // Backs: "with the same minimiser" and "hence equal gradients".
    it(`minimisers and gradients agree within error (${name}, ${family})`, () => {
      expect(Math.abs(s.argminGap.mean)).toBeLessThan(4 * s.argminGap.se);
      expect(Math.abs(s.argminFM - s.argminCFM)).toBeLessThan(0.05 * Math.max(1, Math.abs(s.argminFM)));
      for (const th of [-0.5, 0.6, 2]) {
        const g = s.at(th);
        expect(Math.abs(g.gradFM.mean - g.gradCFM.mean)).toBeLessThan(4 * g.gradGap.se);
      }
    });
  }

  // Backs (chapter 4): "Its minimisers are exactly the fields equal to the marginal velocity […] The
  // minimum value is C." — in the scaled family θ·u_t, L_FM(θ) = (θ − 1)² E‖u‖² vanishes at θ = 1.
  it('for the scaled family the FM loss is exactly (θ − 1)² E‖u_t‖² and vanishes at θ = 1', () => {
    const path = makePath('ot', 0.1);
    const targets = sampleTargets2D('8gaussians', 8, 2);
    const s = summarise(sampleLossTerms(path, 'scaled', targets, 8, 2, 500, 4));
    expect(s.argminFM).toBeCloseTo(1, 12);
    expect(s.lossFM(1)).toBeCloseTo(0, 10);
    expect(s.lossFM(0)).toBeCloseTo(s.UU, 10);
  });

  // The estimator is honest: with a wrong target (not the posterior mean) the gap does depend on θ.
  it('control: replacing the conditional target by a biased one makes the gap θ-dependent', () => {
    const path = makePath('ot', 0.1);
    const targets = sampleTargets2D('moons', 16, 5);
    const terms = sampleLossTerms(path, 'scaled', targets, 16, 2, 3000, 7);
    for (let i = 0; i < terms.n; i++) {
      terms.gc[i] += 0.5 * terms.gg[i];
    }
    const s = summarise(terms);
    const slope = s.at(0).gradGap;
    expect(Math.abs(slope.mean)).toBeGreaterThan(8 * slope.se);
  });
});
