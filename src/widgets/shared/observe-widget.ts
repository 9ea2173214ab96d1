/**
 * The observers every canvas widget starts when it mounts: the theme palette (now and on every
 * theme change), the widget's width (now and on resize) and whether it is on screen (to pause
 * off-screen). Call from `onMount`; it returns the function that stops them all.
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
