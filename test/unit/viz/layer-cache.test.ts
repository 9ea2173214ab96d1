import { describe, expect, it } from 'vitest';
import { LayerCache } from '../../../src/lib/viz/layer-cache.ts';

/** A stand-in canvas that records what the cache does to it. */
function fakeCanvas() {
  const calls: string[] = [];
  const ctx = {
    setTransform: (...a: number[]) => calls.push(`setTransform ${a.join(',')}`),
    clearRect: (...a: number[]) => calls.push(`clearRect ${a.join(',')}`),
  };
  const canvas = { width: 300, height: 150, getContext: () => ctx };
  return { canvas, ctx, calls };
}

describe('LayerCache', () => {
  it('clears and resizes for a new key, keeps the layer for the same key', () => {
    const fake = fakeCanvas();
    let made = 0;
    const cache = new LayerCache(() => (made++, fake.canvas as unknown as HTMLCanvasElement));
    const density = new Float32Array(4);
    const a = cache.layer([100, 2, density], 100, 50, 2)!;
    expect(a.fresh).toBe(true);
    expect([fake.canvas.width, fake.canvas.height]).toEqual([200, 100]);
    expect(fake.calls).toEqual(['setTransform 1,0,0,1,0,0', 'clearRect 0,0,200,100', 'setTransform 2,0,0,2,0,0']);
    fake.calls.length = 0;
    expect(cache.layer([100, 2, density], 100, 50, 2)!.fresh).toBe(false);
    expect(fake.calls).toEqual([]);
    // An equal but different array is a new key (layers key on identity), as is any changed number.
    expect(cache.layer([100, 2, new Float32Array(4)], 100, 50, 2)!.fresh).toBe(true);
    expect(cache.layer([100, 3, density], 100, 50, 3)!.fresh).toBe(true);
    expect([fake.canvas.width, fake.canvas.height]).toEqual([300, 150]);
    expect(cache.layer([100, 3, density, 'extra'], 100, 50, 3)!.fresh).toBe(true);
    expect(made).toBe(1);
  });

  it('copies the key, so mutating the caller’s array does not fool it; invalidate starts afresh', () => {
    const fake = fakeCanvas();
    const cache = new LayerCache(() => fake.canvas as unknown as HTMLCanvasElement);
    const key: unknown[] = [1, 2];
    cache.layer(key, 10, 10, 1);
    key[1] = 3;
    expect(cache.layer(key, 10, 10, 1)!.fresh).toBe(true);
    expect(cache.layer(key, 10, 10, 1)!.fresh).toBe(false);
    cache.invalidate();
    expect(cache.layer(key, 10, 10, 1)!.fresh).toBe(true);
  });

  it('returns null, drawing nothing, when the canvas has no 2-D context', () => {
    const cache = new LayerCache(() => ({ width: 1, height: 1, getContext: () => null }) as unknown as HTMLCanvasElement);
    expect(cache.layer([1], 10, 10, 1)).toBeNull();
  });
});
