/**
 * Claims of chapter 5 (gaussian-paths) about the variance-preserving path near t = 1 (erratum E2):
 * σ'_t → −∞, E‖σ'_t ε‖² = d σ'_t² ~ d β_min/(4(1 − t)), and its time integral diverges like a
 * logarithm, so assumption (B1) of Theorem 2 fails on [0, 1] and holds on [0, 1 − δ].
 * Everything is computed from the core's VP coefficients (paths.ts), nothing is typed in.
 */
import { describe, expect, it } from 'vitest';
import { getPath } from '../../../src/lib/core/index.ts';

const vp = getPath('vp');
const betaMin = vp.params.betaMin;

/** ∫₀^{1−δ} σ'_t² dt, by Simpson's rule in u = log(1 − t) (the integrand is ~ β_min/(4(1 − t))). */
function integralOfSigmaPrimeSquared(delta: number, panels = 4000): number {
  const lo = Math.log(delta);
  const h = -lo / panels;
  let s = 0;
  for (let i = 0; i <= panels; i++) {
    const r = Math.exp(lo + i * h); // r = 1 − t
    const { db } = vp.coefficients(1 - r);
    s += db * db * r * (i === 0 || i === panels ? 1 : i % 2 ? 4 : 2);
  }
  return (s * h) / 3;
}

describe('VP: the reparametrised target has a divergent second moment (chapter 5, E2)', () => {
  // Backs: "as t → 1, σ'_t → −∞ and E‖σ'_t ε‖² = d σ'^2_t behaves like d β_min/(4(1 − t))".
  it('σ′_t → −∞ and (1 − t) σ′_t² → β_min/4', () => {
    let previous = 0;
    for (const r of [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8]) {
      const { db } = vp.coefficients(1 - r);
      expect(db).toBeLessThan(previous); // more and more negative
      previous = db;
      if (r <= 1e-6) expect(r * db * db).toBeCloseTo(betaMin / 4, 3);
    }
    expect(vp.coefficients(1 - 1e-8).db).toBeLessThan(-1e3);
  });

  // Backs: "With the typical β's, ∫₀^{1−δ} σ'_t² dt is 2.25 at δ = 10⁻³ and grows by
  // (β_min/4) ln 10 ≈ 0.058 with every further factor of ten, without bound."
  it('∫₀^{1−δ} σ′_t² dt grows by (β_min/4) ln 10 per decade of δ', () => {
    expect(Math.round(100 * integralOfSigmaPrimeSquared(1e-3)) / 100).toBe(2.25);
    const perDecade = (betaMin / 4) * Math.log(10);
    expect(Math.round(1000 * perDecade) / 1000).toBe(0.058);
    const values = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9].map((d) => integralOfSigmaPrimeSquared(d));
    for (let k = 1; k < values.length; k++) expect(values[k]).toBeGreaterThan(values[k - 1]);
    // Log growth: the increments settle at the asymptotic slope once 1 − t ≪ β_min/(β_max − β_min).
    for (let k = 4; k < values.length; k++) expect(values[k] - values[k - 1]).toBeCloseTo(perDecade, 3);
    // Not a bounded quantity in disguise: four more decades add four more increments (1 − 10⁻¹³ is
    // still a double distinct from 1).
    expect(integralOfSigmaPrimeSquared(1e-13) - values[values.length - 1]).toBeCloseTo(4 * perDecade, 2);
  });

  // Backs: "Theorem 2 holds on [0, 1 − δ]": on such an interval σ'_t is bounded, so (B1) holds.
  it('on [0, 1 − δ] the target’s second moment is bounded (the core trains VP on [0, 1 − 10⁻⁵])', () => {
    expect(vp.tMax).toBe(1 - 1e-5);
    let worst = 0;
    for (let i = 0; i <= 1000; i++) worst = Math.max(worst, vp.coefficients((vp.tMax * i) / 1000).db ** 2);
    expect(Number.isFinite(worst)).toBe(true);
    expect(worst).toBeLessThan(1e4);
  });
});
