/** The playground's closed-form engine in a Web Worker (no TF.js): commands in, scenes and layers out. */
/// <reference lib="webworker" />
import type { SceneCommand, SceneEvent } from './protocol.ts';
import { SceneRunner } from './runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new SceneRunner((ev: SceneEvent, transfer: ArrayBuffer[]) => scope.postMessage(ev, transfer));
scope.onmessage = (e: MessageEvent<SceneCommand>) => runner.handle(e.data);
