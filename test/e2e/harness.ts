/**
 * Shared harness for tests on the built site: a static server over dist/ on loopback and Debian's
 * Chromium through playwright-core. `npm run build` must have run (scripts/test-all.sh does it).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

/** The built site: dist/, or $CFM_DIST (a second build, a build kept elsewhere). */
export const DIST = resolve(process.env.CFM_DIST ?? resolve(import.meta.dirname, '../../dist'));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain',
  '.bib': 'text/plain',
  '.pf_meta': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
};

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves dist/ like a static host: `/a/` → `/a/index.html`, unknown paths → 404.html with status 404.
 * With a `base` (`/cfm/`, a site built with BASE_PATH) the site lives under it, as on a GitHub Pages
 * project site, and any path outside it is a 404.
 */
export async function serveDist(root = DIST, base = '/'): Promise<SiteServer> {
  if (!existsSync(join(root, 'index.html'))) throw new Error(`no built site at ${root}: run \`npm run build\` first`);
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const requested = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (!requested.startsWith(base)) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end(`outside the base path ${base}`);
        return;
      }
      const pathname = `/${requested.slice(base.length)}`;
      let file = normalize(join(root, pathname));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      if (existsSync(file) && (await stat(file)).isDirectory()) file = join(file, 'index.html');
      if (!existsSync(file)) {
        const notFound = join(root, '404.html');
        res.writeHead(404, { 'content-type': TYPES['.html'] });
        res.end(existsSync(notFound) ? await readFile(notFound) : 'not found');
        return;
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    } catch (err) {
      res.writeHead(500).end(String(err));
    }
  };
  // serve() answers every error itself (500), so nothing is left to handle here.
  const server: Server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  offOrigin: string[];
}

/** Opens a page and records console errors, uncaught exceptions, failed and off-origin requests.
 *  `timeoutMs` bounds the navigation: a dev server compiles a page on its first request. */
export async function openPage(
  context: BrowserContext,
  url: string,
  origin: string,
  timeoutMs = 60_000,
): Promise<{ page: Page; problems: PageProblems }> {
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [], offOrigin: [] };
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err)));
  page.on('requestfailed', (r) => problems.failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) problems.offOrigin.push(u);
  });
  await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
  return { page, problems };
}

/**
 * The environment a developer's shell gives `astro dev`/`astro build`: without Vitest's variables
 * (NODE_ENV=test, VITEST…), which make the Svelte and Vite plugins compile for tests, nor the copies of
 * `import.meta.env` Vitest puts in process.env (BASE_URL, DEV, PROD, SSR): Astro passes every
 * environment variable to server code as `import.meta.env.<name>`, so an inherited BASE_URL=/ would
 * override the build's base path in every page.
 */
export function shellEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  const vitestEnv = new Set(['NODE_ENV', 'TEST', 'MODE', 'BASE_URL', 'DEV', 'PROD', 'SSR']);
  for (const key of Object.keys(env)) if (key.startsWith('VITEST') || vitestEnv.has(key)) delete env[key];
  return env;
}

/** A browser step that got no answer in time: an infrastructure failure, not a finding. */
export class BrowserStall extends Error {
  override name = 'BrowserStall';
}

/**
 * Settles `work` or fails after `ms` with a BrowserStall naming the stage, so a browser that stops
 * answering fails one step with a reason instead of eating the test timeout.
 */
export async function within<T>(ms: number, stage: string, work: Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BrowserStall(`${stage}: no answer from the browser within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Every infrastructure retry of this test file, printed when it ends (see `retryOnStall`). */
export const infraRetries: string[] = [];

/**
 * Runs `attempt` (which opens its own browser context) and runs it once more only when a browser
 * step stalled (BrowserStall from `within`). An assertion failure, an exception or a second stall
 * fails the test: nothing a test asserts is ever retried. Each retry is printed and kept in
 * `infraRetries`, so a flaky machine shows up in the report instead of hiding.
 */
export async function retryOnStall<T>(what: string, attempt: () => Promise<T>): Promise<T> {
  try {
    return await attempt();
  } catch (err) {
    if (!(err instanceof BrowserStall)) throw err;
    const note = `[infrastructure retry] ${what}: ${err.message}`;
    infraRetries.push(note);
    console.warn(note);
    return attempt();
  }
}

/** A built site served and a browser launched for one test file (see `useSite`). */
export interface Site {
  readonly server: SiteServer;
  readonly browser: Browser;
  /** The file's default context (the options given to `useSite`). */
  readonly context: BrowserContext;
  /** Opens `path` in the default context and waits until every island on it has hydrated. */
  open(path: string): Promise<{ page: Page; problems: PageProblems }>;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that serve dist/, launch Chromium and open one context
 * (desktop-sized by default); call at the top level of a test file.
 */
export function useSite(contextOptions: BrowserContextOptions = { viewport: { width: 1100, height: 900 } }): Site {
  let server: SiteServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  beforeAll(async () => {
    server = await serveDist();
    browser = await launchBrowser();
    context = await browser.newContext(contextOptions);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is not ready: use the site inside a test`);
    return v;
  };
  return {
    get server() {
      return ready(server, 'server');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    get context() {
      return ready(context, 'context');
    },
    async open(path: string) {
      const url = ready(server, 'server').url;
      const r = await openPage(ready(context, 'context'), `${url}${path}`, url);
      // Astro removes `ssr` from an island once it has hydrated.
      await r.page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
      return r;
    },
  };
}

/** A 360 × 740 touch phone: the narrowest layout the book is checked at. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true } as const satisfies BrowserContextOptions;

/**
 * Scrolls `target` to the middle of the screen with the browser's own `scrollIntoView`, as a link to it
 * would. Playwright's `scrollIntoViewIfNeeded` scrolls to the box it measures, and an element inside a
 * chapter section the browser has skipped (`content-visibility: auto`) is measured where the section's
 * placeholder puts it, not where it will be: the scroll lands elsewhere and the widget never comes into
 * view. `scrollIntoView` makes the browser lay the section out first.
 */
export async function reveal(target: Locator): Promise<void> {
  await target.evaluate(async (el) => {
    el.scrollIntoView({ block: 'center' });
    // Two frames: the section is laid out and the islands' observers see it, as after a reader's scroll.
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  });
}

/**
 * Hydrates every `client:visible` island the way a reader does: each island still waiting is brought
 * into view and kept there (sections above it may still change height) until Astro removes its `ssr`
 * attribute, before the next one. Scrolling past each for a fixed pause is not enough on a loaded
 * machine: a frame may not be drawn while an island is in view, its observer never fires, and it waits
 * forever. Returns the component URLs of the islands still waiting when `timeoutMs` ran out (none).
 */
export async function hydrateIslands(page: Page, timeoutMs = 30_000): Promise<string[]> {
  return page.evaluate(async (timeoutMs) => {
    const deadline = performance.now() + timeoutMs;
    const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    for (const island of document.querySelectorAll('astro-island[ssr]')) {
      while (island.isConnected && island.hasAttribute('ssr') && performance.now() < deadline) {
        (island.firstElementChild ?? island).scrollIntoView({ block: 'center' });
        await frames();
        await new Promise((done) => setTimeout(done, 50));
      }
    }
    return [...document.querySelectorAll('astro-island[ssr]')].map((el) => el.getAttribute('component-url') ?? '?');
  }, timeoutMs);
}

/** The page threw nothing, logged no console error and requested nothing off-origin. */
export function expectClean(problems: PageProblems): void {
  expect(problems.pageErrors).toEqual([]);
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.offOrigin).toEqual([]);
}

/** Number of painted (non-transparent) pixels of the first canvas the locator matches. */
export async function paintedPixels(canvas: Locator): Promise<number> {
  return canvas.first().evaluate((c) => {
    const cv = c as HTMLCanvasElement;
    const d = cv.getContext('2d')!.getImageData(0, 0, cv.width, cv.height).data;
    let k = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) k++;
    return k;
  });
}

/**
 * Pixels of a canvas as the reader sees it that differ from its top-left pixel (the background): from
 * a screenshot, decoded in the page, so it also reads a canvas whose drawing was handed to a worker
 * (`transferControlToOffscreen`), which the page can no longer read back.
 */
export async function paintedOnScreen(canvas: Locator): Promise<number> {
  const png = (await canvas.first().screenshot()).toString('base64');
  return canvas.page().evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (ch) => ch.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
    const cv = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = cv.getContext('2d')!;
    g.drawImage(bitmap, 0, 0);
    const d = g.getImageData(0, 0, cv.width, cv.height).data;
    let k = 0;
    for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[0]) + Math.abs(d[i + 1] - d[1]) + Math.abs(d[i + 2] - d[2]) > 24) k++;
    return k;
  }, png);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Loads axe-core into the page. Through the DevTools protocol (page.evaluate), not a `<script>` tag:
 * the site's Content Security Policy allows no inline scripts, and the audits must run with that
 * policy in force (so a test never weakens what it checks).
 */
export async function injectAxe(page: Page): Promise<void> {
  await page.evaluate(AXE_SOURCE);
}

/** One change of a watched attribute: the element's data-testid (or tag), the attribute and its new value. */
export interface AttributeChange {
  owner: string;
  name: string;
  value: string | null;
}

/**
 * Records, from before the page's first script, every change of the attributes `names` anywhere in the
 * pages of `context`; `attributeChanges(page)` reads them in order. For tests of what a widget shows
 * while it computes (the order in which its numbers arrive), which a poll after the fact cannot see.
 */
export async function recordAttributeChanges(context: BrowserContext, names: string[]): Promise<void> {
  await context.addInitScript((watched: string[]) => {
    const log: { owner: string; name: string; value: string | null }[] = [];
    (window as unknown as { attributeChanges: typeof log }).attributeChanges = log;
    new MutationObserver((records) => {
      for (const m of records) {
        const el = m.target as HTMLElement;
        const name = m.attributeName ?? '';
        log.push({ owner: el.dataset.testid ?? el.tagName.toLowerCase(), name, value: el.getAttribute(name) });
      }
    }).observe(document, { subtree: true, attributes: true, attributeFilter: watched });
  }, names);
}

export function attributeChanges(page: Page): Promise<AttributeChange[]> {
  return page.evaluate(() => (window as unknown as { attributeChanges: AttributeChange[] }).attributeChanges);
}

/** The page around a widget still works after the widget's fault: the theme toggle flips the theme. */
export async function pageStillWorks(page: Page): Promise<void> {
  const before = await page.getAttribute('html', 'data-theme');
  await page.locator('[data-theme-toggle]').click();
  expect(await page.getAttribute('html', 'data-theme')).not.toBe(before);
}
