/**
 * Page side of a reproduction session: runs it in a Web Worker (worker-endpoint.ts) and falls back
 * to the main thread when the worker cannot start or fails before it is ready. TF.js is loaded only
 * through this module, which the widget imports on demand. The client owns the generation counter:
 * `restart()` bumps it, and events of older generations never reach the widget.
 */
import { isBackendName } from '../../nn/backend-names.ts';
import { rememberBackend, rememberedBackend, startEngineWorker, type EngineEndpoint, type EngineLocation } from '../worker-endpoint.ts';
import type { ReproCommand, ReproEvent } from './protocol.ts';
import type { RunSpec } from './protocols.ts';

export interface ReproHandle {
  readonly where: () => EngineLocation;
  start(): void;
  pause(): void;
  /** Drops the session and prepares these runs (call start to run them). */
  restart(runs: RunSpec[]): void;
  dispose(): void;
}

export interface ReproOptions {
  runs: RunSpec[];
  /** `?backend=` (an unknown name is ignored). */
  force?: string | null;
  onEvent: (ev: ReproEvent) => void;
  /** Skip the worker (`?worker=0`). */
  noWorker?: boolean;
}

export function createReproSession(opts: ReproOptions): ReproHandle {
  const force = isBackendName(opts.force) ? opts.force : undefined;
  let gen = 1;
  let where: EngineLocation = 'starting';
  let endpoint: EngineEndpoint<ReproCommand> | null = null;
  let ready = false;
  let disposed = false;
  let runs = opts.runs;
  const backlog: ReproCommand[] = [];
  const early: ReproCommand[] = [];

  const init = (): ReproCommand => ({ type: 'init', gen, runs, force, remembered: force ? null : rememberedBackend() });

  const deliver = (ev: ReproEvent) => {
    if (disposed) return;
    if (ev.type === 'ready') {
      ready = true;
      if (!force) rememberBackend(ev.backend.name);
    }
    if (ev.gen !== gen) return;
    opts.onEvent(ev);
  };

  const send = (cmd: ReproCommand) => {
    if (disposed) return;
    if (!ready) early.push(cmd);
    if (endpoint) endpoint.send(cmd);
    else backlog.push(cmd);
  };

  const startMainThread = (why: string): void => {
    where = 'main-thread';
    import('./runner.ts')
      .then(({ ReproRunner }) => {
        if (disposed) return;
        const runner = new ReproRunner({ where: 'main-thread', maxChunkMs: 25, post: (ev) => deliver(ev) });
        endpoint = { send: (c) => runner.handle(c), close: () => runner.handle({ type: 'dispose' }) };
        console.info(`reproductions: training on the main thread (${why})`);
        runner.handle(init());
        backlog.length = 0;
        for (const c of early.splice(0))
          if (c.type !== 'init' && c.type !== 'dispose' && c.type !== 'restart' && c.gen === gen) runner.handle(c);
      })
      .catch((err: unknown) => {
        deliver({
          type: 'error',
          gen,
          message: `the training engine could not start (${err instanceof Error ? err.message : String(err)})`,
        });
      });
  };

  if (!opts.noWorker && typeof Worker !== 'undefined') {
    const worker = startEngineWorker<ReproCommand, ReproEvent>({
      create: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'reproductions' }),
      init: init(),
      isReady: () => ready,
      isDisposed: () => disposed,
      onEvent: deliver,
      fallback: (why) => {
        endpoint = null;
        startMainThread(why);
      },
    });
    if (worker) {
      where = 'worker';
      endpoint = worker;
      for (const c of backlog.splice(0)) worker.send(c);
    }
  } else startMainThread(opts.noWorker ? 'worker disabled' : 'no Worker in this browser');

  return {
    where: () => where,
    start: () => send({ type: 'start', gen }),
    pause: () => send({ type: 'pause', gen }),
    restart(next) {
      runs = next;
      gen++;
      send({ type: 'restart', gen, runs });
    },
    dispose() {
      send({ type: 'dispose' });
      disposed = true;
      endpoint?.close();
    },
  };
}
