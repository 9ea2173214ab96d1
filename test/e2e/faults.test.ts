/**
 * Faults (issue 18), on the built site with Playwright request interception: each gives the reader
 * a clear message in the widget while the rest of the page works, and a retry succeeds once the
 * fault is gone. The CIFAR sampler (one image, one NFE, wasm): a shard whose bytes do not match
 * their sha256, a truncated model.json, the network dropping in the middle of a shard, the worker
 * crashing mid-run (a 404 shard is in widget-cifar.test.ts); the closed-form engines of the
 * memorisation widget and the solver lab, and sde-vs-ode's training engine, crashing, then starting
 * afresh with the next run;
 * train-cfm: a NaN loss (learning rate at its maximum), with Reset as the way out, and its worker
 * crashing, with Retry as the way out. Each test prints the message the reader saw (the fault
 * table of the note). Service workers are blocked: Playwright cannot intercept what a
 * service worker fetches, and the offline reading's worker (test/e2e/offline.test.ts) is not under
 * test here.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Route } from 'playwright-core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DIST, openPage, useSite } from './harness.ts';

const site = useSite();
const SAMPLER = '/widgets/cifar-sampler/?backend=wasm&cifar-sampler.count=1&cifar-sampler.nfe=1';

/** The page around the widget still works: the theme toggle flips the theme. */
async function pageStillWorks(page: Page): Promise<void> {
  const before = await page.getAttribute('html', 'data-theme');
  await page.locator('[data-theme-toggle]').click();
  expect(await page.getAttribute('html', 'data-theme')).not.toBe(before);
}

/** Opens the sampler with `fault` installed, presses Generate, returns the alert's text; then lifts the fault, presses Retry and waits for images. */
async function samplerFault(what: string, install: (ctx: BrowserContext) => Promise<() => Promise<void>>): Promise<string> {
  const ctx = await site.browser.newContext({ serviceWorkers: 'block' });
  try {
    const lift = await install(ctx);
    const { page, problems } = await openPage(ctx, `${site.server.url}${SAMPLER}`, site.server.url);
    await page.waitForSelector('[data-widget=cifar-sampler][data-hydrated=true]');
    await page.getByRole('button', { name: 'Generate' }).click();
    const alert = page.locator('.cifar-sampler [role=alert]');
    await alert.waitFor({ timeout: 120_000 });
    const message = (await alert.locator('span').textContent()) ?? '';
    console.log(`[fault table] ${what} → ${message}`);
    expect(await page.getByRole('button', { name: 'Generate' }).isEnabled()).toBe(true);
    await pageStillWorks(page);
    await lift();
    await alert.getByRole('button', { name: 'Retry' }).click();
    await page.waitForSelector('[data-testid=timing][data-run="1"]', { timeout: 120_000 });
    expect(await page.$('.cifar-sampler [role=alert]')).toBeNull();
    expect(problems.pageErrors).toEqual([]);
    return message;
  } finally {
    await ctx.close();
  }
}

const SHARDS = '**/checkpoints/**/*.bin';

describe('CIFAR sampler faults', () => {
  it('a shard with the wrong sha256', async () => {
    const message = await samplerFault('shard with a wrong sha256', async (ctx) => {
      const corrupt = async (route: Route) => {
        const body = Buffer.from(await (await route.fetch()).body());
        body[body.length >> 1] ^= 0xff;
        await route.fulfill({ body, contentType: 'application/octet-stream' });
      };
      await ctx.route(SHARDS, corrupt);
      return () => ctx.unroute(SHARDS, corrupt);
    });
    expect(message).toMatch(/sha256/);
    expect(message).toMatch(/Retry/);
  });

  it('a truncated model.json', async () => {
    const message = await samplerFault('truncated model.json', async (ctx) => {
      const truncate = async (route: Route) => {
        const text = await (await route.fetch()).text();
        await route.fulfill({ body: text.slice(0, text.length >> 1), contentType: 'application/json' });
      };
      await ctx.route('**/checkpoints/**/model.json', truncate);
      return () => ctx.unroute('**/checkpoints/**/model.json', truncate);
    });
    expect(message).toMatch(/model\.json/);
  });

  it('the network dropping mid-download', async () => {
    const message = await samplerFault('network drops mid-download', async (ctx) => {
      // Half the shard arrives, then the connection ends short of its Content-Length.
      const drop = async (route: Route) => {
        const body = Buffer.from(await (await route.fetch()).body());
        await route.fulfill({
          body: body.subarray(0, body.length >> 1),
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(body.length) },
        });
      };
      await ctx.route(SHARDS, drop);
      return () => ctx.unroute(SHARDS, drop);
    });
    expect(message).toMatch(/Downloading the weights failed/);
  });

  it('the worker crashing mid-run', async () => {
    const message = await samplerFault('worker crashes mid-run', async (ctx) => {
      // The sampling worker's script, with a crash on its first `sample` command: an uncaught error,
      // then the worker closes itself (as after running out of memory), so the run never finishes.
      const crash = async (route: Route) => {
        const res = await route.fetch();
        const text = await res.text();
        if (!/unet/i.test(text)) return route.fulfill({ response: res, body: text });
        const prelude =
          "self.addEventListener('message',(e)=>{if(e.data&&e.data.type==='sample'){setTimeout(()=>{self.close();throw new Error('simulated worker crash')},0)}});\n";
        return route.fulfill({ response: res, body: prelude + text });
      };
      await ctx.route('**/_astro/worker-*.js', crash);
      return () => ctx.unroute('**/_astro/worker-*.js', crash);
    });
    expect(message).toMatch(/stopped|crash/i);
  });
});

describe('train-cfm faults', () => {
  it('a NaN loss: training stops with a message, Reset and a smaller step size train again', async () => {
    const ctx = await site.browser.newContext({ serviceWorkers: 'block' });
    try {
      const { page, problems } = await openPage(
        ctx,
        `${site.server.url}/widgets/train-cfm/?backend=wasm&train-cfm.lr=10&train-cfm.optimizer=adam&train-cfm.batch=16&train-cfm.width=8&train-cfm.samples=50`,
        site.server.url,
      );
      await page.waitForSelector('astro-island:not([ssr])');
      const w = page.locator('[data-widget="train-cfm"]');
      await w.getByRole('button', { name: 'Train', exact: true }).click();
      const alert = w.locator('[role=alert]', { hasText: 'diverged' });
      await alert.waitFor({ timeout: 120_000 });
      const message = (await alert.textContent()) ?? '';
      console.log(`[fault table] NaN loss (train-cfm) → ${message}`);
      expect(message).toMatch(/Training diverged: .*(NaN|loss)/i);
      await pageStillWorks(page);
      // The way out: a sane learning rate and Reset (fresh weights), then training runs.
      await page.locator('[data-widget="train-cfm"] [id$="-lr"]').evaluate((el) => {
        const input = el as HTMLInputElement;
        input.value = String(Math.log10(0.003)); // the slider is on a log scale
        input.dispatchEvent(new Event('input', { bubbles: true }));
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      await expect.poll(() => page.url()).not.toContain('train-cfm.lr=10');
      await alert.getByRole('button', { name: 'Reset' }).click();
      await w.getByRole('button', { name: 'Train', exact: true }).click();
      await expect.poll(async () => Number(await w.getByTestId('step').textContent()), { timeout: 60_000 }).toBeGreaterThan(20);
      expect(await w.locator('[role=alert]', { hasText: 'diverged' }).count()).toBe(0);
      expect(problems.pageErrors).toEqual([]);
    } finally {
      await ctx.close();
    }
  });

  it('the training worker crashing: training stops with a message, Retry trains in a fresh worker', async () => {
    // Step ×10 (while paused, after some training) crashes the worker; Train (a start) does not.
    await withCrashingWorker('**/_astro/worker-*.js', "c.type==='step'", async (ctx) => {
      const { page, problems } = await openPage(
        ctx,
        `${site.server.url}/widgets/train-cfm/?backend=wasm&train-cfm.batch=16&train-cfm.width=8&train-cfm.samples=50`,
        site.server.url,
      );
      await page.waitForSelector('astro-island:not([ssr])');
      const w = page.locator('[data-widget="train-cfm"]');
      await w.getByRole('button', { name: 'Train', exact: true }).click();
      await expect.poll(async () => Number(await w.getByTestId('step').textContent()), { timeout: 60_000 }).toBeGreaterThan(0);
      await w.getByRole('button', { name: 'Pause', exact: true }).click();
      await w.getByRole('button', { name: 'Step ×10' }).click();
      const alert = w.getByTestId('trainer-error');
      await alert.waitFor({ timeout: 120_000 });
      const message = (await alert.textContent()) ?? '';
      console.log(`[fault table] train-cfm worker crashes → ${message}`);
      expect(message).toMatch(/Training stopped: the training engine stopped/);
      await pageStillWorks(page);
      await alert.getByRole('button', { name: 'Retry' }).click();
      await expect.poll(async () => Number(await w.getByTestId('step').textContent()), { timeout: 60_000 }).toBeGreaterThan(20);
      expect(await alert.count()).toBe(0);
      expect(problems.pageErrors).toEqual([]);
    });
  }, 150_000);
});

/** Runs `body` in a fresh context whose worker scripts matching `glob` crash on `deadly` (crashOn). */
async function withCrashingWorker(glob: string, deadly: string, body: (ctx: BrowserContext) => Promise<void>): Promise<void> {
  const ctx = await site.browser.newContext({ serviceWorkers: 'block' });
  try {
    await crashOn(ctx, glob, deadly);
    await body(ctx);
  } finally {
    // A worker script still being fetched as the context closes must not fail the run.
    await ctx.unrouteAll({ behavior: 'ignoreErrors' });
    await ctx.close();
  }
}

/**
 * A worker script that crashes when `deadly` (a JS predicate on the command `c`, as source) holds for
 * a command it receives: an uncaught error, then the worker closes itself (as after running out of
 * memory). Not before the engine has said it is ready (a worker that fails earlier sends the engine
 * to the page, worker-client.ts: another path), so a command that arrives sooner crashes it once it
 * is. Installed on every worker script whose URL matches `glob`, so a fresh worker after the crash
 * gets it too; the test's next command is one the predicate lets through.
 */
async function crashOn(ctx: BrowserContext, glob: string, deadly: string): Promise<void> {
  await ctx.route(glob, async (route: Route) => {
    const res = await route.fetch();
    const prelude =
      `let ready=false;const post=self.postMessage.bind(self);` +
      `self.postMessage=(m,t)=>{if(m&&m.type==='ready')ready=true;return post(m,t)};` +
      `const crash=()=>{if(!ready)return setTimeout(crash,10);self.close();throw new Error('simulated worker crash')};` +
      `self.addEventListener('message',(e)=>{const c=e.data;if(c&&(${deadly}))setTimeout(crash,0)});\n`;
    await route.fulfill({ response: res, body: prelude + (await res.text()) });
  });
}

describe('closed-form engines after their worker crashed', () => {
  it('memorisation: the run fails with a message; the next run starts a fresh worker with the training images', async ({ skip }) => {
    if (!existsSync(resolve(DIST, 'data/cifar10-train-256.u8'))) skip(); // no training images: nothing is sampled
    await withCrashingWorker('**/_astro/memorisation-worker-*.js', "c.type==='sample'&&c.seed===1", async (ctx) => {
      const { page, problems } = await openPage(
        ctx,
        `${site.server.url}/widgets/memorisation/?memorisation.k=16&memorisation.steps=20`,
        site.server.url,
      );
      const root = page.locator('[data-widget=memorisation]');
      const alert = root.locator('[role=alert]', { hasText: 'stopped' });
      await alert.waitFor({ timeout: 60_000 });
      console.log(`[fault table] memorisation worker crashes → ${await alert.textContent()}`);
      await pageStillWorks(page);
      await root.getByRole('button', { name: 'New seed' }).click();
      await page.waitForSelector('[data-testid=cf-distances][data-count="8"][data-busy=false]', { timeout: 60_000 });
      const d = (await page.textContent('[data-testid=cf-distances]'))!.split(':').pop()!.split(',').map(Number);
      for (const x of d) expect(x).toBeLessThan(0.01); // training images: the fresh engine has them
      expect(await alert.count()).toBe(0);
      expect(page.workers().filter((w) => /memorisation-worker/.test(w.url()))).toHaveLength(1);
      expect(problems.pageErrors).toEqual([]);
    });
  }, 150_000);

  it('solver lab: the sweep fails with a message; a new solver computes the field again in a fresh worker', async () => {
    await withCrashingWorker('**/_astro/closed-form-worker-*.js', "c.type==='field'&&c.job.method==='euler'", async (ctx) => {
      const { page, problems } = await openPage(ctx, `${site.server.url}/widgets/solver-lab/`, site.server.url);
      const root = page.locator('[data-widget=solver-lab]');
      await root.scrollIntoViewIfNeeded();
      const alert = root.locator('[role=alert]', { hasText: 'stopped' });
      await alert.waitFor({ timeout: 60_000 });
      console.log(`[fault table] solver-lab closed-form worker crashes → ${await alert.textContent()}`);
      await pageStillWorks(page);
      await root.focus();
      await page.keyboard.press('4'); // RK4: a job for the crashed engine's field
      await expect.poll(() => root.getAttribute('data-sweep'), { timeout: 60_000 }).toBe('done');
      expect(await page.getByTestId('readout').textContent()).toMatch(/^RK4/);
      expect(await page.getByTestId('slope-rk4').textContent()).toMatch(/\d/);
      expect(await alert.count()).toBe(0);
      expect(problems.pageErrors).toEqual([]);
    });
  }, 150_000);
});

describe('training engines that start afresh after a crash', () => {
  it('sde-vs-ode: the run fails with a message; the next run trains in a fresh worker', async () => {
    // The default 600 training steps crash the worker; 100 do not.
    await withCrashingWorker('**/_astro/worker-*.js', "c.type==='run'&&c.request.trainSteps===600", async (ctx) => {
      const { page, problems } = await openPage(
        ctx,
        `${site.server.url}/widgets/sde-vs-ode/?backend=wasm&sde-vs-ode.nfe=5`,
        site.server.url,
      );
      const root = page.locator('[data-widget=sde-vs-ode]');
      await page.waitForSelector('[data-widget=sde-vs-ode][data-hydrated="true"]');
      await page.getByTestId('train').click();
      const alert = root.locator('[role=alert]', { hasText: 'stopped' });
      await alert.waitFor({ timeout: 120_000 });
      console.log(`[fault table] sde-vs-ode training worker crashes → ${await alert.textContent()}`);
      await pageStillWorks(page);
      await root.locator('[id$="-trainSteps"]').fill('100');
      await page.getByTestId('train').click();
      await expect.poll(async () => page.getByTestId('train-status').textContent(), { timeout: 200_000 }).toContain('Done');
      expect(await alert.count()).toBe(0);
      expect(problems.pageErrors).toEqual([]);
    });
  }, 300_000);
});
