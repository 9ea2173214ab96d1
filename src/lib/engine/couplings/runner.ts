/**
 * The couplings comparison's engine loop (TF-free: in its own Web Worker, or on the page when no
 * worker starts). For a `compare` it computes full-batch OT's cost, then stage by stage across the
 * couplings (every plan, then every flow, then every C; compare.ts), posting each result as it is
 * done, so the three panels show their pairs at once rather than one whole coupling after another.
 * When only k changed since the last complete run, and the page holds all of that run (the command
 * names it), the plans are kept and the k-step samples alone are computed again.
 *
 * Between units of work (one plan, one field evaluation, one Monte Carlo part) it lets pending
 * messages in once `sliceMs` of computing have passed; a newer `compare` (or `cancel`) makes the
 * running one stale at its next look, and a stale run posts nothing more.
 *
 * Why a worker: on the page, in 6 ms slices, the units that cannot be cut (the exact assignment of
 * the whole sets, a plan averaged over 32 epochs of minibatches) still made tasks of 12–35 ms at
 * load, four times that on Lighthouse's phone (couplings-compared scored 85–94).
 */
import { COUPLING_LABELS, COUPLING_NAMES } from '../../core/index.ts';
import { yieldToEvents } from '../yield.ts';
import {
  VARIANCE_PARTS,
  eulerChunk,
  flowChunkInSlices,
  fullBatchOtCost,
  makeBatch,
  mergeEuler,
  mergeFlow,
  mergeVariance,
  particleChunks,
  planStage,
  variancePart,
  type Batch,
  type CompareOptions,
  type VarianceStage,
} from './compare.ts';
import type { CompareSetting, CouplingsCommand, CouplingsEvent } from './protocol.ts';

/** In the worker, computing time between two looks at the messages. */
export const COUPLINGS_WORKER_SLICE_MS = 20;
/** Particles per unit of the k-step samples (a change of k alone). */
const EULER_CHUNK = 8;

/** Thrown inside a stale run (a newer compare, a cancel); it ends quietly. */
class Stale extends Error {}

/** A failure of coupling `i`, named for the reader ("Exact OT: …"). */
function couplingFailure(i: number, err: unknown): string {
  return `${COUPLING_LABELS[COUPLING_NAMES[i]]}: ${err instanceof Error ? err.message : String(err)}`;
}

/** The part of a setting the plans, flows and C depend on: everything but k. */
export function settingWithoutK(s: CompareSetting): string {
  return JSON.stringify([{ ...s.opts, k: 0 }, s.source, s.target, s.n]);
}

interface CouplingsRunnerOptions {
  post: (ev: CouplingsEvent) => void;
  sliceMs: number;
}

/** The plans of the last complete run without failures: a change of k alone reuses them. */
interface Solved {
  gen: number;
  withoutK: string;
  batch: Batch;
  plans: Float64Array[];
}

export class CouplingsRunner {
  private readonly opts: CouplingsRunnerOptions;
  /** The generation being computed; -1 when nothing is live. */
  private gen = -1;
  private solved: Solved | null = null;

  constructor(opts: CouplingsRunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: CouplingsCommand): void {
    switch (cmd.type) {
      case 'init':
        this.opts.post({ type: 'ready' });
        return;
      case 'compare': {
        const gen = cmd.gen;
        this.gen = gen;
        this.run(gen, cmd.setting, cmd.reusable).catch((err: unknown) => {
          if (err instanceof Stale || gen !== this.gen) return;
          this.opts.post({ type: 'error', gen, message: err instanceof Error ? err.message : String(err) });
        });
        return;
      }
      case 'cancel':
      case 'dispose':
        this.gen = -1;
        return;
    }
  }

  /**
   * Posts an event of run `gen` unless a newer command came in meanwhile (the page's fallback runner
   * is driven from the page's own handlers, which may send a command while an event is delivered).
   */
  private postIfLive(gen: number, ev: CouplingsEvent): void {
    if (gen === this.gen) this.opts.post(ev);
  }

  /** A pause between units: yields once the slice is spent, and throws once the run is stale. */
  private clock(gen: number): () => Promise<void> {
    let since = performance.now();
    return async () => {
      if (gen !== this.gen) throw new Stale();
      if (performance.now() - since < this.opts.sliceMs) return;
      await yieldToEvents();
      since = performance.now();
      if (gen !== this.gen) throw new Stale();
    };
  }

  private async run(gen: number, setting: CompareSetting, reusable: number): Promise<void> {
    const pause = this.clock(gen);
    // Let a command already queued behind this one in (a drag sends many) before any work.
    await yieldToEvents();
    if (gen !== this.gen) return;
    const withoutK = settingWithoutK(setting);
    const solved = this.solved;
    if (solved && solved.gen === reusable && solved.withoutK === withoutK) return this.eulerOnly(gen, solved, setting.opts, pause);
    this.solved = null;
    const batch = makeBatch(setting.source, setting.target, setting.n, setting.opts.seed);
    const opts = setting.opts;
    const post = (ev: CouplingsEvent) => this.postIfLive(gen, ev);
    post({ type: 'w2sq', gen, w2sq: fullBatchOtCost(batch) });
    const plans: (Float64Array | undefined)[] = [];
    let failed = false;
    /**
     * One stage of coupling `i`, given its plan (undefined before the plan stage, or when that coupling
     * failed). A failure is posted, the coupling loses its plan (no later stages), the run goes on.
     */
    const stage = async (i: number, work: (plan: Float64Array | undefined) => unknown) => {
      await pause();
      try {
        await work(plans[i]);
      } catch (err) {
        if (err instanceof Stale) throw err;
        failed = true;
        plans[i] = undefined;
        post({ type: 'coupling-error', gen, i, message: couplingFailure(i, err) });
      }
    };
    for (let i = 0; i < COUPLING_NAMES.length; i++)
      await stage(i, () => {
        const p = planStage(COUPLING_NAMES[i], batch, opts);
        plans[i] = p.plan;
        const { plan: _kept, ...view } = p;
        post({ type: 'plan', gen, i, plan: view });
      });
    for (let i = 0; i < COUPLING_NAMES.length; i++)
      await stage(i, async (plan) => {
        if (!plan) return;
        const chunk = await flowChunkInSlices(plan, batch, opts, 0, batch.n, pause);
        post({ type: 'flow', gen, i, flow: mergeFlow([chunk], batch) });
      });
    for (let i = 0; i < COUPLING_NAMES.length; i++)
      await stage(i, async (plan) => {
        if (!plan) return;
        const parts: VarianceStage[] = [];
        for (let part = 0; part < VARIANCE_PARTS; part++) {
          await pause();
          parts.push(variancePart(plan, batch, opts, part));
        }
        post({ type: 'variance', gen, i, variance: mergeVariance(parts) });
      });
    if (!failed) this.solved = { gen, withoutK, batch, plans: plans as Float64Array[] };
    post({ type: 'done', gen, reused: false });
  }

  /** The k-step samples of every coupling on the plans of the last complete run. */
  private async eulerOnly(gen: number, solved: Solved, opts: CompareOptions, pause: () => Promise<void>): Promise<void> {
    const { batch } = solved;
    for (let i = 0; i < solved.plans.length; i++) {
      const chunks: { from: number; kStep: Float64Array }[] = [];
      try {
        for (const [from, to] of particleChunks(batch.n, EULER_CHUNK)) {
          await pause();
          chunks.push(eulerChunk(solved.plans[i], batch, opts, from, to));
        }
        this.postIfLive(gen, { type: 'euler', gen, i, euler: mergeEuler(chunks, batch) });
      } catch (err) {
        if (err instanceof Stale) throw err;
        this.postIfLive(gen, { type: 'coupling-error', gen, i, message: couplingFailure(i, err) });
      }
    }
    this.postIfLive(gen, { type: 'done', gen, reused: true });
  }
}
