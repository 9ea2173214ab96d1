/**
 * The command loop of the SDE vs ODE engine, shared by its Web Worker and the main-thread fallback:
 * choose the TF.js backend once, then for each run train the network (continuing the current one
 * when the seed is the same and more steps are asked for), sweep W₂ over g at the fixed NFE, and
 * compute the view's paths. A newer command supersedes a running one: every await re-checks the
 * latest generation, and stale work stops without posting.
 */
import { chooseBackend } from '../../nn/backend.ts';
import type { TrainingSession } from '../train/session.ts';
import type { Streams } from './experiment.ts';
import { DIM } from './experiment.ts';
import { transferablesOf, type RunRequest, type SdeCommand, type SdeEvent } from './protocol.ts';
import { createSession, sampleNetwork, sweepW2, train } from './trained.ts';
import { Rng } from '../../core/index.ts';

export interface SdeRunnerOptions {
  where: 'worker' | 'main-thread';
  post: (ev: SdeEvent, transfer: ArrayBuffer[]) => void;
  wasmPaths?: Record<string, string>;
}

class Superseded extends Error {}

export class SdeRunner {
  private readonly opts: SdeRunnerOptions;
  private queue: Promise<void> = Promise.resolve();
  private latest = 0;
  private current: { seed: number; session: TrainingSession; streams: Streams } | null = null;

  constructor(opts: SdeRunnerOptions) {
    this.opts = opts;
  }

  handle(cmd: SdeCommand): void {
    if (cmd.type === 'run' || cmd.type === 'paths') this.latest = Math.max(this.latest, cmd.gen);
    const gen = 'gen' in cmd ? cmd.gen : 0;
    this.queue = this.queue
      .then(() => this.run(cmd))
      .catch((err: unknown) => {
        if (err instanceof Superseded) return;
        this.emit({ type: 'error', gen, message: err instanceof Error ? err.message : String(err) });
      });
  }

  private emit(ev: SdeEvent): void {
    this.opts.post(ev, transferablesOf(ev));
  }

  /** Throws Superseded when a newer command has arrived (lets it run next). */
  private async check(gen: number): Promise<void> {
    await new Promise((r) => setTimeout(r, 0));
    if (gen !== this.latest) throw new Superseded();
  }

  private async run(cmd: SdeCommand): Promise<void> {
    switch (cmd.type) {
      case 'init': {
        const backend = await chooseBackend({
          force: cmd.force,
          remembered: cmd.remembered,
          wasmPaths: this.opts.wasmPaths,
          remember: () => {},
        });
        this.emit({ type: 'ready', backend, where: this.opts.where });
        return;
      }
      case 'dispose':
        this.current?.session.dispose();
        this.current = null;
        return;
      case 'run':
        return this.trainAndSweep(cmd.gen, cmd.request);
      case 'paths':
        if (cmd.gen !== this.latest || !this.current) return;
        return this.paths(cmd.gen, cmd.request);
    }
  }

  private async trainAndSweep(gen: number, req: RunRequest): Promise<void> {
    if (gen !== this.latest) return;
    if (!this.current || this.current.seed !== req.seed || this.current.session.step > req.trainSteps) {
      this.current?.session.dispose();
      this.current = { seed: req.seed, ...createSession(req.seed) };
    }
    const { session, streams } = this.current;
    const total = req.trainSteps;
    const reason = await train(session, total - session.step, async (_done, loss) => {
      this.emit({ type: 'progress', gen, step: session.step, total, loss });
      await this.check(gen);
    });
    if (reason) {
      this.emit({ type: 'diverged', gen, reason });
      return;
    }
    const clock = performance.now();
    const sweep = await sweepW2(session, streams, req.gs, req.nfe, req.shift, async (point) => {
      this.emit({ type: 'point', gen, point });
      await this.check(gen);
    });
    this.emit({
      type: 'sweep',
      gen,
      nfe: req.nfe,
      step: session.step,
      points: sweep.points,
      floor: sweep.floor,
      ms: performance.now() - clock,
    });
    await this.check(gen);
    await this.paths(gen, req);
  }

  private async paths(gen: number, req: RunRequest): Promise<void> {
    const session = this.current!.session;
    const n = req.starts.length / DIM;
    const noiseSeed = this.current!.streams.sweepSeed + 1;
    const ode = await sampleNetwork(session, req.starts, 0, req.nfe, new Rng(noiseSeed), true);
    await this.check(gen);
    const sde = await sampleNetwork(session, req.starts, req.g, req.nfe, new Rng(noiseSeed), true);
    await this.check(gen);
    const flat = (frames: Float64Array[]) => {
      const out = new Float32Array(frames.length * n * DIM);
      frames.forEach((f, k) => out.set(f, k * n * DIM));
      return out;
    };
    this.emit({
      type: 'paths',
      gen,
      g: req.g,
      nfe: req.nfe,
      n,
      frames: ode.trajectory!.length,
      ode: flat(ode.trajectory!),
      sde: flat(sde.trajectory!),
    });
  }
}
