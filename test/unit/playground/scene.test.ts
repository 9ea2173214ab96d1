import { describe, expect, it } from 'vitest';
import { marginalVelocity, pathWithWidth } from '../../../src/lib/core/index.ts';
import {
  buildScene,
  flowParticles,
  particlesAt,
  planCost,
  usesGaussianSource,
  windowOf,
} from '../../../src/lib/engine/playground/scene.ts';
import { arrowField, densityGrid, probePaths, streamlines } from '../../../src/lib/engine/playground/layers.ts';
import { buildScene1D } from '../../../src/lib/engine/playground/one-d.ts';
import { PLAYGROUND_SCHEMA, type PlaygroundSettings } from '../../../src/lib/engine/playground/settings.ts';
import { defaultSettings } from '../../../src/lib/state/settings.ts';

const settings = (over: Partial<PlaygroundSettings> = {}): PlaygroundSettings => ({
  ...defaultSettings(PLAYGROUND_SCHEMA),
  n: 16,
  ...over,
});

describe('playground scene', () => {
  it('integrates x₀ out for one-sided paths and for a Gaussian source with the independent coupling', () => {
    expect(usesGaussianSource(settings())).toBe(true);
    expect(usesGaussianSource(settings({ path: 'ot', source: 'moons', coupling: 'exact-ot' }))).toBe(true);
    expect(usesGaussianSource(settings({ source: 'moons' }))).toBe(false);
    expect(usesGaussianSource(settings({ coupling: 'sinkhorn' }))).toBe(false);
    const s = buildScene(settings({ path: 'ot', source: 'moons' }));
    expect(s.mode).toBe('gaussian');
    expect(s.notes[0]).toMatch(/source and coupling are not used/);
    // The field is the closed form of closed-form.ts on the scene's targets.
    const x = new Float64Array([0.3, -0.2]);
    expect(Array.from(s.velocity(x, 1, 0.4))).toEqual(Array.from(marginalVelocity(s.path, x, 1, 0.4, s.target, s.n, 2)));
  });

  it('keeps n pairs for exact OT, n² for independent, half of them for a cluster plan', () => {
    expect(buildScene(settings({ source: 'moons', coupling: 'exact-ot' })).pairs!.count).toBe(16);
    expect(buildScene(settings({ source: 'moons', coupling: 'independent' })).pairs!.count).toBe(256);
    expect(buildScene(settings({ source: 'moons', coupling: 'bad' })).pairs!.count).toBe(128);
  });

  it('states the width floor for zero-width paths with an empirical source, and uses drawn sets', () => {
    const s = buildScene(settings({ source: 'moons', coupling: 'exact-ot', path: 'rectified' }));
    expect(s.notes.join()).toMatch(/noise width is raised/);
    expect(s.path.coefficients(0.5).c).toBeCloseTo(0.05, 12);
    const drawn = new Float64Array([5, 5, 6, 6, 7, 7, 8, 8]);
    const d = buildScene(settings({ target: 'drawn' }), { target: drawn });
    for (let i = 0; i < d.n; i++) expect([5, 6, 7, 8]).toContain(d.target[2 * i]);
    const few = buildScene(settings({ target: 'drawn' }), { target: new Float64Array([1, 1]) });
    expect(few.notes.join()).toMatch(/fewer than 3 points/);
  });

  it('is deterministic for a seed; particles start from the exact p_{tMin} and reach the targets', () => {
    const s = settings({ source: '8gaussians', coupling: 'exact-ot', sigma: 0.05, particles: 60 });
    const a = flowParticles(buildScene(s), 60, 'euler', 20, s.seed);
    const b = flowParticles(buildScene(s), 60, 'euler', 20, s.seed);
    expect(Array.from(a.frames.at(-1)!)).toEqual(Array.from(b.frames.at(-1)!));
    const scene = buildScene(s);
    const end = a.frames.at(-1)!;
    // With σ = 0.05 every particle ends within a few σ of a target point.
    for (let q = 0; q < 60; q++) {
      let best = Infinity;
      for (let j = 0; j < scene.n; j++)
        best = Math.min(best, Math.hypot(end[2 * q] - scene.target[2 * j], end[2 * q + 1] - scene.target[2 * j + 1]));
      expect(best).toBeLessThan(0.3);
    }
    expect(Array.from(particlesAt(a, 1))).toEqual(Array.from(end));
    const mid = particlesAt(a, 0.5 * (a.times[3] + a.times[4]));
    expect(mid[0]).toBeCloseTo(0.5 * (a.frames[3][0] + a.frames[4][0]), 12);
    expect(planCost(scene)).toBeGreaterThan(0);
  });

  it('layers: densities peak at 1, probe weights sum to at most 1, streamlines have the asked length', () => {
    const scene = buildScene(settings({ source: 'moons', coupling: 'sinkhorn', eta: 1 }));
    const d = densityGrid(scene, 0.5, 20);
    expect(Math.max(...d)).toBe(1);
    const p = probePaths(scene, [0, 0], 0.5, 5);
    expect(p.paths).toHaveLength(5);
    expect(p.shown).toBeLessThanOrEqual(1 + 1e-12);
    for (let i = 1; i < p.paths.length; i++) expect(p.paths[i].weight).toBeLessThanOrEqual(p.paths[i - 1].weight);
    expect(streamlines(scene, 0.5, 4, 6).map((l) => l.length)).toEqual(new Array(16).fill(14));
    expect(arrowField(scene, 0.5, 5).v).toHaveLength(50);
    const g = probePaths(buildScene(settings()), [0, 0], 0.5, 3);
    expect(g.paths[0].x0).toBeUndefined();
    expect(windowOf(new Float64Array(0), new Float64Array(0))).toEqual([-3, 3, -3, 3]);
  });

  it('1D: an exact density per column and particles that end on the target law', () => {
    const s = buildScene1D({
      path: 'icfm',
      sigma: 0.01,
      source: 'normal',
      target: 'points',
      particles: 200,
      method: 'rk4',
      steps: 40,
      seed: 3,
      cols: 20,
      rows: 30,
    });
    expect(s.density).toHaveLength(600);
    for (let c = 0; c < 20; c++) {
      let m = 0;
      for (let r = 0; r < 30; r++) m = Math.max(m, s.density[r * 20 + c]);
      expect(m).toBeCloseTo(1, 12);
    }
    const end = s.frames.at(-1)!;
    for (const x of end) expect(Math.min(Math.abs(x - 2), Math.abs(x + 2))).toBeLessThan(0.1);
    expect(s.times[0]).toBe(pathWithWidth('icfm', 0.01).tMin);
  });
});
