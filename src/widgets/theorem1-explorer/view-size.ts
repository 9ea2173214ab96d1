/**
 * Sizes of Theorem 1's two views from the widget's width (CSS pixels): the 1D space-time canvas with
 * its velocity strip, and the square 2D plane with its weight bars. Stacked below `VIEWS.from`,
 * side by side from there, each in half the width (the container query in Widget.svelte uses the
 * same number; a unit test checks it). The drawing reads the functions, the CSS the same rules in
 * the widget's container units, so the server's HTML has the views at their drawn size. Before, the
 * server drew them side by side for a 640 px default width, and a phone's widget grew by 440 px as
 * it hydrated; on a laptop the 1D canvas was drawn 14 % wider than its half and squeezed into it.
 */
import { sizeAt, sizeCss, stackedAndWide, viewWidthAt, viewWidthCss, type SideBySide, type SizeRule } from '../shared/size-rule.ts';

export const VIEWS: SideBySide = { from: 560, gap: 16 };
const HEIGHT_1D: SizeRule = { min: 220, share: 0.55, max: 300 };
const PLANE_MAX = 360;
/** Height of the velocity strip under the 1D view. */
export const STRIP_HEIGHT = 92;

export const viewWidth = (width: number): number => viewWidthAt(VIEWS, width);
export const height1d = (width: number): number => sizeAt(HEIGHT_1D, viewWidth(width));
export const planeSize = (width: number): number => Math.min(PLANE_MAX, viewWidth(width));

/** CSS custom properties for the root: the views' sizes when stacked and when side by side. */
export const viewSizeVars = stackedAndWide((wide) => {
  const w = viewWidthCss(VIEWS, wide);
  return { 'view-w': `calc(${w})`, 'view-h': sizeCss(HEIGHT_1D, w), plane: `min(${PLANE_MAX}px, ${w})` };
});
