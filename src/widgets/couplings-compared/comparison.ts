/**
 * What the couplings widget shows of its engine's events (engine/couplings): each coupling's result
 * as its stages arrive (the last complete one stays until the new plan replaces it), W₂² of the
 * point sets, whether a run is going on and what failed, and how many plans were solved.
 *
 * It also keeps the generation of the last complete run whose every event arrived here, and names
 * it with each comparison: the engine reuses that run's plans for a change of k alone only then. A
 * run can finish in the worker just after the reader changed k; its last events are dropped here
 * as stale, and samples of the new k merged onto the panels would sit beside a C never received.
 */
import { COUPLING_NAMES } from '../../lib/core/index.ts';
import type { PartialCouplingResult } from '../../lib/engine/couplings/compare.ts';
import type { CouplingsEngine } from '../../lib/engine/couplings/client.ts';
import type { CompareSetting, CouplingsEvent } from '../../lib/engine/couplings/protocol.ts';

/** What the widget draws and says; a new object at every change (the widget keeps it as raw state). */
export interface ComparisonView {
  /** Each coupling's result: the last complete one stays until the new plan replaces it. */
  results: (PartialCouplingResult | null)[];
  w2sq: number | null;
  busy: boolean;
  /** The first failure of the current run (later ones follow from it), or the engine's. */
  failure: string;
  /** Plans solved so far (on the note as data-plan-runs: a change of k alone solves none). */
  planRuns: number;
}

export class Comparison {
  view: ComparisonView = { results: COUPLING_NAMES.map(() => null), w2sq: null, busy: false, failure: '', planRuns: 0 };
  /** The last complete full run without failures whose every event arrived here (-1: none). */
  private complete = -1;
  /** The generation whose run reported a failed coupling. */
  private failed = -1;
  private engine: CouplingsEngine | null = null;
  private readonly start: (onEvent: (ev: CouplingsEvent) => void) => CouplingsEngine;
  private readonly onChange: (view: ComparisonView) => void;

  /** `start` creates the engine (on the first comparison); `onChange` gets each new view. */
  constructor(start: (onEvent: (ev: CouplingsEvent) => void) => CouplingsEngine, onChange: (view: ComparisonView) => void) {
    this.start = start;
    this.onChange = onChange;
  }

  compare(setting: CompareSetting): void {
    this.set({ busy: true, failure: '' });
    this.engine ??= this.start((ev) => this.apply(ev));
    this.engine.compare(setting, this.complete);
  }

  /** An event of the current generation (the client has dropped stale ones). */
  apply(ev: CouplingsEvent): void {
    switch (ev.type) {
      case 'ready':
        return;
      case 'w2sq':
        this.set({ w2sq: ev.w2sq });
        return;
      case 'plan':
        // A new set of plans replaces what is on screen: no earlier run is whole here any more.
        this.complete = -1;
        this.set({ planRuns: this.view.planRuns + 1, results: this.view.results.with(ev.i, { ...ev.plan }) });
        return;
      case 'flow':
        this.merge(ev.i, ev.flow);
        return;
      case 'variance':
        this.merge(ev.i, ev.variance);
        return;
      case 'euler':
        this.merge(ev.i, ev.euler);
        return;
      case 'coupling-error':
        this.failed = ev.gen;
        if (!this.view.failure) this.set({ failure: ev.message });
        return;
      case 'done':
        this.set({ busy: false });
        if (!ev.reused && this.failed !== ev.gen) this.complete = ev.gen;
        return;
      case 'error':
        this.complete = -1;
        this.set({ failure: ev.message, busy: false });
        return;
    }
  }

  dispose(): void {
    this.engine?.dispose();
    this.engine = null;
  }

  private merge(i: number, part: Partial<PartialCouplingResult>): void {
    const r = this.view.results[i];
    if (r) this.set({ results: this.view.results.with(i, { ...r, ...part }) });
  }

  private set(patch: Partial<ComparisonView>): void {
    this.view = { ...this.view, ...patch };
    this.onChange(this.view);
  }
}
