/**
 * Faults (issue 18), on the built site with Playwright request interception: each gives the reader
 * a clear message in the widget while the rest of the page works, and a retry succeeds once the
 * fault is gone. The CIFAR sampler (one image, one NFE, wasm): a shard whose bytes do not match
 * their sha256, a truncated model.json, the network dropping in the middle of a shard, the worker
 * crashing mid-run (a 404 shard is in widget-cifar.test.ts); train-cfm: a NaN loss (learning rate
 * at its maximum), with Reset as the way out. Engine workers that crash after they were ready are in
 * worker-crashes.test.ts. Each test prints the message the reader saw (the fault table of the
 * issue's note). Service workers are blocked: Playwright cannot intercept what a
 * service worker fetches, and the offline reading's worker (test/e2e/offline.test.ts) is not under
 * test here.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Route } from 'playwright-core';
import { openPage, pageStillWorks, useSite } from './harness.ts';

const site = useSite();
const SAMPLER = '/widgets/cifar-sampler/?backend=wasm&cifar-sampler.count=1&cifar-sampler.nfe=1';

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
});
