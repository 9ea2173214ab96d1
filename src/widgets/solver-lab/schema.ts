/**
 * Settings of the solver lab (URL keys `<id>.<key>`): the field (the core's closed form for a data
 * set and path family, or one of three networks trained in the page), the solver and its budget, and
 * the starting points. Lists come from the core's catalogues.
 */
import type { Schema } from '../../lib/state/settings.ts';
import {
  DATASET_LABELS,
  ODE_METHOD_NAMES,
  ODE_METHOD_SHORT_LABELS,
  PATH_LABELS,
  PATH_NAMES,
  type DatasetName,
} from '../../lib/core/index.ts';
import { TRAINED_FIELD_LABELS, TRAINED_FIELDS } from '../../lib/engine/solver-lab/fields.ts';

/** Targets offered (the gallery's data sets; the Gaussian source is fixed). */
const TARGETS = [
  'moons',
  '8gaussians',
  'tong-moons',
  'scurve',
  'swissroll',
  'circles',
  'rings',
  'pinwheel',
  '2spirals',
  'checkerboard',
] as const satisfies readonly DatasetName[];

const FIELDS = ['closed-form', ...TRAINED_FIELDS] as const;
type FieldChoice = (typeof FIELDS)[number];
const FIELD_LABELS: Record<FieldChoice, string> = { 'closed-form': 'Closed form (Theorem 1)', ...TRAINED_FIELD_LABELS };

/** Short solver names for legends and selects (the core's catalogue). */
export const SOLVER_LABELS = ODE_METHOD_SHORT_LABELS;

export const solverLabSchema = {
  field: { kind: 'enum', default: 'closed-form', values: FIELDS, labels: FIELD_LABELS, label: 'field' },
  target: { kind: 'enum', default: 'moons', values: TARGETS, labels: DATASET_LABELS, label: 'data p₁' },
  points: { kind: 'int', default: 8, min: 2, max: 32, label: 'data points (closed form)' },
  path: { kind: 'enum', default: 'icfm', values: PATH_NAMES, labels: PATH_LABELS, label: 'path family' },
  sigma: { kind: 'number', default: 0.3, min: 0, max: 1, step: 0.01, label: 'path width σ' },
  solver: { kind: 'enum', default: 'euler', values: ODE_METHOD_NAMES, labels: SOLVER_LABELS, label: 'solver' },
  nfe: { kind: 'int', default: 8, min: 1, max: 256, label: 'NFE budget' },
  /** log₁₀ of Dopri5's tolerance (rtol = atol). */
  tol: { kind: 'number', default: -3, min: -8, max: -1, step: 0.5, label: 'Dopri5 tolerance (log₁₀)' },
  starts: { kind: 'int', default: 64, min: 8, max: 128, step: 8, label: 'starting points' },
  trainSteps: { kind: 'int', default: 1500, min: 50, max: 6000, step: 50, label: 'training steps per network' },
  seed: { kind: 'int', default: 5, min: 0, max: 99999, label: 'seed' },
} satisfies Schema;
