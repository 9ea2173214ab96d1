/**
 * The observers every canvas widget starts when it mounts: the theme palette (now and on every
 * theme change), the widget's width (now and on resize) and whether it is on screen (to pause
 * off-screen). Call from `onMount`; it returns the function that stops them all.
 *
 * The first width and palette arrive in the next animation frame, not in the task that hydrates the
 * island. Every canvas widget draws only once it has a palette, so its first drawing (and the layout
 * that reading the width forces) runs in the frame that paints it, as a task of its own: hydration
 * and first drawing were one task of 230–350 ms on Lighthouse's simulated phone, the longest of most
 * widget pages. The frame comes before the next paint, so nothing is shown undrawn that was drawn
 * before (next-frame.ts).
 */
import { watchTheme, watchWidth } from '../../lib/viz/canvas.ts';
import { readPalette, type Palette } from '../../lib/viz/palette.ts';
import { inNextFrame } from './next-frame.ts';
import { observeVisibility } from './visibility.ts';

export interface WidgetObservers {
  /** Called with the palette in the next frame and again whenever the theme changes. */
  palette?: (pal: Palette) => void;
  /** Called with the element's width in whole CSS pixels in the next frame and on every resize. */
  width?: (width: number) => void;
  /** Called with true/false as the element enters or leaves the viewport. */
  visible?: (visible: boolean) => void;
}

export function observeWidget(el: HTMLElement, on: WidgetObservers): () => void {
  const stops: (() => void)[] = [];
  // Width first, then palette: both land before Svelte's next flush, so the first drawing has both.
  const start = () => {
    if (on.width) stops.push(watchWidth(el, on.width));
    if (on.palette) {
      on.palette(readPalette());
      stops.push(watchTheme(on.palette));
    }
  };
  if (on.width || on.palette) stops.push(inNextFrame(start));
  if (on.visible) stops.push(observeVisibility(el, on.visible));
  return () => {
    for (const stop of stops) stop();
  };
}
