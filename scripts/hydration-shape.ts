/**
 * Does a widget keep its shape when it hydrates? Opens every standalone widget page of the built site
 * twice at 360 px and 1280 px: once with scripts off (the server's HTML, what a reader sees until the
 * island hydrates) and once with scripts on, 4 s after the island hydrated. Compares the boxes of the
 * widget's block elements, matched by their place in the tree, down to `--depth` levels (3), and
 * prints each whose height or width changed by more than `--tolerance` px (4), in document order. The
 * e2e test hydration-shape.test.ts checks the same two levels deep on every build. A
 * widget that changes shape here shifts the text around it when it hydrates in a chapter. Builds
 * nothing: run `npm run build` first.
 *
 *   node scripts/hydration-shape.ts [dist] [--only name,name] [--depth 3] [--tolerance 4]
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, serveDist } from '../test/e2e/harness.ts';
import { sizeChanges, widgetBoxes, type Box } from '../test/e2e/widget-shape.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const only = option('--only') ? new Set(option('--only')!.split(',')) : null;
const depth = Number(option('--depth') ?? 3);
const tolerance = Number(option('--tolerance') ?? 4);
const dist = resolve(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? 'dist');
const names = readdirSync(join(dist, 'widgets'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && (!only || only.has(d.name)))
  .map((d) => d.name)
  .sort();

async function boxes(browser: Browser, url: string, width: number, scripts: boolean): Promise<Box[]> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    isMobile: width < 740,
    hasTouch: width < 740,
    javaScriptEnabled: scripts,
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  if (scripts) {
    await page
      .waitForFunction(() => !document.querySelector('astro-island[ssr]'), null, { timeout: 30_000 })
      .catch(() => console.log(`  ${url}: not hydrated after 30 s`));
    await page.waitForTimeout(4000);
  }
  const found = await widgetBoxes(page, depth);
  await context.close();
  return found;
}

const server = await serveDist(dist);
const browser = await launchBrowser();
let changed = 0;
try {
  for (const name of names) {
    for (const width of [360, 1280]) {
      const url = `${server.url}/widgets/${name}/`;
      const before = await boxes(browser, url, width, false);
      const after = await boxes(browser, url, width, true);
      const moved = sizeChanges(before, after, tolerance).map((m) => `    ${m}`);
      const keys = new Set(after.map((b) => b.key));
      const missing = before.filter((b) => !keys.has(b.key)).length;
      console.log(
        `${name.padEnd(22)} ${String(width).padStart(5)} px  ${moved.length ? `${moved.length} changed` : 'same'}${missing ? ` (${missing} server elements not matched)` : ''}`,
      );
      for (const m of moved.slice(0, 14)) console.log(m);
      if (moved.length) changed++;
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`${changed} widget-width pairs change shape`);
