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
import { chooseBackend, type BackendChoice } from '../../nn/backend.ts';
import { transferablesOf, type Command, type DrawnPoints, type SessionEvent } from './protocol.ts';
import { TrainingSession } from './session.ts';
import { cleanSettings, type TrainSettings } from './settings.ts';
import { BatchPool, batchStream, type BuilderPort } from './batch-pool.ts';

export interface RunnerOptions {
  where: 'worker' | 'main-thread';
  post: (ev: SessionEvent, transfer: ArrayBuffer[]) => void;
  wasmPaths?: Record<string, string>;
  /** Upper bound on one chunk's duration (ms); the main-thread fallback keeps it under a frame. */
  maxChunkMs?: number;
  /** Minimum time between snapshots while running (ms). */
  snapshotMs?: number;
  /** Starts the batch builders (workers); none: batches are built on this thread, the same ones. */
  builders?: () => BuilderPort[];
}

export class SessionRunner {
  private readonly opts: RunnerOptions;
  private session: TrainingSession | null = null;
  private gen = -1;
  private running = false;
  private looping: Promise<void> | null = null;
  private backend: BackendChoice | null = null;
  private pool: BatchPool | null = null;
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
        this.backend = await chooseBackend({
          force: cmd.force,
          remembered: cmd.remembered,
          wasmPaths: this.opts.wasmPaths,
          remember: () => {},
          // One XNNPACK thread, even where the page is cross-origin isolated. A training step is
          // dozens of small kernels (128 × 64) beside the batch builders, which need the cores too:
          // with 2 threads on 2 cores `npm run bench` (section 5, three runs) measured the full step
          // at ×0.51–0.78 of one thread (the network step alone ×0.62–1.22, too noisy to call),
          // while Euler sampling of 2000 points ran ×1.3–2.4 as fast. The trainer spends its time
          // training.
          wasmThreads: false,
        });
        this.pool ??= new BatchPool(this.startBuilders());
        await this.rebuild(cmd.gen, cmd.settings, cmd.drawn);
        this.emit({
          type: 'ready',
          gen: cmd.gen,
          backend: this.backend,
          parameters: this.session!.net.parameterCount,
          where: this.opts.where,
          builders: this.pool.size,
        });
        await this.postSnapshot();
        return;
      }
      case 'reset':
        await this.rebuild(cmd.gen, cmd.settings, cmd.drawn);
        await this.postSnapshot();
        return;
      case 'dispose':
        await this.stopLoop();
        this.session?.dispose();
        this.session = null;
        this.pool?.dispose();
        this.pool = null;
        return;
    }
    if (cmd.gen !== this.gen || !this.session) return; // stale command from before a reset
    switch (cmd.type) {
      case 'start':
        if (this.session.diverged) {
          this.emit({ type: 'diverged', gen: this.gen, step: this.session.step, reason: this.session.diverged });
          return;
        }
        await this.stopLoop(); // a loop that is still winding down finishes first
        this.running = true;
        this.rateStart = performance.now();
        this.rateSteps = 0;
        this.looping = this.loop().finally(() => {
          this.looping = null;
        });
        return;
      case 'pause':
        await this.stopLoop();
        await this.postSnapshot();
        return;
      case 'step': {
        if (this.session.diverged) return;
        const gen = this.gen;
        const t0 = performance.now();
        const n = Math.max(1, Math.min(1000, Math.round(cmd.n)));
        const session = this.session;
        await this.pool?.ready(n);
        if (gen !== this.gen || session !== this.session) return;
        session.trainSteps(n);
        const reason = await this.session.flush();
        if (gen !== this.gen) return;
        this.stepsPerSecond = n / ((performance.now() - t0) / 1000);
        if (reason) {
          this.emit({ type: 'diverged', gen, step: this.session.step, reason });
        }
        await this.postSnapshot();
        return;
      }
      case 'update': {
        const { settings } = cleanSettings(cmd.settings);
        this.session.setLive(settings);
        if (!this.running) await this.postSnapshot();
        return;
      }
      case 'sample':
        if (!this.running) await this.postSnapshot();
        return;
      case 'import':
        // the page checked the architecture; assigning while the loop runs would race, so stop it first
        await this.stopLoop();
        this.session.net.importWeights(cmd.weights);
        await this.postSnapshot();
        return;
      case 'export': {
        // reading variables while the loop assigns new values would race: pause around the read
        const wasRunning = this.running;
        await this.stopLoop();
        const weights = await this.session.net.exportWeights();
        this.emit({ type: 'weights', gen: this.gen, step: this.session.step, weights });
        if (wasRunning) {
          this.running = true;
          this.looping = this.loop().finally(() => {
            this.looping = null;
          });
        }
        return;
      }
    }
  }

  /** Stops continuous training and waits until the loop has left its current chunk or snapshot. */
  private async stopLoop(): Promise<void> {
    this.running = false;
    if (this.looping) await this.looping;
  }

  private async rebuild(gen: number, raw: TrainSettings, drawn?: DrawnPoints): Promise<void> {
    this.gen = gen; // from here on, anything the old loop computes is stale
    await this.stopLoop();
    this.session?.dispose();
    this.session = null;
    const { settings } = cleanSettings(raw);
    this.session = new TrainingSession(settings, drawn);
    if (this.pool) {
      this.pool.configure({ settings, drawn, stream: batchStream(settings.seed) });
      this.session.feed = this.pool;
    }
    this.chunkSteps = 1;
    this.stepsPerSecond = 0;
  }

  /** The batch builders; if they cannot start, batches are built on this thread (the same ones). */
  private startBuilders(): BuilderPort[] {
    try {
      return this.opts.builders?.() ?? [];
    } catch {
      return [];
    }
  }

  private async postSnapshot(): Promise<void> {
    const session = this.session,
      gen = this.gen;
    if (!session) return;
    this.lastSnapshot = performance.now();
    const snap = await session.snapshot(gen, this.running, this.stepsPerSecond, this.pool?.size ?? 0);
    if (gen === this.gen && session === this.session) this.emit(snap);
  }

  private async loop(): Promise<void> {
    const maxChunkMs = this.opts.maxChunkMs ?? 250;
    const snapshotMs = this.opts.snapshotMs ?? 250;
    while (this.running && this.session) {
      const gen = this.gen;
      const session = this.session;
      const want = session.settings.stepsPerFrame;
      const n = Math.max(1, Math.min(want, this.chunkSteps));
      const t0 = performance.now();
      await this.pool?.ready(n); // usually built already, by the workers, while the last chunk trained
      if (gen !== this.gen || session !== this.session) continue; // reset while we waited
      session.trainSteps(n);
      const reason = await session.flush();
      if (gen !== this.gen || session !== this.session) continue; // reset while we were training
      const dt = performance.now() - t0;
      // Grow the chunk towards stepsPerFrame while it stays within the time budget.
      const perStep = dt / n;
      this.chunkSteps = Math.max(1, Math.min(want, Math.floor(maxChunkMs / Math.max(perStep, 1e-3))));
      this.rateSteps += n;
      const since = performance.now() - this.rateStart;
      if (since > 500) {
        this.stepsPerSecond = (this.rateSteps / since) * 1000;
        this.rateSteps = 0;
        this.rateStart = performance.now();
      } else if (this.stepsPerSecond === 0) this.stepsPerSecond = (this.rateSteps / Math.max(since, 1)) * 1000;
      if (reason) {
        this.running = false;
        this.emit({ type: 'diverged', gen, step: session.step, reason });
        await this.postSnapshot();
        break;
      }
      await yieldToEvents();
      if (gen !== this.gen || session !== this.session || !this.running) continue;
      if (performance.now() - this.lastSnapshot >= snapshotMs) {
        await this.postSnapshot();
        await yieldToEvents();
      }
    }
  }
}

/** Lets queued messages run before the next chunk (a macrotask, not a microtask). */
function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
