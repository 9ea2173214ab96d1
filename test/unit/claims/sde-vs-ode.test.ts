/**
 * Claims of the SDE vs ODE figure of chapter 10 (figure-sde-vs-ode), computed with the code the
 * widget runs, at its default settings (src/widgets/sde-vs-ode/schema.ts): the closed-form run of
 * engine/sde-vs-ode/paired.ts and the trained network's sweep of engine/sde-vs-ode/trained.ts (on
 * the wasm backend, as the widget runs it where WebGPU is missing).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { PairedSimulation } from '../../../src/lib/engine/sde-vs-ode/paired.ts';
import { SWEEP_G, trainSettings } from '../../../src/lib/engine/sde-vs-ode/experiment.ts';
import { createSession, sweepW2, train } from '../../../src/lib/engine/sde-vs-ode/trained.ts';
import { sdeVsOdeSchema as schema } from '../../../src/widgets/sde-vs-ode/schema.ts';

const D = {
  seed: schema.seed.default,
  g: schema.g.default,
  steps: schema.steps.default,
  particles: schema.particles.default,
  trainSteps: schema.trainSteps.default,
  nfe: schema.nfe.default,
  shift: schema.shift.default,
};

describe('figure-sde-vs-ode: the exact field (default view)', () => {
  const sim = new PairedSimulation({ seed: D.seed, g: D.g, steps: D.steps, particles: D.particles });
  sim.advance();

  // Backs: "In its default view (g = 1, 200 steps of RK4 for the ODE and of Euler–Maruyama for the
  // SDE, 500 particles), at each of the 21 times the widget checks, the energy distance from the ODE
  // cloud and from the SDE cloud to an exact sample of p_t is below 0.03, the same size as the
  // distance of a second, independent exact sample, which reaches 0.02"
  it('both clouds stay within the Monte-Carlo scale of p_t at all 21 checkpoints', () => {
    expect(D).toMatchObject({ g: 1, steps: 200, particles: 500 });
    expect(sim.checkpoints).toHaveLength(21);
    const worstCloud = Math.max(...sim.checkpoints.map((c) => Math.max(c.ode, c.sde)));
    const worstExact = Math.max(...sim.checkpoints.map((c) => c.exact));
    expect(worstCloud).toBeLessThan(0.03);
    expect(worstExact).toBeGreaterThan(0.015);
    expect(worstExact).toBeLessThan(0.025);
  });

  // Backs: "Yet a particle that starts at the same point ends, on average, 1.8 units from its ODE
  // twin at t = 1."
  it('paired particles end about 1.8 apart', () => {
    const end = sim.checkpoints[sim.checkpoints.length - 1];
    expect(end.t).toBe(1);
    expect(end.pairedGap).toBeGreaterThan(1.75);
    expect(end.pairedGap).toBeLessThan(1.85);
  });
});

describe('exercise-sde-widget-steps', () => {
  // Backs: "up to t = 0.8 the SDE cloud stays within Monte-Carlo error of p_t (energy distance below
  // 0.01), and at t = 1 its energy distance to p_1 is about 1.6, while the ODE, integrated with RK4 on
  // the same 40 steps, is still within Monte-Carlo error. With 250 steps both clouds end within 0.01
  // of p_1 again."
  it('g = 3 with 40 steps: the SDE blows up only near t = 1; with 250 steps it does not', () => {
    const few = new PairedSimulation({ seed: D.seed, g: 3, steps: 40, particles: D.particles });
    few.advance();
    const end = few.checkpoints[few.checkpoints.length - 1];
    expect(Math.max(...few.checkpoints.filter((c) => c.t <= 0.8).map((c) => c.sde))).toBeLessThan(0.01);
    expect(end.sde).toBeGreaterThan(1.5);
    expect(end.sde).toBeLessThan(1.7);
    expect(Math.abs(end.ode)).toBeLessThan(0.01);
    const many = new PairedSimulation({ seed: D.seed, g: 3, steps: 250, particles: D.particles });
    many.advance();
    const last = many.checkpoints[many.checkpoints.length - 1];
    expect(Math.abs(last.sde)).toBeLessThan(0.01);
    expect(Math.abs(last.ode)).toBeLessThan(0.01);
  });
});

describe('figure-sde-vs-ode: the trained network (default sweep)', () => {
  let points: { g: number; w2: number; w2Shifted: number }[] = [];
  let floor = NaN;
  beforeAll(async () => {
    expect(await activateAndCheck('wasm')).toBe(true);
    const { session, streams } = createSession(D.seed);
    expect(await train(session, D.trainSteps)).toBeNull();
    const res = await sweepW2(session, streams, SWEEP_G, D.nfe, D.shift);
    points = res.points;
    floor = res.floor;
    session.dispose();
  }, 240_000);
  afterAll(async () => {
    await activateAndCheck('cpu');
  });
  const at = (g: number) => points.find((p) => p.g === g)!;

  // Backs (after "A small network (3 hidden layers of width 64) learns the velocity of the same path
  // family from fresh draws of the two-moons distribution, for 600 steps"): "At a fixed budget of 50 Euler–Maruyama steps, with the start shifted by (1, 1), the ODE
  // (g = 0) ends at W₂ ≈ 2.0 from the data, and the noise brings it down step by step to about 1.05
  // at g = 2."
  it('from the shifted start, W₂ falls from about 2.0 (g = 0) to about 1.05 (g = 2)', () => {
    expect(D).toMatchObject({ trainSteps: 600, nfe: 50, shift: 1 });
    expect(trainSettings(1)).toMatchObject({ width: 64, depth: 3, path: 'ot', sigma: 0.1, target: 'moons', coupling: 'independent' });
    console.info(
      'sweep',
      points.map((p) => `${p.g}: ${p.w2.toFixed(3)} / ${p.w2Shifted.toFixed(3)}`).join('; '),
      'floor',
      floor.toFixed(3),
    );
    expect(at(0).w2Shifted).toBeGreaterThan(1.95);
    expect(at(0).w2Shifted).toBeLessThan(2.05);
    expect(at(2).w2Shifted).toBeGreaterThan(1.0);
    expect(at(2).w2Shifted).toBeLessThan(1.1);
    const upTo2 = points.filter((p) => p.g <= 2);
    for (let i = 1; i < upTo2.length; i++) expect(upTo2[i].w2Shifted).toBeLessThan(upTo2[i - 1].w2Shifted);
  });

  // Backs: "From the correct start, W₂ goes from 0.63 at g = 0 down to 0.47 at g = 1.5 and back up to
  // 0.78 at g = 2.5, against 0.40 between two data samples of the same size."
  it('from 𝒩(0, I), W₂ is lowest at g = 1.5 and rises again at g = 2.5', () => {
    const near = (v: number, target: number) => expect(Math.abs(v - target)).toBeLessThan(0.005);
    near(at(0).w2, 0.63);
    near(at(1.5).w2, 0.47);
    near(at(2.5).w2, 0.78);
    near(floor, 0.4);
    expect(Math.min(...points.map((p) => p.w2))).toBe(at(1.5).w2);
  });
});
