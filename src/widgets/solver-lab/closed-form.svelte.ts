/**
 * The closed-form field's computations as reactive page state. The reference solve, the reader's
 * run and the sweep of every solver run in the closed-form engine (a Web Worker, or the page in
 * slices when no worker starts: engine/solver-lab/closed-form-client.ts), so the page keeps its
 * frame rate. While a new field is being computed the previous results stay on screen, marked
 * stale, until the new sweep's first point replaces them; from then on the curves are drawn as they
 * grow (up to ten updates a second), so a reader never looks at empty plots for the whole sweep. A
 * change of solver or budget alone re-solves only the reader's run. Leaving the screen cancels the
 * work, and coming back resumes it.
 */
import { ODE_METHOD_NAMES, type OdeMethod } from '../../lib/core/index.ts';
import type { SweepJob, SweepPoint } from '../../lib/core/solver-sweep.ts';
import { createClosedFormEngine, jobKey, type ClosedFormEngine } from '../../lib/engine/solver-lab/closed-form-client.ts';
import type { ClosedFormEvent } from '../../lib/engine/solver-lab/closed-form-protocol.ts';
import type { ClosedFormSpec, RunView } from '../../lib/engine/solver-lab/setting.ts';
import { SLICE_MS } from '../shared/task-chain.ts';

export class ClosedFormState {
  curves: Partial<Record<OdeMethod, SweepPoint[]>> = $state.raw({});
  run: RunView | null = $state.raw(null);
  referenceNfe = $state(0);
  /** The results are not complete for the current field (new ones are being computed). */
  stale = $state(true);
  /** The curves on screen belong to an older field (the new sweep has no point yet). */
  curvesStale = $state(true);
  /** The solver whose curve the sweep is drawing now (null when no sweep runs). */
  growing: OdeMethod | null = $state(null);
  /** What is being computed now ('' when idle). */
  working = $state('');
  sweepMs = $state(0);
  failure = $state('');
  private engine: ClosedFormEngine | null = null;
  /** `?worker=0`: compute on the page (read when the engine starts: the page's address then). */
  private readonly noWorker: () => boolean;
  private fieldKey = '';
  private jobKey = '';

  constructor(noWorker: () => boolean) {
    this.noWorker = noWorker;
  }

  /** Brings the results up to date with the field `spec` (identified by `key`) and the reader's `job`. */
  update(key: string, spec: ClosedFormSpec, job: SweepJob): void {
    const engine = (this.engine ??= createClosedFormEngine({
      noWorker: this.noWorker(),
      pageSliceMs: SLICE_MS,
      onEvent: (ev) => this.onEvent(ev),
    }));
    const key2 = jobKey(job);
    if (key !== this.fieldKey) {
      this.fieldKey = key;
      this.jobKey = key2;
      this.stale = true;
      this.curvesStale = true;
      this.failure = '';
      this.working = 'reference solve';
      engine.field(spec, job);
    } else if (key2 !== this.jobKey) {
      this.jobKey = key2;
      engine.job(job);
    }
  }

  /** Off-screen: stop unfinished work (the next update starts it afresh); finished results stay. */
  cancel(): void {
    if (!this.working) return;
    this.engine?.cancel();
    this.fieldKey = '';
    this.working = '';
  }

  dispose(): void {
    this.engine?.dispose();
    this.engine = null;
  }

  private onEvent(ev: ClosedFormEvent): void {
    switch (ev.type) {
      case 'ready':
        return;
      case 'reference':
        this.referenceNfe = ev.nfe;
        this.working = `sweep 1/${ODE_METHOD_NAMES.length}`;
        return;
      case 'run':
        if (ev.jobKey === this.jobKey) this.run = ev.view;
        return;
      case 'sweep': {
        const i = ODE_METHOD_NAMES.indexOf(ev.growing) + 1;
        this.working = `sweep ${i}/${ODE_METHOD_NAMES.length}`;
        this.curves = ev.curves;
        this.curvesStale = false;
        this.growing = ev.growing;
        return;
      }
      case 'done':
        this.growing = null;
        this.stale = false;
        this.working = '';
        this.sweepMs = ev.ms;
        return;
      case 'error':
        this.failure = `The computation failed: ${ev.message}`;
        this.working = '';
        this.growing = null;
        // The next update computes the field again, with all its bookkeeping (stale results, what
        // is being computed): after a crash the engine that had the field is gone.
        this.fieldKey = '';
        return;
    }
  }
}
