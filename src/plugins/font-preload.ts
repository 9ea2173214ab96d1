/**
 * Preload the KaTeX fonts a page's first screen uses. KaTeX's fonts are `font-display: block`: until
 * one arrives, its glyphs are laid out (invisibly) with a fallback font's widths, and when it arrives
 * the line breaks of the paragraph around them change. Gaussian-paths, whose opening paragraph uses
 * six KaTeX faces (𝒩 is Caligraphic), reflowed its summary about 0.7 s after loading: a layout shift
 * of 0.16 at 1280 px. With those faces preloaded from the head they arrive with the stylesheets and
 * the first layout is the final one (test/e2e/reader-layout.test.ts measures it).
 *
 * At the end of the build every page of dist/ gets one `<link rel="preload" as="font">` per face
 * used by the math of its first screen: on a chapter, everything up to its first section heading
 * (the header, the summary, and the table of contents, whose headings carry math too); elsewhere the
 * first FIRST_SCREEN_CHARS characters of the body. Runs before the service worker's hook, which
 * hashes the pages it caches.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { htmlFiles } from './csp.ts';
import { normalizeBase } from './base-path.ts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Characters of the body taken as the first screen on a page without a chapter article. */
export const FIRST_SCREEN_CHARS = 20_000;

/**
 * KaTeX's classes and the font face each selects (katex/dist/katex.css), as a test on the class list
 * of one element. Every `.katex` uses KaTeX_Main-Regular; `.mathnormal` (letters) KaTeX_Math-Italic.
 * `size1`…`size4` alone are font *sizes* (superscripts carry `sizing reset-size6 size3`); they select
 * a face only on a `delimsizing` element.
 */
const FACES: [(c: Set<string>) => boolean, string][] = [
  [(c) => c.has('katex'), 'KaTeX_Main-Regular'],
  [(c) => c.has('mathnormal'), 'KaTeX_Math-Italic'],
  [(c) => c.has('mathit') || c.has('textit'), 'KaTeX_Main-Italic'],
  [(c) => c.has('mathbf') || c.has('textbf'), 'KaTeX_Main-Bold'],
  [(c) => c.has('boldsymbol'), 'KaTeX_Math-BoldItalic'],
  [(c) => c.has('amsrm') || c.has('mathbb') || c.has('textbb'), 'KaTeX_AMS-Regular'],
  [(c) => c.has('mathcal'), 'KaTeX_Caligraphic-Regular'],
  [(c) => c.has('mathfrak') || c.has('textfrak'), 'KaTeX_Fraktur-Regular'],
  [(c) => c.has('mathscr') || c.has('textscr'), 'KaTeX_Script-Regular'],
  [(c) => c.has('mathsf') || c.has('textsf'), 'KaTeX_SansSerif-Regular'],
  [(c) => c.has('mathtt') || c.has('texttt'), 'KaTeX_Typewriter-Regular'],
  [(c) => (c.has('delimsizing') && c.has('size1')) || c.has('small-op') || c.has('delim-size1'), 'KaTeX_Size1-Regular'],
  [(c) => (c.has('delimsizing') && c.has('size2')) || c.has('large-op'), 'KaTeX_Size2-Regular'],
  [(c) => c.has('delimsizing') && c.has('size3'), 'KaTeX_Size3-Regular'],
  [(c) => (c.has('delimsizing') && c.has('size4')) || c.has('delim-size4'), 'KaTeX_Size4-Regular'],
];

/** The part of a page's HTML a reader sees first (see the header comment). */
export function firstScreen(html: string): string {
  const body = html.indexOf('<body');
  const from = body < 0 ? 0 : body;
  const article = html.indexOf('<article', from);
  if (article >= 0) {
    const h2 = html.indexOf('<h2', article);
    if (h2 >= 0) return html.slice(from, h2);
  }
  return html.slice(from, from + FIRST_SCREEN_CHARS);
}

/** KaTeX faces (file stems such as 'KaTeX_Main-Regular') used by the math in `html`, in FACES order. */
export function facesUsed(html: string): string[] {
  const lists = [...html.matchAll(/class="([^"]*)"/g)].map((m) => new Set(m[1].split(/\s+/)));
  return FACES.filter(([uses]) => lists.some(uses)).map(([, face]) => face);
}

/** `html` with one preload link per face, placed right after `<meta charset…>` (or `<head>`). */
export function withPreloads(html: string, hrefs: string[]): string {
  if (hrefs.length === 0 || html.includes('data-katex-preload')) return html;
  const links = hrefs.map((h) => `<link rel="preload" href="${h}" as="font" type="font/woff2" crossorigin data-katex-preload>`).join('');
  const charset = /<meta charset="[^"]*">/i.exec(html);
  const at = charset ? charset.index + charset[0].length : html.indexOf('<head>') + '<head>'.length;
  return at > 0 ? html.slice(0, at) + links + html.slice(at) : html;
}

/** The Astro integration (astro.config.mjs): list it before the service worker's. */
export function katexFontPreload() {
  let base = '/';
  return {
    name: 'cfm-katex-font-preload',
    hooks: {
      'astro:config:done': ({ config }: { config: { base: string } }) => {
        base = normalizeBase(config.base);
      },
      'astro:build:done': async ({ dir }: { dir: URL }) => {
        const dist = fileURLToPath(dir);
        const assets = await readdir(join(dist, '_astro'));
        const hrefOf = (face: string) => {
          const file = assets.find((f) => f.startsWith(`${face}.`) && f.endsWith('.woff2'));
          return file ? `${base}_astro/${file}` : null;
        };
        for (const file of await htmlFiles(dist)) {
          const html = await readFile(file, 'utf8');
          const hrefs = facesUsed(firstScreen(html))
            .map(hrefOf)
            .filter((h): h is string => h !== null);
          const next = withPreloads(html, hrefs);
          if (next !== html) await writeFile(file, next);
        }
      },
    },
  };
}
