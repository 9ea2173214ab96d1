/**
 * parametrisations.ts: what its comments promise beyond the formulas (tested in parametrisations.test.ts).
 * - No coefficient is ever −0 ("`+ 0` turns −0 into 0": the weights are printed in the text and the
 *   widgets). Rectified flow at t = 0 is the case that needs it: the noise weight −a/W is −0 there.
 * - convertPrediction and predictX1 refuse arrays of different lengths, naming the lengths.
 * - x1PredictionCoefficients is the 'velocity' → 'x1' conversion: α = −b'/W, β = b/W, W = a'b − ab'.
 */
import { describe, expect, it } from 'vitest';
import { getPath, PATH_NAMES } from '../../../src/lib/core/paths.ts';
import {
  conversionCoefficients,
  convertPrediction,
  PARAMETRISATIONS,
  predictX1,
  velocityToCoefficients,
  x1PredictionCoefficients,
} from '../../../src/lib/core/parametrisations.ts';

describe('parametrisations: signs, guards, x̂₁', () => {
  it('never returns −0, for any deterministic path, parametrisation pair and time', () => {
    const rect = velocityToCoefficients(getPath('rectified'), 0, 'noise');
    expect(Object.is(rect.beta, 0)).toBe(true); // −a/W with a = 0
    let checked = 0;
    for (const name of PATH_NAMES) {
      const path = getPath(name, { sigma: 0, sigmaMin: 0.1 });
      if (path.stochastic) continue;
      for (const t of [0, 0.3, 0.7])
        for (const from of PARAMETRISATIONS)
          for (const to of PARAMETRISATIONS) {
            let k;
            try {
              k = conversionCoefficients(path, t, from, to, { gaussianSource: true });
            } catch {
              continue; // a conversion that is not defined there (documented elsewhere)
            }
            expect(Object.is(k.alpha, -0), `${name} ${from}→${to} at ${t}: α`).toBe(false);
            checked++;
          }
      for (const t of [0, 0.3, 0.7])
        for (const kind of PARAMETRISATIONS) {
          let k;
          try {
            k = velocityToCoefficients(path, t, kind, { gaussianSource: true });
          } catch {
            continue;
          }
          expect(Object.is(k.alpha, -0) || Object.is(k.beta, -0), `${name} ${kind} at ${t}`).toBe(false);
          checked++;
        }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('convertPrediction and predictX1 refuse arrays of different lengths and say which', () => {
    const path = getPath('rectified');
    const x = [0.1, 0.2, 0.3, 0.4];
    expect(() => convertPrediction(path, 0.5, 'velocity', 'x1', x, [1, 2, 3])).toThrow(/\(4, 3, 4\)/);
    expect(() => convertPrediction(path, 0.5, 'velocity', 'x1', x, [1, 2, 3, 4], {}, new Float64Array(3))).toThrow(/\(4, 4, 3\)/);
    expect(() => predictX1(path, x, [1, 2, 3], 0.5)).toThrow(/predictX1: .*\(4, 3, 4\)/);
    expect(() => predictX1(path, x, [1, 2, 3, 4], 0.5, new Float32Array(5))).toThrow(/predictX1: .*\(4, 4, 5\)/);
  });

  it('x̂₁ = −b′/W x + b/W u, with W = a′b − ab′ (OT path, σ_min = 0.2)', () => {
    const path = getPath('ot', { sigmaMin: 0.2 });
    const t = 0.4;
    const { a, b, da, db } = path.coefficients(t);
    const W = da * b - a * db;
    const k = x1PredictionCoefficients(path, t);
    expect(k.alpha).toBeCloseTo(-db / W, 14);
    expect(k.beta).toBeCloseTo(b / W, 14);
    const x = [0.5, -1, 2, 0];
    const u = [1, 1, -0.5, 3];
    const out = predictX1(path, x, u, t);
    x.forEach((xi, i) => expect(out[i]).toBeCloseTo(k.alpha * xi + k.beta * u[i], 14));
  });
});
