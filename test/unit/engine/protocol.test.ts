/**
 * The command/event protocol: the runner (shared by the worker and the main-thread fallback)
 * answers init with ready + snapshot, trains while started, and after a reset during training no
 * event of the old generation follows the new generation's first event. The page-side client
 * drops stale generations. CPU backend, tiny model.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { activateAndCheck } from '../../../src/lib/nn/backend.ts';
import { SessionRunner } from '../../../src/lib/engine/train/runner.ts';
import { createTrainer } from '../../../src/lib/engine/train/client.ts';
import { cleanSettings } from '../../../src/lib/engine/train/settings.ts';
import type { SessionEvent } from '../../../src/lib/engine/train/protocol.ts';

const tiny = cleanSettings({ width: 8, depth: 1, batch: 32, coupling: 'independent', samples: 60, nfe: 3, stepsPerFrame: 5 }).settings;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean, ms = 10_000) {
  const t0 = Date.now();
  while (!pred()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await sleep(5);
  }
}

beforeAll(async () => {
  expect(await activateAndCheck('cpu')).toBe(true);
});

describe('SessionRunner', () => {
  it('trains, pauses, and drops the old generation after a reset during training', async () => {
    const events: SessionEvent[] = [];
    const runner = new SessionRunner({ where: 'main-thread', post: (ev) => events.push(ev), snapshotMs: 0, maxChunkMs: 5 });
    runner.handle({ type: 'init', gen: 1, settings: tiny, force: 'cpu' });
    await until(() => events.some((e) => e.type === 'snapshot'));
    expect(events[0].type).toBe('ready');
    runner.handle({ type: 'start', gen: 1 });
    await until(() => events.some((e) => e.type === 'snapshot' && e.step >= 20));
    // several resets and setting changes in quick succession, some with stale generations
    runner.handle({ type: 'update', gen: 1, settings: { ...tiny, lr: 0.01 } });
    runner.handle({ type: 'reset', gen: 2, settings: { ...tiny, width: 16 } });
    runner.handle({ type: 'reset', gen: 3, settings: { ...tiny, seed: 9 } });
    runner.handle({ type: 'step', gen: 3, n: 7 });
    // Stale: sent for generation 2 after the last reset installed generation 3. Nothing follows it
    // that could stop a loop it started, so only the generation guard keeps the session paused.
    runner.handle({ type: 'start', gen: 2 });
    await until(() => events.some((e) => e.type === 'snapshot' && e.gen === 3 && e.step === 7));
    const firstNew = events.findIndex((e) => e.gen >= 2);
    expect(events.slice(firstNew).some((e) => e.gen === 1)).toBe(false);
    const gen3 = events.filter((e) => e.gen === 3 && e.type === 'snapshot');
    expect(gen3[0].type === 'snapshot' && gen3[0].step).toBe(0); // fresh weights, paused
    await sleep(300); // a started loop would have trained and posted (snapshotMs 0) by now
    const last = events.at(-1)!;
    expect(last.type === 'snapshot' && last.step).toBe(7); // paused: the stale start did not run
    expect(events.filter((e) => e.type === 'snapshot' && e.gen === 3 && e.step > 7)).toEqual([]);
    expect(events.some((e) => e.type === 'error')).toBe(false);
    runner.handle({ type: 'dispose' });
  });

  it('reports divergence and refuses to continue until reset', async () => {
    const events: SessionEvent[] = [];
    const runner = new SessionRunner({ where: 'main-thread', post: (ev) => events.push(ev), snapshotMs: 50 });
    runner.handle({
      type: 'init',
      gen: 1,
      settings: { ...tiny, width: 32, depth: 2, batch: 64, lr: 10, optimizer: 'adam', stepsPerFrame: 50 },
      force: 'cpu',
    });
    runner.handle({ type: 'start', gen: 1 });
    await until(() => events.some((e) => e.type === 'diverged'), 30_000);
    const n = events.length;
    runner.handle({ type: 'start', gen: 1 });
    await until(() => events.length > n);
    expect(events.at(-1)!.type).toBe('diverged');
    runner.handle({ type: 'dispose' });
  });
});

describe('createTrainer (main-thread fallback)', () => {
  it('delivers only current-generation events and exports weights', async () => {
    const seen: SessionEvent[] = [];
    const trainer = createTrainer({ settings: tiny, force: 'cpu', noWorker: true, onEvent: (ev) => seen.push(ev) });
    await until(() => seen.some((e) => e.type === 'ready'));
    expect(trainer.where()).toBe('main-thread');
    trainer.start();
    await until(() => seen.some((e) => e.type === 'snapshot' && e.step > 0));
    for (let i = 0; i < 5; i++) trainer.update({ ...tiny, width: 8 + 8 * i, seed: i }, true);
    trainer.step(3);
    await until(() => seen.some((e) => e.type === 'snapshot' && e.gen === trainer.generation() && e.step === 3));
    expect(seen.every((e) => e.gen === 1 || e.gen === trainer.generation())).toBe(true);
    trainer.exportWeights();
    await until(() => seen.some((e) => e.type === 'weights'));
    const w = seen.find((e) => e.type === 'weights');
    expect(w?.type === 'weights' && w.weights.config.width).toBe(40);
    trainer.dispose();
  });
});
