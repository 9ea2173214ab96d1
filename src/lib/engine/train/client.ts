/**
 * Page side of a training session. `createTrainer()` starts the session in a Web Worker and falls
 * back to running it on the main thread (in short chunks) when the worker cannot start or its
 * TF.js reports an error before it is ready. TF.js is loaded only here, on demand.
 *
 * The client owns the generation counter: `reset()` bumps it, and events from older generations
 * are dropped before they reach the widget. If the engine cannot start at all (the runner's chunk
 * fails to load on the main thread too), the widget gets an `error` event, never a silent hang.
 */
import { isBackendName } from '../../nn/backend-names.ts';
import type { Command, DrawnPoints, SessionEvent } from './protocol.ts';
import type { TrainSettings } from './settings.ts';
import { rememberBackend, rememberedBackend, startEngineWorker, type EngineEndpoint, type EngineLocation } from '../worker-endpoint.ts';

export interface TrainerHandle {
  readonly where: () => EngineLocation;
  start(): void;
  pause(): void;
  step(n: number): void;
  /** New settings: live ones are applied in place, others reset (fresh weights). */
  update(settings: TrainSettings, reset: boolean, drawn?: DrawnPoints): void;
  reset(settings: TrainSettings, drawn?: DrawnPoints): void;
  sample(): void;
  exportWeights(): void;
  dispose(): void;
  /** Current generation (events with another generation are dropped). */
  readonly generation: () => number;
}

export interface TrainerOptions {
  settings: TrainSettings;
  drawn?: DrawnPoints;
  /** `?backend=` (an unknown name is ignored). */
  force?: string | null;
  onEvent: (ev: SessionEvent) => void;
  /** Skip the worker (tests of the fallback; `?worker=0`). */
  noWorker?: boolean;
}

export function createTrainer(opts: TrainerOptions): TrainerHandle {
  const force = isBackendName(opts.force) ? opts.force : undefined;
  let gen = 1;
  let where: EngineLocation = 'starting';
  let endpoint: EngineEndpoint<Command> | null = null;
  let ready = false;
  let disposed = false;
  let settings = opts.settings;
  let drawn = opts.drawn;
  const backlog: Command[] = [];
  /** Commands sent before the session was ready: replayed if the worker fails and we fall back. */
  const early: Command[] = [];

  const init = (): Command => ({ type: 'init', gen, settings, drawn, force, remembered: force ? null : rememberedBackend() });

  const deliver = (ev: SessionEvent) => {
    if (disposed) return;
    if (ev.type === 'ready') {
      ready = true;
      if (!force) rememberBackend(ev.backend.name);
    }
    if (ev.gen !== gen) return; // stale: computed for settings the reader has since replaced
    opts.onEvent(ev);
  };

  const send = (cmd: Command) => {
    if (disposed) return;
    if (!ready) early.push(cmd);
    if (endpoint) endpoint.send(cmd);
    else backlog.push(cmd);
  };

  /** Runs the engine on the page; a failure to load it becomes an `error` event for the widget. */
  const startMainThread = (why: string): void => {
    where = 'main-thread';
    import('./runner.ts')
      .then(({ SessionRunner }) => runOnMainThread(SessionRunner, why))
      .catch((err: unknown) => {
        deliver({
          type: 'error',
          gen,
          message: `the training engine could not start (${err instanceof Error ? err.message : String(err)})`,
        });
      });
  };

  const runOnMainThread = (SessionRunner: typeof import('./runner.ts').SessionRunner, why: string) => {
    if (disposed) return;
    const runner = new SessionRunner({
      where: 'main-thread',
      maxChunkMs: 25,
      snapshotMs: 250,
      post: (ev) => deliver(ev),
    });
    endpoint = { send: (c) => runner.handle(c), close: () => runner.handle({ type: 'dispose' }) };
    if (why) console.info(`train-cfm: training on the main thread (${why})`);
    runner.handle(init());
    backlog.length = 0;
    // init carries the current settings; replay only what was asked of this generation since.
    for (const c of early.splice(0)) if (c.type !== 'reset' && c.type !== 'dispose' && c.type !== 'init' && c.gen === gen) runner.handle(c);
  };

  const startWorker = () => {
    const worker = startEngineWorker<Command, SessionEvent>({
      create: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'train-cfm' }),
      init: init(),
      isReady: () => ready,
      isDisposed: () => disposed,
      onEvent: deliver,
      fallback: (why) => {
        endpoint = null;
        startMainThread(why);
      },
    });
    if (!worker) return;
    where = 'worker';
    endpoint = worker;
    for (const c of backlog.splice(0)) worker.send(c);
  };

  const useWorker = !opts.noWorker && typeof Worker !== 'undefined';
  if (useWorker) startWorker();
  else startMainThread(opts.noWorker ? 'worker disabled' : 'no Worker in this browser');

  return {
    where: () => where,
    generation: () => gen,
    start: () => send({ type: 'start', gen }),
    pause: () => send({ type: 'pause', gen }),
    step: (n) => send({ type: 'step', gen, n }),
    update(next, reset, nextDrawn) {
      settings = next;
      if (nextDrawn) drawn = nextDrawn;
      if (reset) {
        gen++;
        send({ type: 'reset', gen, settings, drawn });
      } else send({ type: 'update', gen, settings });
    },
    reset(next, nextDrawn) {
      settings = next;
      if (nextDrawn) drawn = nextDrawn;
      gen++;
      send({ type: 'reset', gen, settings, drawn });
    },
    sample: () => send({ type: 'sample', gen }),
    exportWeights: () => send({ type: 'export', gen }),
    dispose() {
      send({ type: 'dispose' });
      disposed = true;
      endpoint?.close();
    },
  };
}
