/**
 * The sampler's failure messages (src/widgets/cifar-sampler/failure.ts) for the faults of issue 18's
 * table, with the engine messages the e2e fault tests produced: each hint fits its cause.
 */
import { describe, expect, it } from 'vitest';
import { failureMessage } from '../../../src/widgets/cifar-sampler/failure.ts';

describe('failureMessage', () => {
  it('a download fault keeps nothing and asks for a retry', () => {
    const m = failureMessage('download', 'the download stopped at 1048291 of 2096582 bytes');
    expect(m).toBe(
      'Downloading the weights failed: the download stopped at 1048291 of 2096582 bytes. Nothing was kept; press Retry to download them again.',
    );
  });
  it('a crashed worker is not blamed on missing files or the backend', () => {
    const m = failureMessage('sample', 'the sampling engine stopped (worker error: Uncaught Error: simulated worker crash)');
    expect(m).toMatch(/^Sampling failed: the sampling engine stopped .*\. The sampling engine stopped; press Retry to start a new one\.$/);
    expect(m).not.toMatch(/missing|backend/);
  });
  it('a broken or missing checkpoint file says so', () => {
    for (const msg of ['model.json is not valid JSON', 'GET checkpoints/x/group1-shard1of1.bin: 404 Not Found']) {
      const m = failureMessage('sample', msg);
      expect(m).toMatch(/checkpoint files are missing or damaged/);
      expect(m).not.toMatch(/engine stopped; press/);
    }
  });
  it('a backend failure names the way out; anything else asks for a retry', () => {
    expect(failureMessage('sample', 'no TF.js backend passed its check (webgpu, webgl, wasm)')).toMatch(/no working TF\.js backend/);
    expect(failureMessage('sample', 'the engine returned 3 images for 4')).toBe(
      'Sampling failed: the engine returned 3 images for 4. Press Retry to try again.',
    );
  });
});
