/**
 * The trained fields of the solver lab as reactive page state: the engine (loaded with `await
 * import()` when the reader presses Train, so TF.js never reaches the island's static graph), its
 * progress, and the sweeps and runs it reports per field. The spec a result was computed for is
 * kept, so the widget can show old results as stale while the reader's new settings wait for Train.
 */
import type { OdeMethod } from '../../lib/core/index.ts';
import type { SweepPoint } from '../../lib/core/solver-sweep.ts';
import type { TrainedField, TrainSpec } from '../../lib/engine/solver-lab/fields.ts';
import type { LabEngine } from '../../lib/engine/solver-lab/client.ts';
import type { LabEvent } from '../../lib/engine/solver-lab/protocol.ts';
import type { RunView } from '../../lib/engine/solver-lab/setting.ts';

interface TrainedSweep {
  curves: Record<OdeMethod, SweepPoint[]>;
  referenceNfe: number;
  w2Data: number;
  ms: number;
}

type TrainStatus = 'idle' | 'starting' | 'training' | 'done' | 'error';

export class TrainedLab {
  status: TrainStatus = $state('idle');
  backend = $state('not started (TF.js loads when you press Train)');
  message = $state('');
  /** What is happening now, for the status line. */
  progress: { field: TrainedField; step: number; total: number; loss: number | null; phase: string } | null = $state(null);
  sweeps: Partial<Record<TrainedField, TrainedSweep>> = $state.raw({});
  runs: Partial<Record<TrainedField, RunView>> = $state.raw({});
  /** JSON of the spec the current results belong to ('' before any training). */
  trainedKey = $state('');
  private engine: LabEngine | null = null;
  private token = 0;

  train(spec: TrainSpec, force: string | null, noWorker: boolean, onSwept: (field: TrainedField) => void): void {
    this.status = 'starting';
    this.message = '';
    this.sweeps = {};
    this.runs = {};
    this.progress = null;
    this.trainedKey = JSON.stringify(spec);
    if (this.engine) {
      this.status = 'training';
      this.engine.train(spec);
      return;
    }
    const token = ++this.token;
    this.backend = 'loading TF.js and choosing a backend…';
    import('../../lib/engine/solver-lab/client.ts')
      .then(({ createLabEngine }) => {
        if (token !== this.token) return;
        this.engine = createLabEngine({ force, noWorker, onEvent: (ev) => this.onEvent(ev, onSwept) });
        this.engine.train(spec);
      })
      .catch((err: unknown) => {
        if (token !== this.token) return;
        this.fail(
          `TF.js could not be loaded (${err instanceof Error ? err.message : String(err)}). Check the connection and press Train again.`,
        );
      });
  }

  run(field: TrainedField, method: OdeMethod, steps: number, tolLog: number): void {
    if (this.sweeps[field]) this.engine?.run(field, method, steps, tolLog);
  }

  visible(on: boolean): void {
    if (on) this.engine?.resume();
    else this.engine?.pause();
  }

  dispose(): void {
    this.token++;
    this.engine?.dispose();
    this.engine = null;
  }

  private fail(message: string): void {
    this.status = 'error';
    this.message = message;
    this.backend = 'not running';
    this.engine?.dispose();
    this.engine = null;
  }

  private onEvent(ev: LabEvent, onSwept: (field: TrainedField) => void): void {
    switch (ev.type) {
      case 'ready':
        this.backend = `${ev.backend.name}${ev.backend.isFallback ? ' (software)' : ''} in ${ev.where === 'worker' ? 'a worker' : 'the page'} — ${ev.backend.reason}`;
        if (this.status === 'starting') this.status = 'training';
        break;
      case 'progress':
        this.status = 'training';
        this.progress = { field: ev.field, step: ev.step, total: ev.total, loss: ev.loss, phase: ev.phase };
        break;
      case 'sweep':
        this.sweeps = { ...this.sweeps, [ev.field]: { curves: ev.curves, referenceNfe: ev.referenceNfe, w2Data: ev.w2Data, ms: ev.ms } };
        if (ev.field === 'rf2') {
          this.status = 'done';
          this.progress = null;
        }
        onSwept(ev.field);
        break;
      case 'run':
        this.runs = { ...this.runs, [ev.field]: ev.view };
        break;
      case 'error':
        this.fail(`The engine stopped: ${ev.message}.`);
        break;
    }
  }
}
