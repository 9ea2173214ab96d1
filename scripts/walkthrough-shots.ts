/**
 * Screenshots for a reader's walkthrough: every page of the built site, screen by screen, as a
 * phone reader (360 × 740, touch) and a laptop reader (1280 × 900) see it, in light and dark. Each
 * page is first scrolled to the bottom so every widget hydrates, then shot from the top in
 * screen-sized steps. The screens are laid out on contact sheets, numbered, for a person to look at:
 *
 * - `full` sheets (the walkthrough's own pair: laptop light, phone dark) at full size,
 *   one laptop screen or four phone screens per sheet;
 * - `half` sheets (the other pair: laptop dark, phone light) at half size, four laptop screens or
 *   eight phone screens per sheet, enough to see a colour or layout that is wrong.
 *
 * Beside the sheets, `pages.json` records for each page and view: the screens, the console errors,
 * and the elements wider than the screen (what would scroll the page sideways). Builds nothing: run
 * `npm run build` first.
 *
 *   node scripts/walkthrough-shots.ts --out DIR [--dist dist] [--only path,path] [--views full,half]
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, serveDist } from '../test/e2e/harness.ts';

interface View {
  name: string;
  width: number;
  height: number;
  scheme: 'light' | 'dark';
  /** Screens per sheet, side by side (`columns`) and the sheet's scale. */
  columns: number;
  rows: number;
  scale: number;
  kind: 'full' | 'half';
}

const VIEWS: View[] = [
  { name: 'laptop-light', width: 1280, height: 900, scheme: 'light', columns: 1, rows: 1, scale: 1, kind: 'full' },
  { name: 'phone-dark', width: 360, height: 740, scheme: 'dark', columns: 4, rows: 1, scale: 1, kind: 'full' },
  { name: 'laptop-dark', width: 1280, height: 900, scheme: 'dark', columns: 2, rows: 2, scale: 0.5, kind: 'half' },
  { name: 'phone-light', width: 360, height: 740, scheme: 'light', columns: 8, rows: 1, scale: 0.5, kind: 'half' },
];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const out = resolve(option('out') ?? 'walkthrough-shots');
const dist = resolve(option('dist') ?? 'dist');
const only = option('only')?.split(',');
const kinds = new Set((option('views') ?? 'full,half').split(','));

/** Every page of the site: its index.html files, as paths (`/chapters/solvers/`). */
function pagesOf(root: string, dir = ''): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (entry.isDirectory() && !['_astro', 'pagefind', 'pagefind-strict', 'data', 'checkpoints', 'previews'].includes(entry.name))
      found.push(...pagesOf(root, join(dir, entry.name)));
    else if (entry.name === 'index.html') found.push(`/${dir ? `${dir}/` : ''}`);
  }
  return found.sort();
}

interface PageRecord {
  path: string;
  view: string;
  screens: number;
  sheets: string[];
  consoleErrors: string[];
  wideElements: string[];
}

async function shoot(browser: Browser, base: string, path: string, view: View): Promise<PageRecord> {
  const phone = view.width < 740;
  const context = await browser.newContext({
    viewport: { width: view.width, height: view.height },
    colorScheme: view.scheme,
    reducedMotion: 'no-preference',
    isMobile: phone,
    hasTouch: phone,
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text().slice(0, 300));
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message.slice(0, 300)}`));
  await page.goto(base + path, { waitUntil: 'load' });
  const total = async () => page.evaluate(() => document.documentElement.scrollHeight);
  // Pass 1: down to the bottom so each widget hydrates; the height may grow as it does.
  for (let y = 0; y < (await total()); y += view.height) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(350);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(500);
  const wideElements = await widerThanScreen(page);
  const tiles: Buffer[] = [];
  const height = await total();
  for (let y = 0; y < height; y += view.height) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(250);
    tiles.push(await page.screenshot({ scale: 'css' }));
  }
  await context.close();
  const sheets = await layOut(browser, tiles, view, path);
  return { path, view: view.name, screens: tiles.length, sheets, consoleErrors, wideElements };
}

/** Elements whose right edge passes the screen's (the page would scroll sideways), by selector. */
async function widerThanScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.right <= width + 1) continue;
      // Inside a scroller that clips it, the page does not move: skip.
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== 'visible') {
          clipped = true;
          break;
        }
      }
      if (clipped) continue;
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
      found.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(box.right)}`);
      if (found.length >= 12) break;
    }
    return found;
  });
}

/** Lays the screens out on numbered sheets and writes them; returns the file names. */
async function layOut(browser: Browser, tiles: Buffer[], view: View, path: string): Promise<string[]> {
  const perSheet = view.columns * view.rows;
  const w = Math.round(view.width * view.scale);
  const h = Math.round(view.height * view.scale);
  const gap = 8;
  const slug = path === '/' ? 'home' : path.replace(/^\/|\/$/g, '').replace(/\//g, '--');
  const page = await browser.newPage({ viewport: { width: view.columns * (w + gap) + gap, height: view.rows * (h + gap + 16) + gap } });
  const names: string[] = [];
  for (let first = 0; first < tiles.length; first += perSheet) {
    const cells = tiles
      .slice(first, first + perSheet)
      .map(
        (png, i) =>
          `<figure><figcaption>${first + i + 1}/${tiles.length}</figcaption><img src="data:image/png;base64,${png.toString('base64')}" width="${w}" height="${h}"></figure>`,
      )
      .join('');
    await page.setContent(
      `<style>body{margin:0;padding:${gap}px;background:#888;display:grid;grid-template-columns:repeat(${view.columns},${w}px);gap:${gap}px;font:12px sans-serif}figure{margin:0}figcaption{height:16px;color:#fff}img{display:block;outline:1px solid #000}</style>${cells}`,
    );
    const name = `${slug}.${view.name}.${String(first / perSheet + 1).padStart(2, '0')}.png`;
    await page.screenshot({ path: join(out, name), fullPage: true });
    names.push(name);
  }
  await page.close();
  return names;
}

mkdirSync(out, { recursive: true });
const server = await serveDist(dist);
const browser = await launchBrowser();
const records: PageRecord[] = [];
try {
  const paths = pagesOf(dist).filter((p) => !only || only.some((o) => p.includes(o)));
  for (const path of paths)
    for (const view of VIEWS.filter((v) => kinds.has(v.kind))) {
      const record = await shoot(browser, server.url, path, view);
      records.push(record);
      const notes = [
        record.consoleErrors.length ? `${record.consoleErrors.length} console errors` : '',
        record.wideElements.length ? `${record.wideElements.length} wide` : '',
      ]
        .filter(Boolean)
        .join(', ');
      console.log(`${view.name.padEnd(12)} ${path.padEnd(36)} ${String(record.screens).padStart(3)} screens ${notes}`);
      writeFileSync(join(out, 'pages.json'), JSON.stringify(records, null, 1));
    }
} finally {
  await browser.close();
  await server.close();
}
