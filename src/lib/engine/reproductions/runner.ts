/**
 * The command loop of a reproduction session, shared by the Web Worker and the main-thread
 * fallback: `start` trains and evaluates the runs in order (runOne, run-one.ts — the function
 * `npm run experiment` calls in Node), posting progress with an ETA after every chunk and a result
 * per run; `pause` holds the loop between two chunks; `restart` drops the session (a run in training
 * stops at its next chunk) and installs new runs and a new generation; `dispose` ends it.
 */
import { chooseBackend, type BackendChoice } from '../../nn/backend.ts';
import { EtaModel } from './eta.ts';
import type { ReproCommand, ReproEvent } from './protocol.ts';
import type { RunSpec } from './protocols.ts';
import { runOne } from './run-one.ts';

export interface ReproRunnerOptions {
  where: 'worker' | 'main-thread';
  post: (ev: ReproEvent) => void;
  wasmPaths?: Record<string, string>;
  /** Upper bound on one training chunk (ms); the main-thread fallback keeps it under a frame. */
  maxChunkMs?: number;
}

export class ReproRunner {
  private readonly opts: ReproRunnerOptions;
  private backend: BackendChoice | null = null;
  private gen = -1;
  private runs: RunSpec[] = [];
  private nextIndex = 0;
  private eta = new EtaModel();
  private running = false;
  private looping: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: ReproRunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: ReproCommand): void {
    // Pause and restart must reach a run in the middle of training: they act at once, the rest is serialised.
    if (cmd.type === 'pause') {
      if (cmd.gen === this.gen) this.running = false;
      return;
    }
    if (cmd.type === 'restart' || cmd.type === 'dispose') {
      this.gen = cmd.type === 'restart' ? cmd.gen : -1;
      this.running = false;
      this.wake?.();
    }
    this.queue = this.queue.then(() => this.run(cmd)).catch((err: unknown) => this.fail(err));
  }

  private fail(err: unknown): void {
    this.running = false;
    this.opts.post({ type: 'error', gen: this.gen, message: err instanceof Error ? err.message : String(err) });
  }

  private install(gen: number, runs: RunSpec[]): void {
    this.gen = gen;
    this.runs = runs;
    this.nextIndex = 0;
    this.eta = new EtaModel();
  }

  private async run(cmd: ReproCommand): Promise<void> {
    switch (cmd.type) {
      case 'init':
        this.gen = cmd.gen;
        this.backend = await chooseBackend({
          force: cmd.force,
          remembered: cmd.remembered,
          wasmPaths: this.opts.wasmPaths,
          remember: () => {},
        });
        this.install(cmd.gen, cmd.runs);
        this.opts.post({ type: 'ready', gen: cmd.gen, backend: this.backend, where: this.opts.where });
        return;
      case 'restart':
        await this.looping;
        this.install(cmd.gen, cmd.runs);
        return;
      case 'start':
        if (cmd.gen !== this.gen || this.running) return;
        this.running = true;
        this.wake?.();
        this.looping ??= this.loop().finally(() => (this.looping = null));
        return;
      case 'dispose':
        await this.looping;
        return;
      default:
        return;
    }
  }

  /** Resolves true once running again, false when the session was replaced or disposed. */
  private async gate(gen: number): Promise<boolean> {
    if (gen !== this.gen) return false;
    if (this.running) {
      await yieldToEvents();
      return gen === this.gen;
    }
    this.opts.post({ type: 'paused', gen });
    while (!this.running && gen === this.gen) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    return gen === this.gen;
  }

  private async loop(): Promise<void> {
    const gen = this.gen;
    const runs = this.runs;
    const t0 = performance.now();
    while (this.nextIndex < runs.length) {
      const index = this.nextIndex;
      const result = await runOne(runs[index], {
        maxChunkMs: this.opts.maxChunkMs,
        gate: () => this.gate(gen),
        progress: (step, stepsPerSecond, loss) => {
          if (gen !== this.gen) return;
          const left = this.eta.remaining(runs, index, step, stepsPerSecond);
          this.opts.post({
            type: 'progress',
            gen,
            index,
            step,
            steps: runs[index].steps,
            stepsPerSecond,
            loss,
            etaRunMs: left.runMs,
            etaTotalMs: left.totalMs,
          });
        },
      });
      if (!result || gen !== this.gen) return;
      this.eta.record(result, result.trainMs, result.stepsRun);
      this.opts.post({ type: 'result', gen, index, result });
      this.nextIndex = index + 1;
      await yieldToEvents();
    }
    if (gen === this.gen) {
      this.running = false;
      this.opts.post({ type: 'done', gen, totalMs: performance.now() - t0 });
    }
  }
}

/** Lets queued messages run before the next chunk (a macrotask, not a microtask). */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
