/** Settings of the Theorem 2 check (URL keys `<id>.<key>`). */
import type { Schema } from '../../lib/state/settings.ts';
import { DATASET_LABELS, EXPLORER_TARGET_SETS, PATH_LABELS, PATH_NAMES } from '../../lib/core/index.ts';
import type { ModelFamily } from './losses.ts';

const FAMILY_LABELS: Record<ModelFamily, string> = {
  scaled: 'θ·uₜ(x), scaled field',
  linear: 'θ·x, linear',
};
export const THETA_RANGE: [number, number] = [-1, 3];

export const theorem2Schema = {
  family: {
    kind: 'enum',
    default: 'scaled',
    values: ['scaled', 'linear'] as const satisfies readonly ModelFamily[],
    labels: FAMILY_LABELS,
    label: 'Model family',
  },
  path: { kind: 'enum', default: 'ot', values: PATH_NAMES, labels: PATH_LABELS, label: 'Path family' },
  sigma: { kind: 'number', default: 0.1, min: 0.01, max: 1, step: 0.01, label: 'σ (σₘᵢₙ for OT and VE)' },
  dataset: { kind: 'enum', default: '8gaussians', values: EXPLORER_TARGET_SETS, labels: DATASET_LABELS, label: 'Targets' },
  n: { kind: 'int', default: 16, min: 2, max: 64, label: 'Number of targets' },
  samples: { kind: 'int', default: 2000, min: 100, max: 20000, step: 100, label: 'Monte-Carlo samples N' },
  theta: { kind: 'number', default: 0.6, min: THETA_RANGE[0], max: THETA_RANGE[1], step: 0.01, label: 'θ' },
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'seed' },
} satisfies Schema;
