/**
 * Offline reading (issue 18), in Chromium: the service worker the build writes (src/offline/sw.ts,
 * src/plugins/service-worker.ts) saves the book on the first visit; then, with the network gone (the
 * server drops every connection and the context is offline), every page and every saved file is
 * served (every built page, and every file each page refers to, found by the browser's own parser),
 * a chapter reloads with its styles, KaTeX fonts and islands, more pages hydrate all their islands,
 * a widget whose engine was never used says it cannot start instead of breaking the page, and one
 * used once online (the CIFAR sampler: engine, wasm, checkpoint, weights) samples offline. While online, pages come from the
 * network (never a stale copy). A new build installs next to the old one, takes over once the old
 * one's tabs are closed, and deletes the old cache, never the CIFAR weights' cache.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DIST, hydrateIslands, launchBrowser, reveal, serveDist, type SiteServer } from './harness.ts';

const SW = readFileSync(join(DIST, 'sw.js'), 'utf8');
const VERSION = /const VERSION = "([0-9a-f]+)";/.exec(SW)?.[1] ?? '';
const PRECACHE = JSON.parse(/const PRECACHE = (\[.*\]);/.exec(SW)?.[1] ?? '[]') as string[];
const PAGES = PRECACHE.filter((p) => p === '' || p.endsWith('/') || p.endsWith('.html'));
const CHAPTER = '/chapters/flow-matching/';
/**
 * Pages navigated to offline, whose islands must all hydrate (besides CHAPTER's training widget), with
 * what must then be drawn: theorem2-check draws with Observable Plot in its charts' worker (saved with
 * the pages, and the worker's lazy Plot chunk with it), not on the page (`pageLoads` must not match).
 */
const HYDRATE_OFFLINE: { path: string; drawn?: string; pageLoads?: RegExp }[] = [
  { path: '/chapters/gaussian-paths/' },
  { path: '/widgets/theorem2-check/', drawn: '[data-widget=theorem2-check] .plots svg', pageLoads: /plot-marks/ },
  { path: '/widgets/solver-lab/' },
];

/** Every page the build wrote, as the URL path it is read at (`chapters/x/index.html` → `chapters/x/`). */
function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? htmlFiles(join(dir, e.name)) : e.name.endsWith('.html') ? [join(dir, e.name)] : [],
  );
}
const BUILT_PAGES = htmlFiles(DIST)
  .map((f) =>
    relative(DIST, f)
      .split(sep)
      .join('/')
      .replace(/(^|\/)index\.html$/, '$1'),
  )
  .sort();

/**
 * Runs in the page, offline: fetches every page in `pages` (relative to the site's root, the page's
 * directory here) and everything it needs to render and hydrate, each URL once. References are read
 * with the browser's DOMParser: `<script src>`, `<img src|srcset>`, `<source>`, `<link rel=stylesheet|
 * modulepreload|preload|icon|manifest>`, the islands' component, renderer and before-hydration URLs,
 * static imports of modules (inline ones too) and `url()`s of stylesheets (woff2 fonts and images: a
 * browser that runs service workers never asks for the woff/ttf fallbacks). Lazy imports are not
 * followed: TF.js and the engines are saved when first used, and hydrating widgets offline is tested
 * by navigation.
 */
async function crawlOffline(pages: string[]): Promise<{ pages: number; assets: number; bad: string[]; ms: number }> {
  const t0 = performance.now();
  const root = new URL('./', location.href);
  const bad: string[] = [];
  const seen = new Set<string>();
  const queue: { url: string; from: string }[] = [];
  const want = (ref: string | null | undefined, base: string, from: string) => {
    if (!ref || /^(data|blob|javascript|mailto):/i.test(ref)) return;
    const u = new URL(ref, base);
    if (u.origin !== location.origin) return;
    u.hash = '';
    if (seen.has(u.href)) return;
    seen.add(u.href);
    queue.push({ url: u.href, from });
  };
  const staticImports = (js: string) => [...js.matchAll(/(?:\bfrom|\bimport)\s*["']([^"']+\.m?js)["']/g)].map((m) => m[1]);
  const get = async (url: string): Promise<Response | string> => {
    const res = await fetch(url).catch((e: unknown) => String(e));
    return typeof res === 'string' ? res : res.ok ? res : `status ${res.status}`;
  };
  let served = 0;
  for (const p of pages) {
    const url = new URL(p, root).href;
    const res = await get(url);
    if (typeof res === 'string') {
      bad.push(`page ${p || '/'}: ${res}`);
      continue;
    }
    served++;
    const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
    for (const el of doc.querySelectorAll('script[src], img[src], source[src]')) want(el.getAttribute('src'), url, p);
    for (const el of doc.querySelectorAll('img[srcset], source[srcset]'))
      for (const part of (el.getAttribute('srcset') ?? '').split(',')) want(part.trim().split(/\s+/)[0], url, p);
    for (const el of doc.querySelectorAll('link[href]'))
      if (/\b(stylesheet|modulepreload|preload|icon|manifest)\b/i.test(el.getAttribute('rel') ?? '')) want(el.getAttribute('href'), url, p);
    for (const el of doc.querySelectorAll('astro-island'))
      for (const a of ['component-url', 'renderer-url', 'before-hydration-url']) want(el.getAttribute(a), url, p);
    for (const el of doc.querySelectorAll('script:not([src])')) for (const ref of staticImports(el.textContent ?? '')) want(ref, url, p);
  }
  let assets = 0;
  while (queue.length) {
    const { url, from } = queue.shift()!;
    const res = await get(url);
    if (typeof res === 'string') {
      bad.push(`${new URL(url).pathname} (needed by ${from || '/'}): ${res}`);
      continue;
    }
    assets++;
    const path = new URL(url).pathname;
    if (/\.m?js$/.test(path)) for (const ref of staticImports(await res.text())) want(ref, url, from);
    else if (path.endsWith('.css'))
      for (const m of (await res.text()).matchAll(/url\(\s*["']?([^"')]+?)["']?\s*\)/g))
        if (/\.(woff2|svg|png|jpe?g|webp|gif|avif)$/i.test(m[1].split(/[?#]/)[0])) want(m[1], url, from);
  }
  return { pages: served, assets, bad, ms: performance.now() - t0 };
}

/**
 * dist/ behind a switch: `online = false` drops every connection (as a lost network does), and
 * `replace` answers a path with other bytes (the next build's sw.js, a changed page).
 */
let inner: SiteServer | undefined;
let proxy: Server | undefined;
let url = '';
let online = true;
const replace = new Map<string, { type: string; body: string }>();

let browser: Browser | undefined;
beforeAll(async () => {
  inner = await serveDist();
  const upstream = new URL(inner.url);
  proxy = createServer((req, res) => {
    if (!online) {
      req.socket.destroy();
      return;
    }
    const swap = replace.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (swap) {
      res.writeHead(200, { 'content-type': swap.type, 'cache-control': 'no-cache' }).end(swap.body);
      return;
    }
    const up = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((ok) => proxy!.listen(0, '127.0.0.1', ok));
  const address = proxy.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  proxy?.closeAllConnections();
  await new Promise((ok) => proxy?.close(ok));
  await inner?.close();
});

async function goOffline(ctx: BrowserContext) {
  online = false;
  proxy!.closeAllConnections();
  await ctx.setOffline(true);
}
async function goOnline(ctx: BrowserContext) {
  online = true;
  await ctx.setOffline(false);
}

/** Waits until this page's registration has an active worker (its install, the precache, is done). */
async function installed(page: Page): Promise<number> {
  const t0 = Date.now();
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  return Date.now() - t0;
}

describe('offline reading', () => {
  it('after one visit every page and file is served offline; a chapter renders; a widget says why it cannot run', async () => {
    expect(VERSION).toMatch(/^[0-9a-f]{16}$/);
    expect(PAGES.length).toBeGreaterThan(30);
    const ctx = await browser!.newContext({ serviceWorkers: 'allow', viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    try {
      // The first visit: a chapter. The worker installs after the page has loaded.
      const first = await ctx.newPage();
      first.on('pageerror', (e) => errors.push(String(e)));
      await first.goto(`${url}${CHAPTER}`, { waitUntil: 'load' });
      const installMs = await installed(first);
      const saved = await first.evaluate(async (name) => {
        const cache = await caches.open(name);
        return (await cache.keys()).length;
      }, `cfm-offline-${VERSION}`);
      expect(await first.evaluate(() => caches.keys())).toContain(`cfm-offline-${VERSION}`);
      expect(saved).toBe(PRECACHE.length);
      console.log(`offline: ${PRECACHE.length} files (${PAGES.length} pages) saved in ${(installMs / 1000).toFixed(1)} s after load`);

      // Online, a page comes from the network (never a stale saved copy), and the new copy is saved.
      const home = readFileSync(join(DIST, 'index.html'), 'utf8');
      replace.set('/', { type: 'text/html; charset=utf-8', body: home.replace('</main>', '<p id="fresh">a new build</p></main>') });
      const page = await ctx.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${url}/`, { waitUntil: 'load' });
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      expect(await page.locator('#fresh').count()).toBe(1);
      replace.delete('/');

      await goOffline(ctx);
      // Every saved file and page is answered by the worker (the server is gone).
      const missing = await page.evaluate(async (paths) => {
        const scope = new URL('./', location.href);
        const bad: string[] = [];
        for (const p of paths) {
          const res = await fetch(new URL(p, scope)).catch((e: unknown) => String(e));
          if (typeof res === 'string' || !res.ok) bad.push(`${p}: ${typeof res === 'string' ? res : res.status}`);
        }
        return bad;
      }, PRECACHE);
      expect(missing).toEqual([]);
      // Every page of the build, with what it needs, found here by the browser's own parser (not the
      // build's list): each page's HTML, its scripts, islands, stylesheets, icons and images, the
      // modules those import statically, and the fonts and images of the stylesheets.
      const crawl = await page.evaluate(crawlOffline, BUILT_PAGES);
      console.log(
        `offline: ${BUILT_PAGES.length} built pages and ${crawl.assets} files they need answered offline in ${(crawl.ms / 1000).toFixed(1)} s`,
      );
      expect(crawl.pages).toBe(BUILT_PAGES.length);
      expect(crawl.assets).toBeGreaterThan(50);
      expect(crawl.bad).toEqual([]);
      // The home page is the fresh copy the network gave last.
      await page.reload({ waitUntil: 'load' });
      expect(await page.locator('#fresh').count()).toBe(1);

      // A chapter reloads for real: its stylesheet, KaTeX fonts and islands (settings in the query).
      const res = await page.goto(`${url}${CHAPTER}?train-cfm.width=8`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      const look = await page.evaluate(async () => {
        await document.fonts.ready;
        const katex = document.querySelector('.katex');
        return {
          title: document.title,
          katexFont: katex ? getComputedStyle(katex).fontFamily : '',
          fontLoaded: document.fonts.check('16px KaTeX_Main'),
        };
      });
      expect(look.title).toMatch(/flow matching/i);
      expect(look.katexFont).toMatch(/KaTeX_Main/);
      expect(look.fontLoaded).toBe(true);
      // The training widget's island hydrates once it is on screen (its scripts come from the cache).
      const widget = page.locator('[data-widget=train-cfm]').first();
      await reveal(widget);
      await page.waitForSelector('astro-island:not([ssr]) [data-widget=train-cfm]', { timeout: 30_000 });

      // The training widget's engine (TF.js) was never used, so it is not saved: pressing Train gives
      // a message in the widget, and the rest of the page keeps working.
      await widget.getByRole('button', { name: 'Train', exact: true }).click();
      const alert = widget.locator('[role=alert]');
      await alert.waitFor({ timeout: 60_000 });
      const message = (await alert.innerText()).replace(/\s+/g, ' ');
      console.log(`offline: train-cfm says "${message}"`);
      expect(message).toMatch(/offline/i);
      expect(await page.locator('nav.site-nav a').first().isVisible()).toBe(true);

      // More pages open offline and every island on them hydrates (their lazy chunks, Observable Plot
      // among them, come from the cache too).
      for (const { path, drawn, pageLoads } of HYDRATE_OFFLINE) {
        const t0 = Date.now();
        const r = await page.goto(`${url}${path}`, { waitUntil: 'load' });
        expect(r?.status(), path).toBe(200);
        const islands = await page.locator('astro-island').count();
        expect(islands, `${path} has islands`).toBeGreaterThan(0);
        expect(await hydrateIslands(page, 60_000), `${path}: islands still waiting to hydrate`).toEqual([]);
        if (drawn) await page.waitForSelector(drawn, { timeout: 30_000 });
        if (pageLoads) {
          const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
          expect(
            loaded.filter((n) => pageLoads.test(n)),
            `${path}: drawn by its worker, not on the page`,
          ).toEqual([]);
        }
        expect(await page.locator('main [role=alert]').count(), path).toBe(0);
        console.log(`offline: ${path} hydrated its ${islands} island(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }

      // A page that was never saved: a short page that says so, not the browser's error.
      const unknown = await page.goto(`${url}/chapters/not-a-chapter/`, { waitUntil: 'load' });
      expect(unknown?.status()).toBe(503);
      expect(await page.locator('h1').innerText()).toMatch(/offline/i);
      expect(errors).toEqual([]);
    } finally {
      await goOnline(ctx);
      await ctx.close();
    }
  });

  it('a widget used once online works offline: CIFAR sampling from the saved engine and the weights’ cache', async () => {
    const ctx = await browser!.newContext({ serviceWorkers: 'allow', viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    try {
      const page = await ctx.newPage();
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${url}/`, { waitUntil: 'load' });
      await installed(page);
      // Online, on a page the worker serves: one image, one step (TF.js, the worker and wasm are saved
      // as they load; the weights go to their own cache).
      const sampler = `${url}/widgets/cifar-sampler/?backend=wasm&cifar-sampler.count=1&cifar-sampler.nfe=1`;
      await page.goto(sampler, { waitUntil: 'load' });
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
      await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
      await page.getByRole('button', { name: 'Generate' }).click();
      await page.waitForSelector('[data-testid=timing][data-run="1"]', { timeout: 120_000 });
      // Offline, the page reloads and samples again.
      await goOffline(ctx);
      await page.reload({ waitUntil: 'load' });
      await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
      await page.getByRole('button', { name: 'Generate' }).click();
      await page.waitForSelector('[data-testid=timing][data-run="1"]', { timeout: 120_000 });
      expect(await page.locator('[data-widget=cifar-sampler] [role=alert]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await goOnline(ctx);
      await ctx.close();
    }
  });

  it('a new build installs beside the old one, takes over when its tabs close, and deletes the old cache only', async () => {
    const ctx = await browser!.newContext({ serviceWorkers: 'allow', viewport: { width: 800, height: 600 } });
    try {
      let page = await ctx.newPage();
      await page.goto(`${url}/`, { waitUntil: 'load' });
      await installed(page);
      // The CIFAR weights live in their own cache (src/lib/engine/cifar/weights-cache.ts).
      await page.evaluate(() => caches.open('cfm-live-weights-v1').then((c) => c.put('/weights-probe', new Response('w'))));
      await page.reload({ waitUntil: 'load' });
      expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

      // The next build: another version (and, to keep the test short, fewer files to save).
      const next = 'feedfacefeedface';
      const nextSw = SW.replace(`const VERSION = "${VERSION}";`, `const VERSION = "${next}";`).replace(
        /const PRECACHE = \[.*\];/,
        `const PRECACHE = ${JSON.stringify(['', CHAPTER.slice(1)])};`,
      );
      replace.set('/sw.js', { type: 'text/javascript', body: nextSw });
      const waiting = await page.evaluate(async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        await reg!.update();
        const w = reg!.installing ?? reg!.waiting;
        if (w && w.state !== 'installed')
          await new Promise<void>((ok) => w.addEventListener('statechange', () => w.state === 'installed' && ok()));
        return reg!.waiting !== null;
      });
      // Installed, waiting: the open tab keeps the old version, whose cache is still there.
      expect(waiting).toBe(true);
      expect((await page.evaluate(() => caches.keys())).sort()).toEqual(
        [`cfm-offline-${VERSION}`, `cfm-offline-${next}`, 'cfm-live-weights-v1'].sort(),
      );

      // The old version's last tab closes: the new one activates, deletes the old cache and serves.
      await page.close();
      page = await ctx.newPage();
      await page.goto(`${url}/`, { waitUntil: 'load' });
      await expect
        .poll(() => page.evaluate(() => caches.keys().then((k) => k.sort())), { timeout: 30_000 })
        .toEqual(['cfm-live-weights-v1', `cfm-offline-${next}`]);
      await page.reload({ waitUntil: 'load' });
      expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toMatch(/\/sw\.js$/);
      await goOffline(ctx);
      const res = await page.goto(`${url}${CHAPTER}`, { waitUntil: 'load' });
      expect(res?.status()).toBe(200);
      expect(await page.title()).toMatch(/flow matching/i);
    } finally {
      replace.delete('/sw.js');
      await goOnline(ctx);
      await ctx.close();
    }
  });
});
