/**
 * Two checks on one second build (one build is the costly part, so it serves both):
 *
 * 1. Reproducible builds: a second `astro build` of the same tree, into a temporary folder under .cache/,
 *    gives the same HTML as dist/ (the build `npm test` made just before). Random ids in server-rendered
 *    markup (Math.random() instead of Svelte's $props.id()), timestamps or unordered iteration show up
 *    here as the first differing file and the bytes around the difference.
 * 2. Deployment under a sub-path: the second build is made with BASE_PATH=/cfm/ (a GitHub Pages project
 *    site), served only under /cfm/. Every URL its HTML, scripts and styles name is under the base and
 *    exists; every page is crawled in Chromium from the home page (no request fails or gets a 4xx, no
 *    link leaves the base); search results, a training worker with TF.js's wasm (train-cfm) and a
 *    checkpoint download (cifar-sampler) work under the base.
 *
 * Since the second build has a base, check 1 compares the HTML with the base taken out and with content
 * hashes (asset file names, CSP script hashes) masked: the base changes the bundles' bytes and so their
 * hashes. What it still catches is any difference in the markup itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { DIST, launchBrowser, serveDist, shellEnv, within, type SiteServer } from './harness.ts';
import { htmlPages } from '../build/islands.ts';
import { pressCompute, SMALL } from './widget-compute.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BASE = '/cfm/';
/**
 * The second build has the first's SITE_URL (the same environment), so the two differ only by the base.
 * With one set, the absolute URLs (canonical, og:url, og:image) are checked under the base as well.
 */
const SITE = process.env.SITE_URL?.replace(/\/$/, '') ?? '';
mkdirSync(join(ROOT, '.cache'), { recursive: true });
// Inside the repository (git-ignored .cache/): the build's prerender step imports packages from the
// output folder, so it must sit below node_modules' parent.
const second = mkdtempSync(join(ROOT, '.cache', 'second-build-'));
afterAll(() => rmSync(second, { recursive: true, force: true }));

/** The first difference between two texts, with some context on each side. */
function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return `at character ${i}:\n  first:  …${a.slice(Math.max(0, i - 80), i + 80)}…\n  second: …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

/** HTML with the base path taken out (also after the site's address) and content hashes masked. */
function comparable(html: string, base: string): string {
  const b = base.replace(/\/$/, '');
  const unbased = !b
    ? html
    : html
        .replaceAll(`${SITE}${b}/`, `${SITE}/`)
        .replaceAll(`"${b}/`, '"/')
        .replaceAll(`'${b}/`, "'/")
        .replaceAll(`&quot;${b}/`, '&quot;/')
        .replaceAll(`(${b}/`, '(/')
        .replaceAll(`"${b}"`, '"/"');
  // An island's uid is Astro's hash of its props and markup, which name the base; both are compared
  // here in full, so masking the uid loses nothing.
  return unbased
    .replace(/(\/_astro\/[\w.-]+?)\.[\w-]{8}\.(\w+)/g, '$1.#.$2')
    .replace(/sha256-[A-Za-z0-9+/=]{44}/g, 'sha256-#')
    .replace(/<astro-island uid="[\w-]+"/g, '<astro-island uid="#"');
}

let buildLog = '';
let buildStatus: number | null = null;

beforeAll(() => {
  expect(existsSync(join(DIST, 'index.html')), 'run `npm run build` first').toBe(true);
  const t0 = Date.now();
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', second], {
    cwd: ROOT,
    env: { ...shellEnv(), ASTRO_TELEMETRY_DISABLED: '1', BASE_PATH: BASE },
    encoding: 'utf8',
    timeout: 600_000,
  });
  buildStatus = run.status;
  buildLog = `${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`;
  // The search page's index, as `npm run build` makes it.
  if (run.status === 0)
    spawnSync(process.execPath, [join(ROOT, 'node_modules/pagefind/lib/runner/bin.cjs'), '--site', second], {
      cwd: ROOT,
      encoding: 'utf8',
    });
  console.log(`reproducible.test.ts: second build (BASE_PATH=${BASE}) took ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}, 600_000);

describe('reproducible build', () => {
  it('two builds of the same tree give the same HTML (base path and content hashes aside)', () => {
    expect(buildStatus, `second build failed:\n${buildLog}`).toBe(0);
    const first = htmlPages(DIST);
    const again = htmlPages(second);
    expect(
      again.map(([p]) => p),
      'the same pages',
    ).toEqual(first.map(([p]) => p));
    const differing: string[] = [];
    for (const [i, [path, file]] of first.entries()) {
      const a = comparable(readFileSync(file, 'utf8'), '/');
      const b = comparable(readFileSync(again[i][1], 'utf8'), BASE);
      if (a !== b) differing.push(`${path} ${firstDifference(a, b)}`);
    }
    expect(differing.length, `pages whose HTML differs between two builds:\n${differing.slice(0, 3).join('\n')}`).toBe(0);
  });
});

/** Every file of a build (relative, with forward slashes). */
function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(relative(dir, full).split('\\').join('/'));
    }
  };
  walk(dir);
  return out;
}

/** A root-relative URL path of the site is served: a file, or a folder with an index.html. */
function served(root: string, pathname: string): boolean {
  const p = join(root, decodeURIComponent(pathname));
  return existsSync(p) && (statSync(p).isFile() || existsSync(join(p, 'index.html')));
}

describe('deployment under a base path', () => {
  it('every URL the HTML, scripts and styles name is under the base and exists', () => {
    expect(buildStatus, `second build failed:\n${buildLog}`).toBe(0);
    const escaping: string[] = [];
    const missing: string[] = [];
    const check = (file: string, url: string) => {
      if (SITE && url.startsWith(`${SITE}/`)) url = url.slice(SITE.length);
      if (!url.startsWith('/') || url.startsWith('//')) return;
      if (!url.startsWith(BASE)) escaping.push(`${file}: ${url}`);
      else if (!served(second, new URL(url, 'http://x').pathname.slice(BASE.length))) missing.push(`${file}: ${url}`);
    };
    for (const file of files(second)) {
      if (file.startsWith('pagefind/')) continue;
      const text = (): string => readFileSync(join(second, file), 'utf8');
      if (file.endsWith('.html')) {
        // Links, assets, islands (component-url, renderer-url, before-hydration-url), forms, social cards.
        for (const m of text().matchAll(/\s(?:href|src|action|content|component-url|renderer-url|before-hydration-url|srcset)="([^"]*)"/g))
          for (const url of m[1].split(/,\s*/).map((s) => s.trim().split(/\s+/)[0])) check(file, url.replaceAll('&amp;', '&'));
      } else if (/\.(js|mjs|css)$/.test(file)) {
        // Site-root string literals and url()s in bundles: workers, wasm, checkpoints, data, fonts.
        for (const m of text().matchAll(
          /["'`(]((?:\/[\w.-]+)*\/(?:_astro|checkpoints|data|previews|pagefind|chapters|widgets|appendix)\/[^"'`)\s]*)/g,
        ))
          check(file, m[1]);
      }
    }
    expect(escaping, 'URLs outside the base path').toEqual([]);
    expect(missing, 'URLs under the base path that the build does not have').toEqual([]);
  });

  let server: SiteServer;
  let browser: Browser;
  beforeAll(async () => {
    if (buildStatus !== 0) return;
    server = await serveDist(second, BASE);
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('Chromium crawls every page from the home page: no 4xx, no failed request, no link out of the base', async () => {
    expect(buildStatus, `second build failed:\n${buildLog}`).toBe(0);
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    const origin = server.url;
    const page = await ctx.newPage();
    const bad: string[] = [];
    let current = '';
    page.on('response', (r) => {
      if (r.status() >= 400) bad.push(`${current}: ${r.status()} ${r.url()}`);
    });
    // A request the next navigation cancels (a module chunk still loading at `load`) is not a failure.
    page.on('requestfailed', (r) => {
      const why = r.failure()?.errorText ?? '';
      if (why !== 'net::ERR_ABORTED') bad.push(`${current}: failed ${r.url()} ${why}`);
    });
    page.on('pageerror', (e) => bad.push(`${current}: ${String(e)}`));
    const queue = [BASE];
    const seen = new Set(queue);
    const escaping: string[] = [];
    while (queue.length) {
      current = queue.shift()!;
      await within(60_000, `loading ${current}`, page.goto(`${origin}${current}`, { waitUntil: 'load' }));
      const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href));
      for (const link of links) {
        const u = new URL(link);
        if (u.origin !== origin) continue;
        if (!u.pathname.startsWith(BASE)) escaping.push(`${current} → ${u.pathname}`);
        else if (!seen.has(u.pathname) && !/\.\w+$/.test(u.pathname)) {
          seen.add(u.pathname);
          queue.push(u.pathname);
        }
      }
    }
    // Search under the base: Pagefind's results link into it.
    current = `${BASE}search/?q=velocity`;
    await page.goto(`${origin}${current}`, { waitUntil: 'load' });
    const result = page.locator('.pagefind-ui__result-link').first();
    await result.waitFor({ timeout: 30_000 });
    expect(new URL((await result.getAttribute('href')) ?? '', origin).pathname).toMatch(/^\/cfm\/chapters\//);
    // A worker with TF.js's wasm (train-cfm) and a checkpoint download (cifar-sampler), under the base.
    for (const widget of ['train-cfm', 'cifar-sampler']) {
      current = `${BASE}widgets/${widget}/?${SMALL[widget]}`;
      await page.goto(`${origin}${current}`, { waitUntil: 'load' });
      await page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
      const { backend } = await pressCompute(page, widget, true);
      expect(backend, `${widget} computes under the base path`).not.toBeNull();
    }
    await ctx.close();
    expect(escaping, 'links that leave the base path').toEqual([]);
    expect(bad, 'requests that failed or got a 4xx, and page errors').toEqual([]);
    const pages = htmlPages(second)
      .map(([p]) => p)
      .filter((p) => p !== '/404.html');
    expect([...seen].sort(), 'every page is reachable from the home page').toEqual(pages.map((p) => `${BASE}${p.slice(1)}`).sort());
  }, 300_000);
});
