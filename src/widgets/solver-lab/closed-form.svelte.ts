/**
 * The closed-form field's computations as reactive page state: the reference solve, the reader's run
 * and the sweep of every solver, run in slices (sweep-runner.ts) so the page keeps its frame rate.
 * While a new field is being computed the previous results stay on screen, marked stale, until the
 * new sweep's first point replaces them; from then on each method's curve is drawn as it grows, so a
 * reader never looks at empty plots for the whole sweep. A change of solver or budget alone re-solves
 * only the reader's run. Leaving the screen cancels the work, and
 * coming back resumes it.
 */
import { ODE_METHOD_NAMES, type IntegrateResult, type OdeMethod } from '../../lib/core/index.ts';
import type { SweepJob, SweepPoint } from '../../lib/core/solver-sweep.ts';
import { runView, type ClosedFormLab, type RunView } from '../../lib/engine/solver-lab/setting.ts';
import { Cancelled, runSweepSliced, solveJob, solveReference, type SweepInput } from './sweep-runner.ts';

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
  private fieldKey = '';
  private jobKey = '';
  /** The reader's latest run settings: the run of a new field is solved with them once its reference is. */
  private job: SweepJob | null = null;
  /** Bumped by a new field (or leaving the screen): cancels its reference solve, run and sweep. */
  private token = 0;
  /** Bumped by a new solver or budget: cancels only the reader's run, never the sweep of the field. */
  private runToken = 0;
  private reference: IntegrateResult | null = null;
  private input: SweepInput | null = null;

  /** Brings the results up to date with `lab` (identified by `key`) and the reader's `job`. */
  update(key: string, lab: ClosedFormLab, job: SweepJob): void {
    const jobKey = JSON.stringify(job);
    this.job = job;
    if (key !== this.fieldKey) {
      this.fieldKey = key;
      this.jobKey = jobKey;
      void this.start(lab); // start() reports its own failures (onError)
    } else if (jobKey !== this.jobKey) {
      this.jobKey = jobKey;
      // While the field's reference is being solved, start() solves the run with this job afterwards.
      if (!this.reference || !this.input) return;
      const token = this.token;
      this.solveRun(this.input, this.reference, job, token).catch((err: unknown) => this.onError(err, token));
    }
  }

  /** Off-screen: stop unfinished work (the next update starts it afresh); finished results stay. */
  cancel(): void {
    if (!this.working) return;
    this.token++;
    this.fieldKey = '';
    this.working = '';
  }

  private async start(lab: ClosedFormLab): Promise<void> {
    const token = ++this.token;
    this.stale = true;
    this.curvesStale = true;
    this.failure = '';
    // The previous field's reference must not serve a change of solver meanwhile.
    this.reference = null;
    this.input = null;
    const input: SweepInput = { field: lab.field, starts: lab.starts, n: lab.n, t0: lab.t0, t1: lab.t1 };
    try {
      this.working = 'reference solve';
      const ref = await solveReference(input, () => token === this.token);
      if (token !== this.token) return;
      this.reference = ref;
      this.input = input;
      this.referenceNfe = ref.nfe;
      if (this.job) await this.solveRun(input, ref, this.job, token);
      await this.sweep(input, ref, token);
    } catch (err) {
      this.onError(err, token);
    }
  }

  /** The reader's run; a newer run (another solver or budget) or a new field supersedes it. */
  private async solveRun(input: SweepInput, ref: IntegrateResult, job: SweepJob, token: number): Promise<void> {
    const run = ++this.runToken;
    const live = () => token === this.token && run === this.runToken;
    try {
      const r = await solveJob(input, job, live);
      if (live()) this.run = runView(job, r, ref, input.n);
    } catch (err) {
      // Superseded by a newer run: not a failure of the field (its sweep goes on).
      if (err instanceof Cancelled && token === this.token) return;
      throw err;
    }
  }

  private async sweep(input: SweepInput, ref: IntegrateResult, token: number): Promise<void> {
    const clock = performance.now();
    const fresh: Partial<Record<OdeMethod, SweepPoint[]>> = {};
    let i = 0;
    this.working = `sweep 1/${ODE_METHOD_NAMES.length}`;
    await runSweepSliced(
      input,
      ref.x,
      ODE_METHOD_NAMES,
      () => token === this.token,
      (method, points) => {
        i = ODE_METHOD_NAMES.indexOf(method) + 1;
        this.working = `sweep ${i}/${ODE_METHOD_NAMES.length}`;
        fresh[method] = points;
        this.curves = { ...fresh };
        this.curvesStale = false;
        this.growing = method;
      },
    );
    if (token !== this.token) return;
    this.growing = null;
    this.stale = false;
    this.working = '';
    this.sweepMs = performance.now() - clock;
  }

  private onError(err: unknown, token: number): void {
    if (err instanceof Cancelled || token !== this.token) return;
    this.failure = `The computation failed: ${err instanceof Error ? err.message : String(err)}`;
    this.working = '';
  }
}
