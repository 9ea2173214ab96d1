/**
 * couplings-compared (walkthrough finding 18): a change of k, the number of Euler steps, redoes only
 * the k-step samples on the plans already solved. Those samples must be exactly what the full
 * recompute gives.
 */
import { describe, expect, it } from 'vitest';
import { COUPLING_NAMES } from '../../../src/lib/core/index.ts';
import { eulerChunk, flowStage, makeBatch, mergeEuler, particleChunks, planStage } from '../../../src/lib/engine/couplings/compare.ts';

describe('couplings-compared: k alone redoes only the Euler samples', () => {
  it.each(COUPLING_NAMES)('%s: chunked Euler samples equal the full flow stage for k = 1, 3, 7', (name) => {
    const batch = makeBatch('normal', 'moons', 20, 4);
    for (const k of [1, 3, 7]) {
      const opts = { sigma: 0.1, epsilon: 0.5, k, seed: 4, fineSteps: 4 };
      const { plan } = planStage(name, batch, opts);
      const full = flowStage(plan, batch, opts);
      const chunks = particleChunks(batch.n, 6).map(([from, to]) => eulerChunk(plan, batch, opts, from, to));
      const got = mergeEuler(chunks.reverse(), batch);
      expect(Array.from(got.kStep)).toEqual(Array.from(full.kStep));
      expect(got.w2).toBe(full.w2);
    }
  });
});
