/**
 * Page side of the SDE vs ODE engine: starts it in a Web Worker (worker-endpoint.ts), falls back to
 * the main thread when the worker cannot start, and drops events of superseded generations. TF.js is
 * loaded only behind this client, on demand (the widget imports it with `await import()`).
 */
import { isBackendName } from '../../nn/backend-names.ts';
import { rememberBackend, rememberedBackend, startEngineWorker, type EngineEndpoint, type EngineLocation } from '../worker-endpoint.ts';
import type { RunRequest, SdeCommand, SdeEvent } from './protocol.ts';

export interface SdeClient {
  where(): EngineLocation;
  /** Trains (or continues) and sweeps; returns the generation of this run. */
  run(request: RunRequest): number;
  /** Recomputes the view's paths with the current network. */
  paths(request: RunRequest): number;
  dispose(): void;
}

export interface SdeClientOptions {
  force?: string | null;
  noWorker?: boolean;
  onEvent: (ev: SdeEvent) => void;
}

export function createSdeClient(opts: SdeClientOptions): SdeClient {
  const force = isBackendName(opts.force) ? opts.force : undefined;
  let gen = 0;
  let where: EngineLocation = 'starting';
  let ready = false;
  let disposed = false;
  let endpoint: EngineEndpoint<SdeCommand> | null = null;
  const pending: SdeCommand[] = [];
  const init: SdeCommand = { type: 'init', force, remembered: force ? null : rememberedBackend() };

  const deliver = (ev: SdeEvent) => {
    if (disposed) return;
    if (ev.type === 'ready') {
      ready = true;
      if (!force) rememberBackend(ev.backend.name);
      opts.onEvent(ev);
      return;
    }
    if (ev.gen !== gen && !(ev.type === 'error' && ev.gen === 0)) return;
    opts.onEvent(ev);
  };

  const send = (cmd: SdeCommand) => {
    if (disposed) return;
    if (cmd.type !== 'dispose') {
      // only the latest work command matters if the engine is not up yet
      const last = pending.findIndex((c) => c.type === cmd.type);
      if (last >= 0) pending.splice(last, 1);
      if (!ready) pending.push(cmd);
    }
    endpoint?.send(cmd);
  };

  const startMainThread = (why: string) => {
    where = 'main-thread';
    import('./runner.ts')
      .then(({ SdeRunner }) => {
        if (disposed) return;
        const runner = new SdeRunner({ where: 'main-thread', post: (ev) => deliver(ev) });
        endpoint = { send: (c) => runner.handle(c), close: () => runner.handle({ type: 'dispose' }) };
        console.info(`sde-vs-ode: running on the main thread (${why})`);
        runner.handle(init);
        for (const c of pending.splice(0)) runner.handle(c);
      })
      .catch((err: unknown) => {
        deliver({ type: 'error', gen, message: `the engine could not start (${err instanceof Error ? err.message : String(err)})` });
      });
  };

  if (!opts.noWorker && typeof Worker !== 'undefined') {
    const worker = startEngineWorker<SdeCommand, SdeEvent>({
      create: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'sde-vs-ode' }),
      init,
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
    }
  } else startMainThread(opts.noWorker ? 'worker disabled' : 'no Worker in this browser');

  return {
    where: () => where,
    run(request) {
      gen++;
      send({ type: 'run', gen, request });
      return gen;
    },
    paths(request) {
      gen++;
      send({ type: 'paths', gen, request });
      return gen;
    },
    dispose() {
      send({ type: 'dispose' });
      disposed = true;
      endpoint?.close();
    },
  };
}
