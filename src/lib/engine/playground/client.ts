/**
 * Page side of the playground's closed-form engine, a thin use of ../worker-client.ts: scene-worker.ts
 * in a Web Worker (main-thread fallback when it cannot start or fails before it is ready), the
 * generation counter (a new scene starts one; streamlines and probe paths belong to the current
 * one), stale events dropped. A scene that cannot be built is that scene's `error`; the engine
 * itself lost (its worker crashed after it was ready, or its code could not load) is an `error` too,
 * after `onLost`: such a client is done, and its owner (SceneFeed) starts a fresh one for the next
 * scene. No TF.js anywhere on this path.
 */
import type { DrawnSets, SceneCommand, SceneEvent } from './protocol.ts';
import type { PlaygroundSettings } from './settings.ts';
import { createEngineClient } from '../worker-client.ts';

export interface SceneClient {
  scene(settings: PlaygroundSettings, drawn: DrawnSets): void;
  at(t: number, probe: [number, number] | null, streams: boolean): void;
  dispose(): void;
}

export interface SceneClientOptions {
  onEvent: (ev: SceneEvent) => void;
  /** The engine is gone (crashed, or could not load); called just before the `error` that says why. */
  onLost?: () => void;
  /** Skip the worker (`?worker=0`). */
  noWorker?: boolean;
}

export function createSceneClient(opts: SceneClientOptions): SceneClient {
  const lost = () => opts.onLost?.();
  const engine = createEngineClient<SceneCommand, SceneEvent>({
    name: 'playground',
    noWorker: opts.noWorker,
    createWorker: () => new Worker(new URL('./scene-worker.ts', import.meta.url), { type: 'module', name: 'playground' }),
    loadRunner: (post) =>
      import('./runner.ts').then(
        ({ SceneRunner }) => new SceneRunner((ev) => post(ev)),
        (err: unknown) => {
          lost();
          throw err;
        },
      ),
    init: () => ({ type: 'hello' }),
    // Only the newest scene and the newest streamlines request matter to an engine still starting.
    latestOfEachType: true,
    crashedEngine: 'the closed-form engine',
    onCrash: lost,
    onEvent: opts.onEvent,
  });
  return {
    scene: (settings, drawn) => engine.send({ type: 'scene', gen: engine.nextGeneration(), settings, drawn }),
    at: (t, probe, streams) => engine.send({ type: 'at', gen: engine.generation(), t, probe, streams }),
    dispose: engine.dispose,
  };
}
