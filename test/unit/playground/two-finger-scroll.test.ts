import { describe, expect, it } from 'vitest';
import { TwoFingerScroll } from '../../../src/widgets/playground/two-finger-scroll.ts';

/** A touch pointer; the first finger of a gesture is the primary one. */
const touch = (pointerId: number, clientY: number, isPrimary = false) => ({ pointerType: 'touch', pointerId, clientY, isPrimary });

describe('two fingers scroll the page, one finger draws', () => {
  it('one finger draws: no event is taken and nothing scrolls', () => {
    const scrolled: number[] = [];
    const s = new TwoFingerScroll(
      (dy) => scrolled.push(dy),
      () => scrolled.push(NaN),
    );
    expect([s.take(touch(1, 300, true), 'down'), s.take(touch(1, 280), 'move'), s.take(touch(1, 250), 'up')]).toEqual([
      false,
      false,
      false,
    ]);
    expect(scrolled).toEqual([]);
  });

  it('a second finger cancels the stroke once and the fingers’ mean height scrolls the page', () => {
    const scrolled: number[] = [];
    let cancelled = 0;
    const s = new TwoFingerScroll(
      (dy) => scrolled.push(dy),
      () => cancelled++,
    );
    expect(s.take(touch(1, 300, true), 'down')).toBe(false);
    expect(s.take(touch(1, 296, true), 'move')).toBe(false); // the first finger drew a little
    expect(s.take(touch(2, 320), 'down')).toBe(true);
    expect(cancelled).toBe(1);
    // Both fingers up by 40 px: the mean goes from 308 to 268 in two moves, the page scrolls 40 px down.
    s.take(touch(1, 276), 'move'); // mean 298
    s.take(touch(2, 280), 'move'); // mean 278
    s.take(touch(1, 256), 'move'); // mean 268
    expect(scrolled).toEqual([10, 20, 10]);
    // Lifting one finger re-anchors on the other: no jump, and it keeps scrolling until it lifts.
    expect(s.take(touch(2, 280), 'up')).toBe(true);
    expect(s.take(touch(1, 250), 'move')).toBe(true);
    expect(scrolled.at(-1)).toBe(6);
    expect(s.take(touch(1, 250), 'up')).toBe(true);
    expect(cancelled).toBe(1);
    // Then one finger draws again.
    expect(s.take(touch(3, 100, true), 'down')).toBe(false);
  });

  it('a mouse or a pen is never taken, whatever the fingers do', () => {
    const s = new TwoFingerScroll(
      () => {},
      () => {},
    );
    s.take(touch(1, 10), 'down');
    s.take(touch(2, 10), 'down');
    expect(s.take({ pointerType: 'mouse', pointerId: 9, clientY: 5, isPrimary: true }, 'move')).toBe(false);
    expect(s.take({ pointerType: 'pen', pointerId: 8, clientY: 5, isPrimary: true }, 'down')).toBe(false);
  });

  it('a gesture whose lifts were lost does not leave the next touch scrolling', () => {
    const scrolled: number[] = [];
    const s = new TwoFingerScroll(
      (dy) => scrolled.push(dy),
      () => {},
    );
    s.take(touch(1, 300, true), 'down');
    expect(s.take(touch(2, 300), 'down')).toBe(true);
    // Neither finger's "up" arrives (the canvas was replaced mid-gesture). A new touch draws.
    expect(s.take(touch(5, 200, true), 'down')).toBe(false);
    expect(s.take(touch(5, 150, true), 'move')).toBe(false);
    expect(scrolled).toEqual([]);
  });
});
