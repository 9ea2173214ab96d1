/**
 * The SDE vs ODE widget's closed-form engine (engine/sde-vs-ode/paired-runner.ts), driven as its
 * worker drives it: the frames and checkpoints it posts, put together, are PairedSimulation's run in
 * one go; the figures at a frame are `metricsAt`'s (asked before the frame exists, they come when
 * it does); a newer run silences the older one; a paused run waits; pairedStarts is frame 0.
 */
import { describe, expect, it } from 'vitest';
import { PairedSimulation, pairedStarts, type Checkpoint } from '../../../src/lib/engine/sde-vs-ode/paired.ts';
import type { PairedEvent } from '../../../src/lib/engine/sde-vs-ode/paired-protocol.ts';
import { PairedRunner } from '../../../src/lib/engine/sde-vs-ode/paired-runner.ts';

const spec = { seed: 4, g: 1, steps: 24, particles: 150 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Frames = Extract<PairedEvent, { type: 'frames' }>;

function start(sliceMs = 0) {
  const events: PairedEvent[] = [];
  const runner = new PairedRunner({ sliceMs, post: (ev) => events.push(ev) });
  runner.handle({ type: 'init', gen: 1 });
  const finished = async (gen: number) => {
    const t0 = Date.now();
    while (!events.some((e) => e.type === 'frames' && e.gen === gen && e.finished)) {
      if (Date.now() - t0 > 60_000) throw new Error('timed out');
      await sleep(2);
    }
  };
  /** The run of `gen` put together from its frame events. */
  const assembled = (gen: number) => {
    const ode: Float64Array[] = [];
    const sde: Float64Array[] = [];
    const checkpoints: Checkpoint[] = [];
    for (const e of events.filter((e): e is Frames => e.type === 'frames' && e.gen === gen)) {
      expect(e.first).toBe(ode.length);
      ode.push(...e.ode);
      sde.push(...e.sde);
      checkpoints.push(...e.checkpoints);
    }
    return { ode, sde, checkpoints };
  };
  return { events, runner, finished, assembled };
}

describe('the closed-form engine of SDE vs ODE', () => {
  it('posts, in several parts, exactly the run PairedSimulation makes in one go', async () => {
    const { events, runner, finished, assembled } = start(2);
    runner.handle({ type: 'simulate', gen: 2, spec });
    await finished(2);
    expect(events[0]).toEqual({ type: 'ready' });
    const parts = events.filter((e) => e.type === 'frames');
    expect(parts.length).toBeGreaterThan(2);
    const whole = new PairedSimulation(spec);
    whole.advance();
    const got = assembled(2);
    expect(got.ode).toEqual(whole.ode);
    expect(got.sde).toEqual(whole.sde);
    expect(got.checkpoints).toEqual(whole.checkpoints);
    expect(got.ode[0]).toEqual(pairedStarts(spec.seed, spec.particles));
  });

  it('answers the figures at a frame, also one asked for before the run reaches it', async () => {
    const { events, runner, finished } = start(0);
    runner.handle({ type: 'simulate', gen: 2, spec });
    runner.handle({ type: 'metrics', gen: 2, step: 21 }); // not computed yet, nor a checkpoint: answered when reached
    await finished(2);
    runner.handle({ type: 'metrics', gen: 2, step: 7 });
    runner.handle({ type: 'metrics', gen: 1, step: 7 }); // another run's: ignored
    const answers = events.filter((e): e is Extract<PairedEvent, { type: 'metrics' }> => e.type === 'metrics');
    const whole = new PairedSimulation(spec);
    whole.advance();
    expect(whole.checkpoints.some((c) => c.step === 21)).toBe(false);
    expect(answers.map((a) => a.checkpoint)).toEqual([whole.metricsAt(21), whole.metricsAt(7)]);
    expect(answers.every((a) => a.gen === 2)).toBe(true);
  });

  it('goes quiet for a run replaced by a newer one; a paused run waits until resumed', async () => {
    const { events, runner, finished, assembled } = start(0);
    runner.handle({ type: 'simulate', gen: 2, spec });
    while (assembled(2).ode.length < 3) await sleep(1);
    runner.handle({ type: 'simulate', gen: 3, spec: { ...spec, seed: 5 } });
    const at = events.length;
    await finished(3);
    expect(events.slice(at).every((e) => 'gen' in e && e.gen === 3)).toBe(true);
    expect(assembled(3).ode[0]).toEqual(pairedStarts(5, spec.particles));

    runner.handle({ type: 'pause' });
    runner.handle({ type: 'simulate', gen: 4, spec });
    await sleep(100);
    const waiting = assembled(4).ode.length;
    await sleep(100);
    expect(assembled(4).ode.length).toBe(waiting);
    expect(waiting).toBeLessThan(spec.steps + 1);
    runner.handle({ type: 'resume' });
    await finished(4);
    expect(assembled(4).ode).toHaveLength(spec.steps + 1);
  });
});
