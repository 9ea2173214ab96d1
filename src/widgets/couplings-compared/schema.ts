/** Settings of the couplings comparison (URL keys `<id>.<key>`). */
import type { Schema } from '../../lib/state/settings.ts';
import { DATASET_LABELS, type DatasetName } from '../../lib/core/index.ts';
import { BATCH_MODES, type BatchMode } from '../../lib/engine/couplings/compare.ts';

const SOURCE_SETS = ['normal', '8gaussians', 'moons', 'uniform'] as const satisfies readonly DatasetName[];
const TARGET_SETS = ['8gaussians', 'moons', 'scurve', 'circles', 'checkerboard'] as const satisfies readonly DatasetName[];

const BATCH_LABELS: Record<BatchMode, string> = { full: 'Whole sets', minibatch: 'Minibatches' };

export const couplingsSchema = {
  source: { kind: 'enum', default: 'normal', values: SOURCE_SETS, labels: DATASET_LABELS, label: 'Source' },
  target: { kind: 'enum', default: '8gaussians', values: TARGET_SETS, labels: DATASET_LABELS, label: 'Target' },
  n: { kind: 'int', default: 48, min: 8, max: 96, label: 'Points per set n' },
  batch: { kind: 'enum', default: 'full', values: BATCH_MODES, labels: BATCH_LABELS, label: 'Coupling solved on' },
  /** Used in minibatch mode; held at n when larger. */
  B: { kind: 'int', default: 8, min: 1, max: 96, label: 'Batch size B' },
  epochs: { kind: 'int', default: 32, min: 4, max: 128, step: 4, label: 'Epochs averaged' },
  sigma: { kind: 'number', default: 0.1, min: 0.02, max: 1, step: 0.01, label: 'σ (I-CFM path)' },
  /** The Sinkhorn regularisation η of the optimal-transport chapter; shown on a log₁₀ slider (see the widget). */
  eps: { kind: 'number', default: 0.5, min: 0.01, max: 20, label: 'Sinkhorn η (log scale)' },
  k: { kind: 'int', default: 2, min: 1, max: 20, label: 'Euler steps k' },
  lines: { kind: 'bool', default: true, label: 'pairs' },
  paths: { kind: 'bool', default: true, label: 'trajectories' },
  samples: { kind: 'bool', default: true, label: 'k-step samples' },
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'seed' },
} satisfies Schema;
