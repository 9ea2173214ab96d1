/**
 * The batch source of reflow rounds ≥ 2: the coupling is given as N stored pairs (x₀ⁱ, x₁ⁱ) with
 * x₁ⁱ = ψ₁(x₀ⁱ) from the previous round's flow. A batch draws B pairs uniformly (with replacement)
 * and keeps them paired; everything after the draw (t ~ U[t_min, t_max], the path's x_t and the
 * target u_t(x_t | z) = x₁ − x₀ for the straight path) is the train engine's BatchMaker, unchanged.
 */
import type { Paired, Rng } from '../../core/index.ts';
import { DIM } from '../train/batch.ts';
import { TimedBatchMaker } from '../train/batch-timing.ts';
import type { TrainSettings } from '../train/settings.ts';

export class PairedBatchMaker extends TimedBatchMaker {
  private readonly pairs: Paired;
  private readonly count: number;

  constructor(settings: TrainSettings, rng: Rng, pairs: Paired) {
    super(settings, rng);
    if (pairs.x0.length !== pairs.x1.length || pairs.x0.length < DIM || pairs.x0.length % DIM !== 0) {
      throw new Error(`PairedBatchMaker: need matching n × ${DIM} arrays, got ${pairs.x0.length} and ${pairs.x1.length} numbers`);
    }
    this.pairs = pairs;
    this.count = pairs.x0.length / DIM;
  }

  /** B stored pairs drawn uniformly with replacement, partners kept together. */
  override sample(): [Float64Array, Float64Array] {
    const n = this.settings.batch;
    const x0 = new Float64Array(n * DIM),
      x1 = new Float64Array(n * DIM);
    for (let i = 0; i < n; i++) {
      const j = this.rng.int(this.count);
      for (let k = 0; k < DIM; k++) {
        x0[i * DIM + k] = this.pairs.x0[j * DIM + k];
        x1[i * DIM + k] = this.pairs.x1[j * DIM + k];
      }
    }
    return [x0, x1];
  }

  /** The pairs are the coupling: no re-pairing. */
  override pair(x0: Float64Array, x1: Float64Array): { x0: Float64Array; x1: Float64Array } {
    return { x0, x1 };
  }
}
