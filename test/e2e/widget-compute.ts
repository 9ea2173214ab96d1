/**
 * Pressing a widget's compute control on its standalone page, for tests that sweep every widget
 * (security.test.ts, backends.test.ts): small settings per widget, the control found by its label,
 * and the backend the widget then names.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** Small settings per widget, so a compute step is quick on wasm (unknown keys are ignored, values clamped). */
export const SMALL: Record<string, string> = {
  'train-cfm': 'train-cfm.batch=16&train-cfm.width=8&train-cfm.depth=1&train-cfm.samples=50&train-cfm.nfe=2&train-cfm.stepsPerFrame=2',
  'cifar-sampler': 'cifar-sampler.count=1&cifar-sampler.nfe=1',
  'memorisation-vs-n': 'memorisation-vs-n.steps=50&memorisation-vs-n.width=8',
  'reflow-live':
    'reflow-live.rounds=1&reflow-live.steps=10&reflow-live.pairs=256&reflow-live.solveSteps=2&reflow-live.width=16&reflow-live.depth=1',
  'sde-vs-ode': 'sde-vs-ode.steps=20&sde-vs-ode.trainSteps=25',
  'solver-lab': 'solver-lab.trainSteps=50',
};

/** The control that starts a widget's computation, in order of preference. */
export const COMPUTE =
  /^(Train|Generate|Sample the network|Train and sweep|Train I-CFM.*|Run benchmark|Play|Resample|Resample targets|New samples?|New point sets|Redraw the blobs|Train a network|Run)$/;

export const BACKEND_NAMES = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type Backend = (typeof BACKEND_NAMES)[number];
const mentions = (text: string) => BACKEND_NAMES.map((b) => text.toLowerCase().split(b).length - 1);

/**
 * Presses the widget's compute control. When an engine starts (a worker or a `.wasm` fetch, or
 * `engine` says so), waits until the widget names a backend that was not named on the page before
 * (`null` for a widget that computes on the page without TF.js), then lets it take a few steps.
 */
export async function pressCompute(page: Page, widget: string, engine = false): Promise<{ backend: Backend | null; text: string }> {
  let started = engine;
  page.on('worker', () => (started = true));
  page.on('request', (r) => {
    if (r.url().endsWith('.wasm')) started = true;
  });
  const buttons = await page.locator('main button').allTextContents();
  const label = buttons.map((b) => b.trim()).find((b) => COMPUTE.test(b));
  expect(label, `${widget}: a compute control among ${buttons.join(' | ')}`).toBeTruthy();
  const before = mentions(await page.locator('main').innerText());
  await page.getByRole('button', { name: label, exact: true }).first().click();
  await page.waitForTimeout(1500);
  let backend: Backend | null = null;
  if (started) {
    await expect
      .poll(
        async () => {
          const now = mentions(await page.locator('main').innerText());
          const i = now.findIndex((n, k) => n > before[k]);
          backend = i >= 0 ? BACKEND_NAMES[i] : null;
          return backend;
        },
        { timeout: 180_000 },
      )
      .not.toBeNull();
    await page.waitForTimeout(2000);
  }
  return { backend, text: await page.locator('main').innerText() };
}
