/**
 * Social-card previews (1200 × 630 JPEG) and gallery thumbnails (400 × 210) from the built site, in
 * headless Chromium, light theme: public/previews/widgets/<slug>.jpg (the widget as its page shows
 * it, hydrated), public/previews/chapters/<slug>.jpg (the chapter's first figure, else its opening),
 * public/previews/book.jpg (the contents page), and public/previews/thumbs/<slug>.jpg for /widgets/,
 * with public/previews/thumbs/<slug>-dark.jpg from the dark theme for the gallery in dark mode.
 * Committed, so a build needs no browser; rerun after a widget's look changes:
 *
 *   npm run build && node scripts/preview-images.ts [dist] [--only slug,slug]
 *
 * `--only` re-shoots just the named widgets (card and thumbnail) and leaves every other image alone.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, serveDist } from '../test/e2e/harness.ts';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set(args.splice(onlyAt, 2)[1]?.split(',') ?? []) : null;
const dist = resolve(args[0] ?? 'dist');
const out = resolve('public/previews');
for (const d of ['widgets', 'chapters', 'thumbs']) mkdirSync(join(out, d), { recursive: true });
const server = await serveDist(dist);
const browser = await launchBrowser();
const context = await browser.newContext({ viewport: { width: 1200, height: 630 }, colorScheme: 'light', reducedMotion: 'reduce' });
const dirs = (p: string) =>
  readdirSync(join(dist, p), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);

/**
 * Widgets whose page, as first shown, has little to picture: what to open and do before the shot.
 * The benchmark is a paragraph and a button until it has run; its picture is its table of results.
 */
const PREPARE: Record<string, { query: string; run: (page: Page) => Promise<unknown> }> = {
  'train-cfm-bench': {
    query: '?backend=wasm',
    run: (page) =>
      page.evaluate(() =>
        (window as unknown as { __cfmBench: (o: { seconds: number; builders: 'auto' }) => Promise<unknown> }).__cfmBench({
          seconds: 3,
          builders: 'auto',
        }),
      ),
  },
};

/**
 * Scrolls `selector` (when present) to the top, lets its island hydrate and draw, and shoots the
 * viewport (into `file` if given). A widget host is at least a screen tall for the shot, so a short
 * widget is pictured from its top too, not the page around it (its heading and footer).
 */
async function shoot(
  page: Page,
  path: string,
  selector: string | null,
  file: string | null,
  prepare?: (p: Page) => Promise<unknown>,
): Promise<Buffer> {
  await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  await page.addStyleTag({
    content:
      'html{scroll-behavior:auto!important} .site-header{display:none} .widget-host{min-height:100vh} .widget-page > .lede{margin-bottom:3rem}',
  });
  if (selector && (await page.locator(selector).count())) {
    await page
      .locator(selector)
      .first()
      // scrollIntoView, not a scroll to the measured box: inside a chapter section the browser has not
      // laid out yet (content-visibility) that box is the placeholder's, not the element's.
      .evaluate((el) => {
        el.scrollIntoView({ block: 'start' });
        window.scrollBy(0, -16);
      });
    await page
      .waitForFunction(
        () =>
          [...document.querySelectorAll('astro-island')].every(
            (i) => !i.hasAttribute('ssr') || i.getBoundingClientRect().top > innerHeight,
          ),
        undefined,
        { timeout: 30_000 },
      )
      .catch(() => {});
    await page.waitForTimeout(2500);
    if (prepare) {
      await page.waitForFunction(() => document.documentElement.dataset.benchReady === '1', undefined, { timeout: 60_000 });
      await prepare(page);
      await page.waitForTimeout(500);
    }
  }
  const jpeg = await page.screenshot({ type: 'jpeg', quality: 72 });
  if (file) writeFileSync(file, jpeg);
  return jpeg;
}

const page = await context.newPage();
const dark = await (
  await browser.newContext({ viewport: { width: 1200, height: 630 }, colorScheme: 'dark', reducedMotion: 'reduce' })
).newPage();
const thumb = await context.newPage();
async function thumbnail(jpeg: Buffer, file: string) {
  const data = await thumb.evaluate(
    async (src) => {
      const img = new Image();
      img.src = src;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = 400;
      c.height = 210;
      c.getContext('2d')!.drawImage(img, 0, 0, 400, 210);
      return c.toDataURL('image/jpeg', 0.8);
    },
    `data:image/jpeg;base64,${jpeg.toString('base64')}`,
  );
  writeFileSync(file, Buffer.from(data.split(',')[1], 'base64'));
}
for (const slug of dirs('widgets').filter((s) => !only || only.has(s))) {
  const path = `/widgets/${slug}/${PREPARE[slug]?.query ?? ''}`;
  const jpeg = await shoot(page, path, '.widget-host', join(out, 'widgets', `${slug}.jpg`), PREPARE[slug]?.run);
  await thumbnail(jpeg, join(out, 'thumbs', `${slug}.jpg`));
  await thumbnail(await shoot(dark, path, '.widget-host', null, PREPARE[slug]?.run), join(out, 'thumbs', `${slug}-dark.jpg`));
  console.log(`widget ${slug}`);
}
for (const slug of only ? [] : dirs('chapters')) {
  await shoot(page, `/chapters/${slug}/`, '.figure:has(astro-island, img, svg)', join(out, 'chapters', `${slug}.jpg`));
  console.log(`chapter ${slug}`);
}
if (!only) await shoot(page, '/', null, join(out, 'book.jpg'));
await browser.close();
await server.close();
