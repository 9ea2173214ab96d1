/**
 * `npm run main-thread`: the page thread's work while pages load, measured as CPU time, the way to
 * compare two builds on a busy machine. Not part of `npm test`; builds nothing.
 *
 * Lighthouse's mobile score (scripts/lighthouse.ts) simulates a phone by multiplying the wall-clock
 * length of each main-thread task by 4 and counting what exceeds 50 ms as blocking. On this 2-core
 * machine the wall-clock lengths of one page's tasks vary by a factor of 2 to 3 from load to load
 * (Chromium's own processes, and anything else, take the cores), so one audit cannot tell a 50 ms
 * change. This script reads the same tasks from a Chromium trace (top-level `RunTask` events of the
 * renderer's main thread, phone-sized viewport, no throttling) but takes each task's thread CPU
 * time, which waiting for a core does not lengthen, and reports per page and build, as medians over
 * the runs: the longest task × 4, blocking time Σ max(0, 4·cpu − 50) over the tasks of the first
 * seconds, and the thread's CPU time in all. Runs of the two builds alternate.
 *
 * It measures work, not what Lighthouse will score: handing widgets their first palette in the next
 * animation frame shortened the median longest task here on 17 of 19 widget pages, while in
 * interleaved Lighthouse runs theorem1-explorer scored lower in 6 of 6 rounds and
 * continuity-equation in 5 of 6, and the change was reverted. Use it to find and size work on the
 * page thread; confirm a change with interleaved Lighthouse runs.
 *
 *   npm run main-thread -- --pages /widgets/gaussian-field/,/widgets/theorem1 [--runs 5]
 *   npm run main-thread -- --pages /widgets/ --against /path/to/other/dist   A/B, interleaved
 *   --wait 3000   how long after the load event each page is traced (ms)
 *   --chromium /usr/bin/chromium   the browser
 *
 * CFM_DIST (default dist/) is the build measured, served as a static host serves it.
 */
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { serveStatic } from './static-host.ts';
import { pagesMatching, sitePages } from './site-pages.ts';

const ROOT = resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: {
    pages: { type: 'string' },
    against: { type: 'string' },
    runs: { type: 'string', default: '5' },
    wait: { type: 'string', default: '3000' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
const builds = [resolve(process.env.CFM_DIST ?? join(ROOT, 'dist')), ...(values.against ? [resolve(values.against)] : [])];
const runs = Math.max(1, Math.floor(Number(values.runs)) || 5);
const wait = Math.max(0, Number(values.wait) || 0);
/** Lighthouse's mobile preset: simulated CPU slowdown, and the task length above which a task blocks. */
const SLOWDOWN = 4;
const BLOCKING_MS = 50;

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}
interface Load {
  longest: number;
  blocking: number;
  cpu: number;
}

/** One load of `url`: the renderer main thread's top-level tasks, as CPU milliseconds. */
async function measure(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (d) => {
      for (const e of d.value as unknown as TraceEvent[]) events.push(e);
    });
    const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
      transferMode: 'ReportEvents',
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(wait);
    await cdp.send('Tracing.end');
    await complete;
    const mainThreads = new Set(
      events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
    );
    const perThread = new Map<string, number[]>();
    for (const e of events) {
      const key = `${e.pid}:${e.tid}`;
      if (e.name !== 'RunTask' || e.ph !== 'X' || !mainThreads.has(key)) continue;
      const list = perThread.get(key) ?? [];
      list.push((e.tdur ?? e.dur ?? 0) / 1000);
      perThread.set(key, list);
    }
    // The page's renderer is the main thread with the most tasks (about:blank's has a handful).
    const tasks = [...perThread.values()].reduce((a, b) => (b.length > a.length ? b : a), []);
    return {
      longest: SLOWDOWN * Math.max(0, ...tasks),
      blocking: tasks.reduce((s, ms) => s + Math.max(0, SLOWDOWN * ms - BLOCKING_MS), 0),
      cpu: tasks.reduce((s, ms) => s + ms, 0),
    };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const spread = (xs: number[]) => `${Math.round(Math.min(...xs))}–${Math.round(Math.max(...xs))}`;

const pages = pagesMatching(sitePages(builds[0]), values.pages);
if (!pages.length) throw new Error('no pages chosen');
const hosts = await Promise.all(builds.map((dir) => serveStatic(dir)));
const browser = await chromium.launch({ executablePath: values.chromium, args: ['--no-sandbox'] });
console.log(
  `Main-thread CPU while loading (${runs} run(s) per page and build, traced ${wait} ms after load; ×${SLOWDOWN} as Lighthouse's mobile preset)`,
);
console.log(`${'page'.padEnd(40)}${'build'.padEnd(10)}${'longest×4'.padStart(12)}${'blocking'.padStart(12)}${'cpu'.padStart(8)}   load`);
try {
  for (const page of pages) {
    const loads: Load[][] = builds.map(() => []);
    const before = loadavg()[0].toFixed(2);
    for (let r = 0; r < runs; r++) for (let b = 0; b < builds.length; b++) loads[b].push(await measure(browser, `${hosts[b].url}${page}`));
    const load = `${before}→${loadavg()[0].toFixed(2)}`;
    builds.forEach((dir, b) => {
      const l = loads[b];
      const longest = l.map((x) => x.longest);
      const blocking = l.map((x) => x.blocking);
      console.log(
        `${(b === 0 ? page : '').padEnd(40)}${(b === 0 ? 'this' : 'against').padEnd(10)}` +
          `${`${Math.round(median(longest))} ms`.padStart(12)}${`${Math.round(median(blocking))} ms`.padStart(12)}` +
          `${`${Math.round(median(l.map((x) => x.cpu)))} ms`.padStart(8)}   ${load}  (longest ${spread(longest)}, blocking ${spread(blocking)}; ${dir})`,
      );
    });
  }
} finally {
  await browser.close();
  for (const h of hosts) await h.close();
}
