/**
 * Every backend (issue 18), in Chromium, on the training engine (train-cfm: src/lib/engine/train, the
 * backend choice of src/lib/nn/backend.ts that every engine shares):
 *
 * - each backend this machine has (WebGPU and WebGL on SwiftShader, wasm, cpu), forced with
 *   `?backend=`, trains and is named by the widget;
 * - left to choose, the engine skips the software WebGPU adapter and WebGL renderer (and says so)
 *   and takes the fastest of wasm and cpu in calibration;
 * - a forced failure: WebGPU absent from the browser, the wasm binaries missing (404): the engine
 *   says "<name> was requested but failed its check" and falls back to the next that works, down
 *   to cpu, and still trains;
 * - no `Worker` (removed before any script): the engine runs on the main thread, on wasm. Before the
 *   fix in backend.ts (`wasmFiles`) the main-thread runner got no wasm file URLs, wasm "failed its
 *   check" and the engine fell back to cpu.
 *
 * Tiny settings throughout (SwiftShader's WebGPU is ~25× slower than wasm). `BACKEND_AUDIT=all`
 * additionally runs every widget page of the build without WebGPU/WebGL and without Worker (slow:
 * not in `npm test`).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, DIST, serveDist, type SiteServer } from './harness.ts';
import { pressCompute, SMALL } from './widget-compute.ts';

const TINY = 'train-cfm.batch=16&train-cfm.width=8&train-cfm.depth=1&train-cfm.samples=50&train-cfm.nfe=2&train-cfm.stepsPerFrame=1';
// No WebGPU at all: the flag that enables it on Linux removed, and Blink's navigator.gpu switched off.
const WITHOUT_WEBGPU = [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'), '--disable-blink-features=WebGPU'];
// No WebGL for the audit: --disable-webgl(2) only reach documents (a worker's OffscreenCanvas still
// has WebGL2); --disable-3d-apis is meant to block it for the whole browser.
const WITHOUT_GPU = [...WITHOUT_WEBGPU, '--disable-webgl', '--disable-webgl2', '--disable-3d-apis'];

let server: SiteServer | undefined;
beforeAll(async () => {
  server = await serveDist();
});
afterAll(async () => {
  await server?.close();
});

const rows: string[] = [];
afterAll(() => console.log(`backend matrix (condition | backend line):\n${rows.join('\n')}`));

interface Run {
  query?: string;
  noWorker?: boolean;
  /** Something to do to the context first (block the wasm binaries). */
  prepare?: (ctx: BrowserContext) => Promise<unknown>;
}

/** Opens train-cfm with tiny settings, presses Train, waits for a step; returns the backend line. */
async function train(browser: Browser, run: Run): Promise<{ line: string; page: Page; ctx: BrowserContext }> {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 800 }, serviceWorkers: 'block' });
  await run.prepare?.(ctx);
  if (run.noWorker) await ctx.addInitScript(() => delete (window as { Worker?: unknown }).Worker);
  const page = await ctx.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server!.url}/widgets/train-cfm/?${TINY}${run.query ? `&${run.query}` : ''}`, { waitUntil: 'load' });
  await page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).first().click();
  await expect.poll(async () => Number(await page.getByTestId('step').textContent()), { timeout: 90_000 }).toBeGreaterThan(0);
  const line = ((await page.getByTestId('backend').textContent()) ?? '').replace(/\s+/g, ' ');
  expect(await page.locator('[data-widget=train-cfm] [role=alert]').count()).toBe(0);
  expect(errors).toEqual([]);
  return { line, page, ctx };
}

/** The backend named at the start of the line ("Backend: wasm in a worker — …"). */
const named = (line: string) => /^Backend: (webgpu|webgl|wasm|cpu)\b/.exec(line)?.[1] ?? null;

describe('a browser with WebGPU and WebGL (both SwiftShader here)', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(['webgpu', 'webgl', 'wasm', 'cpu'])('?backend=%s trains and the widget names it', async (name) => {
    const { line, ctx } = await train(browser!, { query: `backend=${name}` });
    rows.push(`forced ${name} | ${line}`);
    expect(named(line)).toBe(name);
    expect(line).toMatch(/in a worker — forced by \?backend=/);
    // A software GPU is named as such.
    if (name === 'webgpu' || name === 'webgl') expect(line).toContain(`${name} (software)`);
    await ctx.close();
  });

  it('left to choose: the software GPU backends are skipped with a reason, the fastest of wasm and cpu is taken', async () => {
    const { line, ctx } = await train(browser!, {});
    rows.push(`auto | ${line}`);
    expect(['wasm', 'cpu']).toContain(named(line));
    expect(line).toMatch(/fastest in calibration \((wasm|cpu) [\d.]+ ms, (wasm|cpu) [\d.]+ ms\)/);
    expect(line).toMatch(/WebGPU adapter is a software fallback/);
    expect(line).toMatch(/WebGL renderer is software/);
    await ctx.close();
  });

  it('the wasm binaries missing (404): wasm fails its check and the engine falls back to cpu', async () => {
    const { line, ctx } = await train(browser!, {
      query: 'backend=wasm',
      prepare: (c) => c.route('**/*.wasm', (r) => r.fulfill({ status: 404, body: 'gone' })),
    });
    rows.push(`wasm binaries 404 | ${line}`);
    expect(named(line)).toBe('cpu');
    expect(line).toMatch(/wasm was requested but failed its check; .*wasm failed its check/);
    await ctx.close();
  });

  it('without Worker the engine runs on the main thread, on wasm (it used to fail its check there)', async () => {
    const { line, page, ctx } = await train(browser!, { query: 'backend=wasm', noWorker: true });
    rows.push(`no Worker, wasm | ${line}`);
    expect(line).not.toMatch(/failed its check/);
    expect(named(line)).toBe('wasm');
    expect(line).toMatch(/wasm in the page/);
    expect(await page.evaluate(() => typeof (window as { Worker?: unknown }).Worker)).toBe('undefined');
    await ctx.close();
  });
});

describe('a browser without WebGPU', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: WITHOUT_WEBGPU });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('?backend=webgpu fails its check and the engine falls back, saying why', async () => {
    const { line, ctx } = await train(browser!, { query: 'backend=webgpu' });
    rows.push(`no WebGPU, forced webgpu | ${line}`);
    expect(['wasm', 'cpu']).toContain(named(line));
    expect(line).toContain('webgpu was requested but failed its check');
    expect(line).toMatch(/no WebGPU (in this browser|adapter)/);
    await ctx.close();
  });
});

// `BACKEND_AUDIT=all`: every widget page, without WebGPU/WebGL and without Worker.
const AUDIT = process.env.BACKEND_AUDIT === 'all';
const WIDGETS = AUDIT
  ? readdirSync(join(DIST, 'widgets'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(DIST, 'widgets', e.name, 'index.html')))
      .map((e) => e.name)
      .sort()
  : [];
describe.skipIf(!AUDIT).each([
  { name: 'no WebGPU, no WebGL', args: WITHOUT_GPU, noWorker: false },
  { name: 'no Worker', args: CHROMIUM_ARGS, noWorker: true },
])('audit, $name', ({ args, noWorker }) => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
  });
  afterAll(async () => {
    await browser?.close();
  });
  it.each(WIDGETS)('%s works and names its backend', { timeout: 300_000 }, async (widget) => {
    const ctx = await browser!.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block' });
    try {
      if (noWorker) await ctx.addInitScript(() => delete (window as { Worker?: unknown }).Worker);
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${server!.url}/widgets/${widget}/${SMALL[widget] ? `?${SMALL[widget]}` : ''}`, { waitUntil: 'load' });
      await page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
      const { backend } = await pressCompute(page, widget, ['train-cfm', 'cifar-sampler'].includes(widget));
      const line = (await page.locator('main [data-testid=backend]').allTextContents()).join(' ').replace(/\s+/g, ' ');
      rows.push(`audit ${noWorker ? 'no Worker' : 'no GPU'} | ${widget} | ${backend ?? 'no TF.js'} | ${line}`);
      if (backend) expect(['wasm', 'cpu']).toContain(backend);
      expect(line).not.toMatch(/wasm failed its check/);
      expect(await page.locator('main [role=alert]').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });
});
