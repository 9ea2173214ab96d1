import type { SizeRule } from '../shared/size-rule.ts';

/**
 * The change-of-variables widget's two panels share one window: x (the map's input) on
 * [−4.5, 4.5], y = T(x) on [−5.5, 5.5] (the lower panel's horizontal axis), and the same margins.
 */
export const XR: [number, number] = [-4.5, 4.5];
export const YR: [number, number] = [-5.5, 5.5];
/** Canvas margins in CSS pixels: left (tick labels), right, top, bottom. */
export const PAD = { l: 34, r: 10, t: 8, b: 20 };
/** The lower panel's extra top margin: a row above the plot for the right-hand scale's label. */
export const LABEL_ROW = 14;

/**
 * Heights of the map and density panels (`SizeRule`: the drawing and the CSS read the same rule, so
 * the server's HTML has them at the hydrated size; at 360 px wide the map was 320 px tall before
 * hydration and 220 px after).
 */
export const MAP_HEIGHT: SizeRule = { min: 220, share: 0.5, max: 330 };
export const DENSITY_HEIGHT: SizeRule = { min: 180, share: 0.4, max: 260 };
/** The canvases span the widget, at least 240 px. */
export const MIN_WIDTH = 240;
export const canvasWidthCss = `max(${MIN_WIDTH}px, 100cqi)`;

/**
 * Where a knot sits in the map panel, as CSS lengths in percentages of the panel (the same
 * `linear` maps as the drawing, XR and YR onto the padded box), so knots are in place before the
 * script measures the width.
 */
export const knotLeftCss = (x: number): string =>
  `calc(${PAD.l}px + ${+((x - XR[0]) / (XR[1] - XR[0])).toFixed(6)} * (100% - ${PAD.l + PAD.r}px))`;
export const knotTopCss = (y: number): string =>
  `calc(100% - ${PAD.b}px - ${+((y - YR[0]) / (YR[1] - YR[0])).toFixed(6)} * (100% - ${PAD.b + PAD.t}px))`;

/**
 * Width of each knot's touch target: 44 px, or the gap between neighbouring knots (`gap` apart in
 * x) less 2 px when that is narrower (31 px apart on a phone), at least 24 px; so targets never
 * overlap and a tap takes the knot nearest to it.
 */
export const hitWidthCss = (gap: number): string =>
  `clamp(24px, ${+(gap / (XR[1] - XR[0])).toFixed(6)} * (${canvasWidthCss} - ${PAD.l + PAD.r}px) - 2px, 44px)`;

/**
 * The lower panel's right-hand scale for |T′|: [0, top] with `top` a whole number at least 10 %
 * above the largest finite value (and at least 2), and a tick step that gives two to five ticks, so
 * the dashed curve always stays inside the plot (the fixed [0, 4] let a steep map's curve run off
 * the top, through the scale's label, on phones).
 */
export function stretchScale(values: ArrayLike<number>): { top: number; ticks: number[] } {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) max = Math.max(max, values[i]);
  const step = [1, 2, 5, 10, 20, 50, 100].find((s) => (1.1 * max) / s <= 4) ?? 200;
  const top = Math.max(2, step * Math.ceil((1.1 * max) / step));
  const ticks: number[] = [];
  for (let v = step; v <= top + 1e-9; v += step) ticks.push(v);
  return { top, ticks };
}
