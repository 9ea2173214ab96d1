/**
 * What the solver lab integrates and shows, TF-free so the widget (closed form, on the page), the
 * engine (trained networks, in a worker) and the claims tests build exactly the same thing:
 *
 * - the starting points: n draws of 𝒩(0, I) with the seed's second stream (the first draws the data),
 *   so a closed-form field and the trained fields are integrated from the same points;
 * - the closed-form field: the core's marginal velocity (Theorem 1, Gaussian source) for `points`
 *   draws of the data set and a path family of width σ (`pathWithWidth`), on the path's time domain;
 * - a run's view: the endpoints and trajectories of one solve next to the reference solve, with the
 *   RMS endpoint error and W₂ of the core's sweep protocol (core/solver-sweep.ts).
 */
import {
  Rng,
  pathWithWidth,
  marginalVelocity,
  sampleDataset,
  type ConditionalPath,
  type DatasetName,
  type IntegrateResult,
  type OdeMethod,
  type PathName,
  type VelocityFn,
} from '../../core/index.ts';
import { measureRun, type SweepJob } from '../../core/solver-sweep.ts';
import { auctionScan } from '../../simd/auction-scan.ts';
import { squareExtent } from '../train/view.ts';

export const DIM = 2;

/** Trajectories drawn per run (the first points of the batch). */
export const DRAWN_TRAJECTORIES = 48;

export interface ClosedFormSpec {
  target: DatasetName;
  points: number;
  path: PathName;
  sigma: number;
  starts: number;
  seed: number;
}

export interface ClosedFormLab {
  data: Float64Array;
  nData: number;
  starts: Float64Array;
  n: number;
  path: ConditionalPath;
  field: VelocityFn;
  t0: number;
  t1: number;
  extent: [number, number, number, number];
}

/** The data sample and the starting points of a seed (the same two streams for every field). */
export function labDraws(target: DatasetName, points: number, starts: number, seed: number): { data: Float64Array; starts: Float64Array } {
  const rng = new Rng(seed);
  const data = sampleDataset(target, points, rng.fork());
  return { data, starts: sampleDataset('normal', starts, rng.fork()) };
}

/** The closed-form marginal field of the spec, with its starting points and time domain. */
export function closedFormLab(spec: ClosedFormSpec): ClosedFormLab {
  const { data, starts } = labDraws(spec.target, spec.points, spec.starts, spec.seed);
  const path = pathWithWidth(spec.path, spec.sigma);
  const nData = spec.points;
  const field: VelocityFn = (x, t, out) => {
    out.set(marginalVelocity(path, x, x.length / DIM, t, data, nData, DIM));
  };
  return { data, nData, starts, n: spec.starts, path, field, t0: path.tMin, t1: path.tMax, extent: squareExtent([starts, data]) };
}

/** Trajectory frames of the first `keep` points, frame-major flat pairs (float32 for transfer). */
export interface Trajectories {
  frames: number;
  keep: number;
  xy: Float32Array;
}

function packTrajectories(frames: readonly ArrayLike<number>[], keep: number): Trajectories {
  const k = Math.max(0, Math.min(keep, Math.floor((frames[0]?.length ?? 0) / DIM)));
  const xy = new Float32Array(frames.length * k * DIM);
  frames.forEach((fr, i) => {
    for (let j = 0; j < k * DIM; j++) xy[i * k * DIM + j] = fr[j];
  });
  return { frames: frames.length, keep: k, xy };
}

/** One solve of the chosen solver and budget beside the reference, as the widget draws it. */
export interface RunView {
  method: OdeMethod;
  nfe: number;
  /** RMS endpoint error and W₂ against the reference endpoints. */
  error: number;
  w2: number;
  run: Trajectories;
  reference: Trajectories;
  /** All endpoints of the run and of the reference. */
  end: Float32Array;
  refEnd: Float32Array;
}

/** A run's view from the two solves (both with `trajectory`; `n` points each). */
export function runView(job: SweepJob, run: IntegrateResult, ref: IntegrateResult, n: number, keep = DRAWN_TRAJECTORIES): RunView {
  const m = measureRun(job, run.x, run.nfe, ref.x, n, DIM, auctionScan);
  return {
    method: job.method,
    nfe: run.nfe,
    error: m.error,
    w2: m.w2,
    run: packTrajectories(run.trajectory ?? [run.x], keep),
    reference: packTrajectories(ref.trajectory ?? [ref.x], keep),
    end: Float32Array.from(run.x),
    refEnd: Float32Array.from(ref.x),
  };
}

/** The job for the reader's solver and budget: ⌊NFE/s⌋ fixed steps, or Dopri5 at tolerance 10^tolLog. */
export function budgetJob(method: OdeMethod, steps: number, tolLog: number): SweepJob {
  return method === 'dopri5' ? { method, tol: 10 ** tolLog } : { method, steps: Math.max(1, steps) };
}
