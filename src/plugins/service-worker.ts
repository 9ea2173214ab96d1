/**
 * Offline reading, the build's half: once the pages are built, writes `sw.js` (the service worker of
 * src/offline/sw.ts, its types stripped) with the list of files it saves on the first visit and a
 * version that is a hash of those files, so a new build that changed anything installs a new cache
 * and a build that changed nothing keeps its version (the reproducible build stays byte-identical).
 *
 * Saved on the first visit (`precacheList`): every page, and what pages need to render and hydrate:
 * the stylesheets, their woff2 fonts and images, the islands' scripts and what they import (also
 * lazily, e.g. Observable Plot), images of the pages, Pagefind's UI and the shipped checkpoints'
 * `.json` files, and the workers that do not need TF.js (`new Worker(new URL(…))`: the closed-form
 * engines and the Theorem 2 check's charts start at hydration). Not saved ahead: TF.js and what needs
 * it (a lazy import or a worker whose chunks reach tfjs-core's engine, `_tfengine`), the TF.js
 * engine workers and the wasm binaries, which a page loads only when the reader presses a compute
 * control (the worker saves them when they are first used), and
 * the checkpoint weights (`.bin`: the CIFAR engine keeps them in its own sha256-checked cache,
 * src/lib/engine/cifar/weights-cache.ts, once the reader chose to download them). On today's build
 * that is ≈ 15 MB (13 MB of it the chapters' KaTeX HTML, which compresses well on the wire).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The service worker's source (TypeScript, one self-contained script). */
const SW_SOURCE = fileURLToPath(new URL('../offline/sw.ts', import.meta.url));

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else out.push(p);
  }
  return out;
}

/** The URL path (under the base) a built file is requested by: `chapters/x/index.html` → `chapters/x/`. */
export function urlOf(path: string): string {
  return path.replace(/(^|\/)index\.html$/, '$1');
}

/** Files a page refers to for rendering: scripts, islands, stylesheets and icons, images. */
const HTML_REFS = [
  /<(?:script|img)\b[^>]*?\ssrc="([^"]+)"/g,
  /<link\b(?=[^>]*\srel="(?:stylesheet|modulepreload|preload|icon|manifest)")[^>]*?\shref="([^"]+)"/g,
  /\s(?:component-url|renderer-url|before-hydration-url)="([^"]+)"/g,
];
/** Static imports of a module (`import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`). */
const STATIC_IMPORTS = /(?:\bfrom|\bimport)\s*["']([^"']+\.m?js)["']/g;
/** Lazy imports (`import("./x.js")`, the bundler writes `` import(`./x.js`) ``). */
const DYNAMIC_IMPORTS = /\bimport\(\s*[`"']([^`"']+\.m?js)[`"']\s*\)/g;
/** Worker scripts (`new Worker(new URL("/_astro/x.js", import.meta.url))`, as the bundler writes them). */
const WORKER_URLS = /\bnew URL\(\s*[`"']([^`"']+\.m?js)[`"']\s*,/g;
/** tfjs-core's engine (it keeps itself on the global object under this name). */
const TF_ENGINE = '_tfengine';
/** `url(…)` in a stylesheet; fonts other than woff2 are fallbacks a service-worker browser never asks for. */
const CSS_URLS = /url\(\s*["']?([^"')]+?)["']?\s*\)/g;
const CSS_ASSET = /\.(woff2|svg|png|jpe?g|webp|gif|avif)$/;

/**
 * The files (paths relative to dist, `/`-separated) saved on the first visit. `base` is the build's
 * base path (`/` or `/cfm/`): references in pages are absolute under it.
 */
export async function precacheList(dist: string, base = '/'): Promise<string[]> {
  const all = (await files(dist)).map((f) => relative(dist, f).split(sep).join('/'));
  const exists = new Set(all);
  const keep = new Set<string>();
  const queue: string[] = [];
  /** A reference `ref` from the file `from` → a dist path, or null (another site, a data URL, outside). */
  const resolveRef = (ref: string, from: string): string | null => {
    const clean = ref.replace(/&amp;/g, '&').split(/[?#]/)[0];
    if (!clean || /^[a-z][a-z0-9+.-]*:/i.test(clean) || clean.startsWith('//')) return null;
    if (clean.startsWith('/')) return clean.startsWith(base) ? clean.slice(base.length) : null;
    const joined = posix.normalize(posix.join(posix.dirname(from), clean));
    return joined.startsWith('..') ? null : joined;
  };
  const add = (path: string | null) => {
    if (path === null || keep.has(path) || path.endsWith('.bin')) return;
    // Pagefind writes its files after `astro build`: its UI is kept even though it is not there yet.
    if (!exists.has(path) && !path.startsWith('pagefind/')) return;
    keep.add(path);
    queue.push(path);
  };
  for (const path of all) {
    if (path.endsWith('.html')) add(path);
    if (path.startsWith('checkpoints/') && path.endsWith('.json')) add(path);
  }
  const text = new Map<string, string>();
  const read = async (path: string) => {
    if (!text.has(path)) text.set(path, await readFile(join(dist, path), 'utf8'));
    return text.get(path)!;
  };
  const staticDeps = async (path: string) => [...(await read(path)).matchAll(STATIC_IMPORTS)].map((m) => resolveRef(m[1], path));
  /** Whether a module needs TF.js: it or a module it imports statically holds tfjs-core's engine. */
  const needsTf = async (path: string, seen = new Set<string>()): Promise<boolean> => {
    if (seen.has(path) || !exists.has(path)) return false;
    seen.add(path);
    if ((await read(path)).includes(TF_ENGINE)) return true;
    for (const dep of await staticDeps(path)) if (dep !== null && (await needsTf(dep, seen))) return true;
    return false;
  };
  while (queue.length) {
    const path = queue.shift()!;
    if (!exists.has(path)) continue;
    if (path.endsWith('.html')) {
      const html = await readFile(join(dist, path), 'utf8');
      for (const re of HTML_REFS) for (const m of html.matchAll(re)) add(resolveRef(m[1], path));
      // Inline module scripts import shared chunks.
      for (const m of html.matchAll(STATIC_IMPORTS)) add(resolveRef(m[1], path));
    } else if (/\.m?js$/.test(path)) {
      for (const dep of await staticDeps(path)) add(dep);
      for (const re of [DYNAMIC_IMPORTS, WORKER_URLS])
        for (const m of (await read(path)).matchAll(re)) {
          const dep = resolveRef(m[1], path);
          if (dep !== null && !(await needsTf(dep))) add(dep);
        }
    } else if (path.endsWith('.css')) {
      for (const m of (await readFile(join(dist, path), 'utf8')).matchAll(CSS_URLS))
        if (CSS_ASSET.test(m[1].split(/[?#]/)[0])) add(resolveRef(m[1], path));
    }
  }
  return [...keep].sort();
}

/** The service worker's script: its source without types, after the version and the precache list. */
export async function serviceWorkerScript(version: string, urls: readonly string[]): Promise<string> {
  // Node's own type stripping (Node ≥ 22.13): the worker's source is plain TypeScript, no bundling.
  const { stripTypeScriptTypes } = await import('node:module');
  if (typeof stripTypeScriptTypes !== 'function')
    throw new Error(`offline reading: Node ${process.version} cannot strip TypeScript types (needs ≥ 22.13)`);
  const source = stripTypeScriptTypes(await readFile(SW_SOURCE, 'utf8'))
    // The source is a module for the type checker only; the worker is a classic script.
    .replace(/^export \{\};?\s*$/m, '');
  return [
    `// Offline reading: written by the build (src/plugins/service-worker.ts) from src/offline/sw.ts.`,
    `const VERSION = ${JSON.stringify(version)};`,
    `const PRECACHE = ${JSON.stringify(urls)};`,
    source,
  ].join('\n');
}

/** Writes `<dist>/sw.js`; returns its version and the URLs (relative to the base) it precaches. */
export async function writeServiceWorker(dist: string, base = '/'): Promise<{ version: string; urls: string[] }> {
  const paths = await precacheList(dist, base);
  const hash = createHash('sha256').update(await readFile(SW_SOURCE));
  for (const path of paths) {
    hash.update(`\0${path}\0`);
    if (existsSync(join(dist, path))) hash.update(await readFile(join(dist, path)));
  }
  const version = hash.digest('hex').slice(0, 16);
  const urls = paths.map(urlOf);
  await writeFile(join(dist, 'sw.js'), await serviceWorkerScript(version, urls));
  return { version, urls };
}

/** The Astro integration: writes sw.js once the pages are built (src/offline/register.ts registers it). */
export function offlineReading() {
  let base = '/';
  return {
    name: 'cfm-offline-reading',
    hooks: {
      'astro:config:done': ({ config }: { config: { base: string } }) => {
        base = `/${config.base.replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
      },
      'astro:build:done': async ({ dir }: { dir: URL }) => {
        await writeServiceWorker(fileURLToPath(dir), base);
      },
    },
  };
}
