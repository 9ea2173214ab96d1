/**
 * The SDE vs ODE stage (widgets/sde-vs-ode/stage.ts, stage-client.ts) in Node, on canvases that
 * record what is drawn: a run's frames are drawn once they exist (an older run's never), the
 * network's paths when asked for and present, only the latest of the draws that queue, at the
 * page's pixel ratio; the client sends each frame once, hands the canvases to the worker, forwards
 * its drawings, and reports the canvases lost when the worker fails.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readPalette } from '../../../src/lib/viz/palette.ts';
import { StageRenderer, type StageView } from '../../../src/widgets/sde-vs-ode/stage.ts';
import { createStage, type StageCanvasElements } from '../../../src/widgets/sde-vs-ode/stage-client.ts';
import type { StageCommand, StageEvent } from '../../../src/widgets/sde-vs-ode/stage-protocol.ts';
import { FakeWorker } from '../helpers/fake-worker.ts';

/** A canvas whose 2-D context records every call (name and arguments); it can be "handed over". */
class RecordingCanvas {
  width = 0;
  height = 0;
  calls: { name: string; args: unknown[] }[] = [];
  handedOver = false;
  getContext() {
    const calls = this.calls;
    const props: Record<string | symbol, unknown> = {};
    return new Proxy(props, {
      get: (t, k) =>
        k in t
          ? t[k]
          : (...args: unknown[]) => {
              calls.push({ name: String(k), args });
              return k === 'measureText' ? { width: 10 } : undefined;
            },
      set: (t, k, v) => {
        t[k] = v;
        return true;
      },
    });
  }
  transferControlToOffscreen() {
    this.handedOver = true;
    return { from: this } as unknown as OffscreenCanvas;
  }
}

beforeEach(() => {
  vi.stubGlobal(
    'ImageData',
    class {
      data: Uint8ClampedArray;
      constructor(w: number, h: number) {
        this.data = new Uint8ClampedArray(4 * w * h);
      }
    },
  );
  vi.stubGlobal('OffscreenCanvas', RecordingCanvas);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

const canvases = () => ({
  ode: new RecordingCanvas(),
  sde: new RecordingCanvas(),
  marg: new RecordingCanvas(),
  dist: new RecordingCanvas(),
});
const SIZE = 100;
const view = (t: number, over: Partial<StageView> = {}): StageView => ({
  field: 'exact',
  t,
  paths: 1,
  extent: [-5, 5, -5, 5],
  panelSize: SIZE,
  stripWidth: 200,
  palette: readPalette(null),
  odeTitle: 'ODE',
  sdeTitle: 'SDE',
  checkpoints: [],
  dpr: 1,
  ...over,
});
/** x of the particles drawn on a panel (1.5-px squares centred on them), in data units. */
const particlesX = (c: RecordingCanvas) =>
  c.calls
    .filter((k) => k.name === 'rect' && k.args[2] === 1.5)
    .map((k) => Math.round((((k.args[0] as number) + 0.75 - 4) / (SIZE - 8)) * 10 - 5));
const frame = (...xs: number[]) => Float64Array.from(xs.flatMap((x) => [x, 0]));

function renderer() {
  const c = canvases();
  const drawn: [number, string][] = [];
  const queue: (() => void)[] = [];
  const r = new StageRenderer(c as never, { schedule: (d) => queue.push(d), onDrawn: (t, f) => drawn.push([t, f]) });
  const flush = () => queue.splice(0).forEach((d) => d());
  return { c, r, drawn, flush };
}

describe('the stage renderer', () => {
  it("draws nothing before a run has frames, then the run's frames; an older run's frames are ignored", () => {
    const { c, r, drawn, flush } = renderer();
    r.handle({ type: 'draw', view: view(1) });
    flush();
    expect(drawn).toEqual([]);
    r.handle({ type: 'run', id: 2, total: 3, n: 2 });
    r.handle({ type: 'frames', id: 2, first: 0, ode: [frame(0, 1)], sde: [frame(0, 1)] });
    r.handle({ type: 'frames', id: 1, first: 1, ode: [frame(4, 4)], sde: [frame(4, 4)] });
    r.handle({ type: 'draw', view: view(1) });
    flush();
    // Only frame 0 exists: t = 1 shows the cloud as far as it is computed.
    expect(particlesX(c.ode)).toEqual([0, 1]);
    r.handle({ type: 'frames', id: 2, first: 1, ode: [frame(2, 3), frame(-2, -3)], sde: [frame(2, 3), frame(-2, -3)] });
    c.ode.calls = [];
    r.handle({ type: 'draw', view: view(0.5) });
    flush();
    expect(particlesX(c.ode)).toEqual([2, 3]);
    expect(drawn).toEqual([
      [1, 'exact'],
      [0.5, 'exact'],
    ]);
  });

  it("draws the network's paths when they are asked for and present, else the run's", () => {
    const { c, r, drawn, flush } = renderer();
    r.handle({ type: 'run', id: 1, total: 2, n: 2 });
    r.handle({ type: 'frames', id: 1, first: 0, ode: [frame(0, 1), frame(0, 1)], sde: [frame(0, 1), frame(0, 1)] });
    r.handle({ type: 'draw', view: view(1, { field: 'network' }) });
    flush();
    const net = Float32Array.from([3, 0, 4, 0, -3, 0, -4, 0]);
    r.handle({ type: 'network', paths: { g: 1, nfe: 1, n: 2, frames: 2, ode: net, sde: net } });
    c.ode.calls = [];
    r.handle({ type: 'draw', view: view(1, { field: 'network' }) });
    flush();
    expect(particlesX(c.ode)).toEqual([-3, -4]);
    // The closed form again (the reader switched back): the run's frames, though the paths are kept.
    c.ode.calls = [];
    r.handle({ type: 'draw', view: view(1) });
    flush();
    expect(particlesX(c.ode)).toEqual([0, 1]);
    expect(drawn.map(([, f]) => f)).toEqual(['exact', 'network', 'exact']);
  });

  it('draws only the latest of the views asked for while one waits', () => {
    const { r, drawn, flush } = renderer();
    r.handle({ type: 'run', id: 1, total: 2, n: 2 });
    r.handle({ type: 'frames', id: 1, first: 0, ode: [frame(0, 1), frame(1, 2)], sde: [frame(0, 1), frame(1, 2)] });
    for (const t of [0.1, 0.2, 0.3]) r.handle({ type: 'draw', view: view(t) });
    flush();
    expect(drawn).toEqual([[0.3, 'exact']]);
    r.handle({ type: 'draw', view: view(0.4) });
    flush();
    expect(drawn).toEqual([
      [0.3, 'exact'],
      [0.4, 'exact'],
    ]);
  });

  it("sizes every canvas's backing store at the page's pixel ratio", () => {
    const { c, r, flush } = renderer();
    r.handle({ type: 'run', id: 1, total: 2, n: 2 });
    r.handle({ type: 'frames', id: 1, first: 0, ode: [frame(0, 1)], sde: [frame(0, 1)] });
    r.handle({ type: 'draw', view: view(0, { dpr: 2 }) });
    flush();
    expect([c.ode.width, c.ode.height, c.sde.width, c.marg.width]).toEqual([2 * SIZE, 2 * SIZE, 2 * SIZE, 400]);
    expect(c.dist.width).toBe(400);
  });
});

describe('the stage client', () => {
  const els = () => canvases() as unknown as StageCanvasElements & Record<'ode' | 'sde' | 'marg' | 'dist', RecordingCanvas>;
  const noop = { onDrawn: () => {}, onLost: () => {} };

  it("on the page: sends each of a run's frames once, starts over for a new run, and the network's paths only when they change", () => {
    const handle = vi.spyOn(StageRenderer.prototype, 'handle');
    const stage = createStage(els(), { onPage: true, ...noop });
    expect(stage.where).toBe('page');
    const ode = [frame(0), frame(1)];
    const sde = [frame(0)];
    stage.syncRun(1, 3, 1, ode, sde);
    sde.push(frame(1));
    stage.syncRun(1, 3, 1, ode, sde);
    stage.syncRun(1, 3, 1, ode, sde);
    stage.syncRun(2, 3, 1, ode, sde);
    const paths = { g: 1, nfe: 1, n: 1, frames: 1, ode: new Float32Array(2), sde: new Float32Array(2) };
    stage.network(paths);
    stage.network(paths);
    stage.network(null);
    const sent = handle.mock.calls.map(([cmd]) => (cmd.type === 'frames' ? `frames ${cmd.id}:${cmd.first}+${cmd.ode.length}` : cmd.type));
    expect(sent).toEqual(['run', 'frames 1:0+1', 'frames 1:1+1', 'run', 'frames 2:0+2', 'network', 'network']);
    stage.dispose();
    stage.draw(view(0));
    expect(handle).toHaveBeenCalledTimes(7);
  });

  it('hands the canvases to its worker, sends it the drawing, and passes its drawings on', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const worker = new FakeWorker<StageCommand, StageEvent>();
    const c = els();
    const drawn: number[] = [];
    const stage = createStage(c, { onPage: false, onDrawn: (t) => drawn.push(t), onLost: () => {}, createWorker: () => worker as never });
    expect(stage.where).toBe('worker');
    expect([c.ode, c.sde, c.marg, c.dist].map((x) => x.handedOver)).toEqual([true, true, true, true]);
    expect(worker.posted[0].type).toBe('canvases');
    expect(worker.transfers[0]).toHaveLength(4);
    stage.syncRun(1, 2, 1, [frame(0)], [frame(0)]);
    stage.draw(view(0.25));
    expect(worker.posted.map((m) => m.type)).toEqual(['canvases', 'run', 'frames', 'draw']);
    worker.emit({ type: 'drawn', t: 0.25, field: 'exact' });
    expect(drawn).toEqual([0.25]);
    stage.dispose();
    expect(worker.terminated).toBe(true);
  });

  it.each([
    [
      'an error event (kept from the console: the widget says what happened)',
      (w: FakeWorker<StageCommand, StageEvent>) => {
        const preventDefault = vi.fn();
        w.onerror?.({ message: 'boom', preventDefault } as unknown as ErrorEvent);
        expect(preventDefault).toHaveBeenCalled();
      },
    ],
    ['an error it reports', (w: FakeWorker<StageCommand, StageEvent>) => w.emit({ type: 'error', message: 'boom' })],
    ['an unreadable message', (w: FakeWorker<StageCommand, StageEvent>) => w.onmessageerror?.({} as MessageEvent)],
  ])('reports the canvases lost, once, on %s, and stops the worker', (_, fail) => {
    vi.stubGlobal('Worker', FakeWorker);
    const worker = new FakeWorker<StageCommand, StageEvent>();
    const lost: string[] = [];
    createStage(els(), { onPage: false, onDrawn: () => {}, onLost: (why) => lost.push(why), createWorker: () => worker as never });
    fail(worker);
    fail(worker);
    expect(lost).toHaveLength(1);
    expect(lost[0].length).toBeGreaterThan(0);
    expect(worker.terminated).toBe(true);
  });

  it('a canvas that cannot be handed over: none handed, drawn on the page; some handed, reported lost', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const refuse = (c: RecordingCanvas) =>
      (c.transferControlToOffscreen = () => {
        throw new DOMException('already transferred', 'InvalidStateError');
      });
    const first = els();
    refuse(first.ode);
    const w1 = new FakeWorker<StageCommand, StageEvent>();
    const lost: string[] = [];
    const a = createStage(first, { onPage: false, onDrawn: () => {}, onLost: (why) => lost.push(why), createWorker: () => w1 as never });
    expect([a.where, w1.terminated, w1.posted.length]).toEqual(['page', true, 0]);
    const second = els();
    refuse(second.sde);
    const w2 = new FakeWorker<StageCommand, StageEvent>();
    const b = createStage(second, { onPage: false, onDrawn: () => {}, onLost: (why) => lost.push(why), createWorker: () => w2 as never });
    expect(second.ode.handedOver).toBe(true);
    expect(w2.terminated).toBe(true);
    b.draw(view(0)); // nothing to draw on: no throw
    await Promise.resolve();
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/could not be handed over/);
  });

  it('draws on the page, with no canvas handed over, when the worker cannot be created or canvases cannot be handed over', () => {
    vi.stubGlobal('Worker', FakeWorker);
    const c = els();
    const stage = createStage(c, {
      onPage: false,
      ...noop,
      createWorker: () => {
        throw new Error('no module workers');
      },
    });
    expect(stage.where).toBe('page');
    expect([c.ode, c.sde, c.marg, c.dist].some((x) => x.handedOver)).toBe(false);
    const old = els();
    (old.dist as { transferControlToOffscreen?: unknown }).transferControlToOffscreen = undefined;
    expect(createStage(old, { onPage: false, ...noop, createWorker: () => new FakeWorker() as never }).where).toBe('page');
  });
});
