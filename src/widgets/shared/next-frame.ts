/**
 * Work a widget defers out of the task that hydrates it: `inNextFrame(fn)` runs fn once, in the next
 * animation frame, which comes before the next paint, so what fn draws shows no later than if it had
 * run during hydration, while hydration and drawing become two tasks instead of one long one. A page
 * in a background tab gets no frames; a timer runs fn there instead. Returns the cancel (call it
 * when the widget is destroyed).
 */

/** How long a page without animation frames (a background tab) waits before fn runs anyway. */
export const NEXT_FRAME_FALLBACK_MS = 250;

export function inNextFrame(fn: () => void, fallbackMs = NEXT_FRAME_FALLBACK_MS): () => void {
  if (typeof requestAnimationFrame !== 'function') {
    fn();
    return () => {};
  }
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
    fn();
  };
  const frame = requestAnimationFrame(once);
  const timer = setTimeout(once, fallbackMs);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
