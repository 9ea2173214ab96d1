/**
 * Sizes of the solver lab's canvases from the widget's width (CSS pixels). Each log–log plot is the
 * full width, or half of it less the 12 px gap from `VIEWS.from` on (two plots a row), between 280
 * and 520 px, and 0.72 as tall as wide; the trajectory view is square, at most 420 px. The drawing
 * reads the functions, the page's CSS the same rules in the widget's container units (the container
 * query in Widget.svelte uses `VIEWS.from`; a unit test checks it), so the server's HTML has the
 * canvases at their drawn size. It drew them 520 px wide for a 720 px default width, and on a phone
 * those canvases widened the whole grid, controls included, until the island hydrated.
 */
import { sizeCss, stackedAndWide, viewWidthAt, viewWidthCss, type SideBySide, type SizeRule } from '../shared/size-rule.ts';

export const VIEWS: SideBySide = { from: 760, gap: 12 };
const PLOT: SizeRule = { min: 280, share: 1, max: 520 };
const ASPECT = 0.72;
const TRAJECTORY_MAX = 420;

export const plotWidth = (width: number): number => Math.max(PLOT.min, Math.min(viewWidthAt(VIEWS, width), PLOT.max));
export const plotHeight = (width: number): number => Math.round(ASPECT * plotWidth(width));
export const trajectorySize = (width: number): number => Math.min(plotWidth(width), TRAJECTORY_MAX);

/** CSS custom properties for the root: the canvases' sizes, one plot a row and two. */
export const plotSizeVars = stackedAndWide((wide) => {
  const w = sizeCss(PLOT, viewWidthCss(VIEWS, wide));
  return { 'plot-w': w, 'plot-h': `calc(${ASPECT} * ${w})`, traj: `min(${w}, ${TRAJECTORY_MAX}px)` };
});
