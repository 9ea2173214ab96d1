/**
 * Settings of the change-of-variables widget: the knot heights of the monotone map (x positions
 * are fixed), the number of pushed samples and the seed. Defaults and bounds live here only.
 */
import type { Schema } from '../../lib/state/settings.ts';

/** Fixed knot abscissae (uniform, so the PCHIP slopes stay within twice the neighbouring secants). */
export const DEFAULT_KNOTS_X: readonly number[] = [-3, -2, -1, 0, 1, 2, 3];
/** Default heights: a map that compresses the centre and stretches the left tail. */
export const DEFAULT_KNOTS_Y: readonly number[] = [-4.2, -2.8, -1.6, -0.9, -0.3, 0.9, 3];
/** Smallest vertical gap between neighbouring knots (keeps T′ bounded away from 0). */
export const KNOT_GAP = 0.15;
export const Y_MIN = -5;
export const Y_MAX = 5;

const knot = (k: number) => ({
  kind: 'number' as const,
  default: DEFAULT_KNOTS_Y[k],
  min: Y_MIN,
  max: Y_MAX,
  label: `height of knot ${k + 1}`,
});

export const changeOfVariablesSchema = {
  y0: knot(0),
  y1: knot(1),
  y2: knot(2),
  y3: knot(3),
  y4: knot(4),
  y5: knot(5),
  y6: knot(6),
  n: { kind: 'int', default: 4000, min: 200, max: 20000, step: 100, label: 'Samples' },
  seed: { kind: 'int', default: 1, min: 0, max: 999999, label: 'Seed' },
} satisfies Schema;

export const KNOT_KEYS = ['y0', 'y1', 'y2', 'y3', 'y4', 'y5', 'y6'] as const;
