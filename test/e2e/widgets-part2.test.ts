/**
 * The Part II widgets on the built site (dist/): each standalone page hydrates, reacts to keys and
 * pointer input (the readout changes, and the Theorem 1 readout's weighted mean equals the marginal
 * velocity it shows), and URL state round-trips (a URL with non-default settings shows them).
 */
import { describe, expect, it } from 'vitest';
import { attributeChanges, expectClean as clean, injectAxe, openPage, paintedPixels, recordAttributeChanges, useSite } from './harness.ts';
import { compareControlsWithSchema } from './schema-controls.ts';
import { theorem1Schema } from '../../src/widgets/theorem1-explorer/schema.ts';
import { theorem2Schema } from '../../src/widgets/theorem2-check/schema.ts';
import { lossMoments, sampleLossTerms, summaryOf } from '../../src/widgets/theorem2-check/losses.ts';
import { pathWithWidth, sampleTargets2D } from '../../src/lib/core/index.ts';
import { pathExplorerSchema } from '../../src/widgets/path-explorer/schema.ts';
import { couplingsSchema } from '../../src/widgets/couplings-compared/schema.ts';

const site = useSite();
const open = (path: string) => site.open(path);

const num = (s: string | null) => Number(s);
/** expect.poll with a timeout that survives a busy machine (2 cores shared by several builds). */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });

describe('theorem1-explorer', () => {
  it('hydrates; keys and hover move the probe; weighted mean equals the closed form', async () => {
    const { page, problems } = await open('/widgets/theorem1-explorer/');
    const r1 = page.getByTestId('readout-1d');
    const before = await r1.textContent();
    const canvas = page.locator('canvas').first();
    await canvas.focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowRight');
    await poll(async () => r1.textContent()).not.toBe(before);
    expect(num(await r1.getAttribute('data-x'))).toBeCloseTo(0.6, 6);
    expect(num(await r1.getAttribute('data-t'))).toBeCloseTo(0.61, 6);
    const w = num(await r1.getAttribute('data-weighted'));
    const c = num(await r1.getAttribute('data-closed'));
    expect(Number.isFinite(w)).toBe(true);
    expect(Math.abs(w - c)).toBeLessThan(1e-9);

    // Hover in the 2D view changes its readout; the numbers still agree.
    const r2 = page.getByTestId('readout-2d');
    const before2 = await r2.textContent();
    const plane = page.locator('canvas').nth(1);
    const box = (await plane.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.25);
    await poll(async () => r2.textContent()).not.toBe(before2);
    const ws = (await r2.getAttribute('data-weighted'))!.split(',').map(Number);
    const cs = (await r2.getAttribute('data-closed'))!.split(',').map(Number);
    expect(Math.abs(ws[0] - cs[0]) + Math.abs(ws[1] - cs[1])).toBeLessThan(1e-9);
    // The canvases were painted.
    const painted = await plane.evaluate((el: HTMLCanvasElement) => {
      const d = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(1000);
    clean(problems);
    await page.close();
  });

  it('URL state round-trips', async () => {
    const { page, problems } = await open(
      '/widgets/theorem1-explorer/?theorem1-explorer.path=vp&theorem1-explorer.sigma=0.35&theorem1-explorer.k=7&theorem1-explorer.seed=4',
    );
    await poll(async () => page.locator('[data-widget="theorem1-explorer"] [id$="-path"]').inputValue()).toBe('vp');
    expect(Number(await page.locator('[data-widget="theorem1-explorer"] [id$="-sigma"]').inputValue())).toBeCloseTo(0.35, 6);
    expect(await page.locator('[data-widget="theorem1-explorer"] [id$="-k"]').inputValue()).toBe('7');
    await poll(async () => page.getByText('seed 4').isVisible()).toBe(true);
    // A control change is written back to the URL (debounced), keeping the other keys.
    await page.locator('[data-widget="theorem1-explorer"] [id$="-path"]').selectOption('sb');
    await poll(() => page.url()).toContain('theorem1-explorer.path=sb');
    expect(page.url()).toContain('theorem1-explorer.k=7');
    clean(problems);
    await page.close();
  });

  it('repaints when the theme changes', async () => {
    const { page, problems } = await open('/widgets/theorem1-explorer/');
    const canvas = page.locator('canvas').first();
    const digest = () =>
      canvas.evaluate((el: HTMLCanvasElement) => {
        const d = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
        let h = 0;
        for (let i = 0; i < d.length; i += 7) h = (h * 31 + d[i]) >>> 0;
        return h;
      });
    const painted = () => paintedPixels(canvas);
    await expect.poll(painted, { timeout: 15_000 }).toBeGreaterThan(1000);
    await page.waitForTimeout(500);
    const before = await digest();
    await page.evaluate(() => {
      const el = document.documentElement;
      el.setAttribute('data-theme', el.getAttribute('data-theme') === 'dark' ? 'light' : 'dark');
    });
    await expect.poll(digest, { timeout: 15_000 }).not.toBe(before);
    clean(problems);
    await page.close();
  });

  it('bad URL values are clamped with a visible message, not a broken page', async () => {
    const { page, problems } = await open('/widgets/theorem1-explorer/?theorem1-explorer.sigma=99&theorem1-explorer.path=nope');
    await poll(async () => page.locator('.widget-problems li').count()).toBe(2);
    expect(Number(await page.locator('[data-widget="theorem1-explorer"] [id$="-sigma"]').inputValue())).toBe(1);
    clean(problems);
    await page.close();
  });
});

describe('theorem2-check', () => {
  it('hydrates, draws the plots, θ follows the keys, the gap stays constant within error', async () => {
    const { page, problems } = await open('/widgets/theorem2-check/');
    await page.waitForSelector('.plots svg', { timeout: 30_000 });
    expect(await page.locator('.plots svg').count()).toBeGreaterThanOrEqual(3);
    const r = page.getByTestId('theorem2-readout');
    const g0 = num(await r.getAttribute('data-gap'));
    const se = num(await r.getAttribute('data-gap-se'));
    const grad0 = num(await r.getAttribute('data-grad-fm'));
    await page.locator('.plots').focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowRight');
    await poll(async () => num(await r.getAttribute('data-theta'))).toBeCloseTo(1.1, 6);
    // The plot area is a slider for θ: assistive technology hears the value the keys set.
    const slider = page.getByRole('slider', { name: /Loss curves against θ/ });
    expect(num(await slider.getAttribute('aria-valuenow'))).toBeCloseTo(1.1, 6);
    expect(await slider.getAttribute('aria-valuetext')).toBe('θ = 1.10');
    const g1 = num(await r.getAttribute('data-gap'));
    expect(num(await r.getAttribute('data-grad-fm'))).not.toBe(grad0);
    expect(Math.abs(g1 - g0)).toBeLessThan(4 * se + 1e-9);
    expect(Math.abs(num(await r.getAttribute('data-argmin-fm')) - num(await r.getAttribute('data-argmin-cfm')))).toBeLessThan(0.1);
    // The charts follow θ: the gradients chart is named for the new value.
    await poll(async () => page.locator('.plots svg[aria-label*="θ = 1.10"]').count()).toBeGreaterThan(0);
    clean(problems);
    await page.close();
  });

  it('draws the charts in a worker (Plot never loads on the page); with ?worker=0 on the page, the same charts', async () => {
    const charts = async (query: string) => {
      const { page, problems } = await open(`/widgets/theorem2-check/${query}`);
      await page.waitForSelector('.plots svg[data-theta-axis]', { timeout: 30_000 });
      const plotOnPage = await page.evaluate(() => performance.getEntriesByType('resource').some((e) => /plot-marks/.test(e.name)));
      const names = await page.locator('.plots svg[role=img]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
      const axis = await page.locator('.plots svg[data-theta-axis]').getAttribute('data-theta-axis');
      clean(problems);
      await page.close();
      return { plotOnPage, names, axis };
    };
    const worker = await charts('');
    const onPage = await charts('?worker=0');
    expect(worker.plotOnPage).toBe(false);
    expect(onPage.plotOnPage).toBe(true);
    expect(worker.names.length).toBeGreaterThanOrEqual(3);
    expect(worker.names).toEqual(onPage.names);
    expect(worker.axis).toBe(onPage.axis);
  });

  it('paints its first numbers from the moments the server wrote, equal to computing them here', async () => {
    // The Monte-Carlo moments are a long task at load (issue 17): the build writes them into the page
    // (FirstPaint) and the hydrating widget reads them back. They must be the moments of the defaults.
    const { page, problems } = await open('/widgets/theorem2-check/');
    const attr = await page.locator('[data-widget="theorem2-check"] [data-first-paint]').getAttribute('data-first-paint');
    const { key, value } = JSON.parse(attr ?? 'null') as { key: string; value: unknown };
    const d = Object.fromEntries(Object.entries(theorem2Schema).map(([k, f]) => [k, (f as { default: unknown }).default])) as {
      path: Parameters<typeof pathWithWidth>[0];
      sigma: number;
      dataset: Parameters<typeof sampleTargets2D>[0];
      n: number;
      seed: number;
      family: Parameters<typeof sampleLossTerms>[1];
      samples: number;
      theta: number;
    };
    expect(JSON.parse(key)).toEqual([d.path, d.sigma, d.dataset, d.n, d.seed, d.family, d.samples]);
    const here = lossMoments(
      sampleLossTerms(
        pathWithWidth(d.path, d.sigma),
        d.family,
        sampleTargets2D(d.dataset, d.n, d.seed),
        d.n,
        2,
        d.samples,
        d.seed * 1009 + 17,
      ),
    );
    expect(value).toEqual(here);
    const r = page.getByTestId('theorem2-readout');
    await page.waitForSelector('.plots svg', { timeout: 30_000 }); // hydrated: the plots are drawn
    expect(num(await r.getAttribute('data-gap'))).toBe(summaryOf(here).at(d.theta).gap.mean);
    clean(problems);
    await page.close();
  });

  it('URL state round-trips and resample changes the seed', async () => {
    const { page, problems } = await open(
      '/widgets/theorem2-check/?theorem2-check.family=linear&theorem2-check.samples=500&theorem2-check.theta=1.5',
    );
    await poll(async () => page.locator('[data-widget="theorem2-check"] [id$="-family"]').inputValue()).toBe('linear');
    expect(await page.locator('[data-widget="theorem2-check"] [id$="-samples"]').inputValue()).toBe('500');
    expect(num(await page.getByTestId('theorem2-readout').getAttribute('data-theta'))).toBe(1.5);
    const gap = await page.getByTestId('theorem2-readout').getAttribute('data-gap');
    await page.getByRole('button', { name: 'Resample' }).click();
    await poll(async () => page.getByTestId('theorem2-readout').getAttribute('data-gap')).not.toBe(gap);
    await poll(() => page.url()).toContain('theorem2-check.seed=2');
    clean(problems);
    await page.close();
  });
});

describe('path-explorer', () => {
  it('hydrates; keys move the probe; trajectories are measured', async () => {
    const { page, problems } = await open('/widgets/path-explorer/');
    const r = page.getByTestId('path-readout');
    const before = await r.getAttribute('data-marg-u');
    await page.locator('canvas').nth(1).focus();
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    await poll(async () => r.getAttribute('data-marg-u')).not.toBe(before);
    expect(num(await r.getAttribute('data-x'))).toBeCloseTo(0.2, 6);
    expect(num(await r.getAttribute('data-straightness'))).toBeGreaterThanOrEqual(0);
    clean(problems);
    await page.close();
  });

  it('URL state round-trips; VP paths are less straight than rectified ones', async () => {
    const { page, problems } = await open(
      '/widgets/path-explorer/?path-explorer.path=vp&path-explorer.solver=euler&path-explorer.steps=40',
    );
    await poll(async () => page.locator('[data-widget="path-explorer"] [id$="-path"]').inputValue()).toBe('vp');
    expect(await page.locator('[data-widget="path-explorer"] [id$="-solver"]').inputValue()).toBe('euler');
    expect(await page.locator('[data-widget="path-explorer"] [id$="-steps"]').inputValue()).toBe('40');
    const vp = num(await page.getByTestId('path-readout').getAttribute('data-straightness'));
    await page.locator('[data-widget="path-explorer"] [id$="-path"]').selectOption('rectified');
    await poll(async () => num(await page.getByTestId('path-readout').getAttribute('data-straightness'))).toBeLessThan(vp);
    clean(problems);
    await page.close();
  });
});

describe('couplings-compared', () => {
  it('hydrates, computes all three couplings; OT pairs admit no improving swap; k follows the keys', async () => {
    const { page, problems } = await open('/widgets/couplings-compared/');
    const ot = page.getByTestId('stats-exact-ot');
    const ind = page.getByTestId('stats-independent');
    await expect.poll(async () => page.getByTestId('stats-sinkhorn').getAttribute('data-w2'), { timeout: 60_000 }).not.toBe('');
    expect(await ot.getAttribute('data-swaps')).toBe('0');
    expect(num(await ind.getAttribute('data-swaps'))).toBeGreaterThan(0);
    expect(num(await ot.getAttribute('data-crossings'))).toBeLessThan(num(await ind.getAttribute('data-crossings')));
    expect(num(await ot.getAttribute('data-w2'))).toBeLessThan(num(await ind.getAttribute('data-w2')));
    const w2 = await ot.getAttribute('data-w2');
    await page.locator('canvas').first().focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(async () => ot.getAttribute('data-w2'), { timeout: 60_000 }).not.toBe(w2);
    expect(await page.locator('[data-widget="couplings-compared"] [id$="-k"]').inputValue()).toBe('4');
    expect(await page.locator('[data-coupling=exact-ot] dl').innerText()).toContain('W₂ after k = 4 Euler steps');
    clean(problems);
    await page.close();
  });

  it("draws every coupling's plan before any flow: no panel waits for another coupling to finish", async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      // The order in which each panel's numbers first appear, recorded from before hydration.
      await recordAttributeChanges(ctx, ['data-swaps', 'data-w2', 'data-c']);
      const { page, problems } = await openPage(ctx, `${site.server.url}/widgets/couplings-compared/`, site.server.url);
      await expect.poll(async () => page.getByTestId('stats-sinkhorn').getAttribute('data-c'), { timeout: 60_000 }).not.toBe('');
      const order = [...new Set((await attributeChanges(page)).filter((c) => c.value).map((c) => `${c.owner} ${c.name}`))];
      const at = (name: string, attr: string) => order.indexOf(`stats-${name} ${attr}`);
      const names = ['independent', 'exact-ot', 'sinkhorn'];
      for (const name of names)
        for (const attr of ['data-swaps', 'data-w2', 'data-c']) expect(at(name, attr), `${name} ${attr}`).toBeGreaterThanOrEqual(0);
      const lastPlan = Math.max(...names.map((n) => at(n, 'data-swaps')));
      const firstFlow = Math.min(...names.map((n) => at(n, 'data-w2')));
      const lastFlow = Math.max(...names.map((n) => at(n, 'data-w2')));
      const firstC = Math.min(...names.map((n) => at(n, 'data-c')));
      expect(lastPlan, order.join(', ')).toBeLessThan(firstFlow);
      expect(lastFlow, order.join(', ')).toBeLessThan(firstC);
      clean(problems);
      await page.close();
    } finally {
      await ctx.close();
    }
  });

  it('computes in a worker; with ?worker=0 on the page in slices, the same numbers', async () => {
    const figures = async (query: string) => {
      const { page, problems } = await open(`/widgets/couplings-compared/${query}`);
      await expect.poll(async () => page.getByTestId('stats-sinkhorn').getAttribute('data-c'), { timeout: 60_000 }).not.toBe('');
      const numbers = await page
        .locator('[data-testid^="stats-"]')
        .evaluateAll((els) => els.map((e) => ['data-crossings', 'data-swaps', 'data-w2', 'data-c'].map((a) => e.getAttribute(a))));
      const w2sq = await page.getByTestId('couplings-note').getAttribute('data-w2sq');
      const workers = page.workers().length;
      clean(problems);
      await page.close();
      return { numbers, w2sq, workers };
    };
    const inWorker = await figures('');
    const onPage = await figures('?worker=0');
    expect(inWorker.workers).toBe(1);
    expect(onPage.workers).toBe(0);
    expect(inWorker.numbers).toHaveLength(3);
    expect(inWorker.numbers.flat().every((x) => x !== '' && Number.isFinite(Number(x)))).toBe(true);
    expect(inWorker.numbers).toEqual(onPage.numbers);
    expect(inWorker.w2sq).toBe(onPage.w2sq);
  });

  it('URL state round-trips', async () => {
    const { page, problems } = await open(
      '/widgets/couplings-compared/?couplings-compared.n=24&couplings-compared.k=3&couplings-compared.target=moons&couplings-compared.eps=0.1',
    );
    await poll(async () => page.locator('[data-widget="couplings-compared"] [id$="-target"]').inputValue()).toBe('moons');
    expect(await page.locator('[data-widget="couplings-compared"] [id$="-n"]').inputValue()).toBe('24');
    expect(await page.locator('[data-widget="couplings-compared"] [id$="-k"]').inputValue()).toBe('3');
    expect(Number(await page.locator('[data-widget="couplings-compared"] [id$="-eps"]').inputValue())).toBeCloseTo(-1, 6);
    await expect.poll(async () => page.getByTestId('stats-independent').getAttribute('data-w2'), { timeout: 60_000 }).not.toBe('');
    clean(problems);
    await page.close();
  });
});

describe('all four widgets', () => {
  const NAMES = ['theorem1-explorer', 'theorem2-check', 'path-explorer', 'couplings-compared'];

  it('have no axe violations inside the widget, and no horizontal overflow at 360 px', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 360, height: 800 }, reducedMotion: 'reduce' });
    try {
      for (const name of NAMES) {
        const { page, problems } = await openPage(ctx, `${site.server.url}/widgets/${name}/`, site.server.url);
        await page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
        await page.waitForTimeout(name === 'couplings-compared' ? 3000 : 800);
        expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), name).toBeLessThanOrEqual(0);
        await injectAxe(page);
        const violations = await page.evaluate(async () => {
          // @ts-expect-error axe is injected above
          const r = await window.axe.run(document.querySelector('[data-widget]'), { resultTypes: ['violations'] });
          return r.violations.map((v: { id: string; nodes: unknown[] }) => `${v.id} (${v.nodes.length})`);
        });
        expect(violations, name).toEqual([]);
        clean(problems);
        await page.close();
      }
    } finally {
      await ctx.close();
    }
  });

  it('respond to touch: a tap on the 2D view of the Theorem 1 explorer moves its probe', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true });
    try {
      const { page, problems } = await openPage(ctx, `${site.server.url}/widgets/theorem1-explorer/`, site.server.url);
      await page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
      const r2 = page.getByTestId('readout-2d');
      const before = await r2.getAttribute('data-closed');
      const plane = page.locator('canvas').nth(1);
      await plane.scrollIntoViewIfNeeded();
      const box = (await plane.boundingBox())!;
      await page.touchscreen.tap(box.x + box.width * 0.7, box.y + box.height * 0.7);
      await poll(async () => r2.getAttribute('data-closed')).not.toBe(before);
      clean(problems);
    } finally {
      await ctx.close();
    }
  });

  it('do not autoplay under prefers-reduced-motion (couplings particles stay at t = 1)', async () => {
    const ctx = await site.browser.newContext({ viewport: { width: 1100, height: 900 }, reducedMotion: 'reduce' });
    try {
      const { page, problems } = await openPage(ctx, `${site.server.url}/widgets/couplings-compared/`, site.server.url);
      await page.waitForSelector('astro-island:not([ssr])', { timeout: 30_000 });
      await page.waitForTimeout(1500);
      expect(await page.locator('[data-widget="couplings-compared"] [id$="-tp"]').inputValue()).toBe('1');
      expect(await page.getByRole('button', { name: 'Play' }).getAttribute('aria-pressed')).toBe('false');
      clean(problems);
    } finally {
      await ctx.close();
    }
  });
});

describe('controls come from the schemas', () => {
  const cases = [
    { name: 'theorem1-explorer', schema: theorem1Schema, skip: [] as string[], expect: ['path', 'sigma', 't', 'k', 'dataset', 'n'] },
    { name: 'theorem2-check', schema: theorem2Schema, skip: [], expect: ['family', 'path', 'sigma', 'dataset', 'n', 'samples', 'theta'] },
    // z: its slider's maximum is the current K; eps: a log₁₀ slider over [log ε_min, log ε_max].
    { name: 'path-explorer', schema: pathExplorerSchema, skip: ['z'], expect: ['path', 'sigma', 'x0', 'k', 'solver', 'steps', 'nTraj'] },
    { name: 'couplings-compared', schema: couplingsSchema, skip: ['eps'], expect: ['source', 'target', 'n', 'sigma', 'k'] },
  ];
  for (const c of cases) {
    it(`${c.name}: every slider and select has the label, bounds, step and options of its schema field`, async () => {
      const { page, problems } = await open(`/widgets/${c.name}/`);
      await poll(async () => page.locator(`[data-widget="${c.name}"] select`).count()).toBeGreaterThan(0);
      const report = await compareControlsWithSchema(page, c.name, c.schema, c.skip);
      expect(report.mismatches).toEqual([]);
      expect(report.checked).toEqual(expect.arrayContaining(c.expect));
      clean(problems);
      await page.close();
    });
  }
});
