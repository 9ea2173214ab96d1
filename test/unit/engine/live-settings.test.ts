/**
 * The live-settings keys (engine/train/settings.ts LIVE_KEYS, the only list of them): every live key
 * takes effect on a session that has been training, without a reset (same network, same step count),
 * and every other key of the schema needs a fresh session. CPU backend, tiny model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { TrainingSession } from '../../../src/lib/engine/train/session.ts';
import { SessionRunner } from '../../../src/lib/engine/train/runner.ts';
import type { SessionEvent, Snapshot } from '../../../src/lib/engine/train/protocol.ts';
import {
  cleanSettings,
  LIVE_KEYS,
  needsReset,
  TRAIN_SCHEMA,
  type LiveKey,
  type TrainSettings,
} from '../../../src/lib/engine/train/settings.ts';

const tiny = cleanSettings({ width: 8, depth: 1, batch: 16, coupling: 'independent', timeFreqs: 1, samples: 50, nfe: 2 }).settings;

/** A valid value of `key` different from `current` (from the schema's own bounds and values). */
function otherValue(key: keyof TrainSettings, current: unknown): unknown {
  const spec = TRAIN_SCHEMA[key];
  switch (spec.kind) {
    case 'bool':
      return !current;
    case 'enum':
      return spec.values.find((v) => v !== current);
    case 'int':
      return current === spec.max ? spec.max - 1 : Math.min(spec.max, Number(current) + 3);
    case 'number':
      return current === spec.max ? (spec.min + spec.max) / 2 : Math.min(spec.max, Number(current) * 0.5 + spec.max * 0.5);
  }
}

/** What each live key visibly changes, read from the session and its next snapshot. */
const EFFECT: Record<LiveKey, (s: TrainingSession, snap: Snapshot, v: TrainSettings) => unknown[]> = {
  lr: (s, _, v) => [s.opt.learningRate, v.lr],
  weightDecay: (s, _, v) => [s.opt.weightDecay, v.weightDecay],
  stepsPerFrame: (s, _, v) => [s.settings.stepsPerFrame, v.stepsPerFrame],
  solver: (_, snap, v) => [snap.nfe, v.nfe * ({ euler: 1, midpoint: 2, heun: 2, rk4: 4 } as const)[v.solver]],
  nfe: (_, snap, v) => [snap.trajectoryLength, v.nfe + 1],
  samples: (_, snap, v) => [snap.samples.length, 2 * v.samples],
  closedForm: (_, snap, v) => [snap.fieldSource, v.closedForm ? 'closed-form' : 'network'],
  fieldT: (_, snap, v) => [snap.fieldTime, v.fieldT],
};

beforeAll(async () => {
  expect(await activateAndCheck('cpu')).toBe(true);
});

describe('live settings', () => {
  for (const key of LIVE_KEYS) {
    it(`${key} takes effect on a trained session without a reset`, async () => {
      const session = new TrainingSession(tiny);
      session.trainSteps(5);
      await session.flush();
      const net = session.net,
        weights = await net.exportWeights();
      const next = { ...tiny, [key]: otherValue(key, tiny[key]) } as TrainSettings;
      expect(needsReset(tiny, next)).toBe(false);
      session.setLive(next);
      expect(session.settings[key]).toBe(next[key]);
      const snap = await session.snapshot(1, true, 0);
      const [got, want] = EFFECT[key](session, snap, next);
      expect(got).toBe(want);
      // not a reset: the same network with the same weights, the step count kept
      expect(session.net).toBe(net);
      expect(session.step).toBe(5);
      expect(Array.from((await session.net.exportWeights()).data)).toEqual(Array.from(weights.data));
      session.dispose();
    });
  }

  it('every other key of the schema needs a fresh session', () => {
    const others = (Object.keys(TRAIN_SCHEMA) as (keyof TrainSettings)[]).filter((k) => !(LIVE_KEYS as readonly string[]).includes(k));
    expect(others.length).toBeGreaterThan(0);
    for (const key of others) {
      const next = { ...tiny, [key]: otherValue(key, tiny[key]) } as TrainSettings;
      expect(next[key], key).not.toBe(tiny[key]);
      expect(needsReset(tiny, next), key).toBe(true);
    }
  });

  it('an update to a running session applies in place: training goes on from where it was', async () => {
    const events: SessionEvent[] = [];
    const runner = new SessionRunner({ where: 'main-thread', post: (ev) => events.push(ev), snapshotMs: 0, maxChunkMs: 5 });
    const snaps = () => events.filter((e): e is Snapshot => e.type === 'snapshot');
    runner.handle({ type: 'init', gen: 1, settings: tiny, force: 'cpu' });
    runner.handle({ type: 'start', gen: 1 });
    const until = async (pred: () => boolean) => {
      const t0 = Date.now();
      while (!pred()) {
        if (Date.now() - t0 > 10_000) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    await until(() => snaps().some((e) => e.step >= 20));
    const stepAtUpdate = snaps().at(-1)!.step;
    runner.handle({ type: 'update', gen: 1, settings: { ...tiny, nfe: 7, fieldT: 0.25 } });
    await until(() => snaps().some((e) => e.trajectoryLength === 8 && e.fieldTime === 0.25));
    const after = snaps().filter((e) => e.trajectoryLength === 8);
    expect(after[0].step).toBeGreaterThanOrEqual(stepAtUpdate);
    expect(after.every((e) => e.gen === 1 && e.running)).toBe(true);
    runner.handle({ type: 'dispose' });
  });
});
