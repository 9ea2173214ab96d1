/**
 * The un-mixing widget's computation (unmix.ts): chunks of particles merge to the one-piece flow
 * (the widget spreads the work over tasks), the plans are couplings with the named support, and the
 * prescribed share of mass on its own side is 0 / 1 / ½ for the bad, good and independent plans.
 */
import { describe, expect, it } from 'vitest';
import {
  KEEP_EVERY,
  RK4_STEPS,
  flowChunk,
  mergeFlow,
  setup,
  unmixingPlan,
  blobsFor,
} from '../../../src/widgets/coupling-unmixing/unmix.ts';
import { UNMIXING_COUPLINGS } from '../../../src/widgets/coupling-unmixing/schema.ts';

describe('coupling-unmixing', () => {
  it('particle chunks merge to the same flow, straightness and own-side fractions', () => {
    const s = setup('independent', 0.2, 24, 3);
    const whole = mergeFlow(s, [flowChunk(s, 0, 24)]);
    const parts = mergeFlow(s, [flowChunk(s, 16, 24), flowChunk(s, 0, 7), flowChunk(s, 7, 16)]);
    expect(Array.from(parts.end)).toEqual(Array.from(whole.end));
    expect(parts.trajectory.length).toBe(RK4_STEPS / KEEP_EVERY + 1);
    expect(parts.trajectory.map((x) => Array.from(x))).toEqual(whole.trajectory.map((x) => Array.from(x)));
    expect(parts.straightness).toBeCloseTo(whole.straightness, 12);
    expect(parts.ownSide).toEqual(whole.ownSide);
  });

  it('every plan is a coupling of the two point sets; the prescribed share is as named', () => {
    const ex = blobsFor(2);
    const n = ex.n;
    for (const name of UNMIXING_COUPLINGS) {
      const p = unmixingPlan(ex, name, 2);
      for (let i = 0; i < n; i++) {
        let r = 0;
        let c = 0;
        for (let j = 0; j < n; j++) {
          r += p[i * n + j];
          c += p[j * n + i];
        }
        expect(r, name).toBeCloseTo(1 / n, 12);
        expect(c, name).toBeCloseTo(1 / n, 12);
      }
    }
    const prescribed = (name: (typeof UNMIXING_COUPLINGS)[number]) =>
      mergeFlow(setup(name, 0.1, 16, 2), [flowChunk(setup(name, 0.1, 16, 2), 0, 16)]).prescribed;
    expect(prescribed('bad')).toBe(0);
    expect(prescribed('good')).toBeCloseTo(1, 12);
    expect(prescribed('independent')).toBeCloseTo(0.5, 12);
    expect(prescribed('exact-ot')).toBeCloseTo(1, 12);
  });
});
