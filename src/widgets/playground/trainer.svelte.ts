/**
 * The playground's "network trained here" mode: the train-cfm engine (src/lib/engine/train, used as
 * is, loaded with `await import()` only when the reader presses Train) driven through its lifecycle
 * reducer. The playground's settings map onto the trainer's schema here; what the trainer cannot do
 * (cluster-constrained plans, reflow rounds) is said, never silently changed.
 */
import { INITIAL_TRAINER_STATE, next, type TrainerEffect, type TrainerEvent } from '../../lib/engine/train/lifecycle.ts';
import { TRAIN_SCHEMA, needsReset, type TrainSettings } from '../../lib/engine/train/settings.ts';
import type { DrawnPoints, SessionEvent, Snapshot } from '../../lib/engine/train/protocol.ts';
import type { TrainerHandle } from '../../lib/engine/train/client.ts';
import type { ExportedWeights } from '../../lib/nn/mlp.ts';
import { defaultSettings } from '../../lib/state/settings.ts';
import { fmtCount } from '../shared/format.ts';
import type { PlaygroundSettings } from '../../lib/engine/playground/settings.ts';
import { searchParam } from './view-options.ts';

/** The trainer's settings for the playground's (cluster plans and reflow train with the independent coupling, and say so). */
export function trainSettingsFor(s: PlaygroundSettings): TrainSettings {
  return {
    ...defaultSettings(TRAIN_SCHEMA),
    source: s.source,
    target: s.target,
    coupling: s.coupling === 'good' || s.coupling === 'bad' || s.coupling === 'reflow' ? 'independent' : s.coupling,
    path: s.path,
    sigma: s.sigma,
    width: s.width,
    lr: s.lr,
    solver: s.solver,
    nfe: Math.min(200, s.steps),
    samples: Math.max(50, Math.min(4000, Math.round(s.particles / 50) * 50)),
    fieldT: s.t,
    seed: s.seed,
  };
}

export class NetworkRun {
  life = $state(INITIAL_TRAINER_STATE);
  snap: Snapshot | null = $state.raw(null);
  backend = $state('not started (TF.js loads when you press Train)');
  private trainer: TrainerHandle | null = null;
  private queued: ((t: TrainerHandle) => void)[] = [];
  private token = 0;
  private settings: TrainSettings;
  private drawn: DrawnPoints;

  constructor(
    settings: TrainSettings,
    drawn: DrawnPoints,
    private readonly onWeights: (step: number, w: ExportedWeights) => void,
  ) {
    this.settings = settings;
    this.drawn = drawn;
  }

  get status() {
    return this.life.status;
  }

  dispatch(event: TrainerEvent): boolean {
    const t = next(this.life, event);
    if (!t) return false;
    this.life = t.state;
    for (const e of t.effects) this.perform(e);
    return true;
  }

  /** New settings or data: live keys in place, anything else restarts from fresh weights. */
  configure(settings: TrainSettings, drawn: DrawnPoints): void {
    const reset = needsReset(this.settings, settings) || drawn.source !== this.drawn.source || drawn.target !== this.drawn.target;
    this.settings = settings;
    this.drawn = drawn;
    if (reset) {
      if (!this.dispatch({ type: 'reset' })) this.snap = null;
    } else this.trainer?.update(settings, false);
  }

  exportWeights(): void {
    this.trainer?.exportWeights();
  }

  /**
   * Loads saved weights (architecture already checked by model-file.ts). Training pauses; with no
   * engine yet, one is started with a single chunk and the weights replace its result.
   */
  importWeights(weights: ExportedWeights): void {
    if (this.life.status === 'running') this.dispatch({ type: 'pause' });
    if (this.life.status === 'idle' || this.life.status === 'error') this.dispatch({ type: 'step' });
    this.with((t) => t.importWeights(weights));
  }

  dispose(): void {
    this.token++;
    this.trainer?.dispose();
    this.trainer = null;
  }

  private with(fn: (t: TrainerHandle) => void) {
    if (this.trainer) fn(this.trainer);
    else this.queued.push(fn);
  }

  private perform(effect: TrainerEffect) {
    switch (effect) {
      case 'create':
        this.create();
        break;
      case 'dispose':
        this.token++;
        this.queued = [];
        this.trainer?.dispose();
        this.trainer = null;
        break;
      case 'start':
        this.with((t) => t.start());
        break;
      case 'pause':
        this.with((t) => t.pause());
        break;
      case 'step':
        this.with((t) => t.step(this.settings.stepsPerFrame));
        break;
      case 'reset':
        this.snap = null;
        this.with((t) => t.reset(this.settings, this.drawn));
        break;
    }
  }

  private create() {
    const token = ++this.token;
    this.backend = 'loading TF.js and choosing a backend…';
    const search = location.search;
    const param = (key: string) => searchParam(search, key);
    import('../../lib/engine/train/client.ts')
      .then(({ createTrainer }) => {
        if (token !== this.token) return;
        this.trainer = createTrainer({
          settings: this.settings,
          drawn: this.drawn,
          onEvent: (ev) => this.onEvent(ev),
          force: param('backend'),
          noWorker: param('worker') === '0',
        });
        for (const fn of this.queued.splice(0)) fn(this.trainer);
      })
      .catch((err: unknown) => {
        if (token !== this.token) return;
        this.backend = 'not running';
        this.dispatch({ type: 'failed', message: `TF.js could not be loaded (${err instanceof Error ? err.message : String(err)}).` });
      });
  }

  private onEvent(ev: SessionEvent) {
    switch (ev.type) {
      case 'ready':
        this.backend = `${ev.backend.name}${ev.backend.isFallback ? ' (software)' : ''} in ${ev.where === 'worker' ? 'a worker' : 'the page'}; ${fmtCount(ev.parameters)} parameters`;
        this.dispatch({ type: 'ready' });
        break;
      case 'snapshot':
        this.snap = ev;
        break;
      case 'diverged':
        this.dispatch({ type: 'diverged', reason: ev.reason });
        break;
      case 'error':
        this.backend = 'not running';
        this.dispatch({ type: 'failed', message: `Training stopped: ${ev.message}.` });
        break;
      case 'weights':
        this.onWeights(ev.step, ev.weights);
        break;
    }
  }
}
