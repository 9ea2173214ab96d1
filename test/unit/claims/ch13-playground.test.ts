/**
 * Numbers of chapter 13 (playground): the default-settings readouts quoted in the guided
 * experiments (computed with the playground's engine glue over src/lib/core, exactly as the widget
 * computes them) and the numeric answers of the exercises (core's exact 1D mixture paths).
 */
import { describe, expect, it } from 'vitest';
import { getPath, pathEnergy, pathWithWidth } from '../../../src/lib/core/index.ts';
import { MIXTURES_1D, mixturePathLogDensity, mixturePathVelocity } from '../../../src/lib/core/mixture-path-1d.ts';
import { buildScene, flowParticles, planCost } from '../../../src/lib/engine/playground/scene.ts';
import { PLAYGROUND_SCHEMA, type PlaygroundSettings } from '../../../src/lib/engine/playground/settings.ts';
import { defaultSettings } from '../../../src/lib/state/settings.ts';

const readout = (over: Partial<PlaygroundSettings>) => {
  const s = { ...defaultSettings(PLAYGROUND_SCHEMA), source: '8gaussians', target: 'moons', ...over } as PlaygroundSettings;
  const scene = buildScene(s);
  const tr = flowParticles(scene, s.particles, s.solver, s.steps, s.seed);
  return { cost: planCost(scene), energy: pathEnergy(tr.frames, tr.m, 2, tr.times) };
};

describe('chapter 13: guided experiments', () => {
  // Backs: "With the independent coupling the pairs' cost is $36.40$ and the path energy about
  // $25.74$" and "Switch to minibatch OT: the cost drops to $8.64$ … the energy is now close to the
  // cost, within the sampling error of a few hundred particles".
  it('8 Gaussians → moons: independent 36.40 / 25.74, minibatch OT 8.64 with energy close to it', () => {
    const ind = readout({ coupling: 'independent' });
    expect(ind.cost.toFixed(2)).toBe('36.40');
    expect(ind.energy.toFixed(2)).toBe('25.74');
    const ot = readout({ coupling: 'exact-ot' });
    expect(ot.cost.toFixed(2)).toBe('8.64');
    expect(Math.abs(ot.energy - ot.cost) / ot.cost).toBeLessThan(0.06);
    // "much cheaper than the pairs it was built from" (Jensen)
    expect(ind.energy).toBeLessThan(0.75 * ind.cost);
  });

  // Backs: "Choose Cluster-constrained, bad … the pairs' cost rises to $51.39$" and "The path
  // energy stays far below the pairs' cost".
  it('the bad cluster plan costs 51.39 and its flow far less', () => {
    const bad = readout({ coupling: 'bad' });
    expect(bad.cost.toFixed(2)).toBe('51.39');
    expect(bad.energy).toBeLessThan(0.8 * bad.cost);
  });
});

describe('chapter 13: exercises', () => {
  // Backs (exercise "Two points, exactly"): "p_{1/2}(0) = √(2/π) e^{−2} ≈ 0.108", "w_+ ≈ 0.982" and "u ≈ 2.86".
  it('two points ±2, OT path σ_min = 0: p(0) ≈ 0.108 and u(0.5) ≈ 2.86 at t = 1/2', () => {
    const path = getPath('ot', { sigmaMin: 0 });
    const p = Math.exp(mixturePathLogDensity(path, 0.5, MIXTURES_1D.normal.mix, MIXTURES_1D.points.mix, [0])[0]);
    expect(p).toBeCloseTo(Math.sqrt(2 / Math.PI) * Math.exp(-2), 12);
    expect(p.toFixed(3)).toBe('0.108');
    const u = mixturePathVelocity(path, 0.5, MIXTURES_1D.normal.mix, MIXTURES_1D.points.mix, [0.5])[0];
    expect(u.toFixed(2)).toBe('2.86');
    const wPlus = 1 / (1 + Math.exp(-4));
    expect(wPlus.toFixed(3)).toBe('0.982');
    expect(u).toBeCloseTo(3 * wPlus - 5 * (1 - wPlus), 12);
  });

  // Backs (exercise "When is the path narrowest?"): "t* = 1/1.04 ≈ 0.962" and "V ≈ 0.0485" for σ = 0.1,
  // from the exact density of p_t (variance by quadrature) minimised over a fine grid of times.
  it('N(0,1) → N(2, 0.2²), I-CFM σ = 0.1: narrowest at t ≈ 0.962 with variance ≈ 0.0485', () => {
    const path = pathWithWidth('icfm', 0.1);
    const xs = Float64Array.from({ length: 8001 }, (_, i) => -6 + i * 0.002);
    const variance = (t: number) => {
      const p = mixturePathLogDensity(path, t, MIXTURES_1D.normal.mix, MIXTURES_1D.narrow.mix, xs).map(Math.exp);
      let m0 = 0;
      let m1 = 0;
      let m2 = 0;
      p.forEach((v, i) => {
        m0 += v;
        m1 += v * xs[i];
        m2 += v * xs[i] ** 2;
      });
      return m2 / m0 - (m1 / m0) ** 2;
    };
    let best = { t: 0, v: Infinity };
    for (let k = 0; k <= 1000; k++) {
      const v = variance(k / 1000);
      if (v < best.v) best = { t: k / 1000, v };
    }
    expect(best.t.toFixed(3)).toBe('0.962');
    expect(best.v.toFixed(4)).toBe('0.0485');
  });
});
