/** continuity-equation (walkthrough finding 25): the histogram's bars are stronger on a dark page. */
import { describe, expect, it } from 'vitest';
import { barAlpha } from '../../../src/widgets/continuity-equation/view.ts';

describe('continuity-equation: histogram bar opacity by theme', () => {
  it('0.3 on the light background, 0.6 on the dark one, 0.3 when the colour is not hex', () => {
    expect(barAlpha('#ffffff')).toBe(0.3);
    expect(barAlpha('#121316')).toBe(0.6);
    expect(barAlpha('oklch(0.2 0 0)')).toBe(0.3);
  });
});
