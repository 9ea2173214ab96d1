import { describe, expect, it } from 'vitest';
import { LAYER_FRAMES, type SceneEvent } from '../../../src/lib/engine/playground/protocol.ts';
import { SceneRunner, coarseToFine } from '../../../src/lib/engine/playground/runner.ts';
import { PLAYGROUND_SCHEMA } from '../../../src/lib/engine/playground/settings.ts';
import { defaultSettings } from '../../../src/lib/state/settings.ts';
import { dab, erase } from '../../../src/widgets/playground/drawing.ts';
import { nearestFrame, pathMajor, positionsAt } from '../../../src/widgets/playground/frames.ts';
import { readViewOptions } from '../../../src/widgets/playground/view-options.ts';
import { Rng } from '../../../src/lib/core/index.ts';
import { MAX_POINTS } from '../../../src/lib/engine/playground/points-url.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('scene runner', () => {
  it('answers hello, posts the scene then every layer frame once; a newer scene supersedes the old', async () => {
    const events: SceneEvent[] = [];
    const r = new SceneRunner((ev) => events.push(ev));
    r.handle({ type: 'hello' });
    const s = { ...defaultSettings(PLAYGROUND_SCHEMA), n: 8, particles: 20, steps: 4 };
    r.handle({ type: 'scene', gen: 1, settings: s, drawn: {} });
    r.handle({ type: 'scene', gen: 2, settings: { ...s, seed: 2 }, drawn: {} });
    for (let i = 0; i < 200 && events.filter((e) => e.type === 'layer').length < LAYER_FRAMES; i++) await wait(10);
    await wait(30);
    expect(events[0]).toEqual({ type: 'ready' });
    expect(events.filter((e) => e.type === 'scene').map((e) => e.gen)).toEqual([1, 2]);
    const layers = events.filter((e): e is Extract<SceneEvent, { type: 'layer' }> => e.type === 'layer');
    expect(layers.every((e) => e.gen === 2)).toBe(true);
    expect(new Set(layers.map((e) => e.k)).size).toBe(LAYER_FRAMES);
    r.handle({ type: 'at', gen: 2, t: 0.5, probe: [0, 0], streams: true });
    const at = events.at(-1)!;
    expect(at.type).toBe('at');
    if (at.type === 'at') expect(at.probe!.paths.length).toBeGreaterThan(0);
    r.handle({ type: 'at', gen: 1, t: 0.5, probe: null, streams: false });
    expect(events.at(-1)).toBe(at); // a stale request is ignored
  });

  it('reports a failing scene as an error event', () => {
    const events: SceneEvent[] = [];
    const r = new SceneRunner((ev) => events.push(ev));
    r.handle({
      type: 'scene',
      gen: 5,
      settings: { ...defaultSettings(PLAYGROUND_SCHEMA), n: 7, source: 'moons', coupling: 'bad' },
      drawn: {},
    });
    expect(events[0].type).toBe('scene'); // odd n is rounded down to an even one, not an error
    r.handle({
      type: 'scene',
      gen: 6,
      settings: { ...defaultSettings(PLAYGROUND_SCHEMA), source: 'moons', path: 'icfm', coupling: 'sinkhorn', eta: Number.NaN },
      drawn: {},
    });
    r.handle({ type: 'dispose' });
    expect(events[1]).toMatchObject({ type: 'error', gen: 6 });
  });

  it("reports a failing streamlines request as that scene's error, not as a thrown (worker-ending) error", () => {
    const events: SceneEvent[] = [];
    const r = new SceneRunner((ev) => events.push(ev));
    const s = { ...defaultSettings(PLAYGROUND_SCHEMA), n: 8, particles: 20, steps: 4 };
    r.handle({ type: 'scene', gen: 3, settings: s, drawn: {} });
    // A request the layers cannot answer (a broken probe), standing in for any bug on this path.
    (r as unknown as { at: () => void }).at = () => {
      throw new Error('probe failed');
    };
    expect(() => r.handle({ type: 'at', gen: 3, t: 0.5, probe: [0, 0], streams: true })).not.toThrow();
    expect(events.at(-1)).toEqual({ type: 'error', gen: 3, message: 'probe failed' });
    r.handle({ type: 'dispose' });
  });

  it('refines the time grid coarse to fine and visits every frame once', () => {
    const order = coarseToFine(9);
    expect(order.slice(0, 3)).toEqual([0, 8, 4]);
    expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(coarseToFine(LAYER_FRAMES)).toHaveLength(LAYER_FRAMES);
  });
});

describe('view helpers', () => {
  const F = { times: Float64Array.from([0, 0.5, 1]), frames: Float32Array.from([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]), m: 2 };
  it('interpolates particles between frames and lays trajectories path-major', () => {
    expect(Array.from(positionsAt(F, 0.25))).toEqual([1, 1, 2, 2]);
    expect(Array.from(positionsAt(F, 9))).toEqual([4, 4, 5, 5]);
    expect(Array.from(pathMajor(F).data)).toEqual([0, 0, 2, 2, 4, 4, 1, 1, 3, 3, 5, 5]);
    expect(pathMajor(F)).toBe(pathMajor(F)); // once per frames object: the trajectory layer keys on it
    expect(pathMajor(F, 1).count).toBe(1);
    expect(pathMajor({ ...F }).data).not.toBe(pathMajor(F).data);
    expect(nearestFrame([undefined, 1, undefined], 0, 0, 1)).toBe(1);
    expect(nearestFrame([undefined, undefined], 0.5, 0, 1)).toBe(-1);
  });

  it('brush sprays within its radius, mirrors, stops at MAX_POINTS; the eraser removes what it covers', () => {
    const rng = new Rng(1);
    const pts = dab(new Float64Array(0), 1, 2, { radius: 0.5, perDab: 5, mirror: true }, rng);
    expect(pts.length).toBe(20);
    for (let i = 0; i < 20; i += 4) {
      expect(Math.hypot(pts[i] - 1, pts[i + 1] - 2)).toBeLessThanOrEqual(0.5);
      expect(pts[i + 2]).toBe(-pts[i]);
    }
    expect(erase(pts, 1, 2, 0.6, false).length).toBe(10);
    expect(erase(pts, 1, 2, 0.6, true).length).toBe(0);
    const full = new Float64Array(2 * MAX_POINTS);
    expect(dab(full, 0, 0, { radius: 0, perDab: 1, mirror: false }, rng)).toBe(full);
  });

  it('reads embed and _hide, and lists unknown names', () => {
    const v = readViewOptions('?embed=1&_hide=coupling,export,, bogus', ['coupling', 'path']);
    expect(v.embed).toBe(true);
    expect([...v.hidden]).toEqual(['coupling', 'export']);
    expect(v.unknown).toEqual(['bogus']);
    expect(readViewOptions('', []).hidden.size).toBe(0);
  });
});
