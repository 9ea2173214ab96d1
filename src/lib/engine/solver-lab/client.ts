/**
 * Page side of the solver lab's engine: starts it in a Web Worker (falling back to the main thread
 * when the worker cannot start or fails before it is ready; worker-endpoint.ts), owns the generation
 * counter and drops stale events. TF.js is loaded only inside the worker or the fallback's chunk.
 */
import { isBackendName } from '../../nn/backend-names.ts';
import type { OdeMethod } from '../../core/index.ts';
import { rememberBackend, rememberedBackend, startEngineWorker, type EngineEndpoint } from '../worker-endpoint.ts';
import type { TrainedField, TrainSpec } from './fields.ts';
import type { LabCommand, LabEvent } from './protocol.ts';

export interface LabEngine {
  /** Trains the three fields afresh (a new generation: older events are dropped). */
  train(spec: TrainSpec): void;
  run(field: TrainedField, method: OdeMethod, steps: number, tolLog: number): void;
  /** Off-screen: training waits; on screen again: it goes on. */
  pause(): void;
  resume(): void;
  dispose(): void;
}

export function createLabEngine(opts: { force?: string | null; noWorker?: boolean; onEvent: (ev: LabEvent) => void }): LabEngine {
  const force = isBackendName(opts.force) ? opts.force : undefined;
  let gen = 1;
  let ready = false;
  let disposed = false;
  let endpoint: EngineEndpoint<LabCommand> | null = null;
  const backlog: LabCommand[] = [];
  /** Commands sent before readiness: replayed on the fallback if the worker fails. */
  const early: LabCommand[] = [];
  const init = (): LabCommand => ({ type: 'init', gen, force, remembered: force ? null : rememberedBackend() });

  const deliver = (ev: LabEvent) => {
    if (disposed) return;
    if (ev.type === 'ready') {
      ready = true;
      if (!force) rememberBackend(ev.backend.name);
    }
    if (ev.gen === gen || ev.type === 'ready') opts.onEvent(ev);
  };
  const send = (cmd: LabCommand) => {
    if (disposed) return;
    if (!ready) early.push(cmd);
    if (endpoint) endpoint.send(cmd);
    else backlog.push(cmd);
  };

  const startMainThread = (why: string) => {
    import('./runner.ts')
      .then(({ LabRunner }) => {
        if (disposed) return;
        const runner = new LabRunner({ where: 'main-thread', post: (ev) => deliver(ev) });
        endpoint = { send: (c) => runner.handle(c), close: () => runner.handle({ type: 'dispose' }) };
        console.info(`solver-lab: engine on the main thread (${why})`);
        runner.handle(init());
        backlog.length = 0;
        for (const c of early.splice(0))
          if (c.type !== 'init' && c.type !== 'dispose' && (!('gen' in c) || c.gen === gen)) runner.handle(c);
      })
      .catch((err: unknown) =>
        deliver({ type: 'error', gen, message: `the engine could not start (${err instanceof Error ? err.message : String(err)})` }),
      );
  };

  if (!opts.noWorker && typeof Worker !== 'undefined') {
    const worker = startEngineWorker<LabCommand, LabEvent>({
      create: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'solver-lab' }),
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
      endpoint = worker;
      for (const c of backlog.splice(0)) worker.send(c);
    }
  } else startMainThread(opts.noWorker ? 'worker disabled' : 'no Worker in this browser');

  return {
    train(spec) {
      gen++;
      send({ type: 'train', gen, spec });
    },
    run: (field, method, steps, tolLog) => send({ type: 'run', gen, field, method, steps, tolLog }),
    pause: () => send({ type: 'pause' }),
    resume: () => send({ type: 'resume' }),
    dispose() {
      send({ type: 'dispose' });
      disposed = true;
      endpoint?.close();
    },
  };
}
