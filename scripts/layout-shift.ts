/**
 * Layout shift and main-thread stalls of every chapter, as a reader meets them: each chapter of the
 * built site is opened at 360 px (phone) and 1280 px (laptop) and scrolled from top to bottom in
 * screen-sized steps, 300 ms apart, so every widget comes into view and hydrates. Prints one row per
 * chapter and width: the cumulative layout shift (CLS as Chrome reports it: the largest session window
 * of `layout-shift` entries without recent input, gaps < 1 s, windows ≤ 5 s), the sum of all shifts,
 * the longest main-thread task until the load event (the first layout of the chapter) and the longest
 * after it, while scrolling (widgets hydrating, sections laid out: walkthrough finding 32), and of that
 * the longest rendering work in one frame while scrolling (long-animation-frame entries: style,
 * layout and paint from the frame's first style and layout on, less the observer scripts run there,
 * plus the layouts scripts forced), which is what the sections' size decides and a widget's
 * hydration script does not. Builds nothing: run `npm run build` first.
 *
 *   node scripts/layout-shift.ts [dist] [--only slug,slug]
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { launchBrowser, serveDist } from '../test/e2e/harness.ts';

const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1].split(',')) : null;
const dist = resolve(args.find((a, i) => !a.startsWith('--') && i !== onlyAt + 1) ?? 'dist');
const WIDTHS = [360, 1280] as const;
const slugs = readdirSync(join(dist, 'chapters'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && (!only || only.has(d.name)))
  .map((d) => d.name)
  .sort();

interface Row {
  slug: string;
  width: number;
  cls: number;
  total: number;
  /** Longest main-thread task that started before the scrolling began, and after, in ms. */
  longestAtLoad: number;
  longestScrolling: number;
  /** Longest rendering work (style, layout, paint) of one animation frame while scrolling, in ms. */
  longestLayoutScrolling: number;
}

const server = await serveDist(dist);
const browser = await launchBrowser();
const rows: Row[] = [];
try {
  for (const width of WIDTHS) {
    const context = await browser.newContext({
      viewport: { width, height: width < 740 ? 740 : 900 },
      isMobile: width < 740,
      hasTouch: width < 740,
    });
    for (const slug of slugs) {
      const page = await context.newPage();
      // Observers registered before any of the page's scripts run, buffered from navigation start.
      await page.addInitScript(() => {
        const w = window as unknown as {
          __shifts: { t: number; v: number }[];
          __tasks: { t: number; d: number }[];
          __layouts: { t: number; d: number }[];
        };
        w.__shifts = [];
        w.__tasks = [];
        w.__layouts = [];
        type Frame = PerformanceEntry & {
          styleAndLayoutStart: number;
          scripts: { startTime: number; duration: number; forcedStyleAndLayoutDuration: number }[];
        };
        // The frame's rendering from its first style and layout to its end, less the scripts run
        // there (resize and intersection observers), plus the layouts scripts forced before it: the
        // browser's own style, layout and paint. A script after the start counts once, in its forced part.
        new PerformanceObserver((l) => {
          for (const e of l.getEntries() as Frame[]) {
            const start = e.styleAndLayoutStart;
            const rendering = start > 0 ? e.startTime + e.duration - start : 0;
            const scriptsIn = e.scripts.filter((x) => start > 0 && x.startTime >= start);
            const browser = rendering - scriptsIn.reduce((a, x) => a + x.duration - x.forcedStyleAndLayoutDuration, 0);
            const forcedBefore = e.scripts.filter((x) => !scriptsIn.includes(x)).reduce((a, x) => a + x.forcedStyleAndLayoutDuration, 0);
            w.__layouts.push({ t: e.startTime, d: browser + forcedBefore });
          }
        }).observe({ type: 'long-animation-frame', buffered: true });
        new PerformanceObserver((l) => {
          for (const e of l.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
            if (!e.hadRecentInput) w.__shifts.push({ t: e.startTime, v: e.value });
        }).observe({ type: 'layout-shift', buffered: true });
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) w.__tasks.push({ t: e.startTime, d: e.duration });
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(`${server.url}/chapters/${slug}/`, { waitUntil: 'load' });
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      const step = width < 740 ? 700 : 860;
      const scrollStart = await page.evaluate(() => performance.now());
      for (let y = 0; y <= height; y += step) {
        await page.evaluate((top) => window.scrollTo({ top, behavior: 'instant' }), y);
        await page.waitForTimeout(300);
      }
      await page.waitForTimeout(1500);
      const r = await page.evaluate((from) => {
        const w = window as unknown as {
          __shifts: { t: number; v: number }[];
          __tasks: { t: number; d: number }[];
          __layouts: { t: number; d: number }[];
        };
        let best = 0,
          cur = 0,
          start = -Infinity,
          last = -Infinity;
        for (const s of w.__shifts) {
          if (s.t - last > 1000 || s.t - start > 5000) {
            cur = 0;
            start = s.t;
          }
          cur += s.v;
          last = s.t;
          best = Math.max(best, cur);
        }
        const longest = (tasks: { d: number }[]) => tasks.reduce((a, k) => Math.max(a, k.d), 0);
        return {
          cls: best,
          total: w.__shifts.reduce((a, s) => a + s.v, 0),
          longestAtLoad: longest(w.__tasks.filter((k) => k.t < from)),
          longestScrolling: longest(w.__tasks.filter((k) => k.t >= from)),
          longestLayoutScrolling: longest(w.__layouts.filter((k) => k.t >= from)),
        };
      }, scrollStart);
      rows.push({ slug, width, ...r });
      console.log(
        `${slug.padEnd(22)} ${String(width).padStart(5)} px  CLS ${r.cls.toFixed(3)}  (all shifts ${r.total.toFixed(3)})  longest task at load ${Math.round(r.longestAtLoad)} ms, scrolling ${Math.round(r.longestScrolling)} ms (rendering ${Math.round(r.longestLayoutScrolling)} ms)`,
      );
      await page.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(
  '\n| chapter | CLS 360 px | CLS 1280 px | longest task at load, 360 / 1280 (ms) | longest task scrolling, 360 / 1280 (ms) | longest rendering in a frame scrolling, 360 / 1280 (ms) |\n|---|---|---|---|---|---|',
);
for (const slug of slugs) {
  const a = rows.find((r) => r.slug === slug && r.width === 360)!;
  const b = rows.find((r) => r.slug === slug && r.width === 1280)!;
  const ms = (x: number) => Math.round(x);
  console.log(
    `| ${slug} | ${a.cls.toFixed(3)} | ${b.cls.toFixed(3)} | ${ms(a.longestAtLoad)} / ${ms(b.longestAtLoad)} | ${ms(a.longestScrolling)} / ${ms(b.longestScrolling)} | ${ms(a.longestLayoutScrolling)} / ${ms(b.longestLayoutScrolling)} |`,
  );
}
