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
