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
 * - WebGL taken away inside the worker, where Chromium's flags do not reach (`stubGpu`: a stub in
 *   front of every module the site serves): absent (`getContext` answers null) with `?backend=webgl`,
 *   and present but failing (a "hardware" renderer whose shaders never compile) left to choose: the
 *   engine says why and trains on wasm or cpu.
 *
 * Tiny settings throughout (SwiftShader's WebGPU is ~25× slower than wasm).
 *
 * `npm run audit:backends` (`BACKEND_AUDIT=all`, not in `npm test`: ≈ 10 min) runs every widget page
 * of the build under each condition of `CONDITIONS`: without WebGPU (`?backend=webgpu`), without
 * WebGL in pages and workers (`?backend=webgl`), without both, with a failing WebGL, without
 * `Worker`, and with the checkpoints and data files missing. Each widget's compute control is
 * pressed; the page must throw nothing, the widget must show no alert (with files missing: only
 * inside the widget that needed them, and it must say something), TF.js must run on wasm or cpu in
 * the page or its workers (read from tfjs-core's engine there), and the widget must name it.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, DIST, serveDist, type SiteServer } from './harness.ts';
import { COMPUTE, pressCompute, SMALL } from './widget-compute.ts';

const TINY = 'train-cfm.batch=16&train-cfm.width=8&train-cfm.depth=1&train-cfm.samples=50&train-cfm.nfe=2&train-cfm.stepsPerFrame=1';
// No WebGPU at all: the flag that enables it on Linux removed, and Blink's navigator.gpu switched off.
const WITHOUT_WEBGPU = [...CHROMIUM_ARGS.filter((a) => a !== '--enable-unsafe-webgpu'), '--disable-blink-features=WebGPU'];
// No WebGL in documents. The flags do not reach a worker's OffscreenCanvas, which keeps its WebGL2:
// inside workers `stubGpu` takes it away.
const WITHOUT_WEBGL = [...CHROMIUM_ARGS, '--disable-webgl', '--disable-webgl2', '--disable-3d-apis'];
const WITHOUT_GPU = [...WITHOUT_WEBGPU, '--disable-webgl', '--disable-webgl2', '--disable-3d-apis'];

/**
 * What a browser's WebGL does, simulated where flags cannot reach (Playwright's init scripts run in
 * documents only, and Chromium keeps WebGL2 on a worker's OffscreenCanvas whatever the flags):
 * - `no-webgl`: `getContext('webgl'|'webgl2')` answers null, as in a browser without WebGL;
 * - `failing-webgl`: WebGL2 says it is a hardware GPU (so the engine trusts it) but no shader
 *   compiles, as with a broken driver: the backend fails to start and must be skipped.
 */
type GpuStub = 'no-webgl' | 'failing-webgl';
const STUB_BODY: Record<GpuStub, string> = {
  'no-webgl': `for (const C of [g.OffscreenCanvas, g.HTMLCanvasElement]) { if (!C) continue; const get = C.prototype.getContext;
    C.prototype.getContext = function (k, ...r) { return /webgl/i.test(String(k)) ? null : get.call(this, k, ...r); }; }`,
  'failing-webgl': `const P = g.WebGL2RenderingContext && g.WebGL2RenderingContext.prototype; if (P) { const gp = P.getParameter, sp = P.getShaderParameter;
    P.getParameter = function (p) { return p === 0x9246 ? 'ANGLE (Acme, Acme GPU 9000, OpenGL 4.6)' : gp.call(this, p); };
    P.getShaderParameter = function (s, p) { return p === this.COMPILE_STATUS ? false : sp.call(this, s, p); }; }`,
};
/**
 * Puts the stub in front of every module the site serves (`_astro/*.js`): modules are the first code
 * to run in the page and in every engine worker (module workers import them), and the backend is
 * chosen later, when the engine gets its first command.
 */
async function stubGpu(ctx: BrowserContext, kind: GpuStub): Promise<void> {
  const stub = `;(() => { const g = globalThis; if (g.__cfmGpuStub) return; g.__cfmGpuStub = ${JSON.stringify(kind)}; ${STUB_BODY[kind]} })();\n`;
  await ctx.route(/\/_astro\/[^/?#]+\.m?js([?#].*)?$/, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: stub + (await res.text()) });
  });
}

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
  stub?: GpuStub;
  /** Something to do to the context first (block the wasm binaries). */
  prepare?: (ctx: BrowserContext) => Promise<unknown>;
}

/** Opens train-cfm with tiny settings, presses Train, waits for a step; returns the backend line. */
async function train(browser: Browser, run: Run): Promise<{ line: string; page: Page; ctx: BrowserContext }> {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 800 }, serviceWorkers: 'block' });
  await run.prepare?.(ctx);
  if (run.stub) await stubGpu(ctx, run.stub);
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

describe('WebGL taken away inside the engine worker (stubbed: flags cannot reach a worker)', () => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: WITHOUT_WEBGL });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('no WebGL: ?backend=webgl fails its check and the engine falls back, saying why', async () => {
    const { line, page, ctx } = await train(browser!, { query: 'backend=webgl', stub: 'no-webgl' });
    rows.push(`no WebGL, forced webgl | ${line}`);
    // The stub reached the worker: TF.js there is not on WebGL.
    const inWorkers = await Promise.all(
      page.workers().map((w) => w.evaluate(() => (globalThis as { __cfmGpuStub?: string }).__cfmGpuStub ?? null)),
    );
    expect(inWorkers).toContain('no-webgl');
    expect(['wasm', 'cpu']).toContain(named(line));
    expect(line).toMatch(/webgl was requested but failed its check; .*no WebGL2/);
    await ctx.close();
  });

  it('a hardware WebGL whose shaders do not compile: left to choose, the engine skips it and says so', async () => {
    const { line, ctx } = await train(browser!, { stub: 'failing-webgl' });
    rows.push(`failing WebGL, auto | ${line}`);
    expect(['wasm', 'cpu']).toContain(named(line));
    expect(line).toMatch(/webgl failed its check/);
    expect(line).not.toMatch(/WebGL renderer is software/);
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

// `BACKEND_AUDIT=all` (`npm run audit:backends`): every widget page under every condition.
const AUDIT = process.env.BACKEND_AUDIT === 'all';
const WIDGETS = AUDIT
  ? readdirSync(join(DIST, 'widgets'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && existsSync(join(DIST, 'widgets', e.name, 'index.html')))
      .map((e) => e.name)
      .sort()
  : [];

interface Condition {
  name: string;
  args: string[];
  stub?: GpuStub;
  noWorker?: boolean;
  /** Added to every widget's query (`backend=webgl`: the engine must try the missing backend). */
  query?: string;
  /** What the engine's reason must say, where a widget shows the reason. */
  reason?: RegExp;
  /** Checkpoints and data files answer 404: a widget that needs them says so; nothing else breaks. */
  noFiles?: boolean;
}
const CONDITIONS: Condition[] = [
  {
    name: 'no WebGPU, ?backend=webgpu',
    args: WITHOUT_WEBGPU,
    query: 'backend=webgpu',
    reason: /webgpu was requested but failed its check/,
  },
  {
    name: 'no WebGL (pages and workers), ?backend=webgl',
    args: WITHOUT_WEBGL,
    stub: 'no-webgl',
    query: 'backend=webgl',
    reason: /webgl was requested but failed its check/,
  },
  { name: 'no WebGPU, no WebGL', args: WITHOUT_GPU, stub: 'no-webgl', reason: /no WebGPU (in this browser|adapter).*no WebGL2/ },
  { name: 'hardware WebGL failing its check', args: CHROMIUM_ARGS, stub: 'failing-webgl', reason: /webgl failed its check/ },
  { name: 'no Worker', args: CHROMIUM_ARGS, noWorker: true },
  { name: 'checkpoints and data missing (404)', args: CHROMIUM_ARGS, noFiles: true },
];

/**
 * Widgets whose TF.js engine runs only in a mode their defaults do not show: that mode (added to the
 * query) and the button that starts the engine (their first compute control is a closed-form one).
 */
const ENGINE_MODE: Record<string, { query: string; button: string }> = {
  'coupling-unmixing': { query: 'coupling-unmixing.field=network', button: 'Train a network' },
  playground: { query: 'playground.field=network&playground.width=16', button: 'Train' },
};

/** The backend TF.js runs on in the page and in each of its workers (tfjs-core's global engine). */
async function enginesBackends(page: Page): Promise<{ page: string[]; workers: string[] }> {
  const read = () => (globalThis as { _tfengine?: { backendName?: string } })._tfengine?.backendName ?? null;
  const inPage = await page.evaluate(read);
  const inWorkers = await Promise.all(page.workers().map((w) => w.evaluate(read).catch(() => null)));
  const names = (xs: (string | null)[]) => xs.filter((x): x is string => typeof x === 'string' && x !== '');
  return { page: names([inPage]), workers: names(inWorkers) };
}

describe.skipIf(!AUDIT).each(CONDITIONS)('audit, $name', (cond) => {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: cond.args });
  });
  afterAll(async () => {
    await browser?.close();
  });
  it.each(WIDGETS)('%s works and names its backend', { timeout: 300_000 }, async (widget) => {
    const ctx = await browser!.newContext({ viewport: { width: 1100, height: 900 }, serviceWorkers: 'block' });
    try {
      if (cond.noWorker) await ctx.addInitScript(() => delete (window as { Worker?: unknown }).Worker);
      if (cond.stub) await stubGpu(ctx, cond.stub);
      const missing: string[] = [];
      if (cond.noFiles)
        await ctx.route(/\/(checkpoints|data)\//, (r) => {
          missing.push(new URL(r.request().url()).pathname);
          return r.fulfill({ status: 404, body: 'gone' });
        });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      const mode = ENGINE_MODE[widget];
      const query = [cond.query, SMALL[widget], mode?.query].filter(Boolean).join('&');
      await page.goto(`${server!.url}/widgets/${widget}/${query ? `?${query}` : ''}`, { waitUntil: 'load' });
      await page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
      let said = true;
      if (cond.noFiles) {
        // Press the compute control when there is one (a widget may already say its files are missing).
        const control = page.locator('main').getByRole('button', { name: COMPUTE }).first();
        if ((await page.locator('main [role=alert]').count()) === 0 && (await control.count()) > 0) await control.click();
        await page.waitForTimeout(3000);
        if (missing.length)
          said = await page
            .locator('main [role=alert]')
            .first()
            .waitFor({ timeout: 60_000 })
            .then(
              () => true,
              () => false,
            );
      } else if (mode) {
        await page.locator('main').getByRole('button', { name: mode.button, exact: true }).first().click();
        await expect.poll(async () => Object.values(await enginesBackends(page)).flat().length, { timeout: 120_000 }).toBeGreaterThan(0);
      } else await pressCompute(page, widget, ['train-cfm', 'cifar-sampler'].includes(widget));
      // The backend TF.js settled on, in the page and its workers, once the widget names it (read too
      // early, tfjs-core's engine still carries the name of a backend that is being checked).
      let used = await enginesBackends(page);
      const settled = async () => {
        used = await enginesBackends(page);
        const shown = (await page.locator('main').innerText()).toLowerCase();
        const names = [...used.page, ...used.workers];
        return names.every((n) => shown.includes(n)) ? 'named' : `computes on ${names.join(', ')}, does not say so`;
      };
      if (!cond.noFiles && used.page.length + used.workers.length > 0)
        await expect.poll(settled, { timeout: 60_000, message: `${widget} names the backend it computes on` }).toBe('named');
      const all = [...used.page, ...used.workers];
      const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
      const alerts = (await page.locator('main [role=alert]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' '));
      rows.push(
        `audit ${cond.name} | ${widget} | engine ${all.length ? `${all.join(',')} (${used.workers.length ? 'worker' : 'page'})` : 'none'} | ${
          alerts.length ? `alert: ${alerts.join(' / ').slice(0, 200)}` : 'no alert'
        }${missing.length ? ` | 404: ${[...new Set(missing)].slice(0, 3).join(', ')}` : ''}`,
      );
      expect(errors, 'no uncaught error on the page').toEqual([]);
      expect(text).not.toMatch(/wasm failed its check/);
      if (cond.noFiles) {
        // A widget that needed a missing file says so inside itself; the page and its other parts work.
        expect(said, `${widget} asked for ${[...new Set(missing)].join(', ')} (404) and shows no message`).toBe(true);
        for (const a of await page.locator('main [role=alert]').all())
          expect(await a.evaluate((el) => el.closest('[data-widget]') !== null), `alert outside a widget: ${await a.innerText()}`).toBe(
            true,
          );
        return;
      }
      expect(alerts, 'no alert in the widget').toEqual([]);
      for (const name of all) expect(['wasm', 'cpu'], `${widget} computes on ${name}`).toContain(name);
      if (cond.noWorker) expect(used.workers, 'no engine in a worker without Worker').toEqual([]);
      if (cond.reason && all.length && /fastest in calibration/.test(text)) expect(text).toMatch(cond.reason);
    } finally {
      await ctx.close();
    }
  });
});
