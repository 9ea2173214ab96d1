/** Settings of the continuity-equation widget (defaults and bounds in one place). */
import type { Schema } from '../../lib/state/settings.ts';
import { FIELD_LABELS, FIELD_NAMES } from './fields.ts';

export const continuityEquationSchema = {
  field: { kind: 'enum', default: 'two-modes', values: FIELD_NAMES, labels: FIELD_LABELS, label: 'Velocity field' },
  m: { kind: 'number', default: 2, min: -3, max: 3, step: 0.05, label: 'Target mean m' },
  s: { kind: 'number', default: 0.4, min: 0.15, max: 1, step: 0.01, label: 'Target width s' },
  a: { kind: 'number', default: 2, min: 0.5, max: 3, step: 0.05, label: 'Modes at ±a, a' },
  c: { kind: 'number', default: 1.5, min: -3, max: 3, step: 0.05, label: 'Speed c' },
  k: { kind: 'number', default: 1, min: -1.2, max: 1.5, step: 0.05, label: 'Rate k' },
  t: { kind: 'number', default: 0, min: 0, max: 1, step: 0.01, label: 'Time t' },
  n: { kind: 'int', default: 3000, min: 200, max: 10000, step: 100, label: 'Particles' },
  seed: { kind: 'int', default: 1, min: 0, max: 999999, label: 'Seed' },
} satisfies Schema;
