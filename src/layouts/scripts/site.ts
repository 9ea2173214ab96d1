/**
 * Site-wide behaviour, no framework: theme toggle (remembered in localStorage; follows the system
 * until the reader chooses), "#" anchors that copy their URL, copy buttons, keyboard access to
 * horizontally scrolling displays, print opens proofs.
 */
const root = document.documentElement;
const KEY = 'cfm-theme';

function stored(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

function applyTheme(theme: 'dark' | 'light') {
  root.setAttribute('data-theme', theme);
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
    b.setAttribute('aria-label', theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme');
  }
}

applyTheme(root.getAttribute('data-theme') === 'dark' ? 'dark' : 'light');

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-theme-toggle]')) {
  button.addEventListener('click', () => {
    const next = root.getAttribute('data-theme') === 'dark' ? 'light' : 'dark';
    try {
      localStorage.setItem(KEY, next);
    } catch {
      /* private mode: not remembered */
    }
    applyTheme(next);
  });
}

const media = window.matchMedia('(prefers-color-scheme: dark)');
media.addEventListener('change', (e) => {
  if (!stored()) applyTheme(e.matches ? 'dark' : 'light');
});

async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

document.addEventListener('click', (event) => {
  const target = event.target as Element | null;
  const anchor = target?.closest?.('a.anchor') as HTMLAnchorElement | null;
  if (anchor) {
    const url = new URL(anchor.getAttribute('href') ?? '', location.href).href;
    void copyText(url).then((ok) => {
      if (!ok) return;
      anchor.classList.add('copied');
      setTimeout(() => anchor.classList.remove('copied'), 1500);
    });
    return; // the link still navigates to its hash
  }
  const copy = target?.closest?.('[data-copy-target]') as HTMLElement | null;
  if (copy) {
    const source = document.getElementById(copy.dataset.copyTarget ?? '');
    const status = copy.dataset.copyStatus ? document.getElementById(copy.dataset.copyStatus) : null;
    if (!source) return;
    void copyText(source.textContent ?? '').then((ok) => {
      if (status) status.textContent = ok ? 'Copied to the clipboard.' : 'Could not copy: select the text and copy it.';
    });
  }
});

/**
 * Wide displays, code listings and tables scroll horizontally.
 * - A scrolling region must be reachable by keyboard (WCAG 2.1.1): the ones that overflow get
 *   tabindex="0".
 * - A display equation that scrolls must say so: it is wrapped once in `.display-scroll`, which draws
 *   a fade and an arrow on the side with more formula (`data-more="right|left|both"`). A numbered
 *   display keeps its tag pinned at the right edge (CSS: sticky), and the fade sits just left of it.
 *   The cue goes when the display fits.
 * - On a wide screen (a margin column beside the text) a display or listing of the text that
 *   overflows the column first takes the margin too (`data-wide`, chapter-layout.css), and scrolls
 *   with its cue only if it is wider still. Not inside a box (a theorem, a figure, a widget, a
 *   table), whose edge it would cross. It clears a margin note floated beside it (CSS).
 *
 * Every measurement is read in one pass and every change written in the next: reading a width after a
 * write forces a layout of the whole page, and a long chapter at 360 px, with dozens of wide displays,
 * spent 0.7 s in one task when reads and writes alternated per element (scripts/layout-shift.ts).
 *
 * A chapter's sections far from view are not laid out (`.chapter-section`, content-visibility), and
 * reading a width inside one would force its layout: a section's displays are measured when it comes
 * near the viewport, and again on each later change (resize, fonts) while it is near.
 *
 * Widgets change their tables after load (a cell filled by a computation, a table added once training
 * ends), at any time: a scroller once measured is watched for changes of its own size and its
 * children's (ResizeObserver, whose callback runs after layout, so its reads are cheap), and scrollers
 * added to the page later are measured when they arrive (MutationObserver). A table that began to
 * overflow 5 s after load on a busy machine was a scrolling region without keyboard access.
 */
const SCROLLER_CLASS = 'katex-display';
const SCROLLER_TAGS = ['pre', 'table'] as const;
const SCROLLERS = [`.${SCROLLER_CLASS}`, ...SCROLLER_TAGS].join(', ');
const SECTION = '.chapter-section';
const near = new Set<Element>();
/**
 * The scrollers in `scope`, by class and tag name: the browser keeps those lists, where a query for
 * the selector list walks the whole tree (3–4 ms on a 54 000-element chapter, on every relayout).
 */
const scrollersIn = (scope: Document | Element): HTMLElement[] =>
  [...scope.getElementsByClassName(SCROLLER_CLASS), ...SCROLLER_TAGS.flatMap((tag) => [...scope.getElementsByTagName(tag)])].filter(
    (el): el is HTMLElement => el instanceof HTMLElement,
  );
/** The scrollers of the page that are laid out now: outside the sections, or in one near view. */
const scrollersNow = () => [...scrollersIn(document).filter((el) => !el.closest(SECTION)), ...[...near].flatMap(scrollersIn)];
const relayout = () => {
  layoutScrollers(scrollersNow());
};
/** Laid out now: outside every section, or in one near view (reading its width costs nothing extra). */
const laidOut = (el: Element) => {
  const section = el.closest(SECTION);
  return section === null || near.has(section);
};
const watched = new WeakSet<Element>();
const sizeWatch =
  'ResizeObserver' in window
    ? new ResizeObserver((entries) => {
        const owners = new Set<HTMLElement>();
        for (const e of entries) {
          const owner = e.target.matches(SCROLLERS) ? e.target : e.target.parentElement?.closest<HTMLElement>(SCROLLERS);
          if (owner instanceof HTMLElement && laidOut(owner)) owners.add(owner);
        }
        if (owners.size) layoutScrollers([...owners]);
      })
    : null;
/** Watch a measured table or listing: its box, and its children's (a table's rows, a listing's code).
 *  Displays are not watched: a formula does not change once typeset, and resizes and fonts are above. */
function watch(el: HTMLElement) {
  if (!sizeWatch || watched.has(el) || el.classList.contains('katex-display')) return;
  watched.add(el);
  sizeWatch.observe(el);
  for (const child of el.children) sizeWatch.observe(child);
}
/** Screens with a margin column beside the text (chapter-layout.css). */
const marginColumn = window.matchMedia('(min-width: 1100px)');
const mayWiden = (el: HTMLElement) =>
  marginColumn.matches &&
  !('wide' in el.dataset) &&
  !el.parentElement?.classList.contains('display-scroll') &&
  el.closest('.chapter-body') !== null &&
  el.closest('.env, figure, [data-widget], table, details:not(.proof)') === null;
function layoutScrollers(els: HTMLElement[]) {
  els.forEach(watch);
  const scrolls = els.map((el) => el.scrollWidth > el.clientWidth + 1); // read
  const cued: [HTMLElement, HTMLElement][] = [];
  /** Given the margin in this pass: measured again after it (one more layout, for a few elements). */
  const widened: HTMLElement[] = [];
  els.forEach((el, i) => {
    // write
    if (scrolls[i] && !el.hasAttribute('tabindex')) {
      el.setAttribute('tabindex', '0');
      el.dataset.scrollFocus = '';
    } else if (!scrolls[i] && 'scrollFocus' in el.dataset) {
      el.removeAttribute('tabindex');
      delete el.dataset.scrollFocus;
    }
    if (scrolls[i] && mayWiden(el)) {
      el.dataset.wide = '';
      widened.push(el);
      return;
    }
    if (!el.classList.contains('katex-display')) return;
    let wrap = el.parentElement?.classList.contains('display-scroll') ? el.parentElement : null;
    if (!scrolls[i] && !wrap) return;
    if (!wrap) {
      wrap = document.createElement('span');
      wrap.className = 'display-scroll';
      // A widened display still too wide: the wrapper takes the margin, and its cue sits at its edge.
      if ('wide' in el.dataset) {
        wrap.dataset.wide = '';
        delete el.dataset.wide;
      }
      el.replaceWith(wrap);
      wrap.append(el);
      const cue = document.createElement('span');
      cue.className = 'scroll-cue';
      cue.setAttribute('aria-hidden', 'true');
      wrap.append(cue);
      const w = wrap;
      el.addEventListener('scroll', () => updateCues([[el, w]]), { passive: true });
    }
    cued.push([el, wrap]);
  });
  updateCues(cued);
  if (widened.length) layoutScrollers(widened);
}

interface CueMeasure {
  max: number;
  left: number;
  tag: number;
}
const measureCue = (el: HTMLElement): CueMeasure => ({
  max: el.scrollWidth - el.clientWidth,
  left: el.scrollLeft,
  tag: el.querySelector<HTMLElement>('.tag')?.offsetWidth ?? 0,
});

/** Set each wrapped display's cue from its scroll state: all reads, then all writes. */
function updateCues(pairs: [HTMLElement, HTMLElement][]) {
  let m = pairs.map(([el]) => measureCue(el));
  // A cued display pins its tag more tightly (math.css), so one that overflows by a few pixels fits
  // once cued; measured again without the cue it overflows, and each call would flip the state. Such
  // a display keeps the tight layout without an arrow (data-more="none").
  const recheck = pairs.map(([, wrap], i) => m[i].max <= 1 && wrap.dataset.more !== undefined);
  if (recheck.some(Boolean)) {
    pairs.forEach(([, wrap], i) => recheck[i] && delete wrap.dataset.more);
    m = pairs.map(([el], i) => (recheck[i] ? measureCue(el) : m[i]));
  }
  pairs.forEach(([, wrap], i) => {
    const { max, left, tag } = m[i];
    if (max <= 1) {
      delete wrap.dataset.more;
      return;
    }
    if (recheck[i]) {
      wrap.dataset.more = 'none';
      return;
    }
    const right = left < max - 1,
      leftMore = left > 1;
    wrap.dataset.more = right && leftMore ? 'both' : right ? 'right' : 'left';
    wrap.style.setProperty('--tag-width', `${tag}px`);
  });
}

const sections = [...document.querySelectorAll(SECTION)];
// A skipped section is a placeholder of a guessed height. Scroll anchoring must not anchor on it: a
// jump that leaves the bottom of one at the top of the screen anchored there, and when it was laid out
// and grew (by 4 500 px in gaussian-paths) everything under it, the text jumped to, went down with it.
// Marked while skipped (`contentvisibilityautostatechange`), it is passed over (chapter-layout.css).
const markSkipped = (s: Element, skipped: boolean) => s.toggleAttribute('data-skipped', skipped);
for (const s of sections) {
  s.addEventListener('contentvisibilityautostatechange', (event) => {
    markSkipped(s, (event as Event & { skipped?: boolean }).skipped === true);
  });
  // The sections parsed before this script ran were judged already: read their state once, on a
  // child with a box of its own (a continued part may open with an island, which has none).
  const first = [...s.children].find((c) => c.tagName !== 'ASTRO-ISLAND' && !c.classList.contains('sidenote'));
  if (first && 'checkVisibility' in first) markSkipped(s, !first.checkVisibility({ contentVisibilityAuto: true }));
}
if (sections.length && 'IntersectionObserver' in window) {
  // A quarter of a screen ahead, so a cue is in place before its display scrolls into view.
  const observer = new IntersectionObserver(
    (entries) => {
      const arriving: Element[] = [];
      for (const e of entries) {
        if (e.isIntersecting) {
          if (!near.has(e.target)) arriving.push(e.target);
          near.add(e.target);
        } else near.delete(e.target);
      }
      if (arriving.length) layoutScrollers(arriving.flatMap(scrollersIn));
    },
    { rootMargin: '25% 0px' },
  );
  for (const s of sections) observer.observe(s);
} else {
  for (const s of sections) near.add(s);
}

// Scrollers added after load (a widget's table, a listing): measured on arrival when laid out, else
// when their section comes near (scrollersIn queries it afresh).
new MutationObserver((records) => {
  const added = new Set<HTMLElement>();
  for (const r of records)
    for (const node of r.addedNodes) {
      if (!(node instanceof HTMLElement)) continue;
      if (node.matches(SCROLLERS)) added.add(node);
      for (const el of scrollersIn(node)) added.add(el);
    }
  // A display moved into its cue wrapper arrives again: measured already.
  const now = [...added].filter((el) => laidOut(el) && !el.parentElement?.classList.contains('display-scroll'));
  if (now.length) layoutScrollers(now);
}).observe(document.body, { childList: true, subtree: true });

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(relayout, 150);
});
relayout();
// A proof or solution opened: its displays are laid out only now (toggle does not bubble: capture).
document.addEventListener(
  'toggle',
  (event) => {
    if (event.target instanceof HTMLElement) layoutScrollers(scrollersIn(event.target));
  },
  true,
);
void document.fonts?.ready.then(relayout);
// KaTeX's large-operator fonts load when a display first shows (an opened proof): widths change then.
document.fonts?.addEventListener('loadingdone', relayout);
// And once more after the page settles (late fonts, images and islands above changing the column).
for (const ms of [600, 2000, 5000]) setTimeout(relayout, ms);

window.addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll<HTMLDetailsElement>('details')) d.open = true;
});
