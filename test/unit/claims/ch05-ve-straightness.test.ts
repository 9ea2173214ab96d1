/**
 * Claims of chapter 5 (gaussian-paths) about the straightness the path explorer shows for the VE
 * path: the value at the widget's defaults, the identity S = path energy − E‖X₁ − X₀‖², and the
 * distance and speed profile that make VE's value large. Each block quotes the sentence it backs
 * (and checks that the chapter still contains it) and recomputes its numbers with the widget's own
 * trajectory code (path-math.ts) at the schema's defaults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PATH_NAMES, pathWithWidth, type PathName } from '../../../src/lib/core/paths.ts';
import { sampleMixture1D } from '../../../src/lib/core/theorem1-views.ts';
import { marginalTrajectories } from '../../../src/widgets/path-explorer/path-math.ts';
import { pathExplorerSchema } from '../../../src/widgets/path-explorer/schema.ts';

const CHAPTER = readFileSync(join(__dirname, '../../../content/chapters/05-gaussian-paths.mdx'), 'utf8');
const squash = (s: string) => s.replace(/\s+/g, ' ');
function quotes(sentence: string): void {
  expect(squash(CHAPTER).includes(squash(sentence)), `chapter 5 no longer contains: ${sentence}`).toBe(true);
}

const v = Object.fromEntries(Object.entries(pathExplorerSchema).map(([k, spec]) => [k, spec.default])) as Record<string, unknown>;
const k = v.k as number;
const seed = v.seed as number;
const sigma = v.sigma as number;
const targets = sampleMixture1D(k, seed);
/** What the widget computes for one family at its defaults (the table of families uses the same call). */
const run = (name: PathName) =>
  marginalTrajectories(pathWithWidth(name, sigma), targets, k, 1, v.nTraj as number, seed, v.solver as 'rk4', v.steps as number);
const ve = run('ve');
const n = v.nTraj as number;
const T = ve.trajectory;
const K = T.length;
const round = (x: number, digits: number) => Math.round(10 ** digits * x) / 10 ** digits;
/** Mean of |X_{t_{k+1}} − X_{t_k}| / (t_{k+1} − t_k) over the trajectories: the mean speed over step k. */
function meanSpeed(step: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs(T[step + 1][i] - T[step][i]) / (ve.times[step + 1] - ve.times[step]);
  return s / n;
}
let meanSquaredDisplacement = 0;
for (let i = 0; i < n; i++) meanSquaredDisplacement += (T[K - 1][i] - T[0][i]) ** 2 / n;

describe('the straightness of VE in the path explorer (chapter 5)', () => {
  it('S is the path energy minus E‖X₁ − X₀‖² (trajectories on [0, 1])', () => {
    quotes('reports the straightness $S=\\int_0^1\\E\\|(X_1-X_0)-\\dot X_t\\|^2\\,\\d t$ of trajectories $X_t$ of the marginal field');
    quotes(
      'since $\\int_0^1\\dot X_t\\,\\d t = X_1-X_0$, $S$ is the path energy $\\int_0^1\\E\\|\\dot X_t\\|^2\\,\\d t$ minus $\\E\\|X_1-X_0\\|^2$, the least energy that achieves the same displacements.',
    );
    // VE runs on all of [0, 1] (its width ends at σ_min > 0), so X₁ − X₀ is the displacement over a unit span.
    expect(ve.times[0]).toBe(0);
    expect(ve.times[K - 1]).toBe(1);
    // For piecewise-linear trajectories through the snapshots (what the metric sees) the identity is exact.
    expect(ve.straightness).toBeCloseTo(ve.energy - meanSquaredDisplacement, 9);
    for (const name of PATH_NAMES) {
      const r = run(name);
      expect(r.straightness, name).toBeGreaterThanOrEqual(0);
      expect(r.straightness, name).toBeLessThanOrEqual(r.energy);
    }
  });

  it('at the defaults VE reads about 166, the other families between 0.67 and 1.62', () => {
    quotes('At the default settings VE reads about $166$, where the other families read between $0.67$ and $1.62$');
    expect(v.path).toBe('ot'); // the default selection; the table of families computes every row with the same inputs
    expect(Math.round(ve.straightness)).toBe(166);
    const others = PATH_NAMES.filter((name) => name !== 've').map((name) => run(name).straightness);
    expect(round(Math.min(...others), 2)).toBe(0.67);
    expect(round(Math.max(...others), 2)).toBe(1.62);
  });

  it('σ_max = 10, E‖X₁ − X₀‖² ≈ 99, mean speed about 37 over the first step and about 0.5 over the last, path energy about 265', () => {
    quotes('VE starts from noise of width $\\sigma_{\\max}=10$, so its trajectories travel far ($\\E\\|X_1-X_0\\|^2\\approx99$)');
    quotes(
      'their mean speed falling from about $37$ over the first twentieth of the time to about $0.5$ over the last, for a path energy of about $265$.',
    );
    expect(pathWithWidth('ve', sigma).params.sigmaMax).toBe(10);
    expect(Math.round(meanSquaredDisplacement)).toBe(99);
    expect(v.steps).toBe(20); // one solver step is a twentieth of the time
    expect(Math.round(meanSpeed(0))).toBe(37);
    expect(round(meanSpeed(K - 2), 1)).toBe(0.5);
    expect(Math.round(ve.energy)).toBe(265);
  });
});
