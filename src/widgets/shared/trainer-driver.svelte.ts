/**
 * The page side of a widget that trains in an engine (train-cfm's pattern, used by reflow-live and
 * memorisation-vs-n): the trainer's status follows the lifecycle reducer
 * (src/lib/engine/train/lifecycle.ts, whose header has the state diagram) and this class performs
 * its effects — load the engine's client with `import()` on `create` (TF.js follows inside it), queue
 * start/pause/step/reset until it exists, drop it on `dispose` or unmount — and words the backend
 * line and the failures the same way everywhere.
 *
 * Wire it in the widget's `onMount`: `observeWidget(root, { visible: driver.visible, … })` pauses
 * off-screen and resumes what `hidden` paused; return `driver.destroy` with the other cleanups.
 */
import { fmtCount } from './format.ts';
import { INITIAL_TRAINER_STATE, next, type TrainerEffect, type TrainerEvent, type TrainerState } from '../../lib/engine/train/lifecycle.ts';

export interface TrainerDriverOptions<H extends { dispose(): void }> {
  /** Loads the engine's client (`import('…/client.ts')`) and creates it with the current settings. */
  create: () => Promise<H>;
  start: (h: H) => void;
  pause: (h: H) => void;
  /** One chunk while paused (only widgets with a Step control). */
  step?: (h: H) => void;
  /** Fresh weights with the current settings. */
  reset: (h: H) => void;
  /** Clears what the page shows of the old run (on every reset, whether the engine exists or not). */
  clear: () => void;
}

/** What the engines' `ready` events say about the backend. */
export interface ReadyInfo {
  backend: { name: string; isFallback?: boolean; reason: string };
  where: 'worker' | 'main-thread';
  parameters?: number;
}

export const NOT_STARTED = 'not started (TF.js loads when you press Train)';

/** "wasm in a worker — no WebGPU adapter; 4417 parameters per network". */
export function backendLine(ev: ReadyInfo, parametersOf = 'parameters'): string {
  const where = ev.where === 'worker' ? 'a worker' : 'the page';
  const params = ev.parameters === undefined ? '' : `; ${fmtCount(ev.parameters)} ${parametersOf}`;
  return `${ev.backend.name}${ev.backend.isFallback ? ' (software)' : ''} in ${where} — ${ev.backend.reason}${params}`;
}

export class TrainerDriver<H extends { dispose(): void }> {
  life = $state<TrainerState>(INITIAL_TRAINER_STATE);
  backendText = $state(NOT_STARTED);
  /** The engine's client once loaded (not reactive: the widget reads it only to send commands). */
  handle: H | null = null;
  readonly #opts: TrainerDriverOptions<H>;
  /** Commands asked for while the client's chunk is still loading. */
  #queued: ((h: H) => void)[] = [];
  /** Bumped by dispose/unmount: a client that finishes loading after it is dropped. */
  #token = 0;

  constructor(opts: TrainerDriverOptions<H>) {
    this.#opts = opts;
  }

  get status(): TrainerState['status'] {
    return this.life.status;
  }

  /** Feeds the lifecycle; false when the transition is refused (nothing changes). */
  dispatch = (event: TrainerEvent): boolean => {
    const t = next(this.life, event);
    if (!t) return false;
    this.life = t.state;
    for (const effect of t.effects) this.#perform(effect);
    return true;
  };

  /** Reset through the lifecycle where it allows one, else (idle, starting) just clear the page. */
  reset = (): void => {
    if (!this.dispatch({ type: 'reset' })) this.#opts.clear();
  };

  /** For observeWidget: off-screen pauses, back on screen resumes what that paused. */
  visible = (on: boolean): void => {
    this.dispatch({ type: on ? 'visible' : 'hidden' });
  };

  /** The engine's `ready` event. */
  ready(ev: ReadyInfo, parametersOf?: string): void {
    this.backendText = backendLine(ev, parametersOf);
    this.dispatch({ type: 'ready' });
  }

  /** The engine's `error` event: the trainer stops, with the message and a retry. */
  failed(message: string): void {
    this.backendText = 'not running';
    this.dispatch({ type: 'failed', message: `Training stopped: ${message}.` });
  }

  /** Unmount: drops the client (and one still loading). */
  destroy = (): void => {
    this.#token++;
    this.#queued = [];
    this.handle?.dispose();
    this.handle = null;
  };

  #with(fn: (h: H) => void): void {
    if (this.handle) fn(this.handle);
    else this.#queued.push(fn);
  }

  #perform(effect: TrainerEffect): void {
    const o = this.#opts;
    switch (effect) {
      case 'create':
        this.#create();
        break;
      case 'dispose':
        this.destroy();
        break;
      case 'start':
        this.#with(o.start);
        break;
      case 'pause':
        this.#with(o.pause);
        break;
      case 'step':
        if (o.step) this.#with(o.step);
        break;
      case 'reset':
        o.clear();
        this.#with(o.reset);
        break;
    }
  }

  /** Loads the client (TF.js follows inside it); a failed load is an error with a retry. */
  #create(): void {
    const token = ++this.#token;
    this.backendText = 'loading TF.js and choosing a backend…';
    this.#opts
      .create()
      .then((h) => {
        if (token !== this.#token) {
          h.dispose();
          return;
        }
        this.handle = h;
        for (const fn of this.#queued.splice(0)) fn(h);
      })
      .catch((err: unknown) => {
        if (token !== this.#token) return;
        this.backendText = 'not running';
        this.dispatch({
          type: 'failed',
          message: `TF.js could not be loaded (${err instanceof Error ? err.message : String(err)}). Check the connection and retry.`,
        });
      });
  }
}
