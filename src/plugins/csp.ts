/**
 * The Content Security Policy of every page, in one place.
 *
 * Astro 7's built-in CSP (`security.csp` in astro.config.mjs) writes a `<meta http-equiv=
 * "content-security-policy">` into every page's head with `script-src` hashes of the scripts it
 * bundles and of its island loaders. Our own inline scripts (the theme before first paint, the
 * search page's start-up, the playground's embed mode) live here as text, are rendered with `set:html` and allowed by hash, so
 * a script that is not ours never runs, even if markup got into a page:
 *
 * - scripts: from the site itself, the hashed inline ones, and `'wasm-unsafe-eval'` (TF.js's wasm
 *   backend and Pagefind compile WebAssembly); no `'unsafe-eval'`, no `'unsafe-inline'`, so no
 *   inline event handler (`onerror=`) runs;
 * - workers, fetches (checkpoints, the search index), fonts and images: the site itself (images
 *   also `data:`/`blob:`: the favicon is a data URL, canvases are exported as blobs; fonts also
 *   `data:`: the bundler inlines KaTeX's smallest fonts into the stylesheet, found by the e2e test);
 * - styles: the site's stylesheets plus inline style attributes and elements (KaTeX sizes every
 *   glyph with `style=`, Observable Plot writes a `<style>` into each figure);
 * - no plugins, no `<base>` rewriting, forms post only to the site.
 *
 * A `<meta>` policy cannot say `frame-ancestors`, and a worker takes its policy from the HTTP header
 * of its own script, not from the page; so the build also writes `_headers` (Netlify, Cloudflare
 * Pages) with the same policy as an HTTP header for every path, its script hashes the union of
 * every page's (see `writeHeaders`), plus the cross-origin isolation headers (COOP/COEP).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Theme before first paint: the stored choice, else the system setting. No flash. */
export const THEME_SCRIPT = `(function () {
  var d = document.documentElement,
    s = null;
  try {
    s = localStorage.getItem('cfm-theme');
  } catch (e) {}
  var dark = s === 'dark' || (s !== 'light' && window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  d.setAttribute('data-theme', dark ? 'dark' : 'light');
})();`;

/** The search page: Pagefind's UI on #search, pre-filled from `?q=` (passed as a query, never as markup). */
export const SEARCH_SCRIPT = `(function () {
  var q = new URLSearchParams(location.search).get('q') || '';
  if (typeof PagefindUI === 'undefined') {
    // \`astro dev\` serves no index: Pagefind runs after \`astro build\`.
    document.getElementById('search').textContent =
      'The search index is built with the site (npm run build); it is not available in the dev server.';
    return;
  }
  // Pagefind through public/pagefind-strict/pagefind.js, which bounds its query backtracking; the
  // folder sits beside pagefind/ under any base path, found from this page's Pagefind UI script.
  var ui_src = document.querySelector('script[src$="pagefind/pagefind-ui.js"]');
  var ui = new PagefindUI({
    element: '#search',
    bundlePath: ui_src ? ui_src.src.replace(/pagefind\\/pagefind-ui\\.js$/, 'pagefind-strict/') : undefined,
    showSubResults: true,
    showImages: false,
    resetStyles: false,
    translations: { placeholder: 'Search the book' },
  });
  if (q) ui.triggerSearch(q);
})();`;

/**
 * The playground page's embed mode (`?embed=1`: only the widget, for an iframe in a course page), set
 * before the widget paints (src/pages/widgets/playground.astro).
 */
export const EMBED_SCRIPT = `if (new URLSearchParams(location.search).get('embed') === '1') document.documentElement.setAttribute('data-embed', '');`;

/** `sha256-…` of an inline script's text, as CSP writes it. */
export function scriptHash(text: string): `sha256-${string}` {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

/** The directives besides script-src and style-src (which Astro writes, with its hashes). */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;

export const SCRIPT_SOURCES = ["'self'", "'wasm-unsafe-eval'"] as const;
export const STYLE_SOURCES = ["'self'", "'unsafe-inline'"] as const;
/** Our inline scripts, allowed by hash on every page. */
export const SCRIPT_HASHES = [scriptHash(THEME_SCRIPT), scriptHash(SEARCH_SCRIPT), scriptHash(EMBED_SCRIPT)];

/** The `security.csp` option of astro.config.mjs. */
export const astroCsp = {
  algorithm: 'SHA-256' as const,
  directives: [...CSP_DIRECTIVES],
  scriptDirective: { resources: [...SCRIPT_SOURCES], hashes: SCRIPT_HASHES },
  styleDirective: { resources: [...STYLE_SOURCES] },
};

/** Directives only an HTTP header can carry. */
export const HEADER_ONLY_DIRECTIVES = ["frame-ancestors 'self'"] as const;

/**
 * Sources only the header adds. A page enforces its `<meta>` policy too, so on pages these change
 * nothing; a worker has only the header's policy. TF.js's threaded wasm (the CIFAR sampler's worker,
 * when the page is cross-origin isolated) starts emscripten's threads as `blob:` workers that load
 * their script from a `blob:` URL, so a worker may do exactly that.
 */
export const HEADER_ONLY_SOURCES: Readonly<Record<string, readonly string[]>> = { 'script-src': ['blob:'], 'worker-src': ['blob:'] };

/**
 * Cross-origin isolation (SharedArrayBuffer, hence wasm threads): the site loads nothing from other
 * origins, so requiring CORP of subresources costs nothing. Where a host ignores `_headers`, the page
 * is simply not isolated and the wasm backend runs on one thread.
 */
export const ISOLATION_HEADERS = ['Cross-Origin-Opener-Policy: same-origin', 'Cross-Origin-Embedder-Policy: require-corp'] as const;

const CSP_META = /<meta http-equiv="content-security-policy" content="([^"]*)"/i;

/** The policy of a built page's `<meta>`, or null. */
export function metaPolicy(html: string): string | null {
  return CSP_META.exec(html)?.[1] ?? null;
}

/** Directive name → its sources. */
export function parsePolicy(policy: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name.toLowerCase(), sources);
  }
  return out;
}

/** Every .html file under `dir`, sorted (the build's pages; shared by the build hooks). */
export async function htmlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await htmlFiles(p)));
    else if (e.name.endsWith('.html')) out.push(p);
  }
  return out.sort();
}

/**
 * The header policy: every page's meta policy merged (sources of a directive united, so the script
 * hashes of all pages), plus the header-only directives. Both the header and a page's meta are
 * enforced, so a page still runs only its own hashed scripts (the intersection).
 */
export function mergedPolicy(policies: readonly string[]): string {
  const merged = new Map<string, Set<string>>();
  for (const p of policies)
    for (const [name, sources] of parsePolicy(p)) {
      const set = merged.get(name) ?? new Set<string>();
      for (const s of sources) set.add(s);
      merged.set(name, set);
    }
  for (const [name, sources] of Object.entries(HEADER_ONLY_SOURCES)) {
    const set = merged.get(name);
    if (set) for (const src of sources) set.add(src);
  }
  const parts = [...merged].map(([name, sources]) => [name, ...sources].join(' '));
  return [...parts, ...HEADER_ONLY_DIRECTIVES].join('; ');
}

/** Writes `<dist>/_headers` with the merged policy for every path; returns it. */
export async function writeHeaders(dist: string): Promise<string> {
  const policies: string[] = [];
  for (const f of await htmlFiles(dist)) {
    const p = metaPolicy(await readFile(f, 'utf8'));
    if (p) policies.push(p);
  }
  const policy = mergedPolicy(policies);
  const text = [
    '# Written by the build (src/plugins/csp.ts): the pages’ Content Security Policy as an HTTP header.',
    '/*',
    `  Content-Security-Policy: ${policy}`,
    ...ISOLATION_HEADERS.map((h) => `  ${h}`),
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: strict-origin-when-cross-origin',
    '',
  ].join('\n');
  await writeFile(join(dist, '_headers'), text);
  return policy;
}

/** An Astro integration that writes `_headers` once the pages are built. */
export function cspHeaders() {
  return {
    name: 'cfm-csp-headers',
    hooks: {
      'astro:build:done': async ({ dir }: { dir: URL }) => {
        await writeHeaders(fileURLToPath(dir));
      },
    },
  };
}
