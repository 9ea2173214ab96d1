/**
 * Sizes of the path explorer's two space-time views from the widget's width (CSS pixels). Stacked
 * and full width below `VIEWS.from`, side by side from there (the container query in Widget.svelte
 * uses the same number; a unit test checks it). The drawing reads `viewWidth` and `viewHeight`, the
 * page's CSS the same rules in the widget's container units, so the server's HTML already has the
 * views at their drawn size (at 360 px they were 300 px tall before hydration and 220 px after).
 */
import { sizeAt, sizeCss, stackedAndWide, viewWidthAt, viewWidthCss, type SideBySide, type SizeRule } from '../shared/size-rule.ts';

export const VIEWS: SideBySide = { from: 720, gap: 16 };
const HEIGHT: SizeRule = { min: 220, share: 0.62, max: 300 };

export const viewWidth = (width: number): number => viewWidthAt(VIEWS, width);
export const viewHeight = (width: number): number => sizeAt(HEIGHT, viewWidth(width));

/** CSS custom properties for the root: the views' size when stacked and when side by side. */
export const viewSizeVars = stackedAndWide((wide) => ({
  'view-w': `calc(${viewWidthCss(VIEWS, wide)})`,
  'view-h': sizeCss(HEIGHT, viewWidthCss(VIEWS, wide)),
}));
