/**
 * The reproduction session's Web Worker: training and the exact W₂ evaluations run here, off the
 * page's main thread. Commands come in as messages; events go out.
 */
/// <reference lib="webworker" />
import { WASM_PATHS } from '../../nn/wasm-paths.browser.ts';
import type { ReproCommand, ReproEvent } from './protocol.ts';
import { ReproRunner } from './runner.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const runner = new ReproRunner({ where: 'worker', wasmPaths: WASM_PATHS, post: (ev: ReproEvent) => scope.postMessage(ev) });
scope.onmessage = (e: MessageEvent<ReproCommand>) => runner.handle(e.data);
