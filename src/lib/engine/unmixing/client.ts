/**
 * Page side of the un-mixing trainer: starts the engine in a Web Worker (main-thread fallback through
 * worker-endpoint.ts), runs one training job at a time and drops events of replaced jobs. Loaded
 * with `await import()` when the reader presses Train; TF.js follows inside the engine.
 */
import { isBackendName } from '../../nn/backend-names.ts';
import { rememberBackend, rememberedBackend, startEngineWorker, type EngineEndpoint } from '../worker-endpoint.ts';
import type { PlanTraining, UnmixingCommand, UnmixingEvent } from './protocol.ts';

export interface PlanTrainer {
  train(job: PlanTraining): void;
  dispose(): void;
}

export function createPlanTrainer(opts: { onEvent: (ev: UnmixingEvent) => void; force?: string | null; noWorker?: boolean }): PlanTrainer {
  const force = isBackendName(opts.force) ? opts.force : undefined;
  let gen = 0;
  let ready = false;
  let disposed = false;
  let endpoint: EngineEndpoint<UnmixingCommand> | null = null;
  let last: UnmixingCommand | null = null;

  const deliver = (ev: UnmixingEvent) => {
    if (disposed || ev.gen !== gen) return;
    if (ev.type === 'ready') {
      ready = true;
      if (!force) rememberBackend(ev.backend.name);
    }
    opts.onEvent(ev);
  };

  const mainThread = (why: string) => {
    import('./runner.ts')
      .then(({ UnmixingRunner }) => {
        if (disposed) return;
        console.info(`coupling-unmixing: training on the main thread (${why})`);
        const runner = new UnmixingRunner({ post: (ev) => deliver(ev) });
        endpoint = { send: (c) => runner.handle(c), close: () => runner.handle({ type: 'dispose' }) };
        if (last) endpoint.send(last);
      })
      .catch((err: unknown) => deliver({ type: 'error', gen, message: `the training engine could not start (${String(err)})` }));
  };

  const start = (first: UnmixingCommand) => {
    if (opts.noWorker || typeof Worker === 'undefined') {
      mainThread(opts.noWorker ? 'worker disabled' : 'no Worker in this browser');
      return;
    }
    endpoint = startEngineWorker<UnmixingCommand, UnmixingEvent>({
      create: () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'coupling-unmixing' }),
      init: first,
      isReady: () => ready,
      isDisposed: () => disposed,
      onEvent: deliver,
      fallback: (why) => {
        endpoint = null;
        mainThread(why);
      },
    });
  };

  return {
    train(job) {
      gen++;
      const cmd: UnmixingCommand = { type: 'train', gen, job, force, remembered: force ? null : rememberedBackend() };
      last = cmd;
      if (!endpoint) {
        if (gen === 1) start(cmd);
        return;
      }
      endpoint.send(cmd);
    },
    dispose() {
      disposed = true;
      endpoint?.send({ type: 'dispose' });
      endpoint?.close();
    },
  };
}
