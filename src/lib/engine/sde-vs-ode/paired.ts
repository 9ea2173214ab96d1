/**
 * The closed-form half of the SDE vs ODE widget: the same starting points carried to t = 1 by the
 * probability-flow ODE (RK4) and by the SDE extension dX = [u_t + ½ g² ∇log p_t] dt + g dW
 * (Euler–Maruyama), both with the exact marginal field of the experiment's 64 points and on one
 * time grid, so the two clouds can be compared frame by frame. TF-free and DOM-free: the widget
 * advances it a few steps per animation frame, the claims test runs it to the end.
 *
 * At checkpoint times it also records what the figure reports: the energy distance (core metrics,
 * the unbiased estimate, which scatters around 0 when the laws agree) from each cloud to an exact
 * sample of p_t, the same for a second, independent exact sample (the Monte-Carlo scale: what
 * "equal in law" looks like with this many points), and the mean distance between paired particles
 * (same start, different path). The two clouds are not compared with each other directly: they
 * share their starting points, so they are not independent samples.
 */
import { energyDistance, integrate, marginalVelocity, Rng, type VelocityFn } from '../../core/index.ts';
import { extendedDriftFromVelocity, integrateSde } from '../../core/sde.ts';
import { meanPairedDistance, sampleMarginal } from '../../core/marginal-sample.ts';
import { DIM, PATH, TARGET_COUNT, streams, type Streams } from './experiment.ts';

/**
 * Particles per unit of work. A step of both clouds (five evaluations of the marginal field over
 * every particle: four for RK4, one for Euler–Maruyama) took 10–30 ms at 500 particles here, more
 * than a frame's budget; each particle moves independently of the others, so a step is done in
 * chunks of this many, in order, and gives the same numbers (the noise is drawn in the same order).
 */
export const STEP_CHUNK = 64;

export interface PairedSpec {
  seed: number;
  /** Constant noise level g ≥ 0 of the SDE. */
  g: number;
  /** Steps of both integrators on [0, 1] (RK4 for the ODE, Euler–Maruyama for the SDE). */
  steps: number;
  particles: number;
  /** How many checkpoint intervals the metrics are recorded at (checkpoints + 1 times, 0 and 1 included). */
  checkpoints?: number;
}

export interface Checkpoint {
  step: number;
  t: number;
  /** Energy distance from the ODE cloud to an exact sample of p_t of the same size. */
  ode: number;
  /** The same for the SDE cloud. */
  sde: number;
  /** The same for a second, independent exact sample: the Monte-Carlo scale. */
  exact: number;
  /** Mean ‖X_t^ODE − X_t^SDE‖ over particles that started at the same point. */
  pairedGap: number;
}

/** The common starting points of both clouds: `particles` draws of 𝒩(0, I) from the seed's start stream. */
function drawStarts(s: Streams, particles: number): Float64Array {
  const x0 = new Float64Array(particles * DIM);
  for (let i = 0; i < x0.length; i++) x0[i] = s.starts.normal();
  return x0;
}

/** The starting points a simulation of this seed and size begins from (the page draws with them at once). */
export function pairedStarts(seed: number, particles: number): Float64Array {
  return drawStarts(streams(seed), particles);
}

export class PairedSimulation {
  readonly spec: Required<PairedSpec>;
  readonly targets: Float64Array;
  /** Frames of both clouds (n × 2 each), index k at time k/steps; filled as the run advances. */
  readonly ode: Float64Array[] = [];
  readonly sde: Float64Array[] = [];
  readonly checkpoints: Checkpoint[] = [];
  private readonly velocity: VelocityFn;
  private readonly drift: VelocityFn;
  private readonly noise: Rng;
  private readonly checkpointSteps = new Set<number>();
  /** Checkpoints queued by steps and not yet measured, oldest first. */
  private readonly pending: (() => Checkpoint | null)[] = [];
  /** The step in progress: both clouds' next frames, filled chunk by chunk (ODE chunks, then SDE). */
  private partial: { ode: Float64Array; sde: Float64Array; next: number } | null = null;

  constructor(spec: PairedSpec) {
    const checkpoints = Math.max(1, Math.min(spec.steps, Math.floor(spec.checkpoints ?? 20)));
    this.spec = { ...spec, checkpoints };
    const s = streams(spec.seed);
    this.targets = s.targets;
    this.noise = s.noise;
    const x0 = drawStarts(s, spec.particles);
    this.ode.push(x0);
    this.sde.push(Float64Array.from(x0));
    this.velocity = (x, t, out) => out.set(marginalVelocity(PATH, x, x.length / DIM, t, this.targets, TARGET_COUNT, DIM));
    const g = spec.g;
    this.drift = extendedDriftFromVelocity(PATH, this.velocity, () => g);
    for (let j = 1; j <= checkpoints; j++) this.checkpointSteps.add(Math.round((j * spec.steps) / checkpoints));
    this.pending.push(this.checkpointParts(0));
  }

  /** Steps taken so far (frames − 1). */
  get done(): number {
    return this.ode.length - 1;
  }

  /** All steps taken and every checkpoint recorded. */
  get finished(): boolean {
    return this.done >= this.spec.steps && this.pending.length === 0;
  }

  /** Time of frame k. */
  time(k: number): number {
    return k / this.spec.steps;
  }

  /** Takes up to `maxSteps` steps (both clouds), recording checkpoints as it goes; returns true when the run is complete. */
  advance(maxSteps = Infinity): boolean {
    while (this.pending.length) this.work();
    for (let m = 0; m < maxSteps && !this.finished; m++) {
      this.step();
      while (this.pending.length) this.work();
    }
    return this.finished;
  }

  /**
   * One small unit of the run: STEP_CHUNK particles of one cloud's step, or one of the three energy
   * distances of a checkpoint (each O(n²): together 4–13 ms at 500 particles, which made every
   * checkpoint frame of the widget a long task). Checkpoints come out in order and equal
   * `metricsAt`. Returns true when the run is complete.
   */
  work(): boolean {
    const next = this.pending[0];
    if (next) {
      const done = next();
      if (done) {
        this.checkpoints.push(done);
        this.pending.shift();
      }
    } else if (this.done < this.spec.steps) this.stepChunk();
    return this.finished;
  }

  /** One step of both clouds; a checkpoint step queues its metrics. */
  private step(): void {
    while (!this.stepChunk());
  }

  /** Moves one chunk of one cloud through the current step; true when that completed the step. */
  private stepChunk(): boolean {
    const { steps, g, particles: n } = this.spec;
    const k = this.done;
    const p = (this.partial ??= { ode: new Float64Array(n * DIM), sde: new Float64Array(n * DIM), next: 0 });
    const chunks = Math.ceil(n / STEP_CHUNK);
    const c = p.next % chunks;
    const lo = c * STEP_CHUNK * DIM;
    const hi = Math.min(n, (c + 1) * STEP_CHUNK) * DIM;
    const t0 = k / steps,
      t1 = (k + 1) / steps;
    if (p.next < chunks) p.ode.set(integrate(this.velocity, this.ode[k].subarray(lo, hi), { method: 'rk4', steps: 1, t0, t1 }).x, lo);
    else p.sde.set(integrateSde(this.drift, () => g, this.sde[k].subarray(lo, hi), { steps: 1, t0, t1, rng: this.noise }).x, lo);
    if (++p.next < 2 * chunks) return false;
    this.ode.push(p.ode);
    this.sde.push(p.sde);
    this.partial = null;
    if (this.checkpointSteps.has(k + 1)) this.pending.push(this.checkpointParts(k + 1));
    return true;
  }

  /** The metrics at frame k (computed now; the exact reference samples are seeded by k). */
  metricsAt(k: number): Checkpoint {
    const parts = this.checkpointParts(k);
    for (;;) {
      const done = parts();
      if (done) return done;
    }
  }

  /** The metrics at frame k in three parts, one energy distance per call; the last call returns them. */
  private checkpointParts(k: number): () => Checkpoint | null {
    const n = this.spec.particles;
    const t = this.time(k);
    const ref = new Rng(this.spec.seed * 7919 + k);
    let e1: Float64Array = new Float64Array(0),
      e2: Float64Array = new Float64Array(0),
      ode = 0,
      sde = 0,
      part = 0;
    return () => {
      part++;
      if (part === 1) {
        e1 = sampleMarginal(PATH, t, this.targets, TARGET_COUNT, DIM, n, ref);
        e2 = sampleMarginal(PATH, t, this.targets, TARGET_COUNT, DIM, n, ref);
        ode = energyDistance(this.ode[k], e1, n, DIM);
        return null;
      }
      if (part === 2) {
        sde = energyDistance(this.sde[k], e1, n, DIM);
        return null;
      }
      return {
        step: k,
        t,
        ode,
        sde,
        exact: energyDistance(e2, e1, n, DIM),
        pairedGap: meanPairedDistance(this.ode[k], this.sde[k], n, DIM),
      };
    };
  }
}
