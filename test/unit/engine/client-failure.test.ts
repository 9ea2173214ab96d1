/**
 * An engine that cannot start reaches the widget as an `error` event, never as an unhandled promise
 * rejection or silence: the page-side clients (train/client.ts, cifar/client.ts) load their runner
 * with `import()` on the main thread, and here that import rejects (as a chunk that fails to load
 * does in the browser). Vitest fails a run on any unhandled rejection, so this also checks that.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

afterEach(() => {
  vi.doUnmock('../../../src/lib/engine/train/runner.ts');
  vi.doUnmock('../../../src/lib/engine/cifar/runner.ts');
  vi.resetModules();
});

const until = async (pred: () => boolean, ms = 5000) => {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('a failed engine start', () => {
  it('train client: the widget gets an error event', async () => {
    vi.doMock('../../../src/lib/engine/train/runner.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const { createTrainer } = await import('../../../src/lib/engine/train/client.ts');
    const { cleanSettings } = await import('../../../src/lib/engine/train/settings.ts');
    const events: { type: string; message?: string }[] = [];
    const trainer = createTrainer({ settings: cleanSettings({}).settings, noWorker: true, onEvent: (ev) => events.push(ev) });
    trainer.start();
    await until(() => events.length > 0);
    expect(events[0].type).toBe('error');
    expect(events[0].message).toMatch(/could not start/);
    trainer.dispose();
  });

  it('cifar client: the widget gets an error event outside any run (gen 0)', async () => {
    vi.doMock('../../../src/lib/engine/cifar/runner.ts', () => {
      throw new Error('Failed to fetch dynamically imported module');
    });
    const { createCifarClient } = await import('../../../src/lib/engine/cifar/client.ts');
    const events: { type: string; gen?: number; message?: string }[] = [];
    const client = createCifarClient({ noWorker: true, onEvent: (ev) => events.push(ev) });
    client.init();
    await until(() => events.length > 0);
    expect(events[0]).toMatchObject({ type: 'error', gen: 0 });
    expect(events[0].message).toMatch(/could not start/);
    client.dispose();
  });
});
