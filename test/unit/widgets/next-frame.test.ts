/**
 * Work deferred out of hydration (shared/next-frame.ts; issue 17): it runs once, in the next
 * animation frame, or after the fallback delay where no frame comes (a background tab); never
 * during the call that schedules it, never twice, never after the widget is gone.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inNextFrame, NEXT_FRAME_FALLBACK_MS } from '../../../src/widgets/shared/next-frame.ts';

/** Animation frames that arrive only when the test says so. */
let frames: Map<number, FrameRequestCallback>;
let nextId: number;
const g = globalThis as { requestAnimationFrame?: unknown; cancelAnimationFrame?: unknown };
function fireFrame() {
  const due = [...frames.values()];
  frames.clear();
  for (const cb of due) cb(0);
}
beforeEach(() => {
  vi.useFakeTimers();
  frames = new Map();
  nextId = 1;
  g.requestAnimationFrame = (cb: FrameRequestCallback) => {
    frames.set(nextId, cb);
    return nextId++;
  };
  g.cancelAnimationFrame = (id: number) => frames.delete(id);
});
afterEach(() => {
  vi.useRealTimers();
  delete g.requestAnimationFrame;
  delete g.cancelAnimationFrame;
});

describe('inNextFrame', () => {
  it('runs in the next frame, not during the call, and only once', () => {
    const fn = vi.fn();
    inNextFrame(fn);
    expect(fn).not.toHaveBeenCalled();
    fireFrame();
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * NEXT_FRAME_FALLBACK_MS);
    fireFrame();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('runs after the fallback delay when no frame comes, and the late frame does not run it again', () => {
    const fn = vi.fn();
    inNextFrame(fn);
    vi.advanceTimersByTime(NEXT_FRAME_FALLBACK_MS - 1);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    fireFrame();
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('never runs once cancelled', () => {
    const fn = vi.fn();
    const cancel = inNextFrame(fn);
    cancel();
    fireFrame();
    vi.advanceTimersByTime(10 * NEXT_FRAME_FALLBACK_MS);
    expect(fn).not.toHaveBeenCalled();
  });

  it('runs at once where there are no animation frames at all (server, tests without a page)', () => {
    delete g.requestAnimationFrame;
    const fn = vi.fn();
    inNextFrame(fn);
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
