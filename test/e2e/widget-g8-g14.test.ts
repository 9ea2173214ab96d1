/**
 * The two chapter 4–5 additions on the built site (dist/): the Gaussian-to-Gaussian figure (G8: its
 * posterior-average error equals the module's, a network trains on wasm in a worker and is scored,
 * t reaches the URL) and train-cfm's likelihood readout (G14: after a few steps on wasm, the exact
 * and Hutchinson log-likelihoods with their cost in NFE). Short runs: a few hundred steps each.
 */
import { describe, expect, it } from 'vitest';
import { expectClean as clean, paintedPixels, useSite } from './harness.ts';
import { gaussianFieldSchema } from '../../src/widgets/gaussian-field/schema.ts';
import { averagedField, dataFor, exactField, lawAt, probesFor, relativeError } from '../../src/widgets/gaussian-field/gaussian.ts';

const site = useSite();
const poll = <T>(fn: () => T | Promise<T>, timeout = 30_000) => expect.poll(fn, { timeout });

describe('gaussian-field (chapter 5, G8)', () => {
  it('scores the posterior average like the module; a trained network is scored too; t reaches the URL', async () => {
    const { page, problems } = await site.open('/widgets/gaussian-field/?backend=wasm');
    const r = page.getByTestId('gaussian-field-readout');
    const law = lawAt(gaussianFieldSchema.angle.default);
    const want = relativeError(averagedField(dataFor(law, 256, 1)), exactField(law), probesFor(law, 0.5, 1), 0.5);
    await poll(async () => Number(await r.getAttribute('data-average-error'))).toBeCloseTo(want, 9);
    expect(await paintedPixels(page.locator('canvas').first())).toBeGreaterThan(1000);
    await poll(async () => page.locator('.conv td.num').last().innerText(), 60_000).toMatch(/%$/);
    expect(await r.getAttribute('data-network-error')).toBe('');
    await page.getByRole('button', { name: 'Train a network' }).click();
    await poll(async () => r.getAttribute('data-network-error'), 150_000).not.toBe('');
    const err = Number(await r.getAttribute('data-network-error'));
    expect(err).toBeGreaterThan(0);
    expect(err).toBeLessThan(0.8);
    await page.locator('[data-widget="gaussian-field"] [id$="-t"]').fill('0.8');
    await poll(() => page.url()).toContain('gaussian-field.t=0.8');
    clean(problems);
    await page.close();
  }, 240_000);
});

describe('train-cfm likelihood readout (chapter 4, G14)', () => {
  it('computes the exact and the Hutchinson log-likelihood of the trained model and their cost', async () => {
    const { page, problems } = await site.open('/widgets/train-cfm/?train-cfm.target=8gaussians&train-cfm-loglik.points=32&backend=wasm');
    const button = page.getByRole('button', { name: 'Compute log pθ' });
    expect(await button.isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(() => Number(document.querySelector('[data-widget=train-cfm]')?.getAttribute('data-step')) >= 50, null, {
      timeout: 120_000,
    });
    await page.getByRole('button', { name: 'Pause' }).click();
    await poll(async () => button.isDisabled()).toBe(false);
    await button.click();
    const out = page.getByTestId('likelihood-readout');
    await poll(async () => out.count(), 120_000).toBe(1);
    const text = await out.innerText();
    expect(text).toContain('NFE 40: 200 network evaluations exact, 120 with Hutchinson');
    expect(text).toMatch(/exact\s+[−-]?\d[^\n]*exact divergence/);
    expect(text).toContain("the data's own log-density");
    clean(problems);
    await page.close();
  }, 240_000);
});

describe('coupling-unmixing, trained-network option (chapter 6)', () => {
  it('trains a network on the plan’s pairs on press and flows the particles with it', async () => {
    const { page, problems } = await site.open('/widgets/coupling-unmixing/?coupling-unmixing.field=network&backend=wasm');
    const r = page.getByTestId('unmixing-readout');
    const train = page.getByRole('button', { name: 'Train a network' });
    await train.waitFor();
    expect(await r.getAttribute('data-own')).toBe('');
    await train.click();
    await poll(async () => r.getAttribute('data-own'), 300_000).not.toBe('');
    const own = Number(await r.getAttribute('data-own'));
    expect(own).toBeGreaterThan(0.5);
    expect(await r.innerText()).toContain('Field: the trained network');
    clean(problems);
    await page.close();
  }, 360_000);
});
