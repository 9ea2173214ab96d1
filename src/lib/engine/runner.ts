/**
 * The command loop of a training session, shared by the Web Worker and the main-thread fallback.
 * It owns time: while running it trains `stepsPerFrame` steps per chunk, reads the chunk's losses
 * with one awaited read, posts a snapshot about every `snapshotMs`, and yields to the event loop
 * between chunks so commands (pause, reset, new settings) are handled promptly.
 *
 * Generations: every command carries the page's generation `gen`. A reset installs a new
 * generation; a chunk that was running when the reset arrived notices (it re-checks after every
 * await) and its results are dropped instead of being posted.
 */
import { chooseBackend, type BackendChoice } from '../nn/backend.ts';
import { tf } from '../nn/tf.ts';
import { transferablesOf, type Command, type DrawnPoints, type SessionEvent } from './protocol.ts';
import { TrainingSession } from './session.ts';
import { cleanSettings, type TrainSettings } from './settings.ts';

export interface RunnerOptions {
  where: 'worker' | 'main-thread';
  post: (ev: SessionEvent, transfer: ArrayBuffer[]) => void;
  wasmPaths?: Record<string, string>;
  /** Upper bound on one chunk's duration (ms); the main-thread fallback keeps it under a frame. */
  maxChunkMs?: number;
  /** Minimum time between snapshots while running (ms). */
  snapshotMs?: number;
}

export class SessionRunner {
  private readonly opts: RunnerOptions;
  private session: TrainingSession | null = null;
  private gen = -1;
  private running = false;
  private looping = false;
  private backend: BackendChoice | null = null;
  private chunkSteps = 1;
  private lastSnapshot = 0;
  private rateSteps = 0;
  private rateStart = 0;
  private stepsPerSecond = 0;
  /** Serialises commands that touch the session. */
  private queue: Promise<void> = Promise.resolve();

  constructor(opts: RunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: Command): void {
    this.queue = this.queue.then(() => this.run(cmd)).catch((err) => this.fail(err));
  }

  private emit(ev: SessionEvent): void {
    this.opts.post(ev, transferablesOf(ev));
  }

  private fail(err: unknown): void {
    this.running = false;
    this.emit({ type: 'error', gen: this.gen, message: err instanceof Error ? err.message : String(err) });
  }

  private async run(cmd: Command): Promise<void> {
    switch (cmd.type) {
      case 'init': {
        this.backend = await chooseBackend({ force: cmd.force, remembered: cmd.remembered, wasmPaths: this.opts.wasmPaths, remember: () => {} });
        this.rebuild(cmd.gen, cmd.settings, cmd.drawn);
        this.emit({ type: 'ready', gen: cmd.gen, backend: this.backend, parameters: this.session!.net.parameterCount, where: this.opts.where });
        this.postSnapshot();
        return;
      }
      case 'reset':
        this.rebuild(cmd.gen, cmd.settings, cmd.drawn);
        this.postSnapshot();
        return;
      case 'dispose':
        this.running = false;
        this.session?.dispose();
        this.session = null;
        return;
    }
    if (cmd.gen !== this.gen || !this.session) return; // stale command from before a reset
    switch (cmd.type) {
      case 'start':
        if (this.session.diverged) { this.emit({ type: 'diverged', gen: this.gen, step: this.session.step, reason: this.session.diverged }); return; }
        this.running = true;
        this.rateStart = performance.now();
        this.rateSteps = 0;
        void this.loop();
        return;
      case 'pause':
        this.running = false;
        this.postSnapshot();
        return;
      case 'step': {
        if (this.session.diverged) return;
        const gen = this.gen;
        const t0 = performance.now();
        const n = Math.max(1, Math.min(1000, Math.round(cmd.n)));
        this.session.trainSteps(n);
        const reason = await this.session.flush();
        if (gen !== this.gen) return;
        this.stepsPerSecond = n / ((performance.now() - t0) / 1000);
        if (reason) { this.emit({ type: 'diverged', gen, step: this.session.step, reason }); }
        this.postSnapshot();
        return;
      }
      case 'update': {
        const { settings } = cleanSettings(cmd.settings);
        this.session.setLive(settings);
        if (!this.running) this.postSnapshot();
        return;
      }
      case 'sample':
        this.postSnapshot();
        return;
      case 'export': {
        const weights = await this.session.net.exportWeights();
        this.emit({ type: 'weights', gen: this.gen, step: this.session.step, weights });
        return;
      }
    }
  }

  private rebuild(gen: number, raw: TrainSettings, drawn?: DrawnPoints): void {
    this.running = false;
    this.session?.dispose();
    this.session = null;
    this.gen = gen;
    const { settings } = cleanSettings(raw);
    this.session = new TrainingSession(settings, drawn);
    this.chunkSteps = 1;
    this.stepsPerSecond = 0;
  }

  private postSnapshot(): void {
    if (!this.session) return;
    this.lastSnapshot = performance.now();
    this.emit(this.session.snapshot(this.gen, this.running, this.stepsPerSecond));
  }

  /** Memory check used by tests: number of live tensors. */
  numTensors(): number { return tf.memory().numTensors; }

  private async loop(): Promise<void> {
    if (this.looping) return;
    this.looping = true;
    try {
      const maxChunkMs = this.opts.maxChunkMs ?? 250;
      const snapshotMs = this.opts.snapshotMs ?? 200;
      while (this.running && this.session) {
        const gen = this.gen;
        const session = this.session;
        const want = session.settings.stepsPerFrame;
        const n = Math.max(1, Math.min(want, this.chunkSteps));
        const t0 = performance.now();
        session.trainSteps(n);
        const reason = await session.flush();
        if (gen !== this.gen || session !== this.session) continue; // reset while we were training
        const dt = performance.now() - t0;
        // Grow the chunk towards stepsPerFrame while it stays within the time budget.
        const perStep = dt / n;
        this.chunkSteps = Math.max(1, Math.min(want, Math.floor(maxChunkMs / Math.max(perStep, 1e-3))));
        this.rateSteps += n;
        const since = performance.now() - this.rateStart;
        if (since > 500) { this.stepsPerSecond = (this.rateSteps / since) * 1000; this.rateSteps = 0; this.rateStart = performance.now(); }
        else if (this.stepsPerSecond === 0) this.stepsPerSecond = (this.rateSteps / Math.max(since, 1)) * 1000;
        if (reason) {
          this.running = false;
          this.emit({ type: 'diverged', gen, step: session.step, reason });
          this.postSnapshot();
          break;
        }
        await yieldToEvents();
        if (gen !== this.gen || session !== this.session || !this.running) continue;
        if (performance.now() - this.lastSnapshot >= snapshotMs) {
          this.postSnapshot();
          await yieldToEvents();
        }
      }
    } finally {
      this.looping = false;
    }
  }
}

/** Lets queued messages run before the next chunk (a macrotask, not a microtask). */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
