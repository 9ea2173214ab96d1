/**
 * The page's device pixel ratio as reactive state. A canvas's backing store is sized for the ratio
 * when it is drawn (lib/viz/canvas.ts, `fitCanvas`); the ratio changes when the reader zooms or
 * moves the window to another screen, often without the widget changing its width in CSS pixels (a
 * column narrower than the window). A draw effect that passes `pixelRatio()` to `fitCanvas` runs
 * again then, and its canvas stays sharp instead of being stretched from the old resolution.
 *
 * One listener for the page: a media query for the current resolution, which stops matching when
 * the ratio changes; it is then asked again for the new one.
 */
import { pageDpr } from '../../lib/viz/canvas.ts';

const browser = typeof window !== 'undefined' && typeof window.matchMedia === 'function';
let ratio = $state(browser ? pageDpr() : 1);

function follow(): void {
  const query = window.matchMedia(`(resolution: ${window.devicePixelRatio}dppx)`);
  query.addEventListener(
    'change',
    () => {
      ratio = pageDpr();
      follow();
    },
    { once: true },
  );
}
if (browser) follow();

/** The device pixel ratio now, at most 3 (below 1 when zoomed out): read in an effect, it re-runs the effect when the ratio changes. */
export function pixelRatio(): number {
  return ratio;
}
