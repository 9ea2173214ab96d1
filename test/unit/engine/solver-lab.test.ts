/**
 * The solver lab's engine (engine/solver-lab/runner.ts) on the CPU backend with a tiny run: it
 * trains I-CFM, OT-CFM and 2-RF one after the other, posts a sweep of every method for each (with
 * the core's jobs and NFE), answers a run with the reader's budget, drops a superseded training run,
 * and leaks no tensors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { tf } from '../../../src/lib/nn/tf.ts';
import { ODE_METHOD_NAMES } from '../../../src/lib/core/index.ts';
import { sweepJobs } from '../../../src/lib/core/solver-sweep.ts';
import { LabRunner } from '../../../src/lib/engine/solver-lab/runner.ts';
import { TRAINED_FIELDS, type TrainSpec } from '../../../src/lib/engine/solver-lab/fields.ts';
import type { LabEvent } from '../../../src/lib/engine/solver-lab/protocol.ts';

const NFE = [4, 8, 16];
const TOLS = [1e-2, 1e-3];
const spec: TrainSpec = {
  target: 'moons',
  sigma: 0.1,
  trainSteps: 100,
  starts: 16,
  seed: 3,
  width: 16,
  depth: 1,
  batch: 32,
  sweepNfe: NFE,
  tolerances: TOLS,
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean, ms = 60_000) {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await sleep(10);
  }
}

beforeAll(async () => {
  expect(await activateAndCheck('cpu')).toBe(true);
});

describe('LabRunner', () => {
  it('trains and sweeps the three fields, answers a run, and leaks nothing', async () => {
    const events: LabEvent[] = [];
    const runner = new LabRunner({ where: 'main-thread', post: (ev) => events.push(ev) });
    runner.handle({ type: 'init', gen: 1, force: 'cpu' });
    await until(() => events.some((e) => e.type === 'ready'));
    const before = tf.memory().numTensors;
    // A run that is superseded at once posts nothing after the new one starts.
    runner.handle({ type: 'train', gen: 2, spec: { ...spec, seed: 99 } });
    runner.handle({ type: 'train', gen: 3, spec });
    await until(() => events.filter((e) => e.type === 'sweep').length === 3, 120_000);
    expect(events.filter((e) => e.gen === 2 && e.type !== 'ready')).toEqual([]);
    const sweeps = events.filter((e) => e.type === 'sweep');
    expect(sweeps.map((e) => e.field)).toEqual([...TRAINED_FIELDS]);
    for (const s of sweeps) {
      for (const m of ODE_METHOD_NAMES) {
        const jobs = sweepJobs(m, NFE, TOLS);
        expect(s.curves[m]).toHaveLength(jobs.length);
        for (const p of s.curves[m]) {
          expect(Number.isFinite(p.error)).toBe(true);
          expect(p.w2).toBeLessThanOrEqual(p.error * (1 + 1e-9) + 1e-12);
        }
      }
      expect(s.curves.euler.map((p) => p.nfe)).toEqual(NFE);
      // Euler's error falls as NFE grows (first order, on a smooth network field).
      expect(s.curves.euler.at(-1)!.error).toBeLessThan(s.curves.euler[0].error / 2);
      expect(s.w2Data).toBeGreaterThan(0);
    }
    const progress = events.filter((e) => e.type === 'progress' && e.phase === 'training');
    expect(progress.some((e) => e.type === 'progress' && e.field === 'rf2' && e.total === 2 * spec.trainSteps)).toBe(true);

    runner.handle({ type: 'run', gen: 3, field: 'otcfm', method: 'heun', steps: 4, tolLog: -3 });
    await until(() => events.some((e) => e.type === 'run'));
    const run = events.find((e) => e.type === 'run')!;
    if (run.type !== 'run') throw new Error('unreachable');
    expect(run.view.nfe).toBe(8);
    expect(run.view.run.frames).toBe(5);
    expect(run.view.end.length).toBe(2 * spec.starts);
    const heun8 = events.find((e) => e.type === 'sweep' && e.field === 'otcfm');
    if (heun8?.type !== 'sweep') throw new Error('unreachable');
    expect(run.view.error).toBeCloseTo(heun8.curves.heun.find((p) => p.nfe === 8)!.error, 5);

    runner.handle({ type: 'dispose' });
    await sleep(50);
    expect(tf.memory().numTensors).toBe(before);
  }, 180_000);
});
