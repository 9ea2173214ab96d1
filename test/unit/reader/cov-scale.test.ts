/**
 * change-of-variables' right-hand scale for |T′| (walkthrough finding 26): on a phone a steep map's
 * dashed |T′| curve ran off the fixed [0, 4] scale, through the scale's label. The scale now grows
 * with the curve.
 */
import { describe, expect, it } from 'vitest';
import { monotoneMap, pushforwardCurves } from '../../../src/widgets/change-of-variables/monotone-map.ts';
import { DEFAULT_KNOTS_X, DEFAULT_KNOTS_Y } from '../../../src/widgets/change-of-variables/schema.ts';
import { stretchScale, YR } from '../../../src/widgets/change-of-variables/view.ts';

describe('change-of-variables: the |T′| scale holds the whole curve', () => {
  it.each([
    ['default knots', DEFAULT_KNOTS_Y],
    ['a steep middle (secant 3.55)', [-2.15, -2, -1.85, 1.7, 1.85, 2, 2.15]],
    ['the steepest the knots allow', [-5, -4.85, -4.7, 4.7, 4.85, 4.9, 5]],
    ['a flat map', [-0.45, -0.3, -0.15, 0, 0.15, 0.3, 0.45]],
  ])('%s', (_, ys) => {
    const c = pushforwardCurves(monotoneMap(DEFAULT_KNOTS_X, ys), YR);
    const { top, ticks } = stretchScale(c.stretch);
    expect(Math.max(...c.stretch)).toBeLessThanOrEqual(top / 1.1 + 1e-12);
    expect(top).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    expect(ticks.length).toBeLessThanOrEqual(5);
    expect(ticks.at(-1)).toBeLessThanOrEqual(top);
  });

  it('ignores non-finite values', () => {
    expect(stretchScale([1, Number.NaN, Infinity, 1.5]).top).toBe(2);
  });
});
