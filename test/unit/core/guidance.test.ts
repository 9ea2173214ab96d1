/** Classifier-free guidance (src/lib/core/guidance.ts): the combination and its conventions. */
import { describe, expect, it } from 'vitest';
import { guidedClosedFormField, guidedField, guidanceWeightFromHoSalimans } from '../../../src/lib/core/guidance.ts';
import { getPath, marginalVelocity } from '../../../src/lib/core/index.ts';

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

describe('guidedClosedFormField', () => {
  it('combines the closed-form fields of all targets and of one class (2D)', () => {
    const path = getPath('ot', { sigmaMin: 0.05 });
    const cls = [1, 1, 2, 0];
    const all = [...cls, -1, 0, 0, -2];
    const x = Float64Array.from([0.3, -0.2, 1.5, 0.4]);
    const out = new Float64Array(4);
    for (const w of [0, 1, 3]) {
      guidedClosedFormField(path, all, cls, 2, w)(x, 0.6, out);
      const uAll = marginalVelocity(path, x, 2, 0.6, all, 4, 2);
      const uCls = marginalVelocity(path, x, 2, 0.6, cls, 2, 2);
      out.forEach((v, i) => expect(v).toBeCloseTo(uAll[i] + w * (uCls[i] - uAll[i]), 12));
    }
  });
});
