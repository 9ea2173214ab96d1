/**
 * The un-mixing widget's trained-network option: one network per plan (its key: coupling, σ, seed),
 * trained with CFM on the plan's pairs by the un-mixing engine (engine/unmixing), whose client and
 * TF.js are loaded on the first Train. What the reader sees: the training status and step while it
 * trains, then the network's field; a failure (the engine could not load or choose a backend,
 * training diverged, the worker crashed) goes to the widget's note, and the next Train starts a
 * fresh engine.
 */
import { mlpVelocity } from '../../lib/core/mlp-field.ts';
import type { VelocityFn } from '../../lib/core/index.ts';
import type { PlanTrainer } from '../../lib/engine/unmixing/client.ts';
import type { PlanTraining } from '../../lib/engine/unmixing/protocol.ts';

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class PlanNetwork {
  /** The last trained network and the plan it was trained on. */
  network = $state.raw<{ key: string; field: VelocityFn; step: number } | null>(null);
  /** The job in training, or null. */
  training = $state<{ key: string; step: number; status: string } | null>(null);
  private trainer: PlanTrainer | null = null;
  /** The engine's backend, once it has said (a fresh engine after a failure says again). */
  private backend = '';
  private disposed = false;

  constructor(private readonly fail: (message: string) => void) {}

  /** Trains a network for the plan `key`; `params` are the page's (`?backend=`, `?worker=0`). */
  train(key: string, job: PlanTraining, params: URLSearchParams): void {
    this.training = { key, step: 0, status: this.backend ? `training on ${this.backend}` : 'loading TF.js…' };
    if (this.trainer) {
      this.trainer.train(job);
      return;
    }
    import('../../lib/engine/unmixing/client.ts').then(
      ({ createPlanTrainer }) => {
        if (this.disposed) return;
        if (this.trainer) {
          // A Train pressed while the client loaded made the engine first: this job goes to it.
          this.trainer.train(job);
          return;
        }
        let trainer: PlanTrainer | null = null;
        try {
          trainer = createPlanTrainer({
            force: params.get('backend'),
            noWorker: params.get('worker') === '0',
            onEvent: (ev) => {
              // After a failure (even with no job in training: a crash while idle) the engine is not reused.
              if (ev.type === 'error') this.drop(trainer!);
              const now = this.training;
              if (!now) return;
              if (ev.type === 'ready') {
                this.backend = ev.backend.name;
                this.training = { ...now, status: `training on ${this.backend}` };
              } else if (ev.type === 'progress') this.training = { ...now, step: ev.step };
              else if (ev.type === 'weights') {
                this.network = { key: now.key, field: mlpVelocity(ev.weights), step: ev.step };
                this.training = null;
              } else this.failed(`Training failed: ${ev.message}`);
            },
          });
          this.trainer = trainer;
          trainer.train(job);
        } catch (err) {
          // The client loaded but could not make or start its engine: not a loading failure.
          if (trainer) this.drop(trainer);
          this.failed(`Training failed: ${messageOf(err)}`);
        }
      },
      (err: unknown) => this.failed(`TF.js could not be loaded (${messageOf(err)})`),
    );
  }

  private failed(message: string): void {
    this.fail(message);
    this.training = null;
  }

  dispose(): void {
    this.disposed = true;
    this.trainer?.dispose();
    this.trainer = null;
  }

  /** After a failure the engine may be gone or unable to train: the next Train makes a new one. */
  private drop(trainer: PlanTrainer): void {
    trainer.dispose();
    if (this.trainer === trainer) this.trainer = null;
    this.backend = '';
  }
}
