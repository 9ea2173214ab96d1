/**
 * The side of the two square views (samples, field) from the widget's width (CSS pixels): the full
 * width, or half of it less the 10 px gap from `VIEWS.from` on (side by side), at least 160 px.
 * That side is the canvas's border box (`box-sizing: border-box` in SampleViews.svelte) and the
 * script draws inside the 1 px border. The drawing reads `viewSize`, the page's CSS the same rule in
 * the widget's container units. Before, the server's HTML had the views sized for a 640 px default
 * width, and the border (outside the drawn size) made two side-by-side views 4 px wider than the
 * widget, so on a laptop they wrapped onto two rows as the island hydrated.
 */
import { stackedAndWide, viewWidthAt, viewWidthCss, type SideBySide } from '../shared/size-rule.ts';

export const VIEWS: SideBySide = { from: 560, gap: 10 };
const MIN = 160;
const BORDER = 1;

/** The drawn (content) side of each view. */
export const viewSize = (width: number): number => Math.max(MIN, viewWidthAt(VIEWS, width)) - 2 * BORDER;

/** CSS custom properties for the root: each view's border box, stacked and side by side. */
export const viewSizeVars = stackedAndWide((wide) => ({ view: `max(${MIN}px, ${viewWidthCss(VIEWS, wide)})` }));
