/**
 * The page's side of the charts' worker: at most one request in flight, and while it is drawn only
 * the newest of the requests that arrive is kept (a drag of θ sends many; those superseded before
 * they were sent are never drawn). If the worker cannot start, or fails, `onFail` says why once and every later request
 * is refused, so the widget draws on the page instead.
 */
import type { ChartsReply, ChartsRequest } from './plots-protocol.ts';

export type ChartsData = Omit<ChartsRequest, 'id'>;

export interface ChartsClientOptions {
  /** The three charts' markup for the newest request drawn. */
  onCharts: (html: string[]) => void;
  /** The worker is unusable (could not start, crashed, or could not draw): why. */
  onFail: (why: string) => void;
  /** `new Worker(…)`; a throw means no worker. */
  createWorker: () => Worker;
}

export class ChartsClient {
  private worker: Worker | null = null;
  private failed = false;
  private inFlight = 0;
  private pending: ChartsData | null = null;
  private nextId = 1;
  private readonly opts: ChartsClientOptions;

  constructor(opts: ChartsClientOptions) {
    this.opts = opts;
  }

  /** Draw these charts (replacing any request not yet sent). False once the worker has failed. */
  request(data: ChartsData): boolean {
    if (this.failed) return false;
    this.pending = data;
    this.pump();
    return !this.failed;
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = null;
    this.pending = null;
    this.failed = true;
  }

  private pump(): void {
    if (this.inFlight || !this.pending || this.failed) return;
    const worker = this.start();
    if (!worker) return;
    const id = this.nextId++;
    this.inFlight = id;
    const data = this.pending;
    this.pending = null;
    worker.postMessage({ ...data, id } satisfies ChartsRequest);
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const w = this.opts.createWorker();
      w.onmessage = (e: MessageEvent<ChartsReply>) => this.receive(e.data);
      w.onerror = (e: ErrorEvent) => {
        e.preventDefault?.();
        this.fail(`the charts' worker stopped (${e.message || 'no message'})`);
      };
      // A reply that cannot be read would leave its request in flight for good: the charts would stop.
      w.onmessageerror = () => this.fail(`a reply of the charts' worker could not be read`);
      this.worker = w;
      return w;
    } catch (err) {
      this.fail(`no worker for the charts (${err instanceof Error ? err.message : String(err)})`);
      return null;
    }
  }

  private receive(r: ChartsReply): void {
    if (r.id !== this.inFlight || this.failed) return;
    this.inFlight = 0;
    if ('error' in r) {
      this.fail(`the charts' worker could not draw them (${r.error})`);
      return;
    }
    // Shown even when a newer request waits (a drag shows intermediate frames, not a frozen chart).
    this.opts.onCharts(r.html);
    this.pump();
  }

  private fail(why: string): void {
    if (this.failed) return;
    this.failed = true;
    this.worker?.terminate();
    this.worker = null;
    this.pending = null;
    this.opts.onFail(why);
  }
}
