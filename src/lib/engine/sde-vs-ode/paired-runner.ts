/**
 * The SDE vs ODE widget's closed-form engine loop (TF-free: in its own Web Worker, or on the page
 * when no worker starts). `simulate` advances a PairedSimulation unit by unit (STEP_CHUNK particles
 * of one cloud's step, or one energy distance of a checkpoint) and, every `sliceMs`, posts the
 * frames and checkpoints computed since the last post and lets pending messages in: a newer
 * simulation, a request for the figures at a frame, a pause. The numbers are PairedSimulation's.
 *
 * Why a worker: on the page the run took 766 ms of main-thread time at the default 500 particles and
 * 200 steps (in Node here; four times that on Lighthouse's phone), in units of up to 15–42 ms that
 * no slicing of the loop could shorten; and the figures at a time the reader scrubs to are three
 * O(n²) energy distances, a 50–270 ms task at 500 particles.
 */
import { PauseGate } from '../pause-gate.ts';
import { yieldToEvents } from '../yield.ts';
import { PairedSimulation, type Checkpoint, type PairedSpec } from './paired.ts';
import { pairedTransferables, type PairedCommand, type PairedEvent } from './paired-protocol.ts';

/**
 * In the worker, computing time between two posts: a frame reaches the page, and a new command is
 * read, this long plus the unit of work in progress (one chunk of a step, or one energy distance)
 * after the last post. The page's fallback uses the page's own slice.
 */
export const PAIRED_WORKER_SLICE_MS = 40;

interface PairedRunnerOptions {
  post: (ev: PairedEvent, transfer: ArrayBuffer[]) => void;
  sliceMs: number;
}

export class PairedRunner {
  private readonly opts: PairedRunnerOptions;
  /** The generation of the running simulation; -1 when none is live. */
  private gen = -1;
  private sim: PairedSimulation | null = null;
  /** Frames and checkpoints of `sim` already posted. */
  private postedFrames = 0;
  private postedCheckpoints = 0;
  /** Figures asked for frames not computed yet, answered as the run reaches them. */
  private wanted: number[] = [];
  private readonly gate = new PauseGate();

  constructor(opts: PairedRunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: PairedCommand): void {
    switch (cmd.type) {
      case 'init':
        this.emit({ type: 'ready' });
        return;
      case 'simulate':
        this.gen = cmd.gen;
        this.gate.release(); // a superseded run waiting while paused ends now
        this.run(cmd.gen, cmd.spec).catch((err: unknown) => this.fail(err, cmd.gen));
        return;
      case 'metrics':
        if (cmd.gen !== this.gen || !this.sim) return;
        if (cmd.step <= this.sim.done) this.answer(cmd.step);
        else this.wanted.push(cmd.step);
        return;
      case 'pause':
      case 'resume':
        this.gate.set(cmd.type === 'pause');
        return;
      case 'dispose':
        this.gen = -1;
        this.sim = null;
        this.gate.set(false);
        return;
    }
  }

  private emit(ev: PairedEvent): void {
    this.opts.post(ev, pairedTransferables(ev));
  }

  private fail(err: unknown, gen: number): void {
    if (gen !== this.gen) return;
    this.emit({ type: 'error', gen, message: err instanceof Error ? err.message : String(err) });
  }

  private answer(step: number): void {
    const sim = this.sim;
    if (!sim) return;
    const recorded = sim.checkpoints.find((c) => c.step === step);
    this.emit({ type: 'metrics', gen: this.gen, checkpoint: recorded ?? sim.metricsAt(step) });
  }

  private async run(gen: number, spec: PairedSpec): Promise<void> {
    // Constructed before the first yield: a `metrics` request right after `simulate` finds its run.
    // Cleared first: if the constructor throws, no request is answered from the previous run's data.
    this.sim = null;
    const sim = new PairedSimulation(spec);
    this.sim = sim;
    this.postedFrames = 0;
    this.postedCheckpoints = 0;
    this.wanted = [];
    const live = () => gen === this.gen;
    this.postProgress(gen);
    let since = performance.now();
    while (live() && !sim.finished) {
      sim.work();
      if (performance.now() - since < this.opts.sliceMs) continue;
      this.postProgress(gen);
      await yieldToEvents();
      await this.gate.wait(live);
      since = performance.now();
    }
    if (live()) this.postProgress(gen);
  }

  /** Posts what the run has computed since the last post, then answers requests it has now reached. */
  private postProgress(gen: number): void {
    const sim = this.sim;
    if (!sim) return;
    const first = this.postedFrames;
    const count = sim.ode.length;
    const newCheckpoints: Checkpoint[] = sim.checkpoints.slice(this.postedCheckpoints);
    if (count === first && newCheckpoints.length === 0 && !sim.finished) return;
    this.postedFrames = count;
    this.postedCheckpoints = sim.checkpoints.length;
    this.emit({
      type: 'frames',
      gen,
      first,
      // copies: the simulation keeps its frames (the figures at any frame are measured on them)
      ode: sim.ode.slice(first).map((f) => f.slice()),
      sde: sim.sde.slice(first).map((f) => f.slice()),
      checkpoints: newCheckpoints,
      finished: sim.finished,
    });
    const due = this.wanted.filter((k) => k <= sim.done);
    this.wanted = this.wanted.filter((k) => k > sim.done);
    for (const k of due) this.answer(k);
  }
}
