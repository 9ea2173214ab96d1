/** Settings of the continuity-equation widget (defaults and bounds in one place). */
import type { Schema } from '../../lib/state/settings.ts';
import { FIELD_NAMES, type FieldName } from './fields.ts';

export const continuityEquationSchema = {
  field: { kind: 'enum', default: 'two-modes' as FieldName, values: FIELD_NAMES, label: 'velocity field' },
  m: { kind: 'number', default: 2, min: -3, max: 3, label: 'target mean m' },
  s: { kind: 'number', default: 0.4, min: 0.15, max: 1, label: 'target width s' },
  a: { kind: 'number', default: 2, min: 0.5, max: 3, label: 'half-distance between modes a' },
  c: { kind: 'number', default: 1.5, min: -3, max: 3, label: 'speed c' },
  k: { kind: 'number', default: 1, min: -1.2, max: 1.5, label: 'rate k' },
  n: { kind: 'int', default: 3000, min: 200, max: 10000, label: 'particles' },
  seed: { kind: 'int', default: 1, min: 0, max: 999999, label: 'seed' },
} satisfies Schema;
