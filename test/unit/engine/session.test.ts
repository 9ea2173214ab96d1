/**
 * The training session (src/lib/engine): memory stays flat, training lowers the loss and moves
 * samples to the target (exact W₂ on held-out points), bad settings are clamped, huge learning
 * rates are detected as divergence, and the runner/client protocol drops stale generations.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { Rng, w2Exact } from '../../../src/lib/core/index.ts';
import { TrainingSession } from '../../../src/lib/engine/train/session.ts';
import { cleanSettings, needsReset, TRAIN_SCHEMA } from '../../../src/lib/engine/train/settings.ts';
import { defaultSettings } from '../../../src/lib/state/settings.ts';

const tiny = cleanSettings({ width: 8, depth: 1, batch: 16, coupling: 'independent', timeFreqs: 1, samples: 50, nfe: 2 }).settings;

beforeAll(async () => {
  expect(await activateAndCheck('cpu')).toBe(true);
});

describe('TrainingSession', () => {
  it('keeps tf.memory().numTensors flat over 10 000 steps (tiny model, batch 16)', async () => {
    const session = new TrainingSession(tiny);
    session.trainSteps(10);
    await session.flush();
    const before = tf.memory().numTensors;
    for (let k = 0; k < 100; k++) {
      session.trainSteps(100);
      await session.flush();
      if (k % 25 === 0) await session.snapshot(1, true, 0); // sampling must not leak either
    }
    expect(session.step).toBe(10_010);
    expect(tf.memory().numTensors).toBe(before);
    session.dispose();
  }, 60_000);

  it('learns: loss falls and samples approach the target (N → 8 gaussians, W₂ on held-out points)', async () => {
    expect(await activateAndCheck('wasm')).toBe(true);
    try {
      const { settings } = cleanSettings({
        source: 'normal',
        target: '8gaussians',
        coupling: 'exact-ot',
        path: 'icfm',
        sigma: 0.01,
        width: 64,
        depth: 3,
        activation: 'silu',
        timeFreqs: 2,
        lr: 0.003,
        batch: 128,
        seed: 3,
      });
      const session = new TrainingSession(settings);
      const rng = new Rng(12345);
      const n = 400;
      const x0 = session.source(n, rng),
        held = session.target(n, rng);
      const w2 = async () => w2Exact((await session.generate(x0, { method: 'euler', steps: 40 }, false)).x, held, n, 2);
      const w2Before = await w2();
      for (let k = 0; k < 12; k++) {
        session.trainSteps(50);
        expect(await session.flush()).toBeNull();
      }
      const h = session.lossHistory();
      const first = h.slice(0, 30).reduce((a, b) => a + b) / 30,
        last = h.slice(-30).reduce((a, b) => a + b) / 30;
      expect(last).toBeLessThan(0.6 * first);
      const w2After = await w2();
      // the closed-form field of the same path (core, Theorem 1 on 512 target points) also gets there
      const w2Closed = w2Exact((await session.generate(x0, { method: 'euler', steps: 40 }, true)).x, held, n, 2);
      // two independent draws of 400 target points are themselves ≈ 0.4 apart in W₂
      expect(w2After).toBeLessThan(0.4 * w2Before);
      expect(w2After).toBeLessThan(1.6);
      expect(w2Closed).toBeLessThan(0.5 * w2Before);
      session.dispose();
    } finally {
      await activateAndCheck('cpu');
    }
  }, 60_000);

  it('detects divergence with a huge learning rate and says so', async () => {
    const { settings } = cleanSettings({ ...tiny, width: 32, depth: 2, lr: 10, optimizer: 'adam', batch: 64 });
    const session = new TrainingSession(settings);
    let reason: string | null = null;
    for (let k = 0; k < 40 && !reason; k++) {
      session.trainSteps(25);
      reason = await session.flush();
    }
    expect(reason).toMatch(/loss became/);
    expect(reason).toMatch(/learning rate 10/);
    session.dispose();
  });

  it('applies live settings without a reset and rebuilds for structural ones', () => {
    const a = defaultSettings(TRAIN_SCHEMA);
    expect(needsReset(a, { ...a, lr: 0.01, nfe: 5, closedForm: true, fieldT: 0.9 })).toBe(false);
    expect(needsReset(a, { ...a, width: 32 })).toBe(true);
    expect(needsReset(a, { ...a, target: 'normal' })).toBe(true);
    const session = new TrainingSession(tiny);
    session.setLive({ ...tiny, lr: 0.05, weightDecay: 0.2 });
    expect(session.opt.learningRate).toBe(0.05);
    session.dispose();
  });
});

describe('settings', () => {
  it('clamps and rejects bad values with messages', () => {
    const { settings, problems } = cleanSettings({ lr: 1e9, batch: -5, activation: 'tanh', width: 3.7, target: '<script>', nfe: 'lots' });
    expect(settings.lr).toBe(TRAIN_SCHEMA.lr.max);
    expect(settings.batch).toBe(TRAIN_SCHEMA.batch.min);
    expect(settings.activation).toBe(TRAIN_SCHEMA.activation.default);
    expect(settings.width).toBe(TRAIN_SCHEMA.width.min);
    expect(settings.target).toBe(TRAIN_SCHEMA.target.default);
    expect(settings.nfe).toBe(TRAIN_SCHEMA.nfe.default);
    expect(problems.length).toBe(6);
  });
});
