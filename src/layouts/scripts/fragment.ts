/**
 * A deep link stays on its target while the page settles, until the reader moves.
 *
 * The browser scrolls to `#id` once the target is laid out, and scroll anchoring is meant to keep it
 * there when content above changes height. On a slow phone it does not always: the chapter section
 * just above the target (`.chapter-section`, content-visibility) is laid out for the first time after
 * the jump, its last pixels are in view above the heading (the page's 1.5rem scroll padding),
 * anchoring picks it, and the heading went 3 973 px down as that section grew from its guessed
 * 3 000 px to its real 6 949 (flow-matching at 360 px with the CPU slowed eightfold; a clean-clone CI
 * run met it unslowed). Sections are now cut into parts with guessed heights (section-parts.ts), so
 * the growth is smaller, but a guess is still a guess.
 *
 * So after a jump to a fragment (on load, or `hashchange` from an in-page link), any change in the
 * page's height puts the target back where the browser put it, as `scrollIntoView` does, inside the
 * ResizeObserver callback (after layout, before paint: no visible jump). It stops for good at the
 * reader's first wheel, touch, pointer or key input, and on its own a few seconds after the page has
 * loaded, so it never fights the reader (test/e2e/skipped-sections.test.ts).
 */

/** How long after load (or after an in-page jump) the target is still held, in ms. */
const HOLD_AFTER_LOAD_MS = 8000;
const HOLD_AFTER_JUMP_MS = 3000;
/** Closer than this to its place, the target is left alone (sub-pixel layout). */
const TOLERANCE_PX = 2;
const READER_INPUT = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;

let release: (() => void) | null = null;

function targetOf(hash: string): HTMLElement | null {
  if (hash.length < 2) return null;
  let id: string;
  try {
    id = decodeURIComponent(hash.slice(1));
  } catch {
    return null; // a malformed escape: nothing to hold
  }
  return document.getElementById(id);
}

/** Where `scrollIntoView({ block: 'start' })` puts the target's top: the page's scroll padding
 *  (elements.css) plus the target's own scroll margin. */
function placeOf(target: HTMLElement): number {
  const px = (v: string) => parseFloat(v) || 0;
  return px(getComputedStyle(document.documentElement).scrollPaddingTop) + px(getComputedStyle(target).scrollMarginTop);
}

function hold(target: HTMLElement, untilMs: () => number) {
  release?.();
  const place = placeOf(target);
  const realign = () => {
    if (performance.now() > untilMs()) return stop();
    if (Math.abs(target.getBoundingClientRect().top - place) > TOLERANCE_PX) target.scrollIntoView({ block: 'start', behavior: 'instant' });
  };
  const observer = new ResizeObserver(realign);
  observer.observe(document.body);
  const stop = () => {
    observer.disconnect();
    for (const type of READER_INPUT) removeEventListener(type, stop, true);
    if (release === stop) release = null;
  };
  for (const type of READER_INPUT) addEventListener(type, stop, { capture: true, passive: true });
  release = stop;
}

if ('ResizeObserver' in window) {
  let loadedAt = document.readyState === 'complete' ? performance.now() : Infinity;
  addEventListener('load', () => (loadedAt = performance.now()), { once: true });
  const initial = targetOf(location.hash);
  if (initial) hold(initial, () => loadedAt + HOLD_AFTER_LOAD_MS);
  addEventListener('hashchange', () => {
    const target = targetOf(location.hash);
    const jumpedAt = performance.now();
    if (target) hold(target, () => Math.max(jumpedAt, loadedAt) + HOLD_AFTER_JUMP_MS);
  });
}
