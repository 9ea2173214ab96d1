/**
 * The reflow engine (src/lib/engine/reflow): the pairs-given batch source keeps the stored pairs
 * together, a run of rounds is deterministic and leaks no tensors, round r + 1 trains on the pairs
 * solved with round r's network, every figure is the core's formula on the reported samples, the
 * exported weights rebuild the same field, and the runner/client protocol (progress, pause, reset
 * with stale generations dropped, `trainRounds`) behaves.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { Rng, countCrossings, integrateAsync, sampleDataset, straightness, w2Exact } from '../../../src/lib/core/index.ts';
import { couplingCost } from '../../../src/lib/core/rectified-flow.ts';
import { PairedBatchMaker } from '../../../src/lib/engine/reflow/paired-batch.ts';
import { ReflowRounds, type RoundResult } from '../../../src/lib/engine/reflow/rounds.ts';
import { ReflowRunner } from '../../../src/lib/engine/reflow/runner.ts';
import { trainRounds } from '../../../src/lib/engine/reflow/client.ts';
import { loadVelocityField } from '../../../src/lib/engine/reflow/field.ts';
import { evaluationSet, independentFigures } from '../../../src/lib/engine/reflow/evaluation.ts';
import { cleanReflowSettings, needsRestart, roundTrainSettings, EULER_STEPS } from '../../../src/lib/engine/reflow/settings.ts';
import type { ReflowEvent } from '../../../src/lib/engine/reflow/protocol.ts';

const tiny = cleanReflowSettings({ rounds: 2, steps: 100, pairs: 256, solveSteps: 6, width: 16, depth: 1, batch: 32, seed: 5 }).settings;

beforeAll(async () => {
  expect(await activateAndCheck('cpu')).toBe(true);
});

async function runAll(r: ReflowRounds): Promise<RoundResult[]> {
  while (!r.done) {
    while (!r.roundTrained) {
      r.trainSteps(40);
      expect(await r.flush()).toBeNull();
    }
    await r.finishRound();
  }
  return r.results;
}

describe('PairedBatchMaker', () => {
  it('draws stored pairs, keeps partners together, and regresses onto x₁ − x₀ on their segment', () => {
    const rng = new Rng(3);
    const n = 40;
    const x0 = sampleDataset('normal', n, rng),
      x1 = sampleDataset('moons', n, rng);
    const settings = roundTrainSettings(tiny, 2);
    const maker = new PairedBatchMaker(settings, new Rng(9), { x0, x1 });
    const b = maker.next();
    expect(b.n).toBe(settings.batch);
    for (let i = 0; i < b.n; i++) {
      const [ux, uy] = [b.ut[2 * i], b.ut[2 * i + 1]];
      const t = b.t[i];
      // the row comes from one stored pair j: u = x1ⱼ − x0ⱼ and x_t = x0ⱼ + t u
      const j = [...Array(n).keys()].find(
        (k) => Math.abs(x1[2 * k] - x0[2 * k] - ux) < 1e-5 && Math.abs(x1[2 * k + 1] - x0[2 * k + 1] - uy) < 1e-5,
      );
      expect(j).toBeDefined();
      expect(b.xt[2 * i]).toBeCloseTo(x0[2 * j!] + t * ux, 4);
      expect(b.xt[2 * i + 1]).toBeCloseTo(x0[2 * j! + 1] + t * uy, 4);
    }
    // seeded: the same seed gives the same batch
    expect(new PairedBatchMaker(settings, new Rng(9), { x0, x1 }).next().xt).toEqual(b.xt);
    expect(() => new PairedBatchMaker(settings, new Rng(1), { x0, x1: x1.subarray(2) })).toThrow(/matching/);
  });
});

describe('ReflowRounds', () => {
  it('is deterministic, leaks no tensors, and reports the core’s figures of its own samples', async () => {
    const before = tf.memory().numTensors;
    const a = new ReflowRounds(tiny);
    const ra = await runAll(a);
    a.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const rb = await runAll(new ReflowRounds(tiny));
    expect(ra.map((r) => [r.straightness, r.cost, r.w2])).toEqual(rb.map((r) => [r.straightness, r.cost, r.w2]));
    expect(ra.map((r) => r.round)).toEqual([1, 2]);

    const ev = evaluationSet(tiny.target, tiny.seed);
    const m = ev.x0.length / 2;
    for (const r of ra) {
      const x1 = Float64Array.from(r.samples);
      expect(r.cost).toBeCloseTo(couplingCost({ x0: ev.x0, x1 }, m, 2), 4);
      expect(r.crossings).toBe(countCrossings(ev.x0, x1, m));
      expect(r.w2Accurate).toBeCloseTo(w2Exact(x1, ev.reference, m, 2), 4);
      expect(r.w2).toHaveLength(EULER_STEPS.length);
      r.w2.forEach((w, i) => expect(w).toBeCloseTo(w2Exact(Float64Array.from(r.eulerSamples[i]), ev.reference, m, 2), 4));
      expect(r.trajectoryLength).toBe(tiny.solveSteps + 1);
      // the shown paths are the first trajectories: they start at x₀ and end at the samples
      expect(r.trajectories[0]).toBeCloseTo(ev.x0[0], 5);
      const last = (r.trajectoryLength - 1) * 2;
      expect(r.trajectories[last]).toBeCloseTo(r.samples[0], 5);
      expect(r.straightness).toBeGreaterThanOrEqual(0);
    }
    // the independent coupling (round 0) is far more tangled than a learned flow's
    expect(independentFigures(ev).crossings).toBeGreaterThan(ra[0].crossings);
  });

  it('exported weights rebuild the round’s field: the core’s RK4 reproduces its samples', async () => {
    const r = new ReflowRounds({ ...tiny, rounds: 1 });
    const [res] = await runAll(r);
    const { field, dispose } = loadVelocityField(res.weights);
    const ev = r.evaluation;
    const out = await integrateAsync(field, ev.x0, { method: 'rk4', steps: tiny.solveSteps });
    dispose();
    for (let i = 0; i < out.x.length; i++) expect(out.x[i]).toBeCloseTo(res.samples[i], 3);
    // and the trajectories' straightness is the core's formula on them
    const frames = Array.from({ length: res.trajectoryLength }, (_, k) => {
      const f = new Float64Array(res.trajectoryCount * 2);
      for (let p = 0; p < res.trajectoryCount; p++) {
        f[2 * p] = res.trajectories[(p * res.trajectoryLength + k) * 2];
        f[2 * p + 1] = res.trajectories[(p * res.trajectoryLength + k) * 2 + 1];
      }
      return f;
    });
    expect(straightness(frames, res.trajectoryCount, 2)).toBeGreaterThan(0);
  });

  it('round 2 trains on the pairs solved with round 1’s network', async () => {
    const r = new ReflowRounds(tiny);
    expect(r.trainingPairs).toBeNull();
    r.trainSteps(tiny.steps);
    await r.flush();
    expect(r.batchSource).not.toBeInstanceOf(PairedBatchMaker);
    const first = await r.finishRound();
    const pairs = r.trainingPairs!;
    expect(pairs.x0.length).toBe(2 * tiny.pairs);
    // the pairs are (x₀, ψ₁(x₀)) of round 1's network: the core's RK4 on the rebuilt field agrees
    const { field, dispose } = loadVelocityField(first.weights);
    const end = await integrateAsync(field, pairs.x0, { method: 'rk4', steps: tiny.solveSteps });
    dispose();
    for (let i = 0; i < end.x.length; i += 17) expect(end.x[i]).toBeCloseTo(pairs.x1[i], 3);
    r.trainSteps(1);
    expect(r.batchSource).toBeInstanceOf(PairedBatchMaker);
    expect(r.round).toBe(2);
    r.dispose();
  });
});

describe('settings', () => {
  it('clamps bad input with a problem message; only the view is live', () => {
    const { settings, problems } = cleanReflowSettings({ rounds: 99, steps: -3, target: 'nope', view: 'euler1' });
    expect(settings.rounds).toBe(4);
    expect(settings.steps).toBe(100);
    expect(settings.target).toBe('8gaussians');
    expect(problems.length).toBeGreaterThanOrEqual(3);
    expect(needsRestart(tiny, { ...tiny, view: 'euler4' })).toBe(false);
    expect(needsRestart(tiny, { ...tiny, seed: 6 })).toBe(true);
    const round = roundTrainSettings(tiny, 1);
    expect([round.path, round.sigma, round.coupling, round.source]).toEqual(['rectified', 0, 'independent', 'normal']);
    expect(roundTrainSettings(tiny, 2).seed).not.toBe(round.seed);
  });
});

describe('ReflowRunner and client', () => {
  it('posts progress and one result per round, pauses, and drops a reset’s stale work', async () => {
    const events: ReflowEvent[] = [];
    const runner = new ReflowRunner({ where: 'main-thread', maxChunkMs: 20, progressMs: 10, post: (ev) => events.push(ev) });
    runner.handle({ type: 'init', gen: 1, settings: tiny, force: 'cpu' });
    runner.handle({ type: 'start', gen: 1 });
    await until(() => events.some((e) => e.type === 'progress' && e.step > 0));
    runner.handle({ type: 'pause', gen: 1 });
    await until(() => events.at(-1)?.type === 'progress' && !(events.at(-1) as { running: boolean }).running);
    const paused = events.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(events.length).toBe(paused); // nothing while paused
    runner.handle({ type: 'start', gen: 1 });
    runner.handle({ type: 'reset', gen: 2, settings: { ...tiny, rounds: 1 } });
    runner.handle({ type: 'start', gen: 1 }); // stale: ignored, the new run stays paused
    await new Promise((r) => setTimeout(r, 300));
    expect(events.some((e) => e.gen === 2 && e.type === 'progress' && (e.running || e.step > 0))).toBe(false);
    runner.handle({ type: 'start', gen: 2 });
    await until(() => events.some((e) => e.type === 'progress' && e.gen === 2 && e.phase === 'done'), 20_000);
    const after = events.slice(events.findIndex((e) => e.gen === 2));
    expect(after.every((e) => e.gen === 2)).toBe(true);
    const rounds = after.filter((e) => e.type === 'round');
    expect(rounds).toHaveLength(1);
    const progress = after.filter((e) => e.type === 'progress');
    expect(progress.some((p) => p.phase === 'solving')).toBe(true);
    expect(progress.some((p) => p.etaSeconds !== null && p.etaSeconds > 0)).toBe(true);
    runner.handle({ type: 'dispose' });
  });

  it('trainRounds resolves with every round (main-thread fallback in Node)', async () => {
    const seen: number[] = [];
    const results = await trainRounds(tiny, (p) => seen.push(p.step), { force: 'cpu', noWorker: true });
    expect(results.map((r) => r.round)).toEqual([1, 2]);
    expect(results[1].weights.data.length).toBe(results[0].weights.data.length);
    expect(seen.length).toBeGreaterThan(2);
  });
});

async function until(pred: () => boolean, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}
