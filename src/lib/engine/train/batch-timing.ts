/**
 * The batch constructor with a stopwatch: the same three phases as BatchMaker.next() (sample, pair,
 * build), each timed, so the experiment runner and the benchmarks can say where batch construction
 * time goes. Kept out of batch.ts, which chapter 4 shows to readers verbatim.
 */
import { BatchMaker, type Batch } from './batch.ts';

/** Wall time spent building batches, split by phase (milliseconds, summed over all batches). */
export interface BatchTiming {
  batches: number;
  sampleMs: number;
  couplingMs: number;
  pathMs: number;
}

export class TimedBatchMaker extends BatchMaker {
  readonly timing: BatchTiming = { batches: 0, sampleMs: 0, couplingMs: 0, pathMs: 0 };

  override next(): Batch {
    const clock0 = performance.now();
    const [x0, x1] = this.sample();
    const clock1 = performance.now();
    const paired = this.pair(x0, x1);
    const clock2 = performance.now();
    const batch = this.build(paired.x0, paired.x1);
    const clock3 = performance.now();
    const tm = this.timing;
    tm.batches++;
    tm.sampleMs += clock1 - clock0;
    tm.couplingMs += clock2 - clock1;
    tm.pathMs += clock3 - clock2;
    return batch;
  }
}
