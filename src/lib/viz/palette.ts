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

/**
 * Whether the palette is the dark theme's: its background's luminance (sRGB weights on the hex
 * bytes) is under 0.4; a colour not in hex counts as light. A mark drawn as a light tint of a hue
 * (a histogram's bars, a shaded region, a faint point cloud) shows on white at an alpha that sinks
 * it into the dark background (1.2 to 2:1 there), so such marks take a higher alpha, or an outline,
 * when this is true; the light theme keeps its look.
 */
export function isDark(pal: Pick<Palette, 'bg'>): boolean {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(pal.bg.trim());
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.4;
}

/**
 * Opacity of the 1 px outline that faint marks get in the dark theme (a histogram's caps, ellipses,
 * discs): 4.6:1 on the dark background for the target colour, where their light-theme fills are
 * 1.2–1.7:1, while the fills stay faint enough not to hide what is drawn over them.
 */
export const DARK_OUTLINE_ALPHA = 0.7;
