/**
 * The un-mixing widget's training engine (engine/unmixing): batches are pairs of the plan and nothing
 * else, the runner reports ready → progress → weights for the current job only, and a network trained
 * on the bad plan of chapter 6's default view keeps more particles on their own side than the exact
 * field does (the chapter's remark on trained networks). CPU backend.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { planSession, UnmixingRunner } from '../../../src/lib/engine/unmixing/runner.ts';
import type { UnmixingEvent } from '../../../src/lib/engine/unmixing/protocol.ts';
import { flowAll, setup } from '../../../src/widgets/coupling-unmixing/unmix.ts';
import { NETWORK_STEPS, unmixingSchema } from '../../../src/widgets/coupling-unmixing/schema.ts';
import { mlpVelocity } from '../../../src/lib/core/mlp-field.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

const job = (coupling: 'bad' | 'good', steps: number) => {
  const s = setup(coupling, 0.1, unmixingSchema.m.default, 1);
  return { s, job: { src: s.ex.src, tgt: s.ex.tgt, n: s.ex.n, plan: s.plan, sigma: 0.1, steps, seed: 1 } };
};

describe('engine/unmixing', () => {
  it('trains on pairs of the plan only: under the bad plan every pair crosses sides', () => {
    const { job: j } = job('bad', 10);
    const session = planSession(j);
    for (let k = 0; k < 5; k++) {
      const [x0, x1] = session.batches.sample();
      const p = session.batches.pair(x0, x1);
      for (let i = 0; i < p.x0.length / 2; i++) expect(Math.sign(p.x0[2 * i])).toBe(-Math.sign(p.x1[2 * i]));
    }
    session.dispose();
  });

  it('chooses its backend once, reports progress and weights of the current job, and drops a replaced one', async () => {
    const events: UnmixingEvent[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((resolve) => (done = resolve));
    const runner = new UnmixingRunner({
      post: (ev) => {
        events.push(ev);
        if (ev.type === 'weights' || ev.type === 'error') done();
      },
    });
    runner.handle({ type: 'init', gen: 1, force: 'cpu' });
    runner.handle({ type: 'train', gen: 2, job: job('good', 50).job });
    runner.handle({ type: 'train', gen: 3, job: job('good', 50).job });
    await finished;
    // The backend is chosen once, by init; the replaced job (gen 2) reports nothing.
    expect(events.filter((e) => e.type === 'ready').map((e) => e.gen)).toEqual([1]);
    expect(events.filter((e) => e.gen === 2)).toEqual([]);
    const last = events[events.length - 1];
    expect(last.type).toBe('weights');
    if (last.type === 'weights') {
      expect(last.gen).toBe(3);
      expect(last.step).toBe(50);
      expect(last.weights.config).toMatchObject({ dim: 2, width: 64, depth: 3 });
    }
    expect(events.some((e) => e.type === 'progress' && e.gen === 3)).toBe(true);
    runner.handle({ type: 'dispose' });
  }, 120_000);

  // Backs (chapter 6): "in the default view, a network trained on the plan's pairs keeps more of the
  // particles on their own side than the exact field, as a smoother field should".
  it('a trained network un-mixes the bad plan a little more than the exact field (default view)', async () => {
    const { s, job: j } = job('bad', NETWORK_STEPS);
    const session = planSession(j);
    while (session.step < NETWORK_STEPS) {
      session.trainSteps(25);
      await session.flush();
    }
    const net = flowAll(s, mlpVelocity(await session.net.exportWeights()));
    session.dispose();
    const exact = flowAll(s);
    expect(Math.round(100 * exact.ownSide.all)).toBe(77);
    expect(net.ownSide.all).toBeGreaterThan(exact.ownSide.all);
  }, 600_000);
});
