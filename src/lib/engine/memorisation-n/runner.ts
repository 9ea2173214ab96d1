/**
 * The command loop of a memorisation-vs-n sweep, shared by the Web Worker and the main-thread
 * fallback. `start` runs the sizes in order (runSize, sweep.ts), posting progress with an ETA after
 * every chunk and a result per size; `pause` holds the loop between two chunks (the network in
 * training is kept); `restart` drops the sweep (a size in training stops at its next chunk) and
 * installs new settings and a new generation; `dispose` ends it.
 *
 * ETA: the rate (steps/s) measured on the size in training times the steps left in the whole sweep.
 * Every size trains the same number of steps of the same network, so the rate hardly depends on n
 * (the evaluation, which grows with n, is not in the estimate).
 */
import { chooseBackend, type BackendChoice } from '../../nn/backend.ts';
import { makePlan, type SweepPlan } from './plan.ts';
import { memoTransferables, type MemoCommand, type MemoEvent } from './protocol.ts';
import { cleanMemoSettings, type MemoNSettings } from './settings.ts';
import { parameterCount, runSize } from './sweep.ts';

export interface MemoRunnerOptions {
  where: 'worker' | 'main-thread';
  post: (ev: MemoEvent, transfer: ArrayBuffer[]) => void;
  wasmPaths?: Record<string, string>;
  /** Upper bound on one training chunk (ms); the main-thread fallback keeps it under a frame. */
  maxChunkMs?: number;
}

export class MemoSweepRunner {
  private readonly opts: MemoRunnerOptions;
  private backend: BackendChoice | null = null;
  private gen = -1;
  private settings: MemoNSettings | null = null;
  private plan: SweepPlan | null = null;
  /** Next size to train. */
  private nextIndex = 0;
  private running = false;
  private looping: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: MemoRunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: MemoCommand): void {
    // Pause and restart must reach a sweep that is in the middle of a size: they act at once,
    // the rest is serialised.
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

  private emit(ev: MemoEvent): void {
    this.opts.post(ev, memoTransferables(ev));
  }

  private fail(err: unknown): void {
    this.running = false;
    this.emit({ type: 'error', gen: this.gen, message: err instanceof Error ? err.message : String(err) });
  }

  private install(gen: number, raw: MemoNSettings): void {
    this.gen = gen;
    this.settings = cleanMemoSettings(raw).settings;
    this.plan = makePlan(this.settings);
    this.nextIndex = 0;
  }

  private async run(cmd: MemoCommand): Promise<void> {
    switch (cmd.type) {
      case 'init': {
        this.gen = cmd.gen; // an error while choosing the backend is reported for this generation
        this.backend = await chooseBackend({
          force: cmd.force,
          remembered: cmd.remembered,
          wasmPaths: this.opts.wasmPaths,
          remember: () => {},
        });
        this.install(cmd.gen, cmd.settings);
        this.emit({
          type: 'ready',
          gen: cmd.gen,
          backend: this.backend,
          parameters: parameterCount(this.settings!, this.plan!),
          where: this.opts.where,
        });
        return;
      }
      case 'restart':
        await this.looping;
        this.install(cmd.gen, cmd.settings);
        return;
      case 'dispose':
        await this.looping;
        this.plan = null;
        return;
      case 'start':
        if (cmd.gen !== this.gen || !this.plan) return;
        this.running = true;
        if (this.wake) this.wake();
        else if (!this.looping) {
          this.looping = this.loop().finally(() => {
            this.looping = null;
          });
        }
        return;
      case 'pause':
        return;
    }
  }

  /** Resolves true once running again, false when the sweep was replaced or disposed. */
  private async gate(gen: number): Promise<boolean> {
    if (gen !== this.gen) return false;
    if (this.running) {
      await yieldToEvents();
      return gen === this.gen;
    }
    this.emit({ type: 'paused', gen });
    while (!this.running && gen === this.gen) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
    return gen === this.gen;
  }

  private async loop(): Promise<void> {
    const gen = this.gen;
    const s = this.settings!;
    const plan = this.plan!;
    const t0 = performance.now();
    while (this.nextIndex < plan.sizes.length) {
      const index = this.nextIndex;
      const n = plan.sizes[index];
      const sizesLeft = plan.sizes.length - index - 1;
      const result = await runSize(s, plan, index, {
        maxChunkMs: this.opts.maxChunkMs,
        gate: () => this.gate(gen),
        progress: (step, sps, loss) => {
          if (gen !== this.gen) return;
          const left = s.steps - step;
          this.emit({
            type: 'progress',
            gen,
            index,
            n,
            step,
            steps: s.steps,
            stepsPerSecond: sps,
            etaMs: (left / Math.max(sps, 1e-6)) * 1000,
            etaSweepMs: ((left + sizesLeft * s.steps) / Math.max(sps, 1e-6)) * 1000,
            loss,
          });
        },
      });
      if (!result || gen !== this.gen) return;
      this.emit({ type: 'result', gen, ...result });
      this.nextIndex = index + 1;
      await yieldToEvents();
    }
    if (gen === this.gen) {
      this.running = false;
      this.emit({ type: 'done', gen, totalMs: performance.now() - t0 });
    }
  }
}

/** Lets queued messages run before the next chunk (a macrotask, not a microtask). */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
