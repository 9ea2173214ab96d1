/** Classifier-free guidance (src/lib/core/guidance.ts): the combination and its conventions. */
import { describe, expect, it } from 'vitest';
import { guidedField, guidanceWeightFromHoSalimans } from '../../../src/lib/core/guidance.ts';

describe('guidedField', () => {
  it('is u∅ + w (u_y − u∅), with the two ends exact', () => {
    const u0 = [1, -2, 0.5];
    const uy = [3, 0, -0.5];
    expect(Array.from(guidedField(u0, uy, 2))).toEqual([5, 2, -1.5]);
    expect(Array.from(guidedField(u0, uy, 0))).toEqual(u0);
    expect(Array.from(guidedField(u0, uy, 1))).toEqual(uy);
  });
  it('writes into out', () => {
    const out = new Float64Array(2);
    expect(guidedField([0, 0], [1, 2], 0.5, out)).toBe(out);
    expect(Array.from(out)).toEqual([0.5, 1]);
  });
  it('refuses mismatched lengths and a non-finite weight', () => {
    expect(() => guidedField([0, 0], [1], 1)).toThrow(/same length/);
    expect(() => guidedField([0], [1], 1, new Float64Array(2))).toThrow(/same length/);
    expect(() => guidedField([0], [1], Number.NaN)).toThrow(/not a number/);
  });
  it("Ho and Salimans' w′ = w − 1", () => {
    expect(guidanceWeightFromHoSalimans(0)).toBe(1);
    expect(guidanceWeightFromHoSalimans(3)).toBe(4);
  });
});
