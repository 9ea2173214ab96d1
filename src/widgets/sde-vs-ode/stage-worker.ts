/**
 * The SDE vs ODE widget's stage worker: it draws the animated panels on the canvases the page handed
 * over (stage.ts), so that an animation frame costs the page one message. Draw commands that queue
 * while it draws collapse into the latest one.
 */
/// <reference lib="webworker" />
import { StageRenderer } from './stage.ts';
import type { StageCommand, StageEvent } from './stage-protocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (ev: StageEvent) => scope.postMessage(ev);
let renderer: StageRenderer | null = null;

scope.onmessage = (e: MessageEvent<StageCommand>) => {
  const cmd = e.data;
  if (cmd.type === 'canvases') {
    renderer = new StageRenderer(cmd, {
      schedule: (draw) =>
        setTimeout(() => {
          try {
            draw();
          } catch (err) {
            post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
          }
        }, 0),
      onDrawn: (t, field) => post({ type: 'drawn', t, field }),
    });
    return;
  }
  if (!renderer) post({ type: 'error', message: `the stage got "${cmd.type}" before its canvases` });
  else renderer.handle(cmd);
};
