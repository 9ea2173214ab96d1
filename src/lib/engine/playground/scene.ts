/**
 * The playground's closed-form scene in the plane (no DOM, no TF.js): the two point sets, the
 * coupling, the conditional path and the exact marginal field and density they define (Theorem 1),
 * and particles carried along that field. Every number comes from src/lib/core:
 *
 * - One-sided paths (OT, VE, VP) and the independent coupling of a Gaussian source: x₀ ~ 𝒩(0, I)
 *   is integrated out exactly (closed-form.ts) and the n target points are the data.
 * - Every other choice: n source points and n target points, the coupling's plan on them
 *   (couplings.ts, cluster-coupling.ts), kept as weighted pairs, and the two-sided path through the
 *   pairs (pair-field.ts). Zero-width paths get a stated width floor there.
 */
import {
  ODE_METHODS,
  PATH_FAMILIES,
  Rng,
  couplingPlan,
  integrate,
  marginalLogDensity,
  marginalVelocity,
  pathWithWidth,
  sampleDataset,
  type ConditionalPath,
  type FixedStepMethod,
} from '../../core/index.ts';
import { clusterCouplingPlan } from '../../core/cluster-coupling.ts';
import { reflowPairs } from '../../core/reflow-pairs.ts';
import { pairLogDensity, pairVelocity, planToPairs, withWidthFloor, type WeightedPairs } from '../../core/pair-field.ts';
import type { PlaygroundSettings } from './settings.ts';

/** Width floor for zero-width paths with an empirical source (see pair-field.ts). */
export const WIDTH_FLOOR = 0.05;
/** Most pair evaluations (points × field evaluations × pairs) for reflow's round 1 in the plane. */
export const REFLOW_BUDGET = 5e7;
/** Fewest points a drawn set needs before it is used. */
export const MIN_DRAWN = 3;

export interface Drawn {
  source?: Float64Array;
  target?: Float64Array;
}

export interface Scene2D {
  path: ConditionalPath;
  /** The point sets the field is built on (n × 2 each; the source is unused in 'gaussian' mode). */
  source: Float64Array;
  target: Float64Array;
  n: number;
  mode: 'gaussian' | 'pairs';
  pairs: WeightedPairs | null;
  /** Square view window [x0, x1, y0, y1] around both sets. */
  extent: [number, number, number, number];
  /** Things the reader should know about what was computed (e.g. a width floor, a fallback). */
  notes: string[];
  velocity(x: Float64Array, m: number, t: number): Float64Array;
  logDensity(x: Float64Array, m: number, t: number): Float64Array;
  /** m exact samples of p_{tMin}. */
  starts(m: number, rng: Rng): Float64Array;
}

/** n points of a data choice: a gallery set (seeded) or the drawn set resampled to n points. */
function pointsOf(
  choice: PlaygroundSettings['source'],
  drawn: Float64Array | undefined,
  n: number,
  rng: Rng,
  notes: string[],
  which: string,
): Float64Array {
  if (choice === 'drawn') {
    const count = drawn ? Math.floor(drawn.length / 2) : 0;
    if (count >= MIN_DRAWN && drawn) {
      const out = new Float64Array(2 * n);
      // Without replacement while there are enough points, so every drawn point counts once.
      const order = Array.from({ length: count }, (_, i) => i);
      for (let i = 0; i < n; i++) {
        const r = i % count;
        if (r === 0)
          for (let k = count - 1; k > 0; k--) {
            const j = rng.int(k + 1);
            [order[k], order[j]] = [order[j], order[k]];
          }
        out[2 * i] = drawn[2 * order[r]];
        out[2 * i + 1] = drawn[2 * order[r] + 1];
      }
      return out;
    }
    notes.push(`the drawn ${which} has fewer than ${MIN_DRAWN} points: the ${which === 'source' ? 'Gaussian' : 'two-moons'} set stands in`);
    return sampleDataset(which === 'source' ? 'normal' : 'moons', n, rng);
  }
  return sampleDataset(choice, n, rng);
}

/** A square window holding both sets (with a margin), at least ±2.5 wide. */
export function windowOf(a: Float64Array, b: Float64Array): [number, number, number, number] {
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const p of [a, b])
    for (let i = 0; i + 1 < p.length; i += 2) {
      x0 = Math.min(x0, p[i]);
      x1 = Math.max(x1, p[i]);
      y0 = Math.min(y0, p[i + 1]);
      y1 = Math.max(y1, p[i + 1]);
    }
  if (!Number.isFinite(x0)) return [-3, 3, -3, 3];
  const half = Math.max(2.5, 0.5 * Math.max(x1 - x0, y1 - y0) * 1.15);
  const cx = 0.5 * (x0 + x1);
  const cy = 0.5 * (y0 + y1);
  return [cx - half, cx + half, cy - half, cy + half];
}

/** Whether the settings use a Gaussian source integrated out (x₀ never sampled). */
export function usesGaussianSource(s: Pick<PlaygroundSettings, 'path' | 'source' | 'coupling'>): boolean {
  return PATH_FAMILIES[s.path].sided === 'one' || (s.source === 'normal' && s.coupling === 'independent');
}

export function buildScene(s: PlaygroundSettings, drawn: Drawn = {}): Scene2D {
  const notes: string[] = [];
  const rng = new Rng(s.seed);
  const n = s.n - (s.n % 2);
  const gaussian = usesGaussianSource(s);
  if (PATH_FAMILIES[s.path].sided === 'one' && (s.source !== 'normal' || s.coupling !== 'independent')) {
    notes.push(`the ${PATH_FAMILIES[s.path].label} conditions on x₁ only and starts from 𝒩(0, I): source and coupling are not used`);
  }
  const source = pointsOf(gaussian ? 'normal' : s.source, drawn.source, n, rng.fork(), notes, 'source');
  const target = pointsOf(s.target, drawn.target, n, rng.fork(), notes, 'target');
  let path = pathWithWidth(s.path, s.sigma);
  const extent = windowOf(gaussian ? new Float64Array([-2.5, -2.5, 2.5, 2.5]) : source, target);

  if (gaussian) {
    return {
      path,
      source,
      target,
      n,
      mode: 'gaussian',
      pairs: null,
      extent,
      notes,
      velocity: (x, m, t) => marginalVelocity(path, x, m, t, target, n, 2),
      logDensity: (x, m, t) => marginalLogDensity(path, x, m, t, target, n, 2),
      starts(m, r) {
        const { a, b, c } = path.coefficients(path.tMin);
        const sd = Math.hypot(b, c);
        const out = new Float64Array(2 * m);
        for (let q = 0; q < m; q++) {
          const j = r.int(n);
          out[2 * q] = a * target[2 * j] + sd * r.normal();
          out[2 * q + 1] = a * target[2 * j + 1] + sd * r.normal();
        }
        return out;
      },
    };
  }

  let minC = Infinity;
  for (let k = 0; k <= 20; k++) minC = Math.min(minC, path.coefficients(path.tMin + ((path.tMax - path.tMin) * k) / 20).c);
  if (!(minC >= WIDTH_FLOOR)) {
    path = withWidthFloor(path, WIDTH_FLOOR);
    notes.push(
      `this path has (near) zero width somewhere; the exact field of finitely many pairs is singular there, so the noise width is raised to √(c² + ${WIDTH_FLOOR}²)`,
    );
  }
  const pairs = scenePairs(s, path, source, target, n, notes);
  const cum = new Float64Array(pairs.count);
  let total = 0;
  for (let k = 0; k < pairs.count; k++) cum[k] = total += pairs.w[k];
  return {
    path,
    source,
    target,
    n,
    mode: 'pairs',
    pairs,
    extent,
    notes,
    velocity: (x, m, t) => pairVelocity(path, pairs, x, m, t),
    logDensity: (x, m, t) => pairLogDensity(path, pairs, x, m, t),
    starts(m, r) {
      const { a, b, c } = path.coefficients(path.tMin);
      const out = new Float64Array(2 * m);
      for (let q = 0; q < m; q++) {
        const u = r.uniform() * total;
        let lo = 0;
        let hi = pairs.count - 1;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (cum[mid] > u) hi = mid;
          else lo = mid + 1;
        }
        for (let k = 0; k < 2; k++) out[2 * q + k] = a * pairs.x1[2 * lo + k] + b * pairs.x0[2 * lo + k] + c * r.normal();
      }
      return out;
    },
  };
}

/**
 * The coupling's weighted pairs: a plan of couplings.ts or cluster-coupling.ts, or reflow round k,
 * whose round 0 is the exact field of the independent plan on the same points.
 */
function scenePairs(
  s: PlaygroundSettings,
  path: ConditionalPath,
  source: Float64Array,
  target: Float64Array,
  n: number,
  notes: string[],
): WeightedPairs {
  if (s.coupling === 'reflow') {
    const independent = planToPairs(couplingPlan('independent', source, target, n, 2), source, target, n, n, 2);
    // Round 1 visits all n² independent pairs at every evaluation: its solver steps are capped so that
    // n · evaluations · n² stays under REFLOW_BUDGET (said in the notes when the cap bites).
    const perStep = ODE_METHODS[s.solver].evalsPerStep;
    const steps = Math.max(4, Math.min(s.steps, Math.floor(REFLOW_BUDGET / (n * n * n * perStep))));
    const r = reflowPairs(path, source, 2, s.rounds, (x, m, t) => pairVelocity(path, independent, x, m, t), { method: s.solver, steps });
    notes.push(
      `reflow round ${s.rounds}: each x₀ is paired with its end point under round ${s.rounds - 1}'s flow (round 0: the independent coupling); E‖x₁ − x₀‖² by round: ${r.costs.map((c) => c.toFixed(3)).join(', ')}` +
        (steps < s.steps ? `; the reflow end points use ${steps} solver steps (of ${s.steps}) to stay interactive` : ''),
    );
    return r.pairs;
  }
  const plan =
    s.coupling === 'good' || s.coupling === 'bad'
      ? clusterCouplingPlan(s.coupling, source, target, n, 2)
      : couplingPlan(s.coupling, source, target, n, 2, { epsilon: s.eta });
  return planToPairs(plan, source, target, n, n, 2);
}

/** Particle trajectories: (steps + 1) snapshots of m particles over the path's time domain. */
export interface Trajectories {
  times: Float64Array;
  /** frames[f] holds the m particles (m × 2) at times[f]. */
  frames: Float64Array[];
  m: number;
}

export function flowParticles(scene: Scene2D, m: number, method: FixedStepMethod, steps: number, seed: number): Trajectories {
  const rng = new Rng(seed + 101);
  const x0 = scene.starts(m, rng);
  const res = integrate((x, t, out) => out.set(scene.velocity(x, m, t)), x0, {
    method,
    steps,
    t0: scene.path.tMin,
    t1: scene.path.tMax,
    trajectory: true,
    d: 2,
  });
  return { times: Float64Array.from(res.times ?? []), frames: res.trajectory ?? [x0], m };
}

/** Positions of the particles at time t, linearly interpolated between solver steps. */
export function particlesAt(tr: Trajectories, t: number): Float64Array {
  const { times, frames } = tr;
  if (frames.length === 1 || t <= times[0]) return frames[0];
  const last = times.length - 1;
  if (t >= times[last]) return frames[last];
  let f = 0;
  while (f < last - 1 && times[f + 1] < t) f++;
  const w = (t - times[f]) / (times[f + 1] - times[f]);
  const a = frames[f];
  const b = frames[f + 1];
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + w * (b[i] - a[i]);
  return out;
}

/**
 * E‖x₁ − x₀‖² under the scene's coupling: Σ_k π_k ‖x₁ᵏ − x₀ᵏ‖² / Σ π for pairs; with the Gaussian
 * source integrated out (independent x₀ ~ 𝒩(0, I)) it is the targets' mean ‖x₁‖² plus d = 2.
 */
export function planCost(scene: Scene2D): number {
  if (!scene.pairs) {
    let s = 0;
    for (let i = 0; i < 2 * scene.n; i++) s += scene.target[i] ** 2;
    return s / scene.n + 2;
  }
  const p = scene.pairs;
  let cost = 0;
  let w = 0;
  for (let k = 0; k < p.count; k++) {
    cost += p.w[k] * ((p.x1[2 * k] - p.x0[2 * k]) ** 2 + (p.x1[2 * k + 1] - p.x0[2 * k + 1]) ** 2);
    w += p.w[k];
  }
  return cost / w;
}
