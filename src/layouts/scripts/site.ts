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
 * Wide displays and code listings scroll horizontally; a scrolling region must be reachable by
 * keyboard (WCAG 2.1.1), so the ones that actually overflow get tabindex="0".
 */
function markScrollable() {
  for (const el of document.querySelectorAll<HTMLElement>('.katex-display, pre, table')) {
    const scrolls = el.scrollWidth > el.clientWidth + 1;
    if (scrolls && !el.hasAttribute('tabindex')) {
      el.setAttribute('tabindex', '0');
      el.dataset.scrollFocus = '';
    } else if (!scrolls && 'scrollFocus' in el.dataset) {
      el.removeAttribute('tabindex');
      delete el.dataset.scrollFocus;
    }
  }
}
/**
 * A display equation wider than the column scrolls sideways; it must say so. Each one that
 * overflows is wrapped once in `.display-scroll`, which draws a fade and an arrow on the side with
 * more formula (`data-more="right|left|both"`); a numbered display keeps its tag pinned at the right
 * edge (CSS: sticky), and the fade sits just left of it. The cue goes when the display fits.
 */
function cueDisplays() {
  for (const el of document.querySelectorAll<HTMLElement>('.katex-display')) {
    const scrolls = el.scrollWidth > el.clientWidth + 1;
    let wrap = el.parentElement?.classList.contains('display-scroll') ? el.parentElement : null;
    if (!scrolls && !wrap) continue;
    if (!wrap) {
      wrap = document.createElement('span');
      wrap.className = 'display-scroll';
      el.replaceWith(wrap);
      wrap.append(el);
      const cue = document.createElement('span');
      cue.className = 'scroll-cue';
      cue.setAttribute('aria-hidden', 'true');
      wrap.append(cue);
      el.addEventListener('scroll', () => updateCue(el, wrap!), { passive: true });
    }
    updateCue(el, wrap);
  }
}
function updateCue(el: HTMLElement, wrap: HTMLElement) {
  let max = el.scrollWidth - el.clientWidth;
  if (max <= 1 && wrap.dataset.more) {
    // A cued display pins its tag more tightly (math.css), so one that overflows by a few pixels fits
    // once cued; measured again without the cue it overflows, and each call would flip the state.
    // Such a display keeps the tight layout without an arrow (data-more="none").
    delete wrap.dataset.more;
    max = el.scrollWidth - el.clientWidth;
    if (max > 1) {
      wrap.dataset.more = 'none';
      return;
    }
  }
  if (max <= 1) {
    delete wrap.dataset.more;
    return;
  }
  const right = el.scrollLeft < max - 1,
    left = el.scrollLeft > 1;
  wrap.dataset.more = right && left ? 'both' : right ? 'right' : 'left';
  const tag = el.querySelector<HTMLElement>('.tag');
  wrap.style.setProperty('--tag-width', `${tag ? tag.offsetWidth : 0}px`);
}

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    markScrollable();
    cueDisplays();
  }, 150);
});
markScrollable();
cueDisplays();
// A proof or solution opened: its displays are laid out only now (toggle does not bubble: capture).
document.addEventListener(
  'toggle',
  () => {
    markScrollable();
    cueDisplays();
  },
  true,
);
void document.fonts?.ready.then(() => {
  markScrollable();
  cueDisplays();
});
// KaTeX's large-operator fonts load when a display first shows (an opened proof): widths change then.
document.fonts?.addEventListener('loadingdone', () => {
  markScrollable();
  cueDisplays();
});
// And once more after the page settles (late fonts, images and islands above changing the column).
for (const ms of [600, 2000, 5000])
  setTimeout(() => {
    markScrollable();
    cueDisplays();
  }, ms);

window.addEventListener('beforeprint', () => {
  for (const d of document.querySelectorAll<HTMLDetailsElement>('details')) d.open = true;
});
