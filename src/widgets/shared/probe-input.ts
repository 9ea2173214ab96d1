/**
 * Input conventions for widgets with a movable probe: hover (mouse) or press-and-drag (touch, pen)
 * moves it, and a focused plot takes the arrow keys (Shift for bigger steps).
 */

/** Whether a pointermove should move the probe: always for a mouse (hover), for touch and pen only while pressed. */
export function probing(ev: PointerEvent): boolean {
  return ev.pointerType === 'mouse' || ev.buttons !== 0;
}

/**
 * The direction of an arrow key as [dx, dy] (→ +x, ↑ +y), scaled by `shiftFactor` when Shift is
 * held; null for any other key. Arrow keys are taken from the page (no scrolling).
 */
export function arrowStep(ev: KeyboardEvent, shiftFactor = 5): [number, number] | null {
  const dir: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  const d = dir[ev.key];
  if (!d) return null;
  ev.preventDefault();
  const k = ev.shiftKey ? shiftFactor : 1;
  return [d[0] * k, d[1] * k];
}
