/**
 * The flows that the coupling widgets run on the page's thread in slices (issue 17) give the numbers
 * of the flows in one piece, and pause after every evaluation of the field; coupling-unmixing's estimate of
 * C pauses after every time stratum.
 */
import { describe, expect, it } from 'vitest';
import {
  flowChunk as compareChunk,
  flowChunkInSlices as compareChunkInSlices,
  makeBatch,
  planStage,
} from '../../../src/lib/engine/couplings/compare.ts';
import {
  flowChunk as unmixChunk,
  flowChunkInSlices as unmixChunkInSlices,
  RK4_STEPS,
  VARIANCE_DRAWS,
  setup,
  unmixingVariance,
  unmixingVarianceInSlices,
} from '../../../src/widgets/coupling-unmixing/unmix.ts';

const counter = () => {
  const c = {
    n: 0,
    pause: () => {
      c.n++;
      return Promise.resolve();
    },
  };
  return c;
};

describe('flows in slices', () => {
  it('couplings-compared: a chunk in slices equals the chunk at once', async () => {
    const batch = makeBatch('normal', 'moons', 12, 3);
    const opts = { sigma: 0.1, epsilon: 0.5, k: 3, seed: 3, fineSteps: 5 };
    const { plan } = planStage('exact-ot', batch, opts);
    const c = counter();
    const sliced = await compareChunkInSlices(plan, batch, opts, 2, 7, c.pause);
    expect(sliced).toEqual(compareChunk(plan, batch, opts, 2, 7));
    expect(c.n).toBe(4 * 5 + 3); // RK4: four evaluations per fine step; then k Euler evaluations
  });

  it('coupling-unmixing: a chunk in slices equals the chunk at once', async () => {
    const s = setup('exact-ot', 0.1, 8, 2);
    const c = counter();
    const sliced = await unmixChunkInSlices(s, 1, 4, undefined, c.pause);
    expect(sliced).toEqual(unmixChunk(s, 1, 4));
    expect(c.n).toBe(4 * RK4_STEPS);
  });

  it('coupling-unmixing: C in slices equals C at once, with a pause after each of the 256 strata', async () => {
    const s = setup('bad', 0.1, 8, 2);
    const c = counter();
    const sliced = await unmixingVarianceInSlices(s, 2, c.pause);
    expect(sliced).toEqual(unmixingVariance(s, 2));
    expect(Number.isFinite(sliced.C) && sliced.C > 0).toBe(true);
    expect(c.n).toBe(VARIANCE_DRAWS.strata);
  });
});
