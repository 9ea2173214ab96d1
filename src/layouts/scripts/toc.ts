/**
 * Marks the table-of-contents entry of the section being read (`aria-current="true"`, in both the
 * narrow and the wide copy of the TOC): the last heading whose top has scrolled above 30% of the
 * viewport, or at the very bottom of the page the last heading in view. One passive scroll
 * listener, throttled to animation frames.
 *
 * Headings are measured section by section (`.chapter-section`, which the browser does not lay out
 * while it is far from view): a section wholly above the line, or wholly below it, is judged on its
 * own box, so reading the position of a heading never forces the layout of a section the reader
 * cannot see. (Reading the next heading down, in a section far below, cost the layout of that whole
 * section in a scroll handler: the longest tasks while scrolling, scripts/layout-shift.ts.)
 */
const links = [...document.querySelectorAll<HTMLAnchorElement>('[data-toc] a[href^="#"]')];
const ids = [...new Set(links.map((l) => decodeURIComponent(l.hash.slice(1))))];
const targets = ids
  .map((id) => ({ id, el: document.getElementById(id) }))
  .filter((t): t is { id: string; el: HTMLElement } => t.el !== null)
  .map((t) => ({ ...t, section: t.el.closest('.chapter-section') }));

let current: string | null = null;
let queued = false;

function update() {
  queued = false;
  const line = window.innerHeight * 0.3;
  let active = targets[0]?.id ?? null;
  const boxes = new Map<Element, DOMRect>();
  const box = (section: Element) => boxes.get(section) ?? boxes.set(section, section.getBoundingClientRect()).get(section)!;
  for (const t of targets) {
    if (t.section && box(t.section).bottom <= line) {
      active = t.id; // the whole part is above the line
      continue;
    }
    if (t.section && box(t.section).top > line) break; // and this one is wholly below it
    if (t.el.getBoundingClientRect().top <= line) active = t.id;
    else break;
  }
  const bottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
  if (bottom) {
    for (const t of targets) {
      if (t.section && (box(t.section).bottom <= 0 || box(t.section).top >= window.innerHeight)) continue;
      if (t.el.getBoundingClientRect().top < window.innerHeight) active = t.id;
    }
  }
  if (active === current) return;
  current = active;
  for (const l of links) {
    if (decodeURIComponent(l.hash.slice(1)) === active) l.setAttribute('aria-current', 'true');
    else l.removeAttribute('aria-current');
  }
}

if (targets.length) {
  window.addEventListener(
    'scroll',
    () => {
      if (!queued) {
        queued = true;
        requestAnimationFrame(update);
      }
    },
    { passive: true },
  );
  window.addEventListener('resize', update, { passive: true });
  update();
}
