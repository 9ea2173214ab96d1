/**
 * Findings of the second walkthrough (session 18, issue 15), on the built site in Chromium.
 * - A formula and the full stop or comma after it were parted by a line break, so lines began with
 *   "." or ","; the pipeline now joins them (src/plugins/math-punctuation.ts). Checked on every
 *   chapter on a phone, where the lines are shortest.
 * - Keyboard instructions ("arrow keys", "Space plays") were shown on touch phones, which have no
 *   keys; they are now hidden where the only pointer is coarse and nothing hovers.
 * - On a phone, a swipe on the playground plane (sticky at the top of the screen) drew with the brush
 *   instead of scrolling; two fingers now scroll (widgets/playground/two-finger-scroll.ts).
 * - On a laptop, wide displays and listings were cut at the text column (with a scroll cue) while the
 *   margin column beside them was empty; they now take the margin first (site.ts, `data-wide`).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST, openPage, PHONE, useSite } from './harness.ts';

const site = useSite(PHONE);
const CHAPTERS = readdirSync(join(DIST, 'chapters'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('second walkthrough', () => {
  it('no line starts with the punctuation that closes a formula, nor ends with the bracket that opens one (360 px)', async () => {
    const parted: string[] = [];
    let checked = 0;
    for (const slug of CHAPTERS) {
      // Nothing needs to hydrate: the text is the server's HTML.
      const { page } = await openPage(site.context, `${site.server.url}/chapters/${slug}/`, site.server.url);
      const found = await page.evaluate(() => {
        const bad: string[] = [];
        let n = 0;
        /** The box of one character of a text node. */
        const charBox = (node: Node, at: number) => {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          return [...range.getClientRects()].find((r) => r.width > 0);
        };
        for (const math of document.querySelectorAll('.katex')) {
          if (math.closest('.katex-display')) continue;
          const parts = [...math.querySelectorAll('.katex-html .base')].flatMap((b) => [...b.getClientRects()]);
          if (parts.length === 0) continue; // folded away (a closed solution)
          const tex = math.querySelector('annotation')?.textContent ?? '?';
          const before = math.previousSibling;
          const after = math.nextSibling;
          if (after?.nodeType === Node.TEXT_NODE && /^[.,;:!?)\]]/.test(after.textContent ?? '')) {
            n++;
            const box = charBox(after, 0);
            if (box && box.left < parts[parts.length - 1].right - 1) bad.push(`"${tex}" ${after.textContent?.slice(0, 12)}`);
          }
          const lastAt = (before?.textContent ?? '').length - 1;
          if (before?.nodeType === Node.TEXT_NODE && /[([]$/.test(before.textContent ?? '')) {
            n++;
            const box = charBox(before, lastAt);
            if (box && box.right > parts[0].left + 1) bad.push(`${before.textContent?.slice(-12)} "${tex}"`);
          }
        }
        return { bad, n };
      });
      checked += found.n;
      parted.push(...found.bad.map((b) => `${slug}: ${b}`));
      await page.close();
    }
    expect(parted).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
  }, 240_000);

  it('on a laptop, no display or listing of the text is cut where the margin column beside it would hold it', async () => {
    const laptop = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const cut: string[] = [];
    let widened = 0;
    try {
      for (const slug of CHAPTERS) {
        const { page } = await openPage(laptop, `${site.server.url}/chapters/${slug}/`, site.server.url);
        await page.bringToFront();
        // Bring every section near the viewport in turn, so site.ts measures its displays as a reader's scroll would.
        // A frame is two animation frames, or 1 s if none comes: one CI run waited 240 s here for a frame
        // that never came, with nothing to say which page it was on.
        const measured = page.evaluate(async () => {
          const frame = () =>
            Promise.race([
              new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
              new Promise((r) => setTimeout(r, 1000)),
            ]);
          for (const s of document.querySelectorAll('.chapter-section')) {
            s.scrollIntoView();
            await frame();
          }
          await frame();
          const body = document.querySelector('.chapter-body')!;
          const probe = document.createElement('div');
          probe.style.width = 'calc(var(--margin-width) + var(--gutter))';
          body.append(probe);
          const margin = probe.getBoundingClientRect().width;
          probe.remove();
          const right = body.getBoundingClientRect().right;
          const bad: string[] = [];
          for (const el of document.querySelectorAll<HTMLElement>('.chapter-body :is(.katex-display, pre)')) {
            if (el.closest('.env, figure, [data-widget], table, details:not(.proof)') || !el.getClientRects().length) continue;
            const over = el.scrollWidth - el.clientWidth;
            const room = right + margin - el.getBoundingClientRect().right;
            if (over > 1 && over <= room) bad.push(`${el.tagName.toLowerCase()} over by ${over} px with ${Math.round(room)} px of margin`);
          }
          // A widened display never covers a margin note.
          const notes = [...document.querySelectorAll('.sidenote')].map((n) => n.getBoundingClientRect());
          for (const w of document.querySelectorAll('[data-wide]')) {
            const r = w.getBoundingClientRect();
            if (notes.some((n) => n.width > 0 && r.left < n.right && n.left < r.right && r.top < n.bottom && n.top < r.bottom))
              bad.push(`${w.tagName.toLowerCase()} over a margin note`);
          }
          return { bad, widened: document.querySelectorAll('[data-wide]').length };
        });
        let timer: ReturnType<typeof setTimeout> | undefined;
        const found = await Promise.race([
          measured,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${slug}: no answer from the page in 90 s`)), 90_000);
          }),
        ]).finally(() => clearTimeout(timer));
        widened += found.widened;
        cut.push(...found.bad.map((b) => `${slug}: ${b}`));
        await page.close();
      }
    } finally {
      await laptop.close();
    }
    expect(cut).toEqual([]);
    expect(widened).toBeGreaterThan(0);
  }, 240_000);

  it('keyboard instructions are shown with a mouse and hidden on a touch phone; touch ones the other way', async () => {
    const KEYS = /arrow keys|\bKeys:|Space plays|\bTab\b/;
    const laptop = await site.browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      for (const name of ['change-of-variables', 'theorem1-explorer', 'playground', 'solver-lab']) {
        const text: Record<string, string> = {};
        for (const [view, ctx] of [
          ['phone', site.context],
          ['laptop', laptop],
        ] as const) {
          const { page } = await openPage(ctx, `${site.server.url}/widgets/${name}/`, site.server.url);
          text[view] = await page.locator('[data-widget]').first().innerText();
          await page.close();
        }
        expect(text.laptop, name).toMatch(KEYS);
        expect(text.phone, name).not.toMatch(KEYS);
        // The touch instructions, the other way round.
        expect(text.laptop, name).not.toMatch(/two fingers/);
        if (name === 'playground') expect(text.phone).toMatch(/two fingers scroll the page/);
      }
    } finally {
      await laptop.close();
    }
  }, 120_000);

  it('on a phone, two fingers on the playground plane scroll the page and one finger draws; training goes on', async () => {
    // The widget's page, with the trained network as the field (wasm, a narrow network, for speed).
    const url = `${site.server.url}/widgets/playground/?playground.field=network&playground.width=16&backend=wasm`;
    const { page } = await openPage(site.context, url, site.server.url);
    const W = page.locator('[data-widget=playground]');
    await expect.poll(() => W.getAttribute('data-net-status'), { timeout: 60_000 }).not.toBeNull();
    await page.getByLabel('Brush', { exact: true }).check();
    expect(await W.innerText()).toContain('two fingers scroll the page');
    expect(await page.locator('.touch-hint').isVisible()).toBe(true);
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: [number, number][]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map(([x, y], id) => ({ x, y, id })) });
    const count = async () => Number(await W.getAttribute('data-target-count'));
    const step = async () => Number(await W.getAttribute('data-net-step'));
    const plane = page.getByTestId('plane');
    const at = async (fx: number, fy: number): Promise<[number, number]> => {
      const box = (await plane.boundingBox())!;
      return [box.x + box.width * fx, box.y + box.height * fy];
    };

    // One finger draws.
    await plane.scrollIntoViewIfNeeded();
    const before = await count();
    await touch('touchStart', [await at(0.3, 0.5)]);
    for (let i = 1; i <= 8; i++) await touch('touchMove', [await at(0.3 + 0.04 * i, 0.5)]);
    await touch('touchEnd', []);
    await expect.poll(count).toBeGreaterThan(before + 5);
    const drawn = await count();

    // Train a chunk on the drawn target.
    await page.getByRole('button', { name: 'Train one chunk' }).click();
    await expect.poll(step, { timeout: 60_000 }).toBeGreaterThan(0);
    await expect.poll(() => W.getAttribute('data-net-status'), { timeout: 60_000 }).toMatch(/^(paused|idle)$/);
    const trained = await step();

    // Two fingers: the first finger's dab is taken back, the page scrolls as the fingers go up, and
    // the network, whose data did not change, keeps its training.
    await plane.scrollIntoViewIfNeeded();
    const y0 = await page.evaluate(() => scrollY);
    const [x1, y1] = await at(0.4, 0.7);
    const [x2] = await at(0.6, 0.7);
    const dy = (await plane.boundingBox())!.height * 0.04;
    await touch('touchStart', [[x1, y1]]);
    await touch('touchMove', [[x1 + 8, y1]]);
    await expect.poll(count).toBeGreaterThan(drawn);
    await touch('touchStart', [
      [x1 + 8, y1],
      [x2, y1],
    ]);
    for (let i = 1; i <= 10; i++)
      await touch('touchMove', [
        [x1 + 8, y1 - dy * i],
        [x2, y1 - dy * i],
      ]);
    await touch('touchEnd', []);
    expect((await page.evaluate(() => scrollY)) - y0).toBeGreaterThan(dy * 7);
    expect(await count()).toBe(drawn);
    await page.waitForTimeout(500);
    expect(await step()).toBe(trained);
    await cdp.detach();
    await page.close();
  }, 120_000);
});
