/**
 * The page-thread scheduler of the widgets (src/widgets/shared/task-chain.ts): tasks run in order,
 * several per slice but never a slice much longer than SLICE_MS, other work runs between slices, a
 * new chain cancels the old one, and a failing task does not stop the chain.
 */
import { describe, expect, it } from 'vitest';
import { SLICE_MS, SliceClock, TaskChain, yieldToPage } from '../../../src/widgets/shared/task-chain.ts';

const busy = (ms: number) => {
  const end = performance.now() + ms;
  while (performance.now() < end);
};

/** Counts the macrotasks that other code gets while `work` runs. */
function otherTasks(): { count: () => number; stop: () => void } {
  let n = 0;
  let on = true;
  const tick = () => {
    if (!on) return;
    n++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return { count: () => n, stop: () => (on = false) };
}

describe('TaskChain', () => {
  it('runs the tasks in order in slices of about SLICE_MS, letting other work in between', async () => {
    const others = otherTasks();
    const seen: { i: number; other: number }[] = [];
    await new Promise<void>((done) =>
      new TaskChain().run(
        Array.from({ length: 12 }, (_, i) => () => {
          seen.push({ i, other: others.count() });
          busy(2);
        }),
        done,
        (_i, err) => {
          throw err;
        },
      ),
    );
    others.stop();
    expect(seen.map((s) => s.i)).toEqual([...Array(12).keys()]);
    // Group the tasks by the slice they ran in (other work ran between slices).
    const slices = new Map<number, number>();
    for (const s of seen) slices.set(s.other, (slices.get(s.other) ?? 0) + 1);
    // 12 tasks of 2 ms: 24 ms of work in slices of 6 ms (3–4 tasks each), so at least 3 slices…
    expect(slices.size).toBeGreaterThanOrEqual(3);
    // …and none ran more than a slice's worth plus the task that overran it.
    expect(Math.max(...slices.values()) * 2).toBeLessThanOrEqual(SLICE_MS + 2 + 2);
  });

  it('a new run cancels the previous one; a failing task is reported and the chain goes on', async () => {
    const chain = new TaskChain();
    const ran: string[] = [];
    let firstDone = false;
    chain.run(
      [() => ran.push('old')],
      () => (firstDone = true),
      () => {},
    );
    const errors: number[] = [];
    await new Promise<void>((done) =>
      chain.run(
        [
          () => ran.push('a'),
          () => {
            throw new Error('boom');
          },
          () => ran.push('c'),
        ],
        done,
        (i) => errors.push(i),
      ),
    );
    expect([ran, errors, firstDone]).toEqual([['a', 'c'], [1], false]);
  });
});

describe('SliceClock and yieldToPage', () => {
  it('pause() yields only once the slice is spent', async () => {
    const others = otherTasks();
    const clock = new SliceClock();
    await clock.pause();
    const before = others.count();
    busy(SLICE_MS + 1);
    expect(clock.due).toBe(true);
    await clock.pause();
    expect(clock.due).toBe(false);
    expect(others.count()).toBeGreaterThan(before);
    await yieldToPage();
    others.stop();
  });
});
