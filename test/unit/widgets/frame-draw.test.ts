import { describe, expect, it } from 'vitest';
import { FrameDraw } from '../../../src/widgets/shared/frame-draw.ts';

/** A hand-cranked animation-frame clock. */
function frames() {
  let next = 1;
  const queued = new Map<number, () => void>();
  return {
    request: (cb: () => void) => (queued.set(next, cb), next++),
    cancel: (h: number) => void queued.delete(h),
    tick() {
      const due = [...queued.values()];
      queued.clear();
      for (const cb of due) cb();
    },
    get queued() {
      return queued.size;
    },
  };
}

describe('FrameDraw', () => {
  it('paints once per frame, with the newest drawing', () => {
    const clock = frames();
    const fd = new FrameDraw(clock.request, clock.cancel);
    const painted: number[] = [];
    for (let k = 1; k <= 5; k++) fd.schedule(() => painted.push(k));
    expect(clock.queued).toBe(1);
    expect(painted).toEqual([]);
    clock.tick();
    expect(painted).toEqual([5]);
    clock.tick();
    expect(painted).toEqual([5]); // nothing new: no paint
    fd.schedule(() => painted.push(6));
    clock.tick();
    expect(painted).toEqual([5, 6]);
  });

  it('a drawing scheduled while painting waits for the next frame; dispose drops what is pending', () => {
    const clock = frames();
    const fd = new FrameDraw(clock.request, clock.cancel);
    const painted: string[] = [];
    fd.schedule(() => {
      painted.push('a');
      fd.schedule(() => painted.push('b'));
    });
    clock.tick();
    expect(painted).toEqual(['a']);
    clock.tick();
    expect(painted).toEqual(['a', 'b']);
    fd.schedule(() => painted.push('c'));
    fd.dispose();
    clock.tick();
    expect(painted).toEqual(['a', 'b']);
    expect(clock.queued).toBe(0);
  });
});
