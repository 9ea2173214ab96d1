/**
 * One CFM training batch, built entirely with the core (src/lib/core): draw x₀ ~ p₀ and x₁ ~ p₁,
 * pair them with the chosen coupling π (independent, exact minibatch OT, Sinkhorn), draw
 * t ~ U[t_min, t_max] and the path's noise, and return x_t and the conditional target u_t(x_t | z).
 * The network is then regressed onto u_t: L_CFM = E ‖u_t^θ(x_t) − u_t(x_t | z)‖².
 */
import { Rng, sampleDataset, empiricalDataset, getPath, samplePathBatch, couple, type ConditionalPath } from '../core/index.ts';
import type { DrawnPoints } from './protocol.ts';
import type { TrainSettings } from './settings.ts';

export type Sampler = (n: number, rng: Rng) => Float64Array;

export const DIM = 2;

/** Sampler for a dataset name or the reader's drawn points (falls back to `fallback` when too few). */
export function samplerFor(name: string, drawn: Float64Array | undefined, fallback: string): Sampler {
  if (name === 'drawn') {
    if (drawn && drawn.length >= 2 * 3) {
      const ds = empiricalDataset(drawn);
      return (n, rng) => ds.sample(n, rng);
    }
    name = fallback;
  }
  return (n, rng) => sampleDataset(name as Parameters<typeof sampleDataset>[0], n, rng);
}

export interface Batch { n: number; xt: Float32Array; t: Float32Array; ut: Float32Array }

/** Wall time spent building batches, split by phase (milliseconds, summed over all batches). */
export interface BatchTiming { batches: number; sampleMs: number; couplingMs: number; pathMs: number }

export class BatchMaker {
  readonly path: ConditionalPath;
  readonly source: Sampler;
  readonly target: Sampler;
  /** One-sided paths (z = x₁) start from Gaussian noise whatever source is selected. */
  readonly sourceIsNoise: boolean;
  private readonly settings: TrainSettings;
  private readonly rng: Rng;
  private readonly tBuf: Float64Array;
  /** Where batch construction time goes (read by the experiment runner's profile). */
  readonly timing: BatchTiming = { batches: 0, sampleMs: 0, couplingMs: 0, pathMs: 0 };

  constructor(settings: TrainSettings, rng: Rng, drawn?: DrawnPoints) {
    this.settings = settings;
    this.rng = rng;
    this.path = getPath(settings.path as Parameters<typeof getPath>[0], { sigma: settings.sigma });
    this.sourceIsNoise = this.path.sided === 'one';
    this.source = samplerFor(this.sourceIsNoise ? 'normal' : settings.source, drawn?.source, 'normal');
    this.target = samplerFor(settings.target, drawn?.target, 'moons');
    this.tBuf = new Float64Array(settings.batch);
  }

  next(): Batch {
    const n = this.settings.batch;
    const rng = this.rng;
    const clock0 = performance.now();
    let x0 = this.source(n, rng);
    let x1 = this.target(n, rng);
    const clock1 = performance.now();
    if (this.settings.coupling !== 'independent') {
      const paired = couple(this.settings.coupling, x0, x1, n, DIM, rng);
      x0 = paired.x0; x1 = paired.x1;
    }
    const clock2 = performance.now();
    const { tMin, tMax } = this.path;
    const t = this.tBuf;
    for (let i = 0; i < n; i++) t[i] = tMin + (tMax - tMin) * rng.uniform();
    const { xt, ut } = samplePathBatch(this.path, x0, x1, t, DIM, rng);
    const batch = { n, xt: Float32Array.from(xt), t: Float32Array.from(t), ut: Float32Array.from(ut) };
    const clock3 = performance.now();
    const tm = this.timing;
    tm.batches++; tm.sampleMs += clock1 - clock0; tm.couplingMs += clock2 - clock1; tm.pathMs += clock3 - clock2;
    return batch;
  }
}
