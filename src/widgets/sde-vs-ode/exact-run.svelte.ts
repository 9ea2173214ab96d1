/**
 * The closed-form run as the widget sees it: the frames and checkpoints that have arrived from the
 * closed-form engine (engine/sde-vs-ode/paired-client.ts: a Web Worker, or the page in slices), how
 * far the run has got, and the figures at a frame the reader stops at (measured by the engine).
 */
import type { Checkpoint, PairedSpec } from '../../lib/engine/sde-vs-ode/paired.ts';
import { createPairedEngine, type PairedEngine } from '../../lib/engine/sde-vs-ode/paired-client.ts';
import type { PairedEvent } from '../../lib/engine/sde-vs-ode/paired-protocol.ts';
import { SLICE_MS } from '../shared/task-chain.ts';

interface ExactRunHooks {
  /** `?worker=0`: run on the page (read when the engine starts). */
  noWorker: () => boolean;
  /** Frames or checkpoints arrived. */
  onProgress: () => void;
  /** The figures at a frame asked for with `askMetrics`. */
  onMetrics: (c: Checkpoint) => void;
  /** The run failed (the message says why). */
  onError: (message: string) => void;
}

export class ExactRun {
  /** Frames of both clouds received so far (index k at time k/steps). */
  ode: Float64Array[] = [];
  sde: Float64Array[] = [];
  checkpoints: Checkpoint[] = [];
  spec: Required<Pick<PairedSpec, 'steps' | 'particles'>> | null = null;
  finished = false;
  /** Bumped by each run: figures cached for an older run are not this one's. */
  id = 0;
  private engine: PairedEngine | null = null;
  private asked = -1;
  /** The run whose figures the readout shows (`id` of then). */
  private shown = 0;
  private readonly hooks: ExactRunHooks;

  constructor(hooks: ExactRunHooks) {
    this.hooks = hooks;
  }

  /** Steps taken so far. */
  get done(): number {
    return Math.max(0, this.ode.length - 1);
  }

  start(spec: PairedSpec, starts: Float64Array): void {
    this.engine ??= createPairedEngine({ noWorker: this.hooks.noWorker(), pageSliceMs: SLICE_MS, onEvent: (ev) => this.onEvent(ev) });
    this.id++;
    this.spec = { steps: spec.steps, particles: spec.particles };
    // Frame 0 is known at once (the page draws the starting cloud while the engine starts).
    this.ode = [starts];
    this.sde = [starts];
    this.checkpoints = [];
    this.finished = false;
    this.asked = -1;
    this.engine.simulate(spec);
  }

  /**
   * The figures the readout shows at frame k, given those it shows now (`current`). While playing:
   * the last checkpoint passed, which the run has already measured. Stopped: the checkpoint recorded
   * at k (the same figures: seeded by k), or, once the run is finished, the engine's measurement
   * (three O(n²) energy distances), asked for here and delivered through `onMetrics`; `current`
   * meanwhile.
   */
  figuresAt(k: number, playing: boolean, current: Checkpoint | null): Checkpoint | null {
    if (playing) return this.checkpoints.findLast((c) => c.step <= k) ?? current;
    if (current?.step === k && this.shown === this.id) return current;
    this.shown = this.id;
    const recorded = this.checkpoints.find((c) => c.step === k);
    if (recorded) return recorded;
    if (this.finished) this.askMetrics(k);
    return current;
  }

  /** Asks for the figures at frame k (not again while that request is open); they come through `onMetrics`. */
  private askMetrics(k: number): void {
    if (this.asked === k) return;
    this.asked = k;
    this.engine?.metrics(k);
  }

  pause(): void {
    this.engine?.pause();
  }

  resume(): void {
    this.engine?.resume();
  }

  dispose(): void {
    this.engine?.dispose();
    this.engine = null;
  }

  private onEvent(ev: PairedEvent): void {
    switch (ev.type) {
      case 'ready':
        return;
      case 'frames':
        ev.ode.forEach((f, i) => (this.ode[ev.first + i] = f));
        ev.sde.forEach((f, i) => (this.sde[ev.first + i] = f));
        this.checkpoints = [...this.checkpoints, ...ev.checkpoints];
        this.finished = ev.finished;
        this.hooks.onProgress();
        return;
      case 'metrics':
        // Answered: the same frame may be asked for again later (the reader comes back to it).
        if (ev.checkpoint.step === this.asked) this.asked = -1;
        this.hooks.onMetrics(ev.checkpoint);
        return;
      case 'error':
        this.hooks.onError(ev.message);
        return;
    }
  }
}
