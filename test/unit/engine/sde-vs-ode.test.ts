/**
 * The SDE vs ODE engine (src/lib/engine/sde-vs-ode) and the widget's frame helpers: the closed-form
 * run advanced in chunks equals the core's integrators run in one go; the runner trains, sweeps and
 * returns paths, drops superseded work, and leaves tf.memory().numTensors flat; frames interpolate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../../../src/lib/nn/tf.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { integrate, marginalVelocity, type VelocityFn } from '../../../src/lib/core/index.ts';
import { extendedDriftFromVelocity, integrateSde } from '../../../src/lib/core/sde.ts';
import { PairedSimulation, STEP_CHUNK } from '../../../src/lib/engine/sde-vs-ode/paired.ts';
import { DIM, PATH, TARGET_COUNT, streams } from '../../../src/lib/engine/sde-vs-ode/experiment.ts';
import { SdeRunner } from '../../../src/lib/engine/sde-vs-ode/runner.ts';
import type { RunRequest, SdeEvent } from '../../../src/lib/engine/sde-vs-ode/protocol.ts';
import { arrayFrames, cloudAt, flatFrames, highlighted, pathsUpTo, reachedTime } from '../../../src/widgets/sde-vs-ode/frames.ts';

describe('PairedSimulation', () => {
  it('advanced step by step equals RK4 and Euler–Maruyama run in one go from the same seed', () => {
    const spec = { seed: 3, g: 1.5, steps: 30, particles: 40 };
    const sim = new PairedSimulation(spec);
    let calls = 0;
    while (!sim.advance(4)) calls++;
    expect(calls).toBe(7);
    expect(sim.ode).toHaveLength(31);
    const s = streams(3);
    const x0 = new Float64Array(80);
    for (let i = 0; i < 80; i++) x0[i] = s.starts.normal();
    const u: VelocityFn = (x, t, out) => out.set(marginalVelocity(PATH, x, x.length / DIM, t, s.targets, TARGET_COUNT, DIM));
    const ode = integrate(u, x0, { method: 'rk4', steps: 30 }).x;
    const sde = integrateSde(
      extendedDriftFromVelocity(PATH, u, () => 1.5),
      () => 1.5,
      x0,
      { steps: 30, rng: s.noise },
    ).x;
    for (let i = 0; i < 80; i++) {
      expect(sim.ode[30][i]).toBeCloseTo(ode[i], 10);
      expect(sim.sde[30][i]).toBeCloseTo(sde[i], 8);
    }
    expect(sim.checkpoints.map((c) => c.step)).toEqual([0, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24, 26, 27, 29, 30]);
    expect(sim.checkpoints[0].pairedGap).toBe(0);
    expect(sim.checkpoints[20].pairedGap).toBeGreaterThan(0.5);
  });

  it(`moves ${STEP_CHUNK} particles at a time and gets the numbers of whole-cloud steps exactly`, () => {
    // 150 particles: chunks of 64, 64 and 22, for each cloud. The reference steps the whole cloud
    // with the core's integrators, one step at a time on the same grid, as the engine did before.
    const spec = { seed: 9, g: 1.2, steps: 6, particles: 150 };
    const sim = new PairedSimulation(spec);
    let units = 1;
    while (!sim.work()) units++;
    expect(units).toBe(6 * 2 * 3 + 7 * 3); // 6 steps of 2 × 3 chunks; 7 checkpoints (t = 0 and every step) of 3 parts
    const s = streams(9);
    const x0 = new Float64Array(300);
    for (let i = 0; i < 300; i++) x0[i] = s.starts.normal();
    const u: VelocityFn = (x, t, out) => out.set(marginalVelocity(PATH, x, x.length / DIM, t, s.targets, TARGET_COUNT, DIM));
    const drift = extendedDriftFromVelocity(PATH, u, () => 1.2);
    let ode: Float64Array = x0;
    let sde: Float64Array = Float64Array.from(x0);
    for (let k = 0; k < 6; k++) {
      const [t0, t1] = [k / 6, (k + 1) / 6];
      ode = integrate(u, ode, { method: 'rk4', steps: 1, t0, t1 }).x;
      sde = integrateSde(drift, () => 1.2, sde, { steps: 1, t0, t1, rng: s.noise }).x;
      expect(sim.ode[k + 1]).toEqual(ode);
      expect(sim.sde[k + 1]).toEqual(sde);
    }
  });

  it('worked unit by unit (a chunk of a step, or one energy distance of a checkpoint) gives the same run', () => {
    const spec = { seed: 5, g: 1, steps: 12, particles: 30, checkpoints: 4 };
    const whole = new PairedSimulation(spec);
    whole.advance();
    const units = new PairedSimulation(spec);
    let calls = 1;
    while (!units.work()) calls++;
    // 12 steps of one chunk per cloud, and 5 checkpoints (t = 0 and four more) of three energy distances each.
    expect(calls).toBe(12 * 2 + 3 * 5);
    expect(units.checkpoints).toEqual(whole.checkpoints);
    expect(units.ode).toEqual(whole.ode);
    expect(units.checkpoints[2]).toEqual(whole.metricsAt(units.checkpoints[2].step));
  });

  it('with g = 0 the two clouds differ only by the integrator (RK4 vs Euler)', () => {
    const sim = new PairedSimulation({ seed: 1, g: 0, steps: 100, particles: 50 });
    sim.advance();
    expect(sim.checkpoints[sim.checkpoints.length - 1].pairedGap).toBeLessThan(0.05);
  });
});

describe('frames', () => {
  const f = flatFrames(Float32Array.of(0, 0, 10, 10, 1, 2, 11, 12, 3, 4, 13, 14), 3, 2);
  it('interpolate the cloud and cut the paths at t', () => {
    expect(Array.from(cloudAt(f, 0.25))).toEqual([0.5, 1, 10.5, 11]);
    expect(Array.from(cloudAt(f, 1))).toEqual([3, 4, 13, 14]);
    const [p] = pathsUpTo(f, [1], 0.75);
    expect(Array.from(p)).toEqual([10, 10, 11, 12, 12, 13]);
    expect(highlighted(10, 3)).toEqual([1, 5, 8]);
    expect(highlighted(2, 5)).toEqual([0, 1]);
  });
  it('stop at the frames computed so far', () => {
    const partial = arrayFrames([Float64Array.of(0, 0), Float64Array.of(1, 1)], 5, 1);
    expect(reachedTime(partial)).toBe(0.25);
    expect(Array.from(cloudAt(partial, 0.9))).toEqual([1, 1]);
  });
});

describe('SdeRunner', () => {
  beforeAll(async () => {
    expect(await activateAndCheck('cpu')).toBe(true);
  });
  afterAll(async () => {
    await activateAndCheck('cpu');
  });

  const request = (trainSteps: number, g = 1): RunRequest => ({
    seed: 2,
    trainSteps,
    nfe: 3,
    gs: [0, g],
    shift: 1,
    g,
    starts: Float64Array.of(0, 0, 1, -1, -1, 0.5),
  });

  it('trains, sweeps and returns paths; a newer run supersedes an older one; memory stays flat', async () => {
    const events: SdeEvent[] = [];
    let done: () => void = () => {};
    let superseded = false;
    const runner = new SdeRunner({
      where: 'main-thread',
      post: (ev) => {
        events.push(ev);
        if (ev.type === 'paths' || ev.type === 'error') done();
        // the reader asks for something else while the first run is training
        if (ev.type === 'progress' && ev.gen === 1 && !superseded) {
          superseded = true;
          runner.handle({ type: 'run', gen: 2, request: request(50) });
        }
      },
    });
    const settled = () => new Promise<void>((r) => (done = r));
    runner.handle({ type: 'init', force: 'cpu' });
    let wait = settled();
    runner.handle({ type: 'run', gen: 1, request: request(100) });
    await wait;
    expect(events.filter((e) => e.type === 'progress' && e.gen === 1)).toHaveLength(1);
    expect(events.find((e) => e.type === 'error')).toBeUndefined();
    expect(events[0]).toMatchObject({ type: 'ready', where: 'main-thread' });
    expect(events.some((e) => 'gen' in e && e.gen === 1 && e.type !== 'progress')).toBe(false);
    const sweep = events.find((e) => e.type === 'sweep');
    expect(sweep).toMatchObject({ gen: 2, nfe: 3, step: 50 });
    if (sweep?.type !== 'sweep') throw new Error('no sweep');
    expect(sweep.points.map((p) => p.g)).toEqual([0, 1]);
    for (const p of sweep.points) expect(p.w2).toBeGreaterThan(sweep.floor);
    const paths = events.find((e) => e.type === 'paths');
    expect(paths).toMatchObject({ gen: 2, n: 3, frames: 4, g: 1 });
    const tensors = tf.memory().numTensors;
    // continue the same network (same seed, more steps), then the view's paths only
    events.length = 0;
    wait = settled();
    runner.handle({ type: 'run', gen: 3, request: request(75) });
    await wait;
    expect(events.find((e) => e.type === 'sweep')).toMatchObject({ step: 75 });
    wait = settled();
    runner.handle({ type: 'paths', gen: 4, request: request(75, 0.5) });
    await wait;
    expect(events[events.length - 1]).toMatchObject({ type: 'paths', gen: 4, g: 0.5 });
    expect(tf.memory().numTensors).toBe(tensors);
    runner.handle({ type: 'dispose' });
  }, 120_000);
});
