/**
 * The playground's new couplings: reflow round k in the plane (n pairs, x₀ kept, the round's costs
 * stated), and every coupling in the 1D view — the monotone coupling's cost is the Gaussian W₂²,
 * reflow round 1 reaches it (the 1D reflow theorem), Sinkhorn lies between OT and independent, the
 * bad cluster plan costs more than the good one, and one-sided paths say the coupling is unused.
 */
import { describe, expect, it } from 'vitest';
import { buildScene } from '../../../src/lib/engine/playground/scene.ts';
import { NODES_1D, buildScene1D, scene1dFor, type Options1D } from '../../../src/lib/engine/playground/one-d.ts';
import { PLAYGROUND_SCHEMA, type PlaygroundSettings } from '../../../src/lib/engine/playground/settings.ts';
import { defaultSettings } from '../../../src/lib/state/settings.ts';

const settings = (over: Partial<PlaygroundSettings> = {}): PlaygroundSettings => ({
  ...defaultSettings(PLAYGROUND_SCHEMA),
  n: 16,
  ...over,
});
const oneD = (over: Partial<Options1D>) =>
  buildScene1D({
    path: 'icfm',
    sigma: 0.1,
    source: 'normal',
    target: 'narrow',
    particles: 60,
    method: 'euler',
    steps: 20,
    seed: 1,
    cols: 24,
    rows: 30,
    ...over,
  });

describe('playground couplings', () => {
  it('2D reflow round k: n pairs starting at the source points, costs by round in the notes', () => {
    const s = buildScene(settings({ coupling: 'reflow', rounds: 2, source: 'moons', target: '8gaussians', steps: 20 }));
    expect(s.mode).toBe('pairs');
    expect(s.pairs!.count).toBe(16);
    expect(Array.from(s.pairs!.x0)).toEqual(Array.from(s.source));
    const note = s.notes.find((x) => x.startsWith('reflow round 2'))!;
    const costs = note
      .match(/by round: (.*)$/)![1]
      .split(', ')
      .map(Number);
    expect(costs).toHaveLength(2);
    const independent = buildScene(settings({ coupling: 'independent', source: 'moons', target: '8gaussians' }));
    let ind = 0;
    for (let i = 0; i < 16; i++)
      for (let j = 0; j < 16; j++)
        ind += ((s.source[2 * i] - independent.target[2 * j]) ** 2 + (s.source[2 * i + 1] - independent.target[2 * j + 1]) ** 2) / 256;
    expect(costs[0]).toBeLessThan(ind);
  });

  // The time limit guards against a hang, not a speed target (speeds live in the benchmarks): the
  // capped scene is REFLOW_BUDGET pair evaluations, 12–14 s beside the other test files in CI runs
  // here, and 24 s once with a build beside them, past the 20 s this test had.
  it('2D reflow caps its solver steps for large n and says so', () => {
    const s = buildScene(settings({ coupling: 'reflow', n: 160, solver: 'rk4', steps: 200, particles: 20 }));
    expect(s.notes.join()).toMatch(/the reflow end points use \d+ solver steps \(of 200\)/);
  }, 60_000);

  it('1D: monotone coupling costs W₂²; reflow round 1 reaches it; Sinkhorn and clusters in order', () => {
    const w2sq = 2 ** 2 + (1 - 0.2) ** 2; // 𝒩(0, 1) → 𝒩(2, 0.2²)
    const independent = oneD({ coupling: 'independent' });
    expect(independent.pairs).toBeNull();
    expect(independent.cost).toBeCloseTo(1 + 4 + 0.04, 12);
    const ot = oneD({ coupling: 'exact-ot' });
    expect(ot.pairs!.count).toBe(NODES_1D);
    expect(Math.abs(ot.cost - w2sq)).toBeLessThan(0.01);
    const reflow = oneD({ coupling: 'reflow', rounds: 1, path: 'rectified', method: 'rk4', steps: 60 });
    expect(Math.abs(reflow.cost - w2sq)).toBeLessThan(0.02);
    const sink = oneD({ coupling: 'sinkhorn', eta: 1 });
    expect(sink.cost).toBeGreaterThan(ot.cost);
    expect(sink.cost).toBeLessThan(independent.cost);
    const good = oneD({ coupling: 'good', source: 'bimodal', target: 'trimodal' });
    const bad = oneD({ coupling: 'bad', source: 'bimodal', target: 'trimodal' });
    expect(bad.cost).toBeGreaterThan(good.cost);
    for (const s of [ot, reflow, sink, good])
      for (let c = 0; c < s.cols; c++) {
        let m = 0;
        for (let r = 0; r < s.rows; r++) m = Math.max(m, s.density[r * s.cols + c]);
        expect(m).toBeCloseTo(1, 9);
      }
  });

  it('1D: particles of the monotone coupling end near the target; one-sided paths ignore the coupling', () => {
    const ot = oneD({ coupling: 'exact-ot', particles: 100, method: 'rk4', steps: 40 });
    const end = ot.frames.at(-1)!;
    const mean = end.reduce((a, b) => a + b, 0) / end.length;
    expect(Math.abs(mean - 2)).toBeLessThan(0.1);
    const one = oneD({ coupling: 'exact-ot', path: 'vp' });
    expect(one.pairs).toBeNull();
    expect(one.notes.join()).toMatch(/coupling is not used/);
    expect(scene1dFor(settings({ mode: '1d', coupling: 'reflow', particles: 2000 })).frames[0]).toHaveLength(600);
  });
});
