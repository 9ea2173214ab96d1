/**
 * Engine workers that crash after they were ready (an uncaught error, then the worker closes itself,
 * as after running out of memory), on the built site: the widget says the engine stopped, the page
 * around it still works, and the reader's next action (Retry, a new run, a new seed or solver) runs
 * in a fresh worker. train-cfm, reproductions and coupling-unmixing (training engines), the
 * memorisation widget, the solver lab and the playground (closed-form engines), sde-vs-ode.
 * A worker that fails before it is ready sends its engine to the main thread instead (the backend
 * matrix's "no Worker" audit and worker-client.test.ts). Each test prints the message the reader saw
 * (the fault table of the note). Service workers are blocked, as in faults.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Route } from 'playwright-core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { DIST, openPage, pageStillWorks, useSite } from './harness.ts';
import { LAYER_FRAMES } from '../../src/lib/engine/playground/protocol.ts';

const site = useSite();
/** The TF.js engines' worker scripts (`worker-<hash>.js`; not the page's `worker-client.<hash>.js` chunk). */
const ENGINE_WORKER = /\/_astro\/worker-[\w-]+\.js$/;

describe('training engines', () => {
  it('train-cfm: training stops with a message, Retry trains in a fresh worker', async () => {
    // Step ×10 (while paused, after some training) crashes the worker; Train (a start) does not.
    await withCrashingWorker(ENGINE_WORKER, "c.type==='step'", async (ctx) => {
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

  it('reproductions: the session stops with a message, Retry runs it in a fresh worker', async () => {
    const tiny = 'n-8gaussians=false&moons-8gaussians=false&n-scurve=false&fm=false&rf=false&sb-cfm=false&steps=30&points=60&seed=3';
    await withCrashingWorker(
      ENGINE_WORKER,
      "c.type==='start'",
      async (ctx) => {
        const query = tiny.replace(/(^|&)/g, '$1reproductions.');
        const { page, problems } = await openPage(ctx, `${site.server.url}/widgets/reproductions/?backend=wasm&${query}`, site.server.url);
        const w = page.locator('[data-widget=reproductions]');
        await page.waitForSelector('astro-island:not([ssr])');
        await page.getByTestId('run').click();
        const alert = w.getByTestId('trainer-error');
        await alert.waitFor({ timeout: 120_000 });
        const message = (await alert.textContent()) ?? '';
        console.log(`[fault table] reproductions worker crashes → ${message}`);
        expect(message).toMatch(/Training stopped: the training engine stopped/);
        await pageStillWorks(page);
        await alert.getByRole('button', { name: 'Retry' }).click();
        await expect.poll(() => w.getAttribute('data-finished'), { timeout: 120_000 }).toBe('true');
        expect(await w.locator('tbody tr[data-method]').count()).toBe(2);
        expect(await alert.count()).toBe(0);
        expect(problems.pageErrors).toEqual([]);
      },
      'first',
    );
  }, 300_000);

  it('coupling-unmixing: training fails with a message, the next Train trains in a fresh worker', async () => {
    await withCrashingWorker(
      ENGINE_WORKER,
      "c.type==='train'",
      async (ctx) => {
        const { page, problems } = await openPage(
          ctx,
          `${site.server.url}/widgets/coupling-unmixing/?backend=wasm&coupling-unmixing.field=network`,
          site.server.url,
        );
        const w = page.locator('[data-widget=coupling-unmixing]');
        await page.waitForSelector('astro-island:not([ssr])');
        await w.getByRole('button', { name: 'Train a network' }).click();
        const note = w.locator('[role=status]', { hasText: 'stopped' });
        await note.waitFor({ timeout: 120_000 });
        const message = (await note.textContent()) ?? '';
        console.log(`[fault table] coupling-unmixing worker crashes → ${message}`);
        expect(message).toMatch(/Training failed: the training engine stopped/);
        await pageStillWorks(page);
        await w.getByRole('button', { name: 'Train a network' }).click();
        await expect.poll(() => note.count()).toBe(0); // the next Train clears the message
        await w.getByText(/Field: the trained network \(step \d+\)/).waitFor({ timeout: 240_000 });
        expect(page.workers().filter((x) => /\/worker-/.test(x.url()))).toHaveLength(1);
        expect(problems.pageErrors).toEqual([]);
      },
      'first',
    );
  }, 300_000);

  it('sde-vs-ode: the run fails with a message; the next run trains in a fresh worker', async () => {
    // The default 600 training steps crash the worker; 100 do not.
    await withCrashingWorker(ENGINE_WORKER, "c.type==='run'&&c.request.trainSteps===600", async (ctx) => {
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

describe('closed-form engines', () => {
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

  it('playground: the scene fails with a message, Retry computes it in a fresh worker', async () => {
    await withCrashingWorker(
      '**/_astro/scene-worker-*.js',
      "c.type==='scene'",
      async (ctx) => {
        const { page, problems } = await openPage(
          ctx,
          `${site.server.url}/widgets/playground/?playground.n=16&playground.particles=100&playground.steps=10`,
          site.server.url,
        );
        const w = page.locator('[data-widget=playground]');
        const note = w.locator('.engine-note', { hasText: 'stopped' });
        await note.waitFor({ timeout: 60_000 });
        const message = (await note.textContent()) ?? '';
        console.log(`[fault table] playground scene worker crashes → ${message}`);
        expect(message).toMatch(/The closed form could not be computed: the closed-form engine stopped/);
        await pageStillWorks(page);
        await w.getByRole('button', { name: 'Retry' }).click();
        // The crashed engine had sent the scene but not its layer frames (filled after it, in slices).
        await expect.poll(() => w.getAttribute('data-layers'), { timeout: 60_000 }).toBe(String(LAYER_FRAMES));
        expect(await note.count()).toBe(0);
        expect(await w.getByRole('button', { name: 'Retry' }).count()).toBe(0);
        expect(page.workers().filter((x) => /scene-worker/.test(x.url()))).toHaveLength(1);
        expect(problems.pageErrors).toEqual([]);
      },
      'first',
    );
  }, 150_000);
});

/** Runs `body` in a fresh context whose worker scripts matching `glob` (a glob or a pattern) crash on `deadly` (crashOn). */
async function withCrashingWorker(
  glob: string | RegExp,
  deadly: string,
  body: (ctx: BrowserContext) => Promise<void>,
  workers: 'every' | 'first' = 'every',
): Promise<void> {
  const ctx = await site.browser.newContext({ serviceWorkers: 'block' });
  try {
    await crashOn(ctx, glob, deadly, workers);
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
 * is. Installed on every worker script whose URL matches `glob` (`every`), so a fresh worker after
 * the crash gets it too and the test's next command is one the predicate lets through; or on the
 * first such script only (`first`: a retry of the same command must succeed in a fresh worker;
 * routing turns Chromium's HTTP cache off, so that worker's script is fetched again and passes).
 */
async function crashOn(ctx: BrowserContext, glob: string | RegExp, deadly: string, workers: 'every' | 'first'): Promise<void> {
  let fetched = 0;
  await ctx.route(glob, async (route: Route) => {
    const res = await route.fetch();
    if (workers === 'first' && fetched++ > 0) return route.fulfill({ response: res });
    const prelude =
      `let ready=false;const post=self.postMessage.bind(self);` +
      `self.postMessage=(m,t)=>{if(m&&m.type==='ready')ready=true;return post(m,t)};` +
      `const crash=()=>{if(!ready)return setTimeout(crash,10);self.close();throw new Error('simulated worker crash')};` +
      `self.addEventListener('message',(e)=>{const c=e.data;if(c&&(${deadly}))setTimeout(crash,0)});\n`;
    await route.fulfill({ response: res, body: prelude + (await res.text()) });
  });
}
