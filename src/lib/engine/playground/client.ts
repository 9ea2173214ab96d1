/**
 * Page side of the playground's closed-form engine, a thin use of ../worker-client.ts: scene-worker.ts
 * in a Web Worker (main-thread fallback when it cannot start or fails before it is ready), the
 * generation counter (a new scene starts one; streamlines and probe paths belong to the current
 * one), stale events dropped. A worker that crashes after it was ready fails the current scene with
 * an `error`; the next scene starts a fresh engine (each scene command carries all it needs). No
 * TF.js anywhere on this path.
 */
import type { DrawnSets, SceneCommand, SceneEvent } from './protocol.ts';
import type { PlaygroundSettings } from './settings.ts';
import { createRestartingEngineClient } from '../worker-client.ts';

export interface SceneClient {
  scene(settings: PlaygroundSettings, drawn: DrawnSets): void;
  at(t: number, probe: [number, number] | null, streams: boolean): void;
  dispose(): void;
}

export function createSceneClient(onEvent: (ev: SceneEvent) => void, noWorker = false): SceneClient {
  const engine = createRestartingEngineClient<SceneCommand, SceneEvent>({
    name: 'playground',
    noWorker,
    createWorker: () => new Worker(new URL('./scene-worker.ts', import.meta.url), { type: 'module', name: 'playground' }),
    loadRunner: (post) => import('./runner.ts').then(({ SceneRunner }) => new SceneRunner((ev) => post(ev))),
    init: () => ({ type: 'hello' }),
    // Only the newest scene and the newest streamlines request matter to an engine still starting.
    latestOfEachType: true,
    crashedEngine: 'the closed-form engine',
    onEvent,
  });
  return {
    scene: (settings, drawn) => engine.send({ type: 'scene', gen: engine.nextGeneration(), settings, drawn }),
    at: (t, probe, streams) => engine.send({ type: 'at', gen: engine.generation(), t, probe, streams }),
    dispose: engine.dispose,
  };
}
