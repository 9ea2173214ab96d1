/**
 * Page side of the playground's closed-form engine: starts scene-worker.ts (through the shared
 * startEngineWorker, with its fallback to the main thread), owns the generation counter and drops
 * stale events. No TF.js anywhere on this path.
 */
import type { DrawnSets, SceneCommand, SceneEvent } from './protocol.ts';
import type { PlaygroundSettings } from './settings.ts';
import { startEngineWorker, type EngineEndpoint } from '../worker-endpoint.ts';

export interface SceneClient {
  scene(settings: PlaygroundSettings, drawn: DrawnSets): void;
  at(t: number, probe: [number, number] | null, streams: boolean): void;
  dispose(): void;
}

export function createSceneClient(onEvent: (ev: SceneEvent) => void, noWorker = false): SceneClient {
  let gen = 0;
  let ready = false;
  let disposed = false;
  let endpoint: EngineEndpoint<SceneCommand> | null = null;
  let last: SceneCommand | null = null;

  const deliver = (ev: SceneEvent) => {
    if (disposed) return;
    if (ev.type === 'ready') {
      ready = true;
      return;
    }
    if (ev.gen === gen) onEvent(ev);
  };

  const mainThread = (why: string) => {
    console.info(`playground: closed form on the main thread (${why})`);
    import('./runner.ts')
      .then(({ SceneRunner }) => {
        if (disposed) return;
        const runner = new SceneRunner((ev) => deliver(ev));
        endpoint = { send: (c) => runner.handle(c), close: () => runner.handle({ type: 'dispose' }) };
        ready = true;
        if (last) endpoint.send(last);
      })
      .catch((err: unknown) => onEvent({ type: 'error', gen, message: `the engine could not load (${String(err)})` }));
  };

  if (noWorker || typeof Worker === 'undefined') mainThread(noWorker ? 'worker disabled' : 'no Worker in this browser');
  else
    endpoint = startEngineWorker<SceneCommand, SceneEvent>({
      create: () => new Worker(new URL('./scene-worker.ts', import.meta.url), { type: 'module', name: 'playground' }),
      init: { type: 'hello' },
      isReady: () => ready,
      isDisposed: () => disposed,
      onEvent: deliver,
      fallback: (why) => {
        endpoint = null;
        mainThread(why);
      },
    });

  const send = (cmd: SceneCommand) => {
    if (cmd.type === 'scene') last = cmd;
    endpoint?.send(cmd);
  };

  return {
    scene(settings, drawn) {
      gen++;
      send({ type: 'scene', gen, settings, drawn });
    },
    at(t, probe, streams) {
      send({ type: 'at', gen, t, probe, streams });
    },
    dispose() {
      disposed = true;
      endpoint?.close();
    },
  };
}
