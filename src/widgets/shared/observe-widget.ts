/**
 * The observers every canvas widget starts when it mounts: the theme palette (now and on every
 * theme change), the widget's width (now and on resize) and whether it is on screen (to pause
 * off-screen). Call from `onMount`; it returns the function that stops them all.
 *
 * The first width and palette arrive at once, in the task that hydrates the island. Handing them in
 * the next animation frame instead (so that the first drawing became a task of its own) was tried:
 * thread CPU time per task went down, but in interleaved Lighthouse runs theorem1-explorer scored
 * lower in 6 of 6 rounds (89–95 → 77–89) and continuity-equation in 5 of 6, so it was reverted;
 * `npm run main-thread` and Lighthouse disagree there, and Lighthouse is the target.
 */
import { watchTheme, watchWidth } from '../../lib/viz/canvas.ts';
import { readPalette, type Palette } from '../../lib/viz/palette.ts';
import { observeVisibility } from './visibility.ts';

export interface WidgetObservers {
  /** Called with the palette at once and again whenever the theme changes. */
  palette?: (pal: Palette) => void;
  /** Called with the element's width in whole CSS pixels at once and on every resize. */
  width?: (width: number) => void;
  /** Called with true/false as the element enters or leaves the viewport. */
  visible?: (visible: boolean) => void;
}

export function observeWidget(el: HTMLElement, on: WidgetObservers): () => void {
  const stops: (() => void)[] = [];
  if (on.palette) {
    on.palette(readPalette());
    stops.push(watchTheme(on.palette));
  }
  if (on.width) stops.push(watchWidth(el, on.width));
  if (on.visible) stops.push(observeVisibility(el, on.visible));
  return () => {
    for (const stop of stops) stop();
  };
}
