/** Settings of the couplings comparison (URL keys `<id>.<key>`). */
import type { Schema } from '../../lib/state/settings.ts';
import type { DatasetName } from '../../lib/core/index.ts';

export const SOURCE_SETS = ['normal', '8gaussians', 'moons', 'uniform'] as const satisfies readonly DatasetName[];
export const TARGET_SETS_C = ['8gaussians', 'moons', 'scurve', 'circles', 'checkerboard'] as const satisfies readonly DatasetName[];

export const couplingsSchema = {
  source: { kind: 'enum', default: 'normal', values: SOURCE_SETS, label: 'source' },
  target: { kind: 'enum', default: '8gaussians', values: TARGET_SETS_C, label: 'target' },
  n: { kind: 'int', default: 48, min: 8, max: 96, label: 'minibatch size' },
  sigma: { kind: 'number', default: 0.1, min: 0.02, max: 1, label: 'σ of the I-CFM path' },
  eps: { kind: 'number', default: 0.5, min: 0.01, max: 20, label: 'Sinkhorn ε' },
  k: { kind: 'int', default: 2, min: 1, max: 20, label: 'Euler steps' },
  lines: { kind: 'bool', default: true, label: 'show pairing lines' },
  paths: { kind: 'bool', default: true, label: 'show trajectories' },
  samples: { kind: 'bool', default: true, label: 'show k-step samples' },
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'seed' },
} satisfies Schema;
