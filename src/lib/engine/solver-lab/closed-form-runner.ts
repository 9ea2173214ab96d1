/**
 * The solver lab's closed-form engine loop (TF-free: it runs in its own Web Worker, or on the page
 * when no worker starts). For a field it solves the reference (Dopri5 at the reference tolerance,
 * with trajectories), then the reader's run, then sweeps every solver over the core's protocol
 * (core/solver-sweep.ts), posting each curve as it grows. The numbers are those of the synchronous
 * `integrate` (same steps, bit for bit); only the scheduling differs: every solve goes through the
 * core's `integrateAsync` with the field wrapped so that, once `sliceMs` of computing have passed,
 * the next evaluation first lets pending messages in. A newer field (or `cancel`) makes the running
 * one stale at its next evaluation, and a stale computation posts nothing.
 *
 * Why a worker: on the page, even in 6 ms slices, the sweep's units (a W₂ assignment, a plot update
 * per point) made tasks of 13–130 ms at load, which Lighthouse's mobile preset counts four times
 * over (1.3 s of blocking time on /widgets/solver-lab/).
 */
import {
  integrateAsync,
  ODE_METHOD_NAMES,
  type AsyncVelocityFn,
  type IntegrateResult,
  type OdeMethod,
  type VelocityFn,
} from '../../core/index.ts';
import { jobOptions, measureRun, referenceOptions, sweepJobs, type SweepJob, type SweepPoint } from '../../core/solver-sweep.ts';
import { auctionScan } from '../../simd/auction-scan.ts';
import { yieldToEvents } from '../yield.ts';
import { closedFormTransferables, type ClosedFormCommand, type ClosedFormEvent } from './closed-form-protocol.ts';
import { closedFormLab, DIM, runView, type ClosedFormSpec } from './setting.ts';

/** Thrown by a sliced field once its computation is stale; the computation ends quietly. */
export class Cancelled extends Error {}

/** A field that, once `sliceMs` of computing have passed, lets pending events in before it goes on. */
function slicedField(f: VelocityFn, isLive: () => boolean, sliceMs: number): AsyncVelocityFn {
  let since = performance.now();
  return (x, t, out) => {
    if (!isLive()) throw new Cancelled();
    f(x, t, out);
    if (performance.now() - since < sliceMs) return;
    return yieldToEvents().then(() => {
      since = performance.now();
    });
  };
}

/** What a closed-form computation integrates: the field, its starting points and time domain. */
export interface SweepInput {
  field: VelocityFn;
  starts: Float64Array;
  n: number;
  t0: number;
  t1: number;
}

export function sweepInput(spec: ClosedFormSpec): SweepInput {
  const lab = closedFormLab(spec);
  return { field: lab.field, starts: lab.starts, n: lab.n, t0: lab.t0, t1: lab.t1 };
}

/** The reference solve (with trajectories), sliced. */
export function solveReference(input: SweepInput, isLive: () => boolean, sliceMs: number): Promise<IntegrateResult> {
  return integrateAsync(slicedField(input.field, isLive, sliceMs), input.starts, referenceOptions(input.t0, input.t1, true));
}

/** One job with trajectories (the reader's run), sliced. */
export function solveJob(input: SweepInput, job: SweepJob, isLive: () => boolean, sliceMs: number): Promise<IntegrateResult> {
  return integrateAsync(slicedField(input.field, isLive, sliceMs), input.starts, jobOptions(job, input.t0, input.t1, true));
}

/** The sweep of every method against `reference`, reporting each method's curve as it grows. */
export async function runSweepSliced(
  input: SweepInput,
  reference: Float64Array,
  methods: readonly OdeMethod[],
  isLive: () => boolean,
  sliceMs: number,
  onPoint: (method: OdeMethod, points: SweepPoint[]) => void,
): Promise<void> {
  const f = slicedField(input.field, isLive, sliceMs);
  for (const method of methods) {
    const points: SweepPoint[] = [];
    for (const job of sweepJobs(method)) {
      const r = await integrateAsync(f, input.starts, jobOptions(job, input.t0, input.t1));
      if (!isLive()) throw new Cancelled();
      points.push(measureRun(job, r.x, r.nfe, reference, input.n, DIM, auctionScan));
      onPoint(method, points.slice());
    }
  }
}

/**
 * In the worker, how long the runner computes before it looks at its messages: a new field or a
 * cancel waits this long plus the unit of work in progress (one field evaluation, or one run's
 * exact W₂), and yielding more often only costs time.
 */
export const WORKER_SLICE_MS = 20;

/**
 * The sweep's progress reaches the page at most this often. Each update redraws two plots and the
 * orders table (9–20 ms on this machine, four times that on Lighthouse's phone); posted per point,
 * the 45 points of a default sweep made 45 such tasks within its second.
 */
export const SWEEP_POST_MS = 100;

interface ClosedFormRunnerOptions {
  post: (ev: ClosedFormEvent, transfer: ArrayBuffer[]) => void;
  /** Computing time between two looks at the message queue, in ms. */
  sliceMs: number;
}

/** A solved field: what a later `job` command needs. */
interface Solved {
  gen: number;
  input: SweepInput;
  reference: IntegrateResult;
}

export class ClosedFormRunner {
  private readonly opts: ClosedFormRunnerOptions;
  /** The generation being computed; -1 when nothing is live (cancelled, disposed). */
  private gen = -1;
  private solved: Solved | null = null;
  /** The reader's latest job: solved once the field's reference is, or at once if it already is. */
  private job: { job: SweepJob; key: string } | null = null;
  /** Bumped by each reader's run: a newer one makes an older one stale (the sweep goes on). */
  private runToken = 0;

  constructor(opts: ClosedFormRunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: ClosedFormCommand): void {
    switch (cmd.type) {
      case 'init':
        this.emit({ type: 'ready' });
        return;
      case 'field':
        this.gen = cmd.gen;
        this.solved = null;
        this.job = { job: cmd.job, key: cmd.jobKey };
        this.field(cmd.gen, cmd.spec).catch((err: unknown) => this.fail(err, cmd.gen));
        return;
      case 'job': {
        if (cmd.gen !== this.gen) return;
        this.job = { job: cmd.job, key: cmd.jobKey };
        const solved = this.solved;
        if (solved) this.solveRun(solved).catch((err: unknown) => this.fail(err, solved.gen));
        return;
      }
      case 'cancel':
      case 'dispose':
        this.gen = -1;
        this.solved = null;
        return;
    }
  }

  private emit(ev: ClosedFormEvent): void {
    this.opts.post(ev, closedFormTransferables(ev));
  }

  private fail(err: unknown, gen: number): void {
    if (err instanceof Cancelled || gen !== this.gen) return;
    this.emit({ type: 'error', gen, message: err instanceof Error ? err.message : String(err) });
  }

  private async field(gen: number, spec: ClosedFormSpec): Promise<void> {
    const live = () => gen === this.gen;
    const input = sweepInput(spec);
    const reference = await solveReference(input, live, this.opts.sliceMs);
    if (!live()) return;
    this.emit({ type: 'reference', gen, nfe: reference.nfe });
    const solved = { gen, input, reference };
    this.solved = solved;
    await this.solveRun(solved);
    const clock = performance.now();
    const curves: Partial<Record<OdeMethod, SweepPoint[]>> = {};
    let posted = -Infinity;
    let growing: OdeMethod = ODE_METHOD_NAMES[0];
    const post = () => {
      posted = performance.now();
      this.emit({ type: 'sweep', gen, curves: { ...curves }, growing });
    };
    await runSweepSliced(input, reference.x, ODE_METHOD_NAMES, live, this.opts.sliceMs, (method, points) => {
      curves[method] = points;
      growing = method;
      // The first point at once (it replaces the older field's curves), then at most every SWEEP_POST_MS.
      if (performance.now() - posted >= SWEEP_POST_MS) post();
    });
    if (!live()) return;
    post();
    this.emit({ type: 'done', gen, ms: performance.now() - clock });
  }

  /** The reader's latest job on a solved field; a newer job or field makes it stale. */
  private async solveRun(solved: Solved): Promise<void> {
    const job = this.job;
    if (!job) return;
    const token = ++this.runToken;
    const live = () => solved.gen === this.gen && token === this.runToken;
    try {
      const r = await solveJob(solved.input, job.job, live, this.opts.sliceMs);
      if (live()) this.emit({ type: 'run', gen: solved.gen, jobKey: job.key, view: runView(job.job, r, solved.reference, solved.input.n) });
    } catch (err) {
      // Superseded by a newer run: not a failure of the field (its sweep goes on).
      if (err instanceof Cancelled && solved.gen === this.gen) return;
      throw err;
    }
  }
}
