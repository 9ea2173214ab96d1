/**
 * A stand-in for a page-side `Worker` in Node tests: it records what the page posts, and the test
 * answers with `emit` (delivered to `onmessage`) or fails it through `onerror`.
 */
export class FakeWorker<In, Out> {
  posted: In[] = [];
  /** The transfer list of each post (empty when none). */
  transfers: Transferable[][] = [];
  terminated = false;
  onmessage: ((e: MessageEvent<Out>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: ((e: MessageEvent) => void) | null = null;
  postMessage(m: In, transfer: Transferable[] = []) {
    this.posted.push(m);
    this.transfers.push(transfer);
  }
  terminate() {
    this.terminated = true;
  }
  emit(ev: Out) {
    this.onmessage?.({ data: ev } as MessageEvent<Out>);
  }
}
