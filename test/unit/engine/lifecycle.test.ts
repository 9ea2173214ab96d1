/**
 * The trainer's lifecycle reducer (engine/train/lifecycle.ts): every status × every event, allowed
 * transitions with their effects and refused ones (null, nothing changes), written out as a table
 * so that a changed arrow in the code fails here until the diagram and this table say the same.
 */
import { describe, expect, it } from 'vitest';
import {
  INITIAL_TRAINER_STATE,
  next,
  type TrainerEffect,
  type TrainerEvent,
  type TrainerState,
  type TrainerStatus,
} from '../../../src/lib/engine/train/lifecycle.ts';

const EVENTS: Record<TrainerEvent['type'], TrainerEvent> = {
  play: { type: 'play' },
  pause: { type: 'pause' },
  step: { type: 'step' },
  reset: { type: 'reset' },
  hidden: { type: 'hidden' },
  visible: { type: 'visible' },
  ready: { type: 'ready' },
  diverged: { type: 'diverged', reason: 'loss became NaN at step 12' },
  failed: { type: 'failed', message: 'chunk failed to load' },
};

type Expect = [TrainerStatus, TrainerEffect[]] | null;
const state = (status: TrainerStatus, extra: Partial<TrainerState> = {}): TrainerState => ({ ...INITIAL_TRAINER_STATE, status, ...extra });

/** The whole machine: [status][event] → [next status, effects] or null (refused). */
const TABLE: Record<TrainerStatus, Record<TrainerEvent['type'], Expect>> = {
  idle: {
    play: ['starting', ['create']],
    step: ['starting', ['create', 'step']],
    pause: null,
    reset: null,
    hidden: null,
    visible: null,
    ready: null,
    diverged: null,
    failed: null,
  },
  starting: {
    play: null,
    step: null,
    pause: null,
    reset: ['starting', ['reset']],
    hidden: null,
    visible: null,
    ready: ['running', ['start']],
    diverged: null,
    failed: ['error', ['dispose']],
  },
  running: {
    play: ['paused', ['pause']],
    pause: ['paused', ['pause']],
    step: null,
    reset: ['paused', ['reset']],
    hidden: ['paused', ['pause']],
    visible: null,
    ready: null,
    diverged: ['diverged', []],
    failed: ['error', ['dispose']],
  },
  paused: {
    play: ['running', ['start']],
    pause: null,
    step: ['paused', ['step']],
    reset: ['paused', ['reset']],
    hidden: null,
    visible: null,
    ready: null,
    diverged: ['diverged', []],
    failed: ['error', ['dispose']],
  },
  diverged: {
    play: null,
    pause: null,
    step: null,
    reset: ['paused', ['reset']],
    hidden: null,
    visible: null,
    ready: null,
    diverged: null,
    failed: ['error', ['dispose']],
  },
  error: {
    play: ['starting', ['create']],
    pause: null,
    step: null,
    reset: ['idle', []],
    hidden: null,
    visible: null,
    ready: null,
    diverged: null,
    failed: ['error', ['dispose']],
  },
};

describe('trainer lifecycle', () => {
  for (const [status, row] of Object.entries(TABLE) as [TrainerStatus, Record<TrainerEvent['type'], Expect>][]) {
    for (const [type, want] of Object.entries(row) as [TrainerEvent['type'], Expect][]) {
      it(`${status} + ${type} → ${want ? `${want[0]} [${want[1].join(', ')}]` : 'refused'}`, () => {
        const from = state(status);
        const frozen = JSON.stringify(from);
        const got = next(from, EVENTS[type]);
        expect(JSON.stringify(from)).toBe(frozen); // pure: the old state is not touched
        if (!want) {
          expect(got).toBeNull();
          return;
        }
        expect(got).not.toBeNull();
        expect([got!.state.status, got!.effects]).toEqual(want);
      });
    }
  }

  it('keeps the reason of a divergence and the message of a failure, and clears them on leaving', () => {
    const d = next(state('running'), EVENTS.diverged)!;
    expect(d.state.message).toBe('loss became NaN at step 12');
    expect(next(d.state, EVENTS.reset)!.state.message).toBe('');
    const e = next(state('starting'), EVENTS.failed)!;
    expect(e.state.message).toBe('chunk failed to load');
    expect(next(e.state, EVENTS.play)!.state.message).toBe('');
  });

  it('a step from idle starts the engine and stays paused once it is ready', () => {
    const s = next(INITIAL_TRAINER_STATE, EVENTS.step)!;
    expect(s.state.then).toBe('pause');
    expect(next(s.state, EVENTS.ready)).toEqual({ state: state('paused'), effects: [] });
    // a reset while starting keeps what was asked for
    expect(next(s.state, EVENTS.reset)!.state.then).toBe('pause');
  });

  it('visible resumes only a trainer that hidden paused', () => {
    const hidden = next(state('running'), EVENTS.hidden)!;
    expect(hidden.state.offscreen).toBe(true);
    expect(next(hidden.state, EVENTS.visible)).toEqual({ state: state('running'), effects: ['start'] });
    const pressed = next(state('running'), EVENTS.pause)!;
    expect(pressed.state.offscreen).toBe(false);
    expect(next(pressed.state, EVENTS.visible)).toBeNull();
  });

  it('a failed start never leaves the widget starting: retry starts afresh', () => {
    let s = next(INITIAL_TRAINER_STATE, EVENTS.play)!.state;
    expect(next(s, EVENTS.play)).toBeNull(); // a second press while starting does nothing
    const failed = next(s, EVENTS.failed)!;
    expect(failed.state.status).toBe('error');
    s = failed.state;
    expect(next(s, EVENTS.play)).toEqual({ state: state('starting'), effects: ['create'] });
  });
});
