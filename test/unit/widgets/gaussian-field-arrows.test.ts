/** gaussian-field's arrows stay inside the canvas (render.ts edgeFraction): a fast arrow at the edge is shortened, not cut. */
import { describe, expect, it } from 'vitest';
import { edgeFraction } from '../../../src/widgets/gaussian-field/render.ts';

describe('edgeFraction', () => {
  it('is 1 for a step that stays inside, and shortens one that would leave to end at the edge', () => {
    expect(edgeFraction(100, 30, 300)).toBe(1);
    expect(edgeFraction(280, 40, 300)).toBeCloseTo((298 - 280) / 40, 12);
    expect(edgeFraction(10, -20, 300)).toBeCloseTo((2 - 10) / -20, 12);
    expect(280 + edgeFraction(280, 40, 300) * 40).toBeCloseTo(298, 12);
  });
  it('never turns an arrow around (a start already past the edge draws nothing)', () => {
    expect(edgeFraction(299, 5, 300)).toBe(0);
    expect(edgeFraction(1, -5, 300)).toBe(0);
  });
});
