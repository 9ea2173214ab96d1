/**
 * The page's side of the SDE vs ODE stage (stage.ts): in the stage worker when the browser can hand
 * a canvas to a worker (`transferControlToOffscreen`), else on the page. The widget talks to either
 * the same way: it syncs the closed-form run's frames (only those not sent yet), sends the network's
 * paths when they change, and asks for a drawing at every animation frame.
 *
 * A canvas handed over cannot be drawn on by the page again. If the worker fails (it cannot load,
 * or a drawing throws), `onLost` tells the widget, which puts new canvases in place and draws on the
 * page from then on.
 */
import type { NetworkPaths } from '../../lib/engine/sde-vs-ode/protocol.ts';
import { StageRenderer, type StageView } from './stage.ts';
import type { StageCommand, StageDataCommand, StageEvent } from './stage-protocol.ts';

export interface StageCanvasElements {
  ode: HTMLCanvasElement;
  sde: HTMLCanvasElement;
  marg?: HTMLCanvasElement;
  dist?: HTMLCanvasElement;
}

export interface Stage {
  readonly where: 'worker' | 'page';
  /** Brings the stage up to date with run `id`'s frames (a new id starts a new run there). */
  syncRun(id: number, total: number, n: number, ode: Float64Array[], sde: Float64Array[]): void;
  /** The network's paths (sent only when they change). */
  network(paths: NetworkPaths | null): void;
  draw(view: StageView): void;
  dispose(): void;
}

interface StageOptions {
  /** `?worker=0`, or the worker failed before: draw on the page. */
  onPage: boolean;
  /** A drawing is done (on the page: at once; from the worker: when it says so). */
  onDrawn: (t: number, field: StageView['field']) => void;
  /** The worker failed: its canvases are lost (the widget replaces them and draws on the page). */
  onLost: (why: string) => void;
  /** Tests: a stand-in for the stage worker. */
  createWorker?: () => Worker;
}

/** Whether these canvases can be handed to a worker. */
function canHandOver(c: StageCanvasElements): boolean {
  return (
    typeof Worker !== 'undefined' &&
    typeof OffscreenCanvas !== 'undefined' &&
    [c.ode, c.sde, c.marg, c.dist].every((el) => !el || typeof el.transferControlToOffscreen === 'function')
  );
}

export function createStage(canvases: StageCanvasElements, opts: StageOptions): Stage {
  const worker = opts.onPage || !canHandOver(canvases) ? null : startWorker(canvases, opts);
  let send: (cmd: StageDataCommand) => void;
  let dispose: () => void;
  if (worker === 'lost') {
    // Nothing can be drawn on these canvases; `onLost` is on its way.
    send = () => {};
    dispose = () => {};
  } else if (worker) {
    send = (cmd) => worker.postMessage(cmd);
    dispose = () => worker.terminate();
  } else {
    const renderer = new StageRenderer(canvases, { schedule: (draw) => draw(), onDrawn: opts.onDrawn });
    send = (cmd) => renderer.handle(cmd);
    dispose = () => {};
  }
  let runId = -1;
  let sent = 0;
  let paths: NetworkPaths | null | undefined;
  let disposed = false;
  return {
    where: worker === null ? 'page' : 'worker',
    syncRun(id, total, n, ode, sde) {
      if (disposed) return;
      if (id !== runId) {
        runId = id;
        sent = 0;
        send({ type: 'run', id, total, n });
      }
      const ready = Math.min(ode.length, sde.length);
      if (ready <= sent) return;
      send({ type: 'frames', id, first: sent, ode: ode.slice(sent, ready), sde: sde.slice(sent, ready) });
      sent = ready;
    },
    network(p) {
      if (disposed || p === paths) return;
      paths = p;
      send({ type: 'network', paths: p });
    },
    draw(view) {
      if (!disposed) send({ type: 'draw', view });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      dispose();
    },
  };
}

/**
 * The worker, with the canvases handed to it; null when it cannot be created or take them (nothing
 * handed over: the page draws on them); 'lost' when some were handed over before a failure.
 */
function startWorker(canvases: StageCanvasElements, opts: StageOptions): Worker | 'lost' | null {
  let worker: Worker;
  try {
    worker = opts.createWorker
      ? opts.createWorker()
      : new Worker(new URL('./stage-worker.ts', import.meta.url), { type: 'module', name: 'sde-vs-ode-stage' });
  } catch {
    return null;
  }
  const handed: OffscreenCanvas[] = [];
  const hand = (c: HTMLCanvasElement | undefined) => {
    const off = c?.transferControlToOffscreen();
    if (off) handed.push(off);
    return off;
  };
  try {
    const cmd: StageCommand = {
      type: 'canvases',
      ode: hand(canvases.ode)!,
      sde: hand(canvases.sde)!,
      marg: hand(canvases.marg),
      dist: hand(canvases.dist),
    };
    worker.postMessage(cmd, handed);
  } catch (err) {
    // A canvas could not be handed over (it already was, say): no worker. Canvases handed so far
    // are lost to the page as well: the widget replaces them (after this stage is returned).
    worker.terminate();
    if (handed.length === 0) return null;
    queueMicrotask(() => opts.onLost(`the canvases could not be handed over (${String(err)})`));
    return 'lost';
  }
  let lost = false;
  const lose = (why: string) => {
    if (lost) return;
    lost = true;
    worker.terminate();
    opts.onLost(why);
  };
  worker.onmessage = (e: MessageEvent<StageEvent>) => {
    const ev = e.data;
    if (ev.type === 'drawn') opts.onDrawn(ev.t, ev.field);
    else lose(ev.message);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    lose(e.message || 'the stage worker failed to start');
  };
  worker.onmessageerror = () => lose('a message from the stage worker could not be read');
  return worker;
}
