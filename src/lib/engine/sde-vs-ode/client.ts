/**
 * Page side of the SDE vs ODE engine: starts it in a Web Worker, falls back to the main thread when
 * the worker cannot start, and drops events of superseded generations (../worker-client.ts). TF.js is
 * loaded only behind this client, on demand (the widget imports it with `await import()`).
 */
import { createRestartingEngineClient } from '../worker-client.ts';
import type { EngineLocation } from '../worker-endpoint.ts';
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
  const engine = createRestartingEngineClient<SdeCommand, SdeEvent>({
    name: 'sde-vs-ode',
    force: opts.force,
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'sde-vs-ode' }),
    loadRunner: (post) => import('./runner.ts').then(({ SdeRunner }) => new SdeRunner({ where: 'main-thread', post })),
    init: ({ force, remembered }) => ({ type: 'init', force, remembered }),
    firstGeneration: 0,
    // A run trains the network a later `paths` request draws with: only the latest request of each
    // kind matters before the engine is up, and each is replayed whatever its generation.
    latestOfEachType: true,
    replay: () => true,
    // The worker died after it was ready (out of memory, say): the run fails with a message, and the
    // reader's next run starts a fresh worker (a run trains its network afresh; `paths` needs one
    // trained, and the widget asks for paths only after a run that finished).
    crashedEngine: 'the training engine',
    onEvent: opts.onEvent,
  });
  const request = (type: 'run' | 'paths', req: RunRequest) => {
    const gen = engine.nextGeneration();
    engine.send({ type, gen, request: req });
    return gen;
  };
  return {
    where: engine.where,
    run: (req) => request('run', req),
    paths: (req) => request('paths', req),
    dispose: engine.dispose,
  };
}
