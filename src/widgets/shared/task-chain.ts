/**
 * Cooperative scheduling for computations that run on the page's thread: work is cut into small
 * tasks, and the page gets the thread back whenever a slice has run for `SLICE_MS`.
 *
 * Why 6 ms: Lighthouse's mobile preset multiplies every main-thread task by 4 and counts the part of
 * each task beyond 50 ms as blocking time; a phone is that much slower than this machine. A slice of
 * 6 ms stays under the 12.5 ms that becomes 50 ms there, with room for the event that ends it. A
 * first computation run in 16-particle chunks took 50–90 ms per task (coupling-unmixing: 2.0 s of
 * blocking time at load).
 */
import { yieldToEvents } from '../../lib/engine/yield.ts';

export const SLICE_MS = 6;

/** Give the page the thread for one turn of its event loop (engine/yield.ts says why this way). */
export const yieldToPage = yieldToEvents;

/**
 * A clock for loops that yield: `await clock.pause()` between units of work yields to the page only
 * when the current slice has run for `SLICE_MS` (so short units do not each pay for a task switch).
 */
export class SliceClock {
  private start = performance.now();

  /** True when the current slice is spent. */
  get due(): boolean {
    return performance.now() - this.start >= SLICE_MS;
  }

  async pause(): Promise<void> {
    if (!this.due) return;
    await yieldToPage();
    this.start = performance.now();
  }
}

/**
 * One task of a chain: sync, or async and awaiting `pause()` between small units of its work (which
 * yields when the slice is spent, and throws if the chain was cancelled meanwhile).
 */
export type ChainTask = (pause: () => Promise<void>) => unknown;

/** Thrown by a cancelled chain's `pause()`; the chain ends quietly. */
class ChainCancelled extends Error {}

/**
 * A chain of small tasks run in order, as many per slice as fit in `SLICE_MS`, yielding to the page
 * between slices. Starting a new chain cancels the previous one; the caller keeps showing the last
 * complete results until the new ones arrive. A sync task should take well under a slice; a longer
 * one is async and pauses inside.
 */
export class TaskChain {
  private generation = 0;

  /** Runs `tasks` in order; `onError` gets the index and error of a failing task (the chain goes on). */
  run(tasks: ChainTask[], onDone: () => void, onError: (i: number, err: unknown) => void): void {
    const gen = ++this.generation;
    void (async () => {
      await yieldToPage(); // the caller's task (an effect, an event) ends first
      const clock = new SliceClock();
      const pause = async () => {
        await clock.pause();
        if (gen !== this.generation) throw new ChainCancelled();
      };
      for (let i = 0; i < tasks.length; i++) {
        if (gen !== this.generation) return;
        try {
          await tasks[i](pause);
        } catch (err) {
          if (err instanceof ChainCancelled) return;
          onError(i, err);
        }
        await clock.pause();
      }
      if (gen === this.generation) onDone();
    })();
  }

  cancel(): void {
    this.generation++;
  }
}
