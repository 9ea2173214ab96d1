/**
 * The trainer's lifecycle as seen by the page, as a pure reducer: what the reader pressed or what the
 * engine reported (an event) moves the trainer from one status to the next and says what the widget
 * must do about it (effects: create or drop the engine, start, pause, step, reset). A transition
 * that is not in the diagram is refused (`next` returns null) and changes nothing, so a stray click
 * or a late engine event can never put the widget in a state it cannot leave.
 *
 *                       play: create
 *     +------+            step: create, step           +----------+
 *     | idle | --------------------------------------> | starting | <-+ reset: reset
 *     +------+                                         +----------+ --+ (queued)
 *        ^                                    ready, then |      | ready, then
 *        |                                    run: start  |      | pause: (none)
 *        | reset                                          v      v
 *        |                                    +---------+  play, pause: pause   +--------+
 *        |                                    |         | --------------------> |        | <-+ step: step
 *        |                                    | running |  hidden: pause (*)    | paused |   | reset: reset
 *        |                                    |         |  reset: reset         |        | --+
 *        |                                    |         | <-------------------- |        |
 *    +-------+                                +---------+  play: start          +--------+
 *    | error | <-- failed: dispose               |         visible: start (*)       |
 *    +-------+     (from every status             | diverged                diverged |
 *        |          but idle)                     v                                  v
 *        | play: create (retry)               +----------+   reset: reset  --->  paused
 *        +---------------------> starting     | diverged |
 *                                             +----------+
 *     (*) visible resumes only a trainer that `hidden` paused (the widget scrolled away).
 *
 * In words:
 * - idle: no engine yet (nothing of TF.js loaded). play → starting (create the engine, run when it
 *   is ready); step → starting (create, queue one chunk, stay paused when ready).
 * - starting: the engine is loading (TF.js chunk, backend choice). ready → running or paused as
 *   asked; failed → error; reset → starting (the reset is queued); play and step are refused, so a
 *   second press while TF.js loads does nothing.
 * - running: pause or hidden (scrolled away) → paused; play toggles to paused too; diverged →
 *   diverged; reset → paused (fresh weights wait for play).
 * - paused: play → running; step → paused (one chunk); visible → running only if it was paused by
 *   `hidden`; reset → paused.
 * - diverged: only reset (→ paused, fresh weights) leaves it; play and step are refused.
 * - error: the engine failed to load or start, or reported an error (`failed`, its message kept);
 *   the engine is dropped. play → starting with a fresh engine (retry); reset → idle.
 * Engine events that do not apply to the current status (a `ready` when not starting, a `diverged`
 * when idle) are refused like any other.
 */

export type TrainerStatus = 'idle' | 'starting' | 'running' | 'paused' | 'diverged' | 'error';

export interface TrainerState {
  status: TrainerStatus;
  /** Why the trainer is diverged or in error (empty otherwise). */
  message: string;
  /** In starting: whether to run or stay paused once the engine is ready. */
  then: 'run' | 'pause';
  /** In paused: paused because the widget left the screen, so coming back resumes. */
  offscreen: boolean;
}

export type TrainerEvent =
  | { type: 'play' }
  | { type: 'pause' }
  | { type: 'step' }
  | { type: 'reset' }
  | { type: 'hidden' }
  | { type: 'visible' }
  | { type: 'ready' }
  | { type: 'diverged'; reason: string }
  | { type: 'failed'; message: string };

/** What the widget does for a transition, in order. */
export type TrainerEffect = 'create' | 'dispose' | 'start' | 'pause' | 'step' | 'reset';

export interface Transition {
  state: TrainerState;
  effects: TrainerEffect[];
}

export const INITIAL_TRAINER_STATE: TrainerState = { status: 'idle', message: '', then: 'run', offscreen: false };

const to = (status: TrainerStatus, effects: TrainerEffect[], extra: Partial<TrainerState> = {}): Transition => ({
  state: { status, message: '', then: 'run', offscreen: false, ...extra },
  effects,
});

/** The next state and the effects to run, or null when the event is refused in this state. */
export function next(state: TrainerState, event: TrainerEvent): Transition | null {
  const { status } = state;
  if (event.type === 'failed') {
    if (status === 'idle') return null;
    return to('error', ['dispose'], { message: event.message });
  }
  switch (status) {
    case 'idle':
      if (event.type === 'play') return to('starting', ['create']);
      if (event.type === 'step') return to('starting', ['create', 'step'], { then: 'pause' });
      return null;
    case 'starting':
      if (event.type === 'ready') return state.then === 'run' ? to('running', ['start']) : to('paused', []);
      if (event.type === 'reset') return to('starting', ['reset'], { then: state.then });
      return null;
    case 'running':
      if (event.type === 'play' || event.type === 'pause') return to('paused', ['pause']);
      if (event.type === 'hidden') return to('paused', ['pause'], { offscreen: true });
      if (event.type === 'reset') return to('paused', ['reset']);
      if (event.type === 'diverged') return to('diverged', [], { message: event.reason });
      return null;
    case 'paused':
      if (event.type === 'play') return to('running', ['start']);
      if (event.type === 'step') return to('paused', ['step']);
      if (event.type === 'visible') return state.offscreen ? to('running', ['start']) : null;
      if (event.type === 'reset') return to('paused', ['reset']);
      if (event.type === 'diverged') return to('diverged', [], { message: event.reason });
      return null;
    case 'diverged':
      if (event.type === 'reset') return to('paused', ['reset']);
      return null;
    case 'error':
      if (event.type === 'play') return to('starting', ['create']);
      if (event.type === 'reset') return to('idle', []);
      return null;
  }
}
