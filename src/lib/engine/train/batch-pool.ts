/**
 * Batch construction off the training thread: a pool of builders (Web Workers in the browser,
 * worker_threads in Node) that sample, couple and build CFM batches while the network trains.
 *
 * Reproducibility does not depend on the pool: batch k of a session is built by a BatchMaker seeded
 * with its own seed (the session's batch stream and k), so which builder makes it, in which order,
 * and how many builders there are changes nothing. Batches are consumed strictly in index order;
 * builder i makes batches i, i + P, i + 2P, … With no builders the same batches are built on the
 * training thread — also when a builder is lost or fails to build a batch: the pool then stops its
 * builders and builds the rest itself, the same batches, so a failure surfaces where it did before.
 *
 * Generations: `configure()` (a reset, new settings) starts a new generation; replies from older
 * generations are dropped, and a `ready()` still waiting for them resolves at once.
 */
import { Rng } from '../../core/index.ts';
import { BatchMaker, type Batch } from './batch.ts';
import type { DrawnPoints } from './protocol.ts';
import type { TrainSettings } from './settings.ts';

const TWO_POW_32 = 4294967296;

/** The batch stream of a session seeded with `seed` (a 32-bit number of its own). */
export function batchStream(seed: number): number {
  return new Rng(seed + 0x5eed).nextUint32();
}

/** Seed of batch k of a stream: distinct for distinct k (the Rng mixes both halves). */
function batchSeed(stream: number, k: number): number {
  return stream + k * TWO_POW_32;
}

export interface BuilderConfig {
  settings: TrainSettings;
  drawn?: DrawnPoints;
  stream: number;
}

/** Batch k of a configuration, wherever it is built. */
function buildBatch(config: BuilderConfig, k: number): Batch {
  return new BatchMaker(config.settings, new Rng(batchSeed(config.stream, k)), config.drawn).next();
}

export type BuilderRequest = { type: 'config'; gen: number; config: BuilderConfig } | { type: 'build'; gen: number; k: number };
export type BuilderReply =
  | { type: 'batch'; gen: number; k: number; batch: Batch }
  | { type: 'error'; gen: number; k: number; message: string }
  /** The builder itself failed (its script did not load, it crashed): the pool builds locally. */
  | { type: 'lost'; message: string };

/** A builder's whole job (the body of the worker): remember the configuration, build what is asked. */
export class BuilderState {
  private config: BuilderConfig | null = null;
  private gen = -1;

  handle(msg: BuilderRequest): BuilderReply | null {
    if (msg.type === 'config') {
      this.config = msg.config;
      this.gen = msg.gen;
      return null;
    }
    if (msg.gen !== this.gen || !this.config) return null; // a request from before a reset
    try {
      return { type: 'batch', gen: msg.gen, k: msg.k, batch: buildBatch(this.config, msg.k) };
    } catch (err) {
      return { type: 'error', gen: msg.gen, k: msg.k, message: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** The buffers of a reply that can be transferred rather than copied. */
export function replyTransferables(r: BuilderReply): ArrayBuffer[] {
  return r.type === 'batch' ? ([r.batch.xt.buffer, r.batch.t.buffer, r.batch.ut.buffer] as ArrayBuffer[]) : [];
}

/** One builder as the pool sees it: post requests, get replies. */
export interface BuilderPort {
  post(msg: BuilderRequest): void;
  onReply(handler: (r: BuilderReply) => void): void;
  terminate(): void;
}

/** How many builders to start for a device with `cores` logical cores: the others, 1 to 4. */
export function poolSizeFor(cores: number | undefined): number {
  const c = Number.isFinite(cores) && cores ? Math.floor(cores) : 1;
  return Math.max(0, Math.min(4, c - 1));
}

export class BatchPool {
  private ports: BuilderPort[];
  private config: BuilderConfig | null = null;
  private gen = 0;
  /** Next batch index to hand out, and next to request. */
  private nextTake = 0;
  private nextRequest = 0;
  private readonly done = new Map<number, Batch>();
  private waiter: { until: number; gen: number; resolve: () => void } | null = null;

  constructor(ports: BuilderPort[]) {
    this.ports = ports;
    ports.forEach((p) => p.onReply((r) => this.receive(r)));
  }

  /** Number of builders (0: batches are built on this thread). */
  get size(): number {
    return this.ports.length;
  }

  /** Index of the next batch `take()` returns. */
  get position(): number {
    return this.nextTake;
  }

  /** A new session: new settings, data and stream; batches count from 0 again. */
  configure(config: BuilderConfig): void {
    this.gen++;
    this.config = config;
    this.nextTake = 0;
    this.nextRequest = 0;
    this.done.clear();
    this.waiter?.resolve();
    this.waiter = null;
    for (const p of this.ports) p.post({ type: 'config', gen: this.gen, config });
  }

  /** Resolves when the next `n` batches are built (and asks for the ones after them meanwhile). */
  ready(n: number): Promise<void> {
    if (!this.config) return Promise.reject(new Error('BatchPool: configure() first'));
    if (this.size === 0) return Promise.resolve(); // built in take()
    const until = this.nextTake + n;
    // Keep the builders busy with the chunk after this one while this one trains.
    this.request(until + Math.max(n, 2 * this.size));
    if (this.haveUpTo(until)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiter = { until, gen: this.gen, resolve };
    });
  }

  /** The next batch (after `ready()` said so; with no builders it is built here and now). */
  take(): Batch {
    if (!this.config) throw new Error('BatchPool: configure() first');
    const k = this.nextTake++;
    const b = this.done.get(k);
    if (b) {
      this.done.delete(k);
      return b;
    }
    if (this.size === 0) return buildBatch(this.config, k);
    throw new Error(`BatchPool: batch ${k} is not ready (await ready() first)`);
  }

  dispose(): void {
    this.waiter?.resolve();
    this.waiter = null;
    for (const p of this.ports) p.terminate();
  }

  private haveUpTo(until: number): boolean {
    for (let k = this.nextTake; k < until; k++) if (!this.done.has(k)) return false;
    return true;
  }

  private request(until: number): void {
    for (; this.nextRequest < until; this.nextRequest++) {
      const k = this.nextRequest;
      this.ports[k % this.size].post({ type: 'build', gen: this.gen, k });
    }
  }

  /** A builder is gone: stop them all and build here from now on (the same batches, by index). */
  private lose(): void {
    for (const p of this.ports) p.terminate();
    this.ports = [];
    const w = this.waiter;
    this.waiter = null;
    w?.resolve();
  }

  private receive(r: BuilderReply): void {
    if (r.type === 'lost') {
      this.lose();
      return;
    }
    if (r.gen !== this.gen) return;
    if (r.type === 'error') {
      // Build here instead: the same batch is then built (and fails, if it must) where it did before the pool.
      this.lose();
      return;
    }
    this.done.set(r.k, r.batch);
    const w = this.waiter;
    if (w && w.gen === this.gen && this.haveUpTo(w.until)) {
      this.waiter = null;
      w.resolve();
    }
  }
}
