/**
 * The two protocols of chapter 14 and the runs they expand to, TF-free.
 *
 * - full: the published protocol as far as we could read it (TorchCFM runner, `configs/experiment/
 *   cfm.yaml`, `configs/model/*.yaml`, `scripts/two-dim-cfm.sh`): a 3 × 64 SELU MLP on (x, t),
 *   AdamW with learning rate 10⁻³ and weight decay 10⁻⁵, batch 512, 1000 epochs of 10 000 training
 *   points (≈ 20 000 steps), five seeds (42–46), 100 Euler steps to generate, W₂ against held-out
 *   test points. We draw a fresh batch every step instead of cycling a fixed training set of 10 000,
 *   and evaluate on 1000 test points (exact W₂ is O(n³); the source's appendix says 10 000).
 * - quick: the same networks and methods with a budget a reader's browser finishes in minutes for
 *   the whole table: 1000 steps of batch 256, one seed, 500 test points.
 *
 * A run is one (row, method, seed). Its evaluation sets are drawn from the core's samplers with a
 * seed derived from the run's seed, so Node and the browser evaluate on identical points.
 */
import { Rng, sampleDataset, w2Exact } from '../../core/index.ts';
import { auctionScan } from '../../simd/auction-scan.ts';
import { cleanSettings, type TrainSettings } from '../train/settings.ts';
import { applies, METHOD_IDS, METHODS, ROW_IDS, ROWS, type MethodId, type RowId } from './table.ts';

export interface Protocol {
  label: string;
  steps: number;
  batch: number;
  seeds: readonly number[];
  evalPoints: number;
  eulerSteps: number;
}

export const PROTOCOLS = {
  quick: { label: 'quick (minutes)', steps: 1000, batch: 256, seeds: [42], evalPoints: 500, eulerSteps: 100 },
  full: { label: 'full protocol (5 seeds)', steps: 20_000, batch: 512, seeds: [42, 43, 44, 45, 46], evalPoints: 1000, eulerSteps: 100 },
} as const satisfies Record<string, Protocol>;

export type ProtocolId = keyof typeof PROTOCOLS;
export const PROTOCOL_IDS = Object.keys(PROTOCOLS) as ProtocolId[];

/** The network and optimiser of every run (the published 2D setting). */
export const NETWORK = { width: 64, depth: 3, activation: 'selu', timeFreqs: 0, optimizer: 'adamw', lr: 1e-3, weightDecay: 1e-5 } as const;

export interface RunSpec {
  row: RowId;
  method: MethodId;
  seed: number;
  steps: number;
  batch: number;
  evalPoints: number;
  eulerSteps: number;
}

/** A protocol with an optional override of its step budget (tests and the e2e check use tiny ones). */
export interface RunPlanOptions {
  rows?: readonly RowId[];
  methods?: readonly MethodId[];
  steps?: number;
  evalPoints?: number;
  seeds?: readonly number[];
}

/** The runs of a protocol for the chosen rows and methods, row by row (methods that do not apply are left out). */
export function planRuns(protocol: ProtocolId, opts: RunPlanOptions = {}): RunSpec[] {
  const p: Protocol = PROTOCOLS[protocol];
  const rows = ROW_IDS.filter((r) => !opts.rows || opts.rows.includes(r));
  const methods = METHOD_IDS.filter((m) => !opts.methods || opts.methods.includes(m));
  const out: RunSpec[] = [];
  for (const seed of opts.seeds ?? p.seeds)
    for (const row of rows)
      for (const method of methods)
        if (applies(method, row))
          out.push({
            row,
            method,
            seed,
            steps: opts.steps ?? p.steps,
            batch: p.batch,
            evalPoints: opts.evalPoints ?? p.evalPoints,
            eulerSteps: p.eulerSteps,
          });
  return out;
}

/** The 2D trainer's settings for one run (engine/train/settings.ts; clamped there). */
export function trainSettingsFor(run: RunSpec): TrainSettings {
  const m = METHODS[run.method];
  const r = ROWS[run.row];
  return cleanSettings({
    source: r.source,
    target: r.target,
    coupling: m.coupling,
    path: m.path,
    sigma: m.sigma,
    ...NETWORK,
    batch: run.batch,
    seed: run.seed,
  }).settings;
}

/** Offset between a run's training seed and the seed of its evaluation sets. */
const EVAL_SEED_OFFSET = 1_000_003;

export interface EvalSets {
  /** n source points to generate from, n held-out target points, and a second independent n. */
  x0: Float64Array;
  test: Float64Array;
  test2: Float64Array;
  n: number;
}

type Sampler = (n: number, rng: Rng) => Float64Array;

/**
 * Evaluation sets: n fresh source points, then two independent n-point target samples, all from one
 * RNG seeded with the training seed + 1 000 003 (the seed of scripts/experiment.ts since issue 4).
 */
export function evalSets(source: Sampler, target: Sampler, n: number, seed: number): EvalSets {
  const rng = new Rng(seed + EVAL_SEED_OFFSET);
  const x0 = source(n, rng);
  const test = target(n, rng);
  const test2 = target(n, rng);
  return { x0, test, test2, n };
}

/** The evaluation sets of a run, from the row's data sets (what the run's session samplers draw). */
export function evalSetsForRun(run: RunSpec): EvalSets {
  const r = ROWS[run.row];
  return evalSets(
    (n, rng) => sampleDataset(r.source, n, rng),
    (n, rng) => sampleDataset(r.target, n, rng),
    run.evalPoints,
    run.seed,
  );
}

/**
 * The W₂ floor of a run: exact W₂ between two independent n-point samples of the target. A perfect
 * generator scores about this much with n test points (empirical W₂ in 2D shrinks slowly with n).
 */
export function w2Floor(sets: EvalSets): number {
  return w2Exact(sets.test, sets.test2, sets.n, 2, auctionScan);
}
