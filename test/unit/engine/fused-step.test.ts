/**
 * The fused kernels of the 2D trainer's step (src/lib/nn/fused-kernels.ts: one AdamW update over all
 * parameters, SELU from ELU, the SELU gradient) change how many kernels a step runs, not its
 * numbers: the same seeded session trained with the composite ops and with the fused kernels gives
 * the same loss trajectory (within 1e-6) and the same weights, on cpu and on wasm, and the same
 * losses as the code before these kernels (a golden file written with commit 332b99d); and the step
 * runs far fewer kernels.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { useFusedKernels } from '../../../src/lib/nn/fused-kernels.ts';
import { TrainingSession } from '../../../src/lib/engine/train/session.ts';
import { cleanSettings, type TrainSettings } from '../../../src/lib/engine/train/settings.ts';

const STEPS = 25;
/** The same runs with the code before the fused kernels (commit 332b99d), by backend and optimiser. */
const GOLDEN = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../fixtures/engine/loss-trajectory-golden.json'), 'utf8')) as {
  losses: Record<string, number[]>;
};

async function run(settings: TrainSettings, fused: boolean) {
  useFusedKernels(fused);
  const session = new TrainingSession(settings);
  session.trainSteps(STEPS);
  await session.flush();
  const losses = Array.from(session.lossHistory());
  const weights = (await session.net.exportWeights()).data;
  const b = session.batches.next();
  const prof = await tf.profile(() => {
    tf.tidy(() => {
      const { grads } = session.net.lossAndGrads(tf.tensor2d(b.xt, [b.n, 2]), tf.tensor2d(b.t, [b.n, 1]), tf.tensor2d(b.ut, [b.n, 2]));
      session.opt.apply(grads);
    });
  });
  session.dispose();
  return { losses, weights, kernels: prof.kernels.length };
}

afterAll(async () => {
  useFusedKernels(true);
  await activateAndCheck('cpu');
});

describe('fused training step', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    for (const optimizer of ['adamw', 'adam'] as const) {
      it(`${backend}, ${optimizer}: same losses and weights as the composite ops, fewer kernels`, async () => {
        expect(await activateAndCheck(backend)).toBe(true);
        const { settings } = cleanSettings({ optimizer, batch: 64, coupling: 'independent', seed: 9 });
        const before = await run(settings, false);
        const after = await run(settings, true);
        expect(after.losses.length).toBe(STEPS);
        const golden = GOLDEN.losses[`${backend}-${optimizer}`];
        for (let i = 0; i < STEPS; i++) {
          expect(Math.abs(after.losses[i] - before.losses[i])).toBeLessThanOrEqual(1e-6 * Math.max(1, before.losses[i]));
          expect(Math.abs(after.losses[i] - golden[i]), `step ${i + 1} vs the code before`).toBeLessThanOrEqual(
            1e-6 * Math.max(1, golden[i]),
          );
        }
        let maxDiff = 0;
        for (let i = 0; i < before.weights.length; i++) maxDiff = Math.max(maxDiff, Math.abs(after.weights[i] - before.weights[i]));
        expect(maxDiff).toBeLessThanOrEqual(1e-6);
        expect(before.kernels).toBeGreaterThan(100);
        expect(after.kernels).toBeLessThan(60);
        console.log(
          `${backend} ${optimizer}: kernels per step ${before.kernels} → ${after.kernels}, max weight difference ${maxDiff.toExponential(1)}`,
        );
      });
    }
  }
});
