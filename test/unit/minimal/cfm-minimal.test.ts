/**
 * The appendix's short CFM (src/lib/minimal/cfm-minimal.ts, shown verbatim on
 * /appendix/thirty-line-cfm/) trains the TorchCFM two moons in Node on TF.js wasm within seconds to
 * the W₂ the page states (MINIMAL_CFM_CLAIM), measured exactly on 500 fresh points; untrained, the
 * same code is far off, so the bound means something.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng, sampleDataset, w2Exact } from '../../../src/lib/core/index.ts';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { tf } from '../../../src/lib/nn/tf.ts';
import { trainCfm } from '../../../src/lib/minimal/cfm-minimal.ts';
import { readFileSync } from 'node:fs';
import { MINIMAL_CFM_CLAIM, MINIMAL_LINES_BELOW } from '../../../src/lib/minimal/claim.ts';

const N = MINIMAL_CFM_CLAIM.evalPoints;
const moons = (rng: Rng) => (n: number) => Float32Array.from(sampleDataset('moons', n, rng));

async function trainedW2(steps: number): Promise<{ w2: number; floor: number; ms: number }> {
  const t0 = performance.now();
  const model = trainCfm(moons(new Rng(7)), { steps });
  const x = await model.sample(N);
  model.dispose();
  const rng = new Rng(11);
  const test = sampleDataset('moons', N, rng);
  const test2 = sampleDataset('moons', N, rng);
  return { w2: w2Exact(x, test, N, 2), floor: w2Exact(test, test2, N, 2), ms: performance.now() - t0 };
}

describe('the short CFM', () => {
  it(`both listings are under ${MINIMAL_LINES_BELOW} lines, as the appendix's title says`, () => {
    for (const file of ['src/lib/minimal/cfm-minimal.ts', 'training/cfm_minimal.py'])
      expect(
        readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8')
          .trimEnd()
          .split('\n').length,
      ).toBeLessThan(MINIMAL_LINES_BELOW);
  });

  let backend = '';
  beforeAll(async () => {
    backend = (await activateAndCheck('wasm')) ? 'wasm' : 'cpu';
    if (backend === 'cpu') await activateAndCheck('cpu');
  });
  afterAll(() => tf.disposeVariables());

  it(`trains the two moons to W₂ < ${MINIMAL_CFM_CLAIM.w2Below} in ${MINIMAL_CFM_CLAIM.steps} steps, leaking no tensors`, async () => {
    const before = tf.memory().numTensors;
    const { w2, floor, ms } = await trainedW2(MINIMAL_CFM_CLAIM.steps);
    console.log(`short CFM on ${backend}: W₂ ${w2.toFixed(3)} (floor ${floor.toFixed(3)}, n = ${N}) in ${(ms / 1000).toFixed(1)} s`);
    expect(w2).toBeLessThan(MINIMAL_CFM_CLAIM.w2Below);
    expect(w2).toBeGreaterThan(floor * 0.8);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is far from the moons untrained (the bound is not trivially met)', async () => {
    const { w2 } = await trainedW2(0);
    expect(w2).toBeGreaterThan(2 * MINIMAL_CFM_CLAIM.w2Below);
  });
});
