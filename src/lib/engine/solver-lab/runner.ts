/**
 * The solver lab's engine loop (Web Worker or main-thread fallback; imports TF.js). `train` trains
 * the three fields of fields.ts one after the other — I-CFM and OT-CFM with the train engine's
 * TrainingSession, 2-RF with the reflow engine's ReflowRounds (round 1, then round 2 on the pairs
 * (x₀, ψ₁(x₀)) of round 1) — and sweeps each network as soon as it is trained, with the core's sweep
 * protocol (core/solver-sweep.ts): fixed-step runs through generateNetwork (on the SIMD kernels under the
 * core's solvers on a CPU backend, on the device elsewhere), adaptive Dopri5 and the reference through
 * the core's integrateAsync on withNetworkField's field. `run` solves one field with the reader's solver and budget.
 */
import { Rng, integrateAsync, sampleDataset, w2Exact, FIXED_STEP_METHODS, type IntegrateResult, type OdeMethod } from '../../core/index.ts';
import { auctionScan } from '../../simd/auction-scan.ts';
import { jobOptions, measureRun, referenceOptions, sweepJobs, type SweepJob, type SweepPoint } from '../../core/solver-sweep.ts';
import { chooseBackend } from '../../nn/backend.ts';
import { VelocityMlp } from '../../nn/mlp.ts';
import { TrainingSession } from '../train/session.ts';
import { generateNetwork, withNetworkField } from '../train/sampling.ts';
import { ReflowRounds } from '../reflow/rounds.ts';
import { cleanReflowSettings } from '../reflow/settings.ts';
import {
  DATA_SEED_OFFSET,
  NETWORK_NFE,
  NETWORK_REFERENCE_TOL,
  NETWORK_TOLERANCES,
  TRAINED_FIELDS,
  trainSettingsFor,
  type TrainedField,
  type TrainSpec,
} from './fields.ts';
import { PauseGate } from '../pause-gate.ts';
import { yieldToEvents } from '../yield.ts';
import { labTransferables, type LabCommand, type LabEvent } from './protocol.ts';
import { budgetJob, DIM, DRAWN_TRAJECTORIES, labDraws, runView } from './setting.ts';

/** Training steps per chunk between read-backs and progress events. */
const CHUNK = 50;

interface Trained {
  net: VelocityMlp;
  dispose: () => void;
  reference: IntegrateResult;
}

interface LabRunnerOptions {
  where: 'worker' | 'main-thread';
  post: (ev: LabEvent, transfer: ArrayBuffer[]) => void;
  wasmPaths?: Record<string, string>;
}

export class LabRunner {
  private readonly opts: LabRunnerOptions;
  private gen = -1;
  private trained = new Map<TrainedField, Trained>();
  private starts: Float64Array = new Float64Array(0);
  private queue: Promise<void> = Promise.resolve();
  private readonly gate = new PauseGate();

  constructor(opts: LabRunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: LabCommand): void {
    // A new training run makes the running one stale at once (it re-checks `gen` between chunks).
    if (cmd.type === 'train' || cmd.type === 'init') this.gen = cmd.gen;
    if (cmd.type === 'dispose') {
      // Whatever is training stops at its next check; the queue then frees every network.
      this.gen = -2;
      this.gate.set(false);
    }
    if (cmd.type === 'pause' || cmd.type === 'resume') {
      this.gate.set(cmd.type === 'pause');
      return;
    }
    // A run of a field that is already trained does not wait for the others' training.
    if (cmd.type === 'run') {
      this.run(cmd).catch((err: unknown) => this.fail(err));
      return;
    }
    this.queue = this.queue.then(() => this.run(cmd)).catch((err: unknown) => this.fail(err));
  }

  private fail(err: unknown): void {
    this.emit({ type: 'error', gen: this.gen, message: err instanceof Error ? err.message : String(err) });
  }

  private emit(ev: LabEvent): void {
    this.opts.post(ev, labTransferables(ev));
  }

  private async run(cmd: LabCommand): Promise<void> {
    switch (cmd.type) {
      case 'init': {
        const backend = await chooseBackend({
          force: cmd.force,
          remembered: cmd.remembered,
          wasmPaths: this.opts.wasmPaths,
          remember: () => {},
        });
        this.emit({ type: 'ready', gen: cmd.gen, backend, where: this.opts.where });
        return;
      }
      case 'train':
        if (cmd.gen === this.gen) await this.train(cmd.gen, cmd.spec);
        return;
      case 'run': {
        const t = this.trained.get(cmd.field);
        if (!t || cmd.gen !== this.gen) return;
        const job = budgetJob(cmd.method, cmd.steps, cmd.tolLog);
        const r = await this.solve(t.net, job, true);
        if (cmd.gen === this.gen)
          this.emit({ type: 'run', gen: cmd.gen, field: cmd.field, view: runView(job, r, t.reference, this.starts.length / DIM) });
        return;
      }
      case 'dispose':
        this.clear();
        return;
    }
  }

  private clear(): void {
    for (const t of this.trained.values()) t.dispose();
    this.trained.clear();
  }

  private live(gen: number): boolean {
    return gen === this.gen;
  }

  private async train(gen: number, spec: TrainSpec): Promise<void> {
    this.clear();
    this.starts = labDraws(spec.target, 1, spec.starts, spec.seed).starts;
    for (const field of TRAINED_FIELDS) {
      const got = field === 'rf2' ? await this.trainReflow(gen, spec) : await this.trainSession(gen, field, spec);
      if (!got || !this.live(gen)) {
        got?.dispose();
        return;
      }
      this.emit({ type: 'progress', gen, field, step: spec.trainSteps, total: spec.trainSteps, loss: null, phase: 'sweeping' });
      await this.sweep(gen, field, got, spec);
    }
  }

  private async trainSession(gen: number, field: TrainedField, spec: TrainSpec): Promise<{ net: VelocityMlp; dispose: () => void } | null> {
    const session = new TrainingSession(trainSettingsFor(field, spec));
    while (session.step < spec.trainSteps) {
      session.trainSteps(Math.min(CHUNK, spec.trainSteps - session.step));
      const reason = await session.flush();
      if (reason) throw new Error(`${field} diverged: ${reason}`);
      if (!this.live(gen)) {
        session.dispose();
        return null;
      }
      const h = session.lossHistory();
      this.emit({
        type: 'progress',
        gen,
        field,
        step: session.step,
        total: spec.trainSteps,
        loss: h[h.length - 1] ?? null,
        phase: 'training',
      });
      await this.breathe();
    }
    return { net: session.net, dispose: () => session.dispose() };
  }

  /** 2-RF: two rounds of the reflow engine; the second round's network, rebuilt from its weights. */
  private async trainReflow(gen: number, spec: TrainSpec): Promise<{ net: VelocityMlp; dispose: () => void } | null> {
    const { settings } = cleanReflowSettings({
      target: spec.target,
      rounds: 2,
      steps: spec.trainSteps,
      seed: spec.seed,
      width: spec.width ?? 64,
      depth: spec.depth ?? 3,
      batch: spec.batch ?? 256,
    });
    const rounds = new ReflowRounds(settings);
    try {
      while (!rounds.done) {
        rounds.trainSteps(CHUNK);
        const reason = await rounds.flush();
        if (reason) throw new Error(`2-RF diverged: ${reason}`);
        if (!this.live(gen)) return null;
        const step = (rounds.round - 1) * spec.trainSteps + rounds.step;
        this.emit({ type: 'progress', gen, field: 'rf2', step, total: 2 * spec.trainSteps, loss: rounds.recentLoss(), phase: 'training' });
        if (rounds.roundTrained) await rounds.finishRound();
        await this.breathe();
      }
    } finally {
      rounds.dispose();
    }
    const weights = rounds.results[1].weights;
    const net = new VelocityMlp(weights.config, () => 0.5);
    net.importWeights(weights);
    return { net, dispose: () => net.dispose() };
  }

  /** One solve of the network: fixed steps through generateNetwork, adaptive ones through the core. */
  private solve(net: VelocityMlp, job: SweepJob, trajectory: boolean): Promise<IntegrateResult> {
    if (job.tol === undefined && job.method !== 'dopri5') {
      return generateNetwork(net, DIM, this.starts, { method: job.method, steps: job.steps, trajectory, keep: DRAWN_TRAJECTORIES });
    }
    return withNetworkField(net, DIM, (field) => integrateAsync(field, this.starts, jobOptions(job, 0, 1, trajectory)));
  }

  private async sweep(gen: number, field: TrainedField, got: { net: VelocityMlp; dispose: () => void }, spec: TrainSpec): Promise<void> {
    const clock = performance.now();
    const n = this.starts.length / DIM;
    const reference = await withNetworkField(got.net, DIM, (field) =>
      integrateAsync(field, this.starts, referenceOptions(0, 1, true, NETWORK_REFERENCE_TOL)),
    );
    this.trained.set(field, { ...got, reference });
    const curves = {} as Record<OdeMethod, SweepPoint[]>;
    for (const method of [...FIXED_STEP_METHODS, 'dopri5'] as OdeMethod[]) {
      curves[method] = [];
      for (const job of sweepJobs(method, spec.sweepNfe ?? NETWORK_NFE, spec.tolerances ?? NETWORK_TOLERANCES)) {
        const r = await this.solve(got.net, job, false);
        if (!this.live(gen)) return;
        curves[method].push(measureRun(job, r.x, r.nfe, reference.x, n, DIM, auctionScan));
      }
      await this.breathe();
    }
    const data = sampleDataset(spec.target, n, new Rng(spec.seed + DATA_SEED_OFFSET));
    const w2Data = w2Exact(reference.x, data, n, DIM, auctionScan);
    this.emit({ type: 'sweep', gen, field, curves, referenceNfe: reference.nfe, w2Data, ms: performance.now() - clock });
  }

  /** Lets messages in, then waits while paused (off-screen). */
  private async breathe(): Promise<void> {
    await yieldToEvents();
    await this.gate.wait();
  }
}
