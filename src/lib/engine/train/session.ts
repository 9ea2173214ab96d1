/**
 * A CFM training session: network + optimiser + batch maker + loss history, no DOM. Used by the
 * worker, by the main-thread fallback and by the Node experiment runner alike.
 *
 * One training step is one tf.tidy: upload (x_t, t, u_t) → forward → hand-written backward →
 * Adam update, a few dozen kernels. Losses stay on the device until `flush()` reads all pending
 * ones with a single awaited `data()` (every K steps; never a synchronous read in the loop).
 */
import { Rng, type ConditionalPath } from '../../core/index.ts';
import { tf, type Tensor } from '../../nn/tf.ts';
import { VelocityMlp } from '../../nn/mlp.ts';
import { FlatAdam } from '../../nn/adam.ts';
import { DIM, type Batch, type Sampler } from './batch.ts';
import { TimedBatchMaker } from './batch-timing.ts';
import { closedFormVelocity, generate, generateNetwork, networkVelocity, type GenerateOptions, type NetworkSampler } from './sampling.ts';
import type { IntegrateResult, VelocityFn } from '../../core/index.ts';
import type { DrawnPoints, Snapshot } from './protocol.ts';
import { withLive, type TrainSettings } from './settings.ts';
import { closedFormApplies, closedFormTargets, fieldGrid, FIELD_GRID, squareExtent } from './view.ts';

/** Loss above this (or NaN/±∞) counts as divergence. */
const EXPLODED_LOSS = 1e8;
const TRAJECTORIES = 48;
const MAX_LOSS_POINTS = 400;

export class TrainingSession {
  settings: TrainSettings;
  readonly net: VelocityMlp;
  readonly opt: FlatAdam;
  readonly batches: TimedBatchMaker;
  step = 0;
  /** Loss of every step so far (grown by doubling). */
  private losses = new Float32Array(1024);
  private pending: Tensor[] = [];
  private starts: Float64Array;
  private readonly startRng: Rng;
  private closedTargets: Float64Array | null = null;
  readonly extent: [number, number, number, number];
  diverged: string | null = null;
  /**
   * Wall time of the network part of training (upload, forward, backward, optimiser; on wasm/cpu the
   * kernels run synchronously, on GPU backends this is only the time to enqueue them) and of the
   * loss readbacks in `flush()`, in milliseconds summed over all steps. Batch construction is timed
   * separately in `batches.timing` (batch-timing.ts).
   */
  readonly timing = { networkMs: 0, flushMs: 0 };
  /**
   * Where training batches come from instead of `batches.next()`, when set: the train-cfm runner's
   * BatchPool (batch-pool.ts), which builds batch k from its own seed, in workers or here.
   */
  feed: { take(): Batch } | null = null;

  /**
   * `makeBatches` builds the batch source (default: the settings' data and coupling); reflow
   * (engine/reflow) passes one that draws stored pairs instead.
   */
  constructor(
    settings: TrainSettings,
    drawn?: DrawnPoints,
    makeBatches: (settings: TrainSettings, rng: Rng, drawn?: DrawnPoints) => TimedBatchMaker = (s, r, d) => new TimedBatchMaker(s, r, d),
  ) {
    this.settings = { ...settings };
    const rng = new Rng(settings.seed);
    const initRng = rng.fork();
    this.net = new VelocityMlp(
      { dim: DIM, width: settings.width, depth: settings.depth, activation: settings.activation, timeFrequencies: settings.timeFreqs },
      () => initRng.uniform(),
    );
    this.opt = new FlatAdam(this.net.params, {
      learningRate: settings.lr,
      weightDecay: settings.optimizer === 'adamw' ? settings.weightDecay : 0,
    });
    this.batches = makeBatches(this.settings, rng.fork(), drawn);
    this.startRng = rng.fork();
    this.starts = this.batches.source(settings.samples, this.startRng);
    this.extent = squareExtent([this.batches.source(1000, rng.fork()), this.batches.target(1000, rng.fork())]);
  }

  get path(): ConditionalPath {
    return this.batches.path;
  }
  get source(): Sampler {
    return this.batches.source;
  }
  get target(): Sampler {
    return this.batches.target;
  }

  /**
   * Applies the settings that need no reset (LIVE_KEYS in settings.ts); the others keep their values.
   * The optimiser reads its step size and decay from here, sampling and the view read `settings`.
   */
  setLive(s: TrainSettings): void {
    const next = withLive(this.settings, s);
    this.opt.learningRate = next.lr;
    this.opt.weightDecay = next.optimizer === 'adamw' ? next.weightDecay : 0;
    if (next.samples !== this.settings.samples) this.starts = this.batches.source(next.samples, this.startRng);
    this.settings = next;
  }

  /** Queues `n` training steps (no readback). */
  trainSteps(n: number): void {
    for (let i = 0; i < n; i++) {
      const b = this.feed ? this.feed.take() : this.batches.next();
      const clock = performance.now();
      const loss = tf.tidy(() => {
        const xt = tf.tensor2d(b.xt, [b.n, DIM]);
        const t = tf.tensor2d(b.t, [b.n, 1]);
        const ut = tf.tensor2d(b.ut, [b.n, DIM]);
        const { loss, grads } = this.net.lossAndGrads(xt, t, ut);
        this.opt.apply(grads);
        return loss;
      });
      this.timing.networkMs += performance.now() - clock;
      this.pending.push(loss);
      this.step++;
    }
  }

  /** Reads all pending losses with one awaited read; returns a divergence reason or null. */
  async flush(): Promise<string | null> {
    if (this.pending.length === 0) return this.diverged;
    const pending = this.pending;
    this.pending = [];
    const clock = performance.now();
    const stacked = tf.stack(pending);
    for (const p of pending) p.dispose();
    const values = (await stacked.data()) as Float32Array;
    stacked.dispose();
    this.timing.flushMs += performance.now() - clock;
    const first = this.step - values.length;
    if (this.losses.length < this.step) {
      const grown = new Float32Array(Math.max(this.step, this.losses.length * 2));
      grown.set(this.losses);
      this.losses = grown;
    }
    this.losses.set(values, first);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (!Number.isFinite(v) || v > EXPLODED_LOSS) {
        this.diverged = `loss became ${Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? v.toExponential(2) : 'infinite'} at step ${first + i + 1} (learning rate ${this.settings.lr}); reset to start again, perhaps with a smaller learning rate`;
        break;
      }
    }
    return this.diverged;
  }

  /** Losses recorded so far (a view; call after flush). */
  lossHistory(): Float32Array {
    return this.losses.subarray(0, this.step - this.pending.length);
  }

  /** Block means of the loss history, at most `maxPoints` of them. */
  decimatedLoss(maxPoints = MAX_LOSS_POINTS): { steps: Float32Array; values: Float32Array } {
    const h = this.lossHistory();
    const bin = Math.max(1, Math.ceil(h.length / maxPoints));
    const m = Math.ceil(h.length / bin);
    const steps = new Float32Array(m),
      values = new Float32Array(m);
    for (let j = 0; j < m; j++) {
      let s = 0,
        c = 0;
      for (let i = j * bin; i < Math.min(h.length, (j + 1) * bin); i++) {
        s += h[i];
        c++;
      }
      steps[j] = j * bin + c / 2 + 0.5;
      values[j] = s / c;
    }
    return { steps, values };
  }

  /** Whether the core's closed form applies to this session (view.ts says when). */
  get closedFormAvailable(): boolean {
    return closedFormApplies(this.batches.sourceIsNoise, this.settings.source);
  }

  /** The core's closed-form field (Theorem 1 on a fixed target sample), or null where it does not apply. */
  closedFormField(): VelocityFn | null {
    if (!this.closedFormAvailable) return null;
    this.closedTargets ??= closedFormTargets(this.batches.target, this.settings.seed);
    return closedFormVelocity(this.path, this.closedTargets, DIM);
  }

  /**
   * Integrates the sampling ODE from x0 with the network (`generateNetwork`: SIMD kernels on the CPU
   * backends, the device elsewhere) or, when asked and available, with the closed form (synchronous
   * arithmetic). With `opts.keep`, trajectories hold the first points only.
   */
  async generate(
    x0: Float64Array,
    opts: GenerateOptions,
    closedForm = this.settings.closedForm,
  ): Promise<IntegrateResult & { sampler?: NetworkSampler }> {
    const exact = closedForm ? this.closedFormField() : null;
    if (exact) return generate(exact, x0, opts);
    return generateNetwork(this.net, DIM, x0, opts);
  }

  /** The field at time t on n points (flat pairs). */
  async field(points: Float64Array, t: number, closedForm = this.settings.closedForm): Promise<Float64Array> {
    const out = new Float64Array(points.length);
    const exact = closedForm ? this.closedFormField() : null;
    if (exact) exact(points, t, out);
    else await networkVelocity(this.net, DIM)(points, t, out);
    return out;
  }

  /** Samples, trajectories and the field on a grid, as a snapshot event (all fresh buffers). */
  async snapshot(gen: number, running: boolean, stepsPerSecond: number, builders = 0): Promise<Snapshot> {
    const t0 = performance.now();
    const s = this.settings;
    const { tMin, tMax } = this.path;
    const res = await this.generate(this.starts, {
      method: s.solver,
      steps: s.nfe,
      t0: tMin,
      t1: tMax,
      trajectory: true,
      keep: TRAJECTORIES,
    });
    const n = this.starts.length / DIM;
    const count = Math.min(TRAJECTORIES, n);
    const traj = res.trajectory ?? [this.starts, res.x];
    const len = traj.length;
    const trajectories = new Float32Array(count * len * DIM);
    for (let p = 0; p < count; p++) {
      for (let k = 0; k < len; k++) {
        trajectories[(p * len + k) * DIM] = traj[k][p * DIM];
        trajectories[(p * len + k) * DIM + 1] = traj[k][p * DIM + 1];
      }
    }
    const [x0, x1, y0, y1] = this.extent;
    const g = FIELD_GRID;
    const grid = fieldGrid(this.extent, g);
    const fieldT = Math.min(tMax, Math.max(tMin, s.fieldT));
    const fieldOut = await this.field(grid, fieldT);
    const loss = this.decimatedLoss();
    return {
      type: 'snapshot',
      gen,
      step: this.step,
      running,
      lossSteps: loss.steps,
      lossValues: loss.values,
      samples: Float32Array.from(res.x),
      starts: Float32Array.from(this.starts),
      trajectories,
      trajectoryCount: count,
      trajectoryLength: len,
      field: Float32Array.from(fieldOut),
      fieldSize: g,
      fieldTime: fieldT,
      fieldExtent: [x0, x1, y0, y1],
      fieldSource: s.closedForm && this.closedFormAvailable ? 'closed-form' : 'network',
      stepsPerSecond,
      builders,
      sampleMs: performance.now() - t0,
      nfe: res.nfe,
    };
  }

  dispose(): void {
    for (const p of this.pending) p.dispose();
    this.pending = [];
    this.net.dispose();
    this.opt.dispose();
  }
}
