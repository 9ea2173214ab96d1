import type { SizeRule } from '../shared/size-rule.ts';

/** Canvas margins (CSS pixels) shared by the density and particle views, so their x axes line up. */
export const PAD = { l: 38, r: 10, t: 8, b: 20 };

/**
 * Opacity of the particle histogram's bars: 0.3 on a light page, 0.6 on a dark one (at 0.3 the
 * light-blue source colour over the dark background read as dark blue bars on black).
 */
export function barAlpha(bg: string): number {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(bg.trim());
  if (!m) return 0.3;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4 ? 0.6 : 0.3;
}

/**
 * Heights of the density and particle canvases (`SizeRule`: the drawing and the CSS read the same
 * rule; it was 260 px before and 190 px after hydration at 360 px wide).
 */
export const DENSITY_HEIGHT: SizeRule = { min: 190, share: 0.42, max: 260 };
export const PARTICLE_HEIGHT: SizeRule = { min: 190, share: 0.3, max: 230 };
