/**
 * Dispatches (kernels) per training step on WebGPU, here on the SwiftShader software adapter, next
 * to wasm's, for the same tiny seeded configuration, and the two agree: WebGPU runs the composite
 * ops, wasm the fused kernels of src/lib/nn/fused-kernels.ts, so this also checks the fused
 * arithmetic against an independent backend. No speed is measured: software WebGPU is ~25× slower
 * than wasm. Needs the built site (npm run build).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, serveDist, type SiteServer } from '../e2e/harness.ts';

let server: SiteServer;
let browser: Browser;
beforeAll(async () => {
  server = await serveDist();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The default architecture (3×64 SELU, 3 time frequencies), small batch, independent coupling. */
const TINY = {
  settings: { target: '8gaussians', coupling: 'independent', batch: 32, lr: 0.01, seed: 7 },
  steps: 30,
  seconds: 120,
  warmup: 1,
  flushEvery: 10,
  evalPoints: 100,
  samplePoints: 20,
  sampleSteps: 2,
  quick: true,
  countKernels: true,
};

interface Result {
  firstLoss: number;
  lastLoss: number;
  w2: number;
  w2Initial: number;
  kernelsPerStep: number;
  choice: { name: string; isFallback: boolean };
}

async function run(backend: string): Promise<Result> {
  const context = await browser.newContext();
  try {
    const { page, problems } = await openPage(context, `${server.url}/widgets/train-cfm-bench/?backend=${backend}`, server.url);
    await page.waitForFunction(() => document.documentElement.dataset.benchReady === '1', null, { timeout: 60_000 });
    const r = await page.evaluate<Result, typeof TINY>(
      (o) => (window as unknown as { __cfmBench: (o: object) => Promise<Result> }).__cfmBench(o),
      TINY,
    );
    expect(problems.pageErrors).toEqual([]);
    expect(r.choice.name).toBe(backend);
    return r;
  } finally {
    await context.close();
  }
}

describe('training step on WebGPU (software adapter)', () => {
  it('reports its dispatches per step and agrees with wasm', async () => {
    const wasm = await run('wasm');
    const gpu = await run('webgpu');
    console.log(
      `dispatches per training step (3×64 SELU, batch 32): webgpu${gpu.choice.isFallback ? ' (software)' : ''} ${gpu.kernelsPerStep}, wasm ${wasm.kernelsPerStep} (fused)`,
    );
    expect(gpu.kernelsPerStep).toBeGreaterThan(0);
    expect(wasm.kernelsPerStep).toBeLessThan(gpu.kernelsPerStep);
    expect(Math.abs(gpu.firstLoss - wasm.firstLoss) / wasm.firstLoss).toBeLessThan(1e-3); // same weights, same batches
    expect(Math.abs(gpu.lastLoss - wasm.lastLoss) / wasm.lastLoss).toBeLessThan(0.05);
    expect(Math.abs(gpu.w2Initial - wasm.w2Initial)).toBeLessThan(1e-3);
    expect(Math.abs(gpu.w2 - wasm.w2)).toBeLessThan(0.05);
  }, 150_000);
});
