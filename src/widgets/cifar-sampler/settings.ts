/** Settings of the CIFAR sampler (URL keys `cifar-sampler.<key>`); the checkpoints come from the CIFAR catalogue. */
import { FIXED_STEP_METHODS, ODE_METHOD_LABELS } from '../../lib/core/index.ts';
import { CHECKPOINTS, DEFAULT_CHECKPOINT } from '../../lib/engine/cifar/catalogue.ts';
import type { Schema } from '../../lib/state/settings.ts';
import { SAMPLER_DEFAULTS as D } from './defaults.ts';

const checkpointNames = CHECKPOINTS.map((c) => c.name);

export const samplerSchema = {
  /** One grid at the chosen w, or the guidance sweep (w = 0, 1, 2, 4 side by side, same seed and classes). */
  view: { kind: 'enum', default: 'grid', values: ['grid', 'sweep'], labels: { grid: 'one w', sweep: 'guidance sweep' }, label: 'View' },
  checkpoint: {
    kind: 'enum',
    default: DEFAULT_CHECKPOINT,
    values: checkpointNames,
    labels: Object.fromEntries(CHECKPOINTS.map((c) => [c.name, c.title])),
    label: 'Checkpoint',
  },
  solver: { kind: 'enum', default: D.solver, values: FIXED_STEP_METHODS, labels: ODE_METHOD_LABELS, label: 'Solver' },
  nfe: { kind: 'int', default: D.nfe, min: 1, max: 200, label: 'Velocity evaluations (NFE)' },
  count: { kind: 'int', default: D.count, min: 1, max: 16, label: 'Images' },
  seed: { kind: 'int', default: D.seed, min: 0, max: 999999, label: 'Seed' },
  label: { kind: 'int', default: D.label, min: -1, max: 9, label: 'Class' },
  guidance: { kind: 'number', default: D.guidance, min: 0, max: 8, step: 0.5, label: 'Guidance scale w' },
} satisfies Schema;
