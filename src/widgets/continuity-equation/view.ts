import type { SizeRule } from '../shared/size-rule.ts';
import { isDark } from '../../lib/viz/palette.ts';

/** Canvas margins (CSS pixels) shared by the density and particle views, so their x axes line up. */
export const PAD = { l: 38, r: 10, t: 8, b: 20 };

/**
 * Opacity of the particle histogram's bars: 0.3 on a light page, 0.6 on a dark one (at 0.3 the
 * light-blue source colour over the dark background read as dark blue bars on black).
 */
export function barAlpha(bg: string): number {
  return isDark({ bg }) ? 0.6 : 0.3;
}

/**
 * Heights of the density and particle canvases (`SizeRule`: the drawing and the CSS read the same
 * rule; it was 260 px before and 190 px after hydration at 360 px wide).
 */
export const DENSITY_HEIGHT: SizeRule = { min: 190, share: 0.42, max: 260 };
export const PARTICLE_HEIGHT: SizeRule = { min: 190, share: 0.3, max: 230 };
