/** Settings of the Theorem 2 check (URL keys `<id>.<key>`). */
import type { Schema } from '../../lib/state/settings.ts';
import { PATH_VALUES, TARGET_SETS } from '../theorem1-explorer/schema.ts';
import type { ModelFamily } from './losses.ts';

export const FAMILY_LABELS: Record<ModelFamily, string> = {
  scaled: 'θ·u_t(x), scaled field',
  linear: 'θ·x, linear'
};
export const TARGET_SETS_2 = TARGET_SETS;
export const THETA_RANGE: [number, number] = [-1, 3];

export const theorem2Schema = {
  family: { kind: 'enum', default: 'scaled', values: ['scaled', 'linear'] as ModelFamily[], label: 'model family' },
  path: { kind: 'enum', default: 'ot', values: PATH_VALUES, label: 'path family' },
  sigma: { kind: 'number', default: 0.1, min: 0.01, max: 1, label: 'σ' },
  dataset: { kind: 'enum', default: '8gaussians', values: TARGET_SETS, label: 'target set' },
  n: { kind: 'int', default: 16, min: 2, max: 64, label: 'number of targets' },
  samples: { kind: 'int', default: 2000, min: 100, max: 20000, label: 'Monte-Carlo samples' },
  theta: { kind: 'number', default: 0.6, min: THETA_RANGE[0], max: THETA_RANGE[1], label: 'θ' },
  seed: { kind: 'int', default: 1, min: 1, max: 9999, label: 'seed' },
} satisfies Schema;
