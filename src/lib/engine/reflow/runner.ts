/**
 * The command loop of a reflow run, shared by the Web Worker and the main-thread fallback. Like the
 * train engine's SessionRunner it owns time: it trains in chunks that grow towards a time budget,
 * reads each chunk's losses with one awaited read, posts progress about every `progressMs`, and
 * yields to the event loop between chunks so pause and reset are handled promptly. When a round's
 * steps are done it measures the round and solves the next round's pairs (ReflowRounds), posts the
 * result, and goes on with the next round until all are done.
 */
import { chooseBackend, type BackendChoice } from '../../nn/backend.ts';
import { reflowTransferables, type ReflowCommand, type ReflowEvent } from './protocol.ts';
import { ReflowRounds } from './rounds.ts';
import { cleanReflowSettings, type ReflowSettings } from './settings.ts';

export interface ReflowRunnerOptions {
  where: 'worker' | 'main-thread';
  post: (ev: ReflowEvent, transfer: ArrayBuffer[]) => void;
  wasmPaths?: Record<string, string>;
  /** Upper bound on one chunk's duration (ms); the main-thread fallback keeps it under a frame. */
  maxChunkMs?: number;
  /** Minimum time between progress events while running (ms). */
  progressMs?: number;
}

/** Seconds the accurate solve and the pairs of a round take, as a share of its training (for the ETA). */
const SOLVE_SHARE = 0.15;

export class ReflowRunner {
  private readonly opts: ReflowRunnerOptions;
  private rounds: ReflowRounds | null = null;
  private backend: BackendChoice | null = null;
  private gen = -1;
  private running = false;
  private looping: Promise<void> | null = null;
  private chunkSteps = 1;
  private lastProgress = 0;
  private stepsPerSecond = 0;
  private phase: 'training' | 'solving' | 'done' = 'training';
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: ReflowRunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: ReflowCommand): void {
    this.queue = this.queue.then(() => this.run(cmd)).catch((err: unknown) => this.fail(err));
  }

  private emit(ev: ReflowEvent): void {
    this.opts.post(ev, reflowTransferables(ev));
  }

  private fail(err: unknown): void {
    this.running = false;
    this.emit({ type: 'error', gen: this.gen, message: err instanceof Error ? err.message : String(err) });
  }

  private async run(cmd: ReflowCommand): Promise<void> {
    switch (cmd.type) {
      case 'init':
        this.backend = await chooseBackend({
          force: cmd.force,
          remembered: cmd.remembered,
          wasmPaths: this.opts.wasmPaths,
          remember: () => {},
        });
        await this.rebuild(cmd.gen, cmd.settings);
        this.emit({ type: 'ready', gen: cmd.gen, backend: this.backend, parameters: this.rounds!.parameterCount, where: this.opts.where });
        this.progress();
        return;
      case 'reset':
        await this.rebuild(cmd.gen, cmd.settings);
        this.progress();
        return;
      case 'dispose':
        await this.stopLoop();
        this.rounds?.dispose();
        this.rounds = null;
        return;
    }
    if (cmd.gen !== this.gen || !this.rounds) return; // stale command from before a reset
    if (cmd.type === 'start') {
      await this.stopLoop();
      if (this.rounds.done || this.rounds.diverged) return this.progress();
      this.running = true;
      this.looping = this.loop().finally(() => {
        this.looping = null;
      });
    } else {
      await this.stopLoop();
      this.progress();
    }
  }

  private async stopLoop(): Promise<void> {
    this.running = false;
    if (this.looping) await this.looping;
  }

  private async rebuild(gen: number, raw: ReflowSettings): Promise<void> {
    this.gen = gen;
    await this.stopLoop();
    this.rounds?.dispose();
    this.rounds = new ReflowRounds(cleanReflowSettings(raw).settings);
    this.chunkSteps = 1;
    this.stepsPerSecond = 0;
    this.phase = 'training';
  }

  private progress(): void {
    const r = this.rounds;
    if (!r) return;
    this.lastProgress = performance.now();
    const s = r.settings;
    const left = (s.rounds - r.results.length) * s.steps - (r.done ? 0 : r.step);
    this.emit({
      type: 'progress',
      gen: this.gen,
      running: this.running,
      round: r.round,
      rounds: s.rounds,
      step: r.step,
      steps: s.steps,
      phase: r.done ? 'done' : this.phase,
      loss: r.recentLoss(),
      stepsPerSecond: this.stepsPerSecond,
      etaSeconds: this.stepsPerSecond > 0 ? (left / this.stepsPerSecond) * (1 + SOLVE_SHARE) : r.done ? 0 : null,
    });
  }

  private async loop(): Promise<void> {
    const maxChunkMs = this.opts.maxChunkMs ?? 200;
    const progressMs = this.opts.progressMs ?? 250;
    let rateSteps = 0,
      rateStart = performance.now();
    while (this.running && this.rounds && !this.rounds.done) {
      const gen = this.gen,
        rounds = this.rounds;
      const t0 = performance.now();
      const n = rounds.trainSteps(this.chunkSteps);
      const reason = await rounds.flush();
      if (gen !== this.gen || rounds !== this.rounds) continue;
      const dt = performance.now() - t0;
      this.chunkSteps = Math.max(1, Math.min(500, Math.floor(maxChunkMs / Math.max(dt / Math.max(n, 1), 1e-3))));
      rateSteps += n;
      const since = performance.now() - rateStart;
      if (since > 500 || this.stepsPerSecond === 0) {
        this.stepsPerSecond = (rateSteps / Math.max(since, 1)) * 1000;
        if (since > 500) {
          rateSteps = 0;
          rateStart = performance.now();
        }
      }
      if (reason) {
        this.running = false;
        this.emit({ type: 'diverged', gen, round: rounds.round, step: rounds.step, reason });
        this.progress();
        break;
      }
      if (rounds.roundTrained) {
        this.phase = 'solving';
        this.progress();
        await yieldToEvents();
        if (gen !== this.gen || rounds !== this.rounds) continue;
        const result = await rounds.finishRound();
        if (gen !== this.gen || rounds !== this.rounds) continue;
        this.phase = 'training';
        this.emit({ type: 'round', gen, result });
        if (rounds.done) this.running = false;
        this.progress();
        rateSteps = 0;
        rateStart = performance.now();
      } else if (performance.now() - this.lastProgress >= progressMs) this.progress();
      await yieldToEvents();
    }
  }
}

/** Lets queued messages run before the next chunk (a macrotask, not a microtask). */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
