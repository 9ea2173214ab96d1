/** Settings of the Gaussian-to-Gaussian field widget (chapter 5, G8); URL keys `<id>.<key>`. */
import type { Schema } from '../../lib/state/settings.ts';

export const gaussianFieldSchema = {
  angle: { kind: 'number', default: 30, min: 0, max: 180, step: 5, label: 'long axis of Σ at (°)' },
  t: { kind: 'number', default: 0.5, min: 0.05, max: 0.95, step: 0.05, label: 't' },
  n: { kind: 'int', default: 256, min: 16, max: 4096, step: 16, label: 'n (posterior average)' },
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'seed' },
} satisfies Schema;

/** Training steps of the network (then it stops; the reader can train again for more). */
export const TRAIN_STEPS = 2000;
/** Data points the network is trained on (drawn once from 𝒩(m, Σ)). */
export const TRAIN_POINTS = 4096;
/** The sample sizes of the convergence row. */
export const SAMPLE_SIZES = [16, 64, 256, 1024, 4096] as const;
