/**
 * The built site (dist/) as a reader sees it, in Debian's Chromium: every page loads cleanly
 * (no console or page errors, no failed or off-origin requests, no KaTeX errors, no axe-core
 * WCAG 2.2 AA violations), internal links and #anchors resolve, nothing overflows at 360 px,
 * dark mode is set before first paint, deep links scroll, search finds chapters, and a chapter
 * ships ≤ 60 KB gzip of JS before any widget is visible.
 *
 * One browser for the whole file; pages are discovered from dist/ (every .html file) and the test
 * also checks that each is reachable by following links from the home page.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  DIST,
  hydrateIslands,
  infraRetries,
  injectAxe,
  launchBrowser,
  openPage,
  retryOnStall,
  serveDist,
  within,
  type SiteServer,
} from './harness.ts';
import { chunkGraph } from '../build/islands.ts';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const JS_BUDGET_GZIP = 60 * 1024;
/**
 * A page test normally takes 2–8 s. Each browser step has its own deadline; a page whose browser
 * stopped answering (CI once saw one page load hang) is run once more in a fresh context by
 * retryOnStall, which prints the retry. Assertions are never retried.
 */
const PAGE_TEST = { timeout: 240_000 };

/** URL paths of every HTML page in dist/ (`/`, `/chapters/x/`, `/404.html`). */
function discoverPages(): string[] {
  if (!existsSync(join(DIST, 'index.html'))) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) {
        if (name === 'pagefind' || name === '_astro') continue;
        walk(full);
      } else if (name.endsWith('.html')) {
        const rel = '/' + relative(DIST, full).split('\\').join('/');
        out.push(rel.endsWith('/index.html') ? rel.slice(0, -'index.html'.length) : rel);
      }
    }
  };
  walk(DIST);
  return out.sort();
}

const PAGES = discoverPages();
/** URL paths of the TF.js chunks in dist/ (tfjs-core's fingerprint; see test/build/islands.ts). */
const TF_CHUNKS = existsSync(join(DIST, '_astro'))
  ? new Set([...(await chunkGraph(DIST)).isTf].filter(([, tf]) => tf).map(([url]) => url))
  : new Set<string>();
const CHAPTERS = PAGES.filter((p) => p.startsWith('/chapters/'));

interface PageRecord {
  ids: Set<string>;
  links: string[];
}
const records = new Map<string, PageRecord>();

let server: SiteServer;
let browser: Browser;

beforeAll(async () => {
  server = await serveDist();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  if (infraRetries.length) console.warn(`site.test.ts: ${infraRetries.length} infrastructure retries:\n${infraRetries.join('\n')}`);
  await browser?.close();
  await server?.close();
});

async function withContext<T>(opts: Parameters<Browser['newContext']>[0], fn: (ctx: BrowserContext) => Promise<T>): Promise<T> {
  const ctx = await within(30_000, 'new browser context', browser.newContext({ ...opts, serviceWorkers: 'block' }));
  try {
    return await fn(ctx);
  } finally {
    await within(30_000, 'closing the browser context', ctx.close()).catch((err) => console.warn(String(err)));
  }
}

/**
 * Scrolls through the page so `client:visible` islands hydrate, then brings each island still
 * waiting into view until it hydrates (30 s for all), then goes back to the top.
 */
async function scrollThrough(page: Page) {
  await within(
    60_000,
    'scrolling through the page',
    page.evaluate(async () => {
      const pause = () => new Promise((r) => setTimeout(r, 40));
      const step = Math.max(200, Math.floor(window.innerHeight * 0.8));
      for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
        window.scrollTo(0, y);
        await pause();
      }
    }),
  );
  // Astro removes `ssr` from an island once it has hydrated; the caller asserts the count.
  await within(60_000, 'hydrating the islands', hydrateIslands(page, 30_000));
  await within(
    30_000,
    'scrolling back',
    page.evaluate(() => window.scrollTo(0, 0)),
  );
  await page.waitForTimeout(1000);
}

async function runAxe(page: Page, rules?: string[]) {
  await within(30_000, 'loading axe-core', injectAxe(page));
  return within(
    90_000,
    'running axe-core',
    page.evaluate(
      async ({ tags, rules }) => {
        const axe = (window as any).axe;
        const options = rules ? { runOnly: { type: 'rule', values: rules } } : { runOnly: { type: 'tag', values: tags } };
        // KaTeX's visual layer (.katex-html) is aria-hidden and takes the text colour of its
        // paragraph, which is checked; the MathML copy that assistive technology reads stays. Its
        // thousands of layout spans make axe 4× slower (even when excluded), so they are emptied
        // first. This is the last step of a page's test.
        for (const el of document.querySelectorAll('.katex-html')) el.replaceChildren();
        const result = await axe.run(document, options);
        return result.violations.map((v: any) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.slice(0, 5).map((n: any) => `${n.target.join(' ')} :: ${n.failureSummary?.split('\n').slice(0, 2).join(' ')}`),
        }));
      },
      { tags: WCAG_TAGS, rules },
    ),
  );
}

describe('site: dist/ is built', () => {
  it('has a home page, a 404 and chapter pages for every chapter file', () => {
    expect(PAGES).toContain('/');
    expect(PAGES).toContain('/404.html');
    expect(PAGES).toContain('/widgets/');
    expect(PAGES).toContain('/search/');
    const chapterFiles = existsSync('content/chapters') ? readdirSync('content/chapters').filter((f) => f.endsWith('.mdx')) : [];
    expect(CHAPTERS.length).toBe(chapterFiles.length);
  });
});

describe('site: every page at 1280 px, light theme', () => {
  for (const path of PAGES) {
    it(`${path}: no errors, no KaTeX errors, no off-origin requests, no TF.js before compute, no axe violations`, PAGE_TEST, async () => {
      await retryOnStall(`${path} at 1280 px`, () =>
        withContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', reducedMotion: 'reduce' }, async (ctx) => {
          // Scrolling through hydrates every island; nothing here presses a compute control, so no
          // TF.js chunk and no .wasm may be requested (widgets load TF.js with import() on demand).
          const heavy: string[] = [];
          ctx.on('request', (r) => {
            const p = new URL(r.url()).pathname;
            if (TF_CHUNKS.has(p) || p.endsWith('.wasm')) heavy.push(p);
          });
          const { page, problems } = await within(75_000, `loading ${path}`, openPage(ctx, server.url + path, server.url));
          await scrollThrough(page);
          const hydrated = await within(
            30_000,
            'counting islands',
            page.evaluate(() => [document.querySelectorAll('astro-island').length, document.querySelectorAll('astro-island[ssr]').length]),
          );
          expect.soft(hydrated[1], `islands not hydrated after scrolling through (of ${hydrated[0]})`).toBe(0);
          expect.soft(heavy, 'TF.js or .wasm requested before any compute control was pressed').toEqual([]);
          const katexErrors = await within(30_000, 'counting KaTeX errors', page.locator('.katex-error').count());
          const info = await within(
            30_000,
            'reading ids and links',
            page.evaluate(() => ({
              ids: [...document.querySelectorAll('[id]')]
                .map((e) => e.id)
                .concat([...document.querySelectorAll('a[name]')].map((e) => e.getAttribute('name')!)),
              links: [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
              title: document.title,
              h1: document.querySelectorAll('h1').length,
            })),
          );
          records.set(path, { ids: new Set(info.ids), links: info.links });
          const violations = await runAxe(page);
          expect.soft(problems.consoleErrors, 'console errors').toEqual([]);
          expect.soft(problems.pageErrors, 'uncaught exceptions').toEqual([]);
          expect.soft(problems.failedRequests, 'failed requests').toEqual([]);
          expect.soft(problems.offOrigin, 'requests leaving the origin').toEqual([]);
          expect.soft(katexErrors, '.katex-error elements').toBe(0);
          expect.soft(info.title.length, 'a <title>').toBeGreaterThan(0);
          expect.soft(info.h1, 'exactly one h1').toBe(1);
          expect(violations, 'axe-core WCAG 2.2 AA violations').toEqual([]);
        }),
      );
    });
  }
});

describe('site: links', () => {
  it('every internal link and #anchor resolves; every page is reachable from /', async () => {
    expect(records.size, 'the page pass ran first').toBe(PAGES.length);
    const broken: string[] = [];
    const resources = new Set<string>();
    for (const [from, rec] of records) {
      for (const href of rec.links) {
        const url = new URL(href);
        if (url.origin !== server.url) continue;
        const target = url.pathname;
        const targetRec = records.get(target) ?? records.get(decodeURIComponent(target));
        if (!targetRec) {
          if (/\.[a-z0-9]+$/i.test(target) && !target.endsWith('.html')) resources.add(target);
          else broken.push(`${from} → ${url.pathname}${url.hash} (no such page)`);
          continue;
        }
        if (url.hash && url.hash !== '#') {
          const id = decodeURIComponent(url.hash.slice(1));
          if (!targetRec.ids.has(id)) broken.push(`${from} → ${url.pathname}${url.hash} (no element with this id)`);
        }
      }
    }
    for (const r of resources) {
      const res = await fetch(server.url + r);
      if (!res.ok) broken.push(`resource ${r} → HTTP ${res.status}`);
    }
    expect(broken).toEqual([]);

    // Reachability: breadth-first from / over the recorded links.
    const seen = new Set(['/']);
    const queue = ['/'];
    while (queue.length) {
      const p = queue.shift()!;
      for (const href of records.get(p)?.links ?? []) {
        const u = new URL(href);
        if (u.origin === server.url && records.has(u.pathname) && !seen.has(u.pathname)) {
          seen.add(u.pathname);
          queue.push(u.pathname);
        }
      }
    }
    const orphans = PAGES.filter((p) => p !== '/404.html' && !seen.has(p));
    expect(orphans, 'pages not reachable from the home page').toEqual([]);
  });

  it('an unknown URL gets the 404 page', async () => {
    const res = await fetch(server.url + '/no/such/page/');
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('Page not found');
  });
});

describe('site: every page at 360 px, dark theme', () => {
  for (const path of PAGES) {
    it(`${path}: no horizontal overflow, colour contrast passes in dark`, PAGE_TEST, async () => {
      await retryOnStall(`${path} at 360 px`, () =>
        withContext(
          { viewport: { width: 360, height: 740 }, colorScheme: 'dark', reducedMotion: 'reduce', isMobile: true, hasTouch: true },
          async (ctx) => {
            const { page, problems } = await within(75_000, `loading ${path}`, openPage(ctx, server.url + path, server.url));
            await scrollThrough(page);
            const overflow = await within(
              30_000,
              'measuring overflow',
              page.evaluate(() => {
                const width = document.documentElement.clientWidth;
                const culprits: string[] = [];
                for (const el of document.querySelectorAll('body *')) {
                  const r = el.getBoundingClientRect();
                  if (r.width > 0 && r.right > width + 1) {
                    // Only report the outermost offender (its children overflow with it).
                    const parentRight = el.parentElement?.getBoundingClientRect().right ?? 0;
                    if (parentRight <= width + 1)
                      culprits.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} right=${Math.round(r.right)}`);
                  }
                }
                return { scrollWidth: document.documentElement.scrollWidth, width, culprits: culprits.slice(0, 8) };
              }),
            );
            expect.soft(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('dark');
            expect.soft(problems.pageErrors).toEqual([]);
            expect.soft(overflow.scrollWidth, `horizontal overflow: ${overflow.culprits.join(', ')}`).toBeLessThanOrEqual(overflow.width);
            const violations = await runAxe(page, ['color-contrast', 'link-in-text-block']);
            expect(violations, 'contrast in the dark theme').toEqual([]);
          },
        ),
      );
    });
  }
});

describe('site: dark mode', () => {
  /** Records the theme at the moment <body> is inserted (before anything in it can paint). */
  const RECORD_AT_BODY = () => {
    const w = window as any;
    w.__themeAtBody = null;
    new MutationObserver((_, obs) => {
      // The theme script is the first child of <body> (a CSP meta only covers what follows it), so
      // record when the first element that can paint arrives.
      if (document.body && [...document.body.children].some((c) => c.tagName !== 'SCRIPT')) {
        w.__themeAtBody = document.documentElement.getAttribute('data-theme');
        obs.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', () => {
      w.__bgAtDomContentLoaded = getComputedStyle(document.body).backgroundColor;
    });
  };

  const path = CHAPTERS[0] ?? '/';

  it('follows a dark system setting before first paint (no flash)', async () => {
    await withContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }, async (ctx) => {
      await ctx.addInitScript(RECORD_AT_BODY);
      const page = await ctx.newPage();
      await page.goto(server.url + path, { waitUntil: 'load' });
      const got = await page.evaluate(() => ({ atBody: (window as any).__themeAtBody, bg: (window as any).__bgAtDomContentLoaded }));
      expect(got.atBody).toBe('dark');
      expect(got.bg).toBe('rgb(19, 20, 24)');
    });
  });

  it('a remembered choice beats the system setting, and the toggle flips and remembers', async () => {
    await withContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }, async (ctx) => {
      await ctx.addInitScript(RECORD_AT_BODY);
      const page = await ctx.newPage();
      await page.goto(server.url + '/', { waitUntil: 'load' });
      await page.evaluate(() => localStorage.setItem('cfm-theme', 'light'));
      await page.goto(server.url + path, { waitUntil: 'load' });
      expect(await page.evaluate(() => (window as any).__themeAtBody)).toBe('light');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
      await page.click('[data-theme-toggle]');
      expect(await page.evaluate(() => document.documentElement.getAttribute('data-theme'))).toBe('dark');
      expect(await page.evaluate(() => localStorage.getItem('cfm-theme'))).toBe('dark');
      expect(await page.getAttribute('[data-theme-toggle]', 'aria-label')).toBe('Switch to light theme');
    });
  });
});

describe('site: chapters', () => {
  it('a deep link to a numbered block scrolls it into view', async () => {
    expect(CHAPTERS.length, 'needs at least one chapter').toBeGreaterThan(0);
    const html = readFileSync(join(DIST, CHAPTERS[0], 'index.html'), 'utf8');
    // The last numbered block or equation of the chapter: far below the fold.
    const ids = [...html.matchAll(/<(?:section|figure|div) class="(?:env |figure|equation)[^"]*" id="([^"]+)"/g)].map((m) => m[1]);
    const fallback = [...html.matchAll(/<h[23] id="([^"]+)"/g)].map((m) => m[1]);
    const id = ids.at(-1) ?? fallback.at(-1);
    expect(id, 'a target id').toBeTruthy();
    await withContext({ viewport: { width: 1280, height: 800 } }, async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(`${server.url}${CHAPTERS[0]}#${id}`, { waitUntil: 'load' });
      await expect
        .poll(
          async () =>
            page.evaluate((id) => {
              const r = document.getElementById(id)!.getBoundingClientRect();
              return r.top >= -1 && r.top < window.innerHeight * 0.5 && window.scrollY > 0;
            }, id!),
          { timeout: 10_000 },
        )
        .toBe(true);
    });
  });

  it('the table of contents marks the section being read', async () => {
    await withContext({ viewport: { width: 1440, height: 420 }, reducedMotion: 'reduce' }, async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(server.url + CHAPTERS[0], { waitUntil: 'load' });
      const current = () => page.evaluate(() => document.querySelector('.toc-wide a[aria-current="true"]')?.getAttribute('href'));
      await expect.poll(current, { timeout: 5_000 }).toBe('#top');
      const first = await page.evaluate(() => document.querySelector('.chapter-body h2[id]')!.id);
      await page.evaluate((id) => document.getElementById(id)!.scrollIntoView(), first);
      await expect.poll(current, { timeout: 5_000 }).toBe(`#${first}`);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await expect.poll(current, { timeout: 5_000 }).toBe('#cite');
    });
  });

  it('the hover "#" anchor of a heading copies its URL and navigates to it', async () => {
    await withContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] }, async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(server.url + CHAPTERS[0], { waitUntil: 'load' });
      const heading = page.locator('.chapter-body h2[id]').first();
      const id = await heading.getAttribute('id');
      await heading.hover();
      const anchor = heading.locator('a.anchor');
      await expect.poll(() => anchor.evaluate((a) => getComputedStyle(a).opacity)).toBe('1');
      await anchor.click();
      await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`${server.url}${CHAPTERS[0]}#${id}`);
      expect(new URL(page.url()).hash).toBe(`#${id}`);
    });
  });

  it('"cite this chapter" copies BibTeX naming the chapter and its URL', async () => {
    await withContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] }, async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(server.url + CHAPTERS[0], { waitUntil: 'load' });
      await page.click('[data-copy-target="bibtex"]');
      await expect.poll(() => page.textContent('#bibtex-status')).toContain('Copied');
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toMatch(/^@incollection\{cfmlive2026/);
      // No SITE_URL in this build: the BibTeX names the page's own address (README: set SITE_URL when deploying).
      expect(copied).toContain(`url       = {${server.url}${CHAPTERS[0]}}`);
      // The url is one more field: a comma after the field before it, no line of its own (second walkthrough).
      expect(copied).toMatch(/\},\n {2}url {7}= \{/);
      const title = await page.textContent('h1');
      expect(copied).toContain(`title     = {${title}}`);
    });
  });

  it('the book citation (appendix) carries the address it is read at, and no build-configuration message', async () => {
    await withContext({ viewport: { width: 1280, height: 800 }, permissions: ['clipboard-read', 'clipboard-write'] }, async (ctx) => {
      const page = await ctx.newPage();
      await page.goto(`${server.url}/appendix/cite/`, { waitUntil: 'load' });
      // No SITE_URL in this build: the root of the book as the reader reaches it (walkthrough finding 4).
      const root = `${server.url}/`;
      await expect.poll(() => page.textContent('#book-bibtex code')).toContain(`url       = {${root}}`);
      expect((await page.textContent('#book-plain'))?.trim().endsWith(` ${root}`)).toBe(true);
      await page.click('[data-copy-target="book-bibtex"]');
      await expect.poll(() => page.textContent('#book-bibtex-status')).toContain('Copied');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(/^@book\{cfmlive2026[\s\S]*\},\n {2}url {7}= \{http/);
      expect(await page.textContent('main')).not.toMatch(/site address|configured/);
    });
  });

  it('search returns a chapter for a word from its text', async () => {
    const html = readFileSync(join(DIST, CHAPTERS[0], 'index.html'), 'utf8');
    const title = /<h1[^>]*>([^<]+)<\/h1>/.exec(html)![1];
    const word =
      title
        .split(/\s+/)
        .filter((w) => /^[A-Za-z]{4,}$/.test(w))
        .sort((a, b) => b.length - a.length)[0] ?? title;
    await withContext({ viewport: { width: 1280, height: 800 } }, async (ctx) => {
      const { page, problems } = await openPage(ctx, `${server.url}/`, server.url);
      await page.fill('#site-search-input', word);
      await Promise.all([page.waitForURL(/\/search\/\?q=/), page.press('#site-search-input', 'Enter')]);
      const first = page.locator('.pagefind-ui__result-link').first();
      await first.waitFor({ timeout: 30_000 });
      const hrefs = await page.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs.some((h) => h?.startsWith(CHAPTERS[0]))).toBe(true);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.offOrigin).toEqual([]);
    });
  });

  it('the widget gallery shows dark thumbnails in the dark theme and light ones otherwise (screenshot review)', async () => {
    const shown = (ctx: BrowserContext, theme: string | null) =>
      (async () => {
        const { page } = await openPage(ctx, `${server.url}/widgets/`, server.url);
        if (theme) await page.evaluate((t) => document.documentElement.setAttribute('data-theme', t), theme);
        return page
          .locator('.widget-card')
          .evaluateAll((cards) =>
            cards.map((c) =>
              [...c.querySelectorAll('img.thumb')]
                .filter((i) => getComputedStyle(i).display !== 'none')
                .map((i) => i.getAttribute('src') ?? ''),
            ),
          );
      })();
    for (const [scheme, theme, dark] of [
      ['dark', null, true],
      ['light', 'dark', true],
      ['dark', 'light', false],
      ['light', null, false],
    ] as const) {
      const cards = await withContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme }, (ctx) => shown(ctx, theme));
      expect(cards.length).toBeGreaterThanOrEqual(15);
      for (const imgs of cards) {
        expect(imgs, `${scheme} scheme, data-theme ${theme}`).toHaveLength(1);
        expect(imgs[0].endsWith('-dark.jpg'), `${scheme} scheme, data-theme ${theme}: ${imgs[0]}`).toBe(dark);
      }
    }
  });

  it('search skips formulas and widget readouts (walkthrough finding 30) and finds widget pages', async () => {
    const html = readFileSync(join(DIST, CHAPTERS[0], 'index.html'), 'utf8');
    const formulas = html.match(/<span class="katex"[^>]*>/g) ?? [];
    expect(formulas.length).toBeGreaterThan(0);
    expect(formulas.filter((f) => !f.includes('data-pagefind-ignore="all"'))).toEqual([]);
    const bodies = html.match(/<div class="figure-body"[^>]*>/g) ?? [];
    expect(bodies.filter((b) => !b.includes('data-pagefind-ignore="all"'))).toEqual([]);
    await withContext({ viewport: { width: 1280, height: 800 } }, async (ctx) => {
      const { page } = await openPage(ctx, `${server.url}/search/?q=gallery`, server.url);
      await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 30_000 });
      const hrefs = await page.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs.some((h) => h?.includes('/widgets/dataset-gallery/'))).toBe(true);
    });
  });

  it('search does not answer a word that is nowhere in the book with pages holding its first letter (finding 30)', async () => {
    await withContext({ viewport: { width: 1280, height: 800 } }, async (ctx) => {
      const { page, problems } = await openPage(ctx, `${server.url}/search/?q=xyzzy`, server.url);
      const message = page.locator('.pagefind-ui__message');
      await expect.poll(async () => (await message.allTextContents()).join(' '), { timeout: 30_000 }).toMatch(/No results for xyzzy/);
      expect(await page.locator('.pagefind-ui__result-link').count()).toBe(0);
      // the filter keeps real matches, stemmed ones included: "fluxes" finds the page that says "flux"
      await page.fill('.pagefind-ui__search-input', 'fluxes');
      await page.locator('.pagefind-ui__result-link').first().waitFor({ timeout: 30_000 });
      const hrefs = await page.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      expect(hrefs.some((h) => h?.includes('/chapters/continuous-flows/'))).toBe(true);
      expect(problems.consoleErrors).toEqual([]);
      expect(problems.offOrigin).toEqual([]);
    });
  });

  for (const path of CHAPTERS) {
    it(`${path}: ≤ 60 KB gzip of JS before any widget is visible`, async () => {
      await withContext({ viewport: { width: 1280, height: 200 } }, async (ctx) => {
        const page = await ctx.newPage();
        const scripts = new Set<string>();
        page.on('request', (r) => {
          if (r.resourceType() === 'script' || /\.m?js(\?|$)/.test(r.url())) scripts.add(new URL(r.url()).pathname);
        });
        await page.goto(server.url + path, { waitUntil: 'load' });
        await page.waitForTimeout(1500);
        const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? ''));
        const preloads = await page.evaluate(() =>
          [...document.querySelectorAll('link[rel="modulepreload"]')].map((l) => new URL((l as HTMLLinkElement).href).pathname),
        );
        for (const p of preloads) scripts.add(p);
        let total = 0;
        const parts: string[] = [];
        for (const p of scripts) {
          const file = join(DIST, decodeURIComponent(p));
          const size = gzipSync(readFileSync(file)).length;
          total += size;
          parts.push(`${p}: ${size}`);
        }
        const inlineSize = gzipSync(Buffer.from(inline.join('\n'))).length;
        total += inlineSize;
        parts.push(`inline: ${inlineSize}`);
        expect(total, parts.join(', ')).toBeLessThanOrEqual(JS_BUDGET_GZIP);
      });
    });
  }
});
