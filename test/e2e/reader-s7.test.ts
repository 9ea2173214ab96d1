/**
 * Walkthrough findings fixed in session 7 (issue 15), on the built site in Chromium (laptop, then phone):
 * - 10: train-cfm keeps drawn points in the URL (a link reopens the drawing); a link that asks for a
 *   drawing it does not hold says so and shows the data set it falls back to, under that name;
 * - 28: theorem1-explorer numbers its 2D targets and their posterior-weight bars alike;
 * - 25: continuity-equation simulates once when a dragged slider rests, showing the old result as stale;
 * - 26: change-of-variables' knots have touch targets that do not overlap on a phone;
 * - 15: path-explorer's conditional and marginal readouts sit under their own plots;
 * - 18: couplings-compared redoes only the Euler samples when k alone changes, and on a phone shows
 *   each plot beside its numbers (the three panels fit about a screen).
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectClean, openPage, useSite } from './harness.ts';
import { decodePoints, encodePoints } from '../../src/lib/engine/playground/points-url.ts';

const site = useSite({ viewport: { width: 1280, height: 900 } });

/** Moves a range input as a reader's drag does (playwright cannot fill a range). */
async function setRange(page: Page, label: string, value: number): Promise<void> {
  await page.getByLabel(label).evaluate((el, v) => {
    (el as HTMLInputElement).value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

/** The drawn target in the page's URL, decoded. */
const drawnTargetInUrl = (page: Page) => decodePoints(new URL(page.url()).searchParams.get('train-cfm-target')).points.length / 2;

describe('walkthrough findings, session 7', () => {
  it('10. train-cfm: drawn points travel in the link and come back; a stroke updates the link', async () => {
    const circle = Float64Array.from({ length: 80 }, (_, i) => {
      const a = (Math.PI * 2 * Math.floor(i / 2)) / 40;
      return Math.round(150 * (i % 2 ? Math.sin(a) : Math.cos(a))) / 100;
    });
    const { page, problems } = await site.open(`/widgets/train-cfm/?train-cfm.target=drawn&train-cfm-target=${encodePoints(circle)}`);
    const counts = page.getByTestId('drawn-counts');
    await expect.poll(() => counts.innerText()).toMatch(/\(40 target, 0 source points\)/);
    expect(await page.getByLabel('target p₁').inputValue()).toBe('drawn');
    expect(await page.locator('.widget-problems').innerText()).toBe('');
    // A stroke on the samples plot adds points; when it ends they are in the URL.
    const box = (await page.locator('canvas.drawing').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.5);
    await page.mouse.down();
    for (let k = 1; k <= 12; k++) await page.mouse.move(box.x + box.width * (0.3 + 0.03 * k), box.y + box.height * 0.5);
    await page.mouse.up();
    const drawnNow = Number(/\((\d+) target/.exec(await counts.innerText())![1]);
    expect(drawnNow).toBeGreaterThan(40);
    await expect.poll(() => drawnTargetInUrl(page)).toBe(drawnNow);
    // The link opens the same drawing in a fresh page.
    const again = await openPage(site.context, page.url(), site.server.url);
    await again.page.waitForSelector('astro-island:not([ssr])');
    await expect
      .poll(() => again.page.getByTestId('drawn-counts').innerText())
      .toMatch(new RegExp(`\\(${drawnNow} target, 0 source points\\)`));
    // Clear empties the drawing and the link.
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.has('train-cfm-target')).toBe(false);
    expect(await counts.innerText()).toMatch(/Until the target has 3 points, the plots show Two moons/);
    expectClean(problems);
    expectClean(again.problems);
  });

  it('10. train-cfm: a link with "drawn" but no usable points says so and names what it shows', async () => {
    for (const [query, why] of [
      ['train-cfm.target=drawn', /holds no drawn points; showing Two moons .*instead/],
      ['train-cfm.target=drawn&train-cfm-target=garbage', /not in a format this page reads/],
    ] as const) {
      const { page, problems } = await site.open(`/widgets/train-cfm/?${query}`);
      const banner = page.locator('.widget-problems');
      await expect.poll(() => banner.innerText()).toMatch(why);
      expect(await banner.innerText()).toMatch(/showing Two moons .*instead/);
      await expect.poll(() => page.getByLabel('target p₁').inputValue()).toBe('moons');
      expect(await page.getByTestId('drawn-counts').count()).toBe(0);
      expectClean(problems);
      await page.close();
    }
  });

  it('15. path-explorer: each plot has its own readouts under it', async () => {
    const { page, problems } = await site.open('/widgets/path-explorer/');
    const canvases = page.locator('[data-widget=path-explorer] canvas');
    const [a, b] = [(await canvases.nth(0).boundingBox())!, (await canvases.nth(1).boundingBox())!];
    const cond = (await page.getByTestId('cond-readout').boundingBox())!;
    const marg = (await page.getByTestId('marg-readout').boundingBox())!;
    for (const [r, c] of [
      [cond, a],
      [marg, b],
    ] as const) {
      expect(r.x).toBeGreaterThanOrEqual(c.x - 1);
      expect(r.x + r.width).toBeLessThanOrEqual(c.x + c.width + 1);
      expect(r.y).toBeGreaterThanOrEqual(c.y + c.height - 1);
    }
    // Stacked (a narrow column): the conditional readouts end before the marginal plot starts.
    if (b.y > a.y + a.height - 1) expect(cond.y + cond.height).toBeLessThanOrEqual(b.y + 1);
    expect(await page.getByTestId('cond-readout').innerText()).toMatch(/u\s*t\s*\(x \| z\)/);
    expect(await page.getByTestId('marg-readout').innerText()).not.toMatch(/\| z/);
    expectClean(problems);
  });

  it('18. couplings-compared: changing k alone solves no plan again, and the k-step samples change', async () => {
    const { page, problems } = await site.open('/widgets/couplings-compared/?couplings-compared.n=24');
    const note = page.getByTestId('couplings-note');
    await expect.poll(() => note.getAttribute('data-busy'), { timeout: 30_000 }).toBe('false');
    const runs = await note.getAttribute('data-plan-runs');
    expect(Number(runs)).toBeGreaterThanOrEqual(3);
    const w2 = () =>
      page.locator('[data-widget=couplings-compared] [data-w2]').evaluateAll((els) => els.map((e) => e.getAttribute('data-w2')));
    const before = await w2();
    await setRange(page, 'Euler steps k', 7);
    await expect.poll(w2).not.toEqual(before);
    await expect.poll(() => note.getAttribute('data-busy')).toBe('false');
    expect(await note.getAttribute('data-plan-runs')).toBe(runs);
    // Any other setting solves the plans again.
    await setRange(page, 'σ (I-CFM path)', 0.2);
    await expect.poll(async () => Number(await note.getAttribute('data-plan-runs'))).toBeGreaterThan(Number(runs));
    expectClean(problems);
  });
});

describe('walkthrough findings, session 7: theorem1-explorer', () => {
  it('28. the 2D posterior-weight bars carry the numbers of their targets', async () => {
    const { page, problems } = await site.open('/widgets/theorem1-explorer/?theorem1-explorer.n=12');
    const bars = page.locator('svg[aria-label="Posterior weights of the 12 2D targets"]');
    await expect.poll(() => bars.locator('text.num').allTextContents()).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    expectClean(problems);
  });
});

describe('walkthrough findings, session 7: continuity-equation', () => {
  it('25. a slider dragged while playing runs one simulation when it rests, not one per tick', async () => {
    const { page, problems } = await site.open('/widgets/continuity-equation/');
    const readout = page.getByTestId('ce-readout');
    await expect.poll(() => readout.getAttribute('data-computing'), { timeout: 30_000 }).toBe('false');
    const before = Number(await readout.getAttribute('data-sims'));
    await page.getByTestId('ce-play').click();
    // Eight ticks of a drag, 40 ms apart (the old widget simulated 30 ms after each: 250–400 ms blocked per tick).
    await page.getByLabel('Target width s').evaluate(async (el) => {
      for (let i = 0; i < 8; i++) {
        (el as HTMLInputElement).value = String(0.5 + 0.03 * i);
        el.dispatchEvent(new Event('input', { bubbles: true }));
        await new Promise((r) => setTimeout(r, 40));
      }
    });
    expect(await readout.innerText()).toMatch(/Updating for the new settings/);
    await expect.poll(() => readout.getAttribute('data-computing')).toBe('false');
    expect(Number(await readout.getAttribute('data-sims'))).toBe(before + 1);
    expectClean(problems);
  });
});

describe('walkthrough findings, session 7, on a phone', () => {
  const phone = useSite({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  it('26. change-of-variables: a tap 12 px beside a knot takes that knot, not its neighbour', async () => {
    const { page, problems } = await phone.open('/widgets/change-of-variables/');
    const knots = page.locator('[data-widget=change-of-variables] .knot');
    expect(await knots.count()).toBe(7);
    // elementFromPoint sees only what is in the viewport: the whole map (≤ 330 px) in the middle of it.
    await page
      .locator('[data-widget=change-of-variables] .cov-map')
      .evaluate((el) => el.scrollIntoView({ block: 'center', behavior: 'instant' }));
    // Centres and probes in the page's own CSS pixels (a phone page may be zoomed, so no boundingBox()).
    const misses = await page.evaluate(() => {
      const out: string[] = [];
      document.querySelectorAll<HTMLElement>('[data-widget=change-of-variables] .knot').forEach((knot, k) => {
        const r = knot.getBoundingClientRect();
        for (const [dx, dy] of [
          [-12, 0],
          [12, 0],
          [0, -20],
          [0, 20],
        ]) {
          const hit = document.elementFromPoint(r.x + r.width / 2 + dx, r.y + r.height / 2 + dy) as HTMLElement | null;
          if (hit?.dataset.knot !== String(k))
            out.push(`knot ${k} at (${dx}, ${dy}): ${hit ? `${hit.tagName}.${hit.className} ${hit.dataset.knot ?? ''}` : 'nothing'}`);
        }
      });
      return out;
    });
    expect(misses).toEqual([]);
    expectClean(problems);
  });

  it('18. couplings-compared: the three couplings fit about one phone screen, each plot beside its numbers', async () => {
    const { page, problems } = await phone.open('/widgets/couplings-compared/');
    const panels = page.locator('[data-widget=couplings-compared] figure.panel');
    expect(await panels.count()).toBe(3);
    const boxes = await panels.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    expect(boxes[2].bottom - boxes[0].top).toBeLessThan(900); // was 2240 px
    const canvas = (await panels.first().locator('canvas').boundingBox())!;
    const stats = (await panels.first().locator('dl').boundingBox())!;
    expect(stats.x).toBeGreaterThanOrEqual(canvas.x + canvas.width - 1);
    expectClean(problems);
  });
});
