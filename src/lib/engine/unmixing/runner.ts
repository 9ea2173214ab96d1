/**
 * Trains the velocity MLP on a coupling plan, in the worker or on the main thread: the plan's pairs
 * are drawn once (4096 of them, with the plan's weights) and a TrainingSession of the train engine
 * regresses on them with the I-CFM path through reflow's PairedBatchMaker (x_t = t x₁ + (1 − t) x₀
 * + σ ε, target x₁ − x₀). Short chunks with a yield between them keep commands responsive.
 */
import { Rng, samplePlanPairs } from '../../core/index.ts';
import { chooseBackend } from '../../nn/backend.ts';
import { PairedBatchMaker } from '../reflow/paired-batch.ts';
import { TrainingSession } from '../train/session.ts';
import { cleanSettings } from '../train/settings.ts';
import type { PlanTraining, UnmixingCommand, UnmixingEvent } from './protocol.ts';

const PAIRS = 4096;
const CHUNK = 25;

export class UnmixingRunner {
  private gen = -1;
  private session: TrainingSession | null = null;
  private queue: Promise<void> = Promise.resolve();

  private readonly opts: { post: (ev: UnmixingEvent, transfer: ArrayBuffer[]) => void; wasmPaths?: Record<string, string> };

  constructor(opts: { post: (ev: UnmixingEvent, transfer: ArrayBuffer[]) => void; wasmPaths?: Record<string, string> }) {
    this.opts = opts;
  }

  handle(cmd: UnmixingCommand): void {
    this.gen = cmd.type === 'dispose' ? -1 : cmd.gen;
    this.queue = this.queue
      .then(() => this.run(cmd))
      .catch((err: unknown) =>
        this.opts.post({ type: 'error', gen: this.gen, message: err instanceof Error ? err.message : String(err) }, []),
      );
  }

  private async run(cmd: UnmixingCommand): Promise<void> {
    this.session?.dispose();
    this.session = null;
    if (cmd.type === 'dispose') return;
    if (cmd.type === 'init') {
      const backend = await chooseBackend({
        force: cmd.force,
        remembered: cmd.remembered,
        wasmPaths: this.opts.wasmPaths,
        remember: () => {},
      });
      this.opts.post({ type: 'ready', gen: cmd.gen, backend }, []);
      return;
    }
    const gen = cmd.gen;
    if (gen !== this.gen) return;
    const session = planSession(cmd.job);
    this.session = session;
    while (session.step < cmd.job.steps) {
      session.trainSteps(Math.min(CHUNK, cmd.job.steps - session.step));
      const diverged = await session.flush();
      if (gen !== this.gen || this.session !== session) return;
      if (diverged) throw new Error(`training diverged (${diverged})`);
      const h = session.lossHistory();
      this.opts.post({ type: 'progress', gen, step: session.step, loss: h[h.length - 1] }, []);
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (gen !== this.gen || this.session !== session) return;
    }
    const weights = await session.net.exportWeights();
    if (gen !== this.gen) return;
    this.opts.post({ type: 'weights', gen, step: session.step, weights }, [weights.data.buffer as ArrayBuffer]);
  }
}

/** The session: the train engine's defaults, the I-CFM path of width σ, batches of the plan's pairs. */
export function planSession(job: PlanTraining): TrainingSession {
  const { settings } = cleanSettings({ path: 'icfm', sigma: job.sigma, coupling: 'independent', seed: job.seed, batch: 256 });
  const rng = new Rng(job.seed * 977 + 5);
  const { rows, cols } = samplePlanPairs(job.plan, job.n, job.n, PAIRS, rng);
  const x0 = new Float64Array(2 * PAIRS);
  const x1 = new Float64Array(2 * PAIRS);
  for (let k = 0; k < PAIRS; k++) {
    x0.set(job.src.subarray(2 * rows[k], 2 * rows[k] + 2), 2 * k);
    x1.set(job.tgt.subarray(2 * cols[k], 2 * cols[k] + 2), 2 * k);
  }
  return new TrainingSession(settings, undefined, (s, r) => new PairedBatchMaker(s, r, { x0, x1 }));
}
