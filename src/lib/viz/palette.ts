/**
 * The book's colours for canvas drawing, read from CSS custom properties at draw time so a theme
 * toggle repaints correctly. Okabe–Ito hues (readable with the common colour-vision deficiencies).
 */
export interface Palette {
  fg: string;
  bg: string;
  muted: string;
  grid: string;
  accent: string;
  source: string;
  target: string;
  model: string;
  path: string;
  field: string;
}

const FALLBACK: Palette = {
  fg: '#1b1b1f',
  bg: '#ffffff',
  muted: '#5f6368',
  grid: '#e3e3e8',
  accent: '#0072b2',
  source: '#0072b2',
  target: '#e69f00',
  model: '#009e73',
  path: '#cc79a7',
  field: '#55555f',
};

export function readPalette(el: Element | null = typeof document !== 'undefined' ? document.documentElement : null): Palette {
  if (!el || typeof getComputedStyle === 'undefined') return FALLBACK;
  const cs = getComputedStyle(el);
  const v = (name: string, fb: string) => cs.getPropertyValue(name).trim() || fb;
  return {
    fg: v('--fg', FALLBACK.fg),
    bg: v('--bg', FALLBACK.bg),
    muted: v('--muted', FALLBACK.muted),
    grid: v('--grid', FALLBACK.grid),
    accent: v('--accent', FALLBACK.accent),
    source: v('--c-source', FALLBACK.source),
    target: v('--c-target', FALLBACK.target),
    model: v('--c-model', FALLBACK.model),
    path: v('--c-path', FALLBACK.path),
    field: v('--c-field', FALLBACK.field),
  };
}
