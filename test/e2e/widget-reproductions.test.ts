/**
 * The reproductions widget on the built site (dist/): no TF.js before Run; a tiny configuration
 * (one row, two methods, 30 steps, 60 test points) runs in the widget's worker on wasm, and its W₂
 * equal what the same runner (engine/reproductions/run-one.ts) computes in Node on wasm for the same
 * specs — the browser and `npm run experiment` give the same numbers for the same seed; the results
 * download as CSV; settings round-trip through the URL and bad values are clamped with a message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean, useSite } from './harness.ts';
import { compareControlsWithSchema } from './schema-controls.ts';
import { reproductionsSchema } from '../../src/widgets/reproductions/schema.ts';
import { runsFor, type ReproSettings } from '../../src/widgets/reproductions/selection.ts';
import { runOne } from '../../src/lib/engine/reproductions/run-one.ts';
import { activateAndCheck } from '../../src/lib/nn/backend.ts';
import { defaultSettings } from '../../src/lib/state/settings.ts';

const site = useSite({ viewport: { width: 1280, height: 900 } });
const P = 'reproductions';
const TINY = {
  'n-8gaussians': false,
  'moons-8gaussians': false,
  'n-scurve': false,
  fm: false,
  rf: false,
  'sb-cfm': false,
  steps: 30,
  points: 60,
  seed: 3,
} as const;
const url = (params: Record<string, string | number | boolean>, backend = 'wasm') =>
  `/widgets/${P}/?backend=${backend}&` +
  Object.entries(params)
    .map(([k, v]) => `${P}.${k}=${v}`)
    .join('&');

beforeAll(async () => {
  expect(await activateAndCheck('wasm')).toBe(true);
});

describe('reproductions', () => {
  it('a tiny run in the worker on wasm gives the W₂ Node gives for the same seed; CSV download', async () => {
    const { page, problems } = await site.open(url(TINY));
    const tf: string[] = [];
    page.on('request', (r) => {
      if (/tfjs|\.wasm$/.test(r.url())) tf.push(r.url());
    });
    const widget = page.locator(`[data-widget="${P}"]`);
    expect(await widget.getAttribute('data-runs')).toBe('2');
    const report = await compareControlsWithSchema(page, P, reproductionsSchema);
    expect(report.mismatches).toEqual([]);
    await page.waitForTimeout(300);
    expect(tf).toEqual([]);

    await page.getByTestId('run').click();
    await expect.poll(() => widget.getAttribute('data-finished'), { timeout: 60_000, interval: 250 }).toBe('true');
    expect(await page.getByTestId('backend').textContent()).toMatch(/wasm in a worker/);
    expect(tf.length).toBeGreaterThan(0);
    const browser = await page
      .getByTestId('results')
      .locator('tbody tr[data-method]')
      .evaluateAll((trs) => trs.map((tr) => ({ method: tr.getAttribute('data-method'), w2: Number(tr.getAttribute('data-w2')) })));

    const settings: ReproSettings = { ...defaultSettings(reproductionsSchema), ...TINY };
    const node = [];
    for (const run of runsFor(settings)) node.push({ method: run.method, w2: (await runOne(run))!.w2 });
    expect(browser.map((r) => r.method)).toEqual(node.map((r) => r.method));
    for (let i = 0; i < node.length; i++) {
      expect(browser[i].w2, node[i].method).toBeGreaterThan(0);
      expect(Math.abs(browser[i].w2 - node[i].w2), `${node[i].method}: browser ${browser[i].w2}, Node ${node[i].w2}`).toBeLessThan(1e-9);
    }

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-csv').click()]);
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((s) => {
        let text = '';
        s.on('data', (c: Buffer) => (text += c.toString()));
        s.on('end', () => resolve(text));
        s.on('error', reject);
      });
    });
    const lines = csv.trim().split('\n');
    expect(lines[0]).toMatch(/^row,method,seed,steps/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['n-moons,ot-cfm,3', 'n-moons,i-cfm,3']);
    expectClean(problems);
    await page.close();
  }, 90_000);

  it('settings round-trip through the URL; bad values are clamped with a message', async () => {
    const { page, problems } = await site.open(url({ protocol: 'full', fm: false, seed: 7 }));
    const widget = page.locator(`[data-widget="${P}"]`);
    // 19 cells less the 3 FM cells, five seeds each.
    expect(await widget.getAttribute('data-runs')).toBe(String(16 * 5));
    await page.uncheck(`[data-widget="${P}"] [id$="-n-scurve"]`);
    await expect.poll(() => page.url()).toContain(`${P}.n-scurve=false`);
    expect(await widget.getAttribute('data-runs')).toBe(String(12 * 5));
    const again = await site.open(page.url().slice(site.server.url.length));
    expect(await again.page.locator(`[data-widget="${P}"]`).getAttribute('data-runs')).toBe(String(12 * 5));
    await again.page.close();

    const bad = await site.open(url({ steps: 999999, protocol: 'huge' }));
    const banner = bad.page.locator(`[data-widget="${P}"] .widget-problems`);
    await expect.poll(() => banner.textContent()).toMatch(/steps: 999999 is outside/);
    expect(await bad.page.inputValue(`[data-widget="${P}"] [id$="-steps"]`)).toBe('20000');
    expect(await bad.page.inputValue(`[data-widget="${P}"] [id$="-protocol"]`)).toBe('quick');
    expectClean(problems);
    await bad.page.close();
    await page.close();
  }, 60_000);
});
