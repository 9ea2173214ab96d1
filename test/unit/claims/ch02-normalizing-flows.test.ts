/**
 * Numeric answers of the exercises of chapter 2 (normalizing-flows): the change-of-variables
 * widget's default map, and the residual-flow log-determinant (truncation vs Russian roulette).
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/index.ts';
import { logDetIdentityPlus, logDetRussianRoulette, logDetTruncated } from '../../../src/lib/core/log-det-series.ts';
import {
  evalDerivative,
  evalMap,
  mapPushforwardDensity,
  monotoneMap,
  normalPdf,
} from '../../../src/widgets/change-of-variables/monotone-map.ts';
import { DEFAULT_KNOTS_X, DEFAULT_KNOTS_Y } from '../../../src/widgets/change-of-variables/schema.ts';

describe('chapter 2: exercises', () => {
  // Backs (exercise "Reading the widget at the centre"): "T'(0) = 2/(1/0.7+1/0.6) = 0.84/1.3 ≈ 0.646",
  // "p_Y(−0.9) = p_0(0)/T'(0) ≈ 0.399/0.646 ≈ 0.617", "the last secant, on [2,3], is 2.1".
  it('default map: T(0) = −0.9, T′(0) ≈ 0.646, pushed density ≈ 0.617 there, last secant 2.1', () => {
    const map = monotoneMap(DEFAULT_KNOTS_X, DEFAULT_KNOTS_Y);
    expect(evalMap(map, 0)).toBeCloseTo(-0.9, 12);
    expect(evalDerivative(map, 0)).toBeCloseTo(0.646, 3);
    expect(evalDerivative(map, 0)).toBeCloseTo(0.84 / 1.3, 12);
    expect(normalPdf(0)).toBeCloseTo(0.399, 3);
    expect(mapPushforwardDensity(map, normalPdf, -0.9)).toBeCloseTo(0.617, 3);
    const n = DEFAULT_KNOTS_Y.length;
    expect(DEFAULT_KNOTS_Y[n - 1] - DEFAULT_KNOTS_Y[n - 2]).toBeCloseTo(2.1, 12);
  });

  // Backs (exercise "Truncate, or play roulette?"): "log det(I + A) ≈ 0.7701", "one term gives 0.9, a
  // bias of about +0.13", "the five-term sum is ≈ 0.7662, a bias of about −0.004", "modulus
  // √0.26 ≈ 0.51", "E N = 1/(1 − κ) = 2 terms, and the mean is the exact value 0.7701".
  it('log det(I + A): exact 0.7701; truncations 0.9 and 0.7662; roulette unbiased with 2 terms on average', () => {
    const A = [0.5, 0.3, -0.2, 0.4];
    const exact = logDetIdentityPlus(A, 2);
    expect(exact).toBeCloseTo(0.7701, 4);
    expect(exact).toBeCloseTo(Math.log(2.16), 12);
    expect(logDetTruncated(A, 2, 1)).toBeCloseTo(0.9, 12);
    expect(logDetTruncated(A, 2, 1) - exact).toBeCloseTo(0.13, 2);
    expect(logDetTruncated(A, 2, 5)).toBeCloseTo(0.7662, 4);
    expect(logDetTruncated(A, 2, 5) - exact).toBeCloseTo(-0.004, 3);
    expect(Math.abs(logDetTruncated(A, 2, 60) - exact)).toBeLessThan(1e-12);
    expect(Math.sqrt(0.5 * 0.4 + 0.3 * 0.2)).toBeCloseTo(0.51, 2);
    const rng = new Rng(9);
    const M = 200000;
    let s = 0;
    let s2 = 0;
    let terms = 0;
    for (let m = 0; m < M; m++) {
      const r = logDetRussianRoulette(A, 2, 0.5, rng);
      s += r.estimate;
      s2 += r.estimate ** 2;
      terms += r.terms;
    }
    const mean = s / M;
    const se = Math.sqrt((s2 / M - mean * mean) / M);
    expect(Math.abs(mean - exact)).toBeLessThan(4 * se);
    expect(terms / M).toBeCloseTo(2, 1);
  });
});
