/**
 * The trained half of the SDE vs ODE widget, used by its worker and by the claims test alike: train
 * a velocity network on two-moons draws (engine/train's TrainingSession, reused as it is),
 * then sample it with Euler–Maruyama at a fixed number of steps for each noise level g, the score
 * obtained from the network's velocity by the conversion for affine Gaussian paths (core sde.ts,
 * score.ts), and measure the exact W₂ (core assignment) to a fresh draw of the data.
 */
import { integrateSdeAsync, extendedDriftFromVelocityAsync } from '../../core/sde.ts';
import { Rng, sampleDataset, w2Exact } from '../../core/index.ts';
import { auctionScan } from '../../simd/auction-scan.ts';
import { TrainingSession } from '../train/session.ts';
import { withNetworkField } from '../train/sampling.ts';
import { DATASET, DIM, PATH, SWEEP_PARTICLES, streams, trainSettings, type Streams } from './experiment.ts';

export interface SweepPoint {
  g: number;
  /** W₂ to the data sample, starting from exact draws of p₀ = 𝒩(0, I). */
  w2: number;
  /** The same from the same draws shifted by (shift, shift): a wrong start the SDE can forget. */
  w2Shifted: number;
}

/** A network being trained on the experiment's targets for `seed`. */
export function createSession(seed: number): { session: TrainingSession; streams: Streams } {
  const s = streams(seed);
  return { session: new TrainingSession(trainSettings(s.trainSeed)), streams: s };
}

/** Trains `steps` steps in chunks, reporting after each chunk; returns the divergence reason or null. */
export async function train(
  session: TrainingSession,
  steps: number,
  onChunk?: (done: number, loss: number) => Promise<void> | void,
  chunk = 25,
): Promise<string | null> {
  let done = 0;
  while (done < steps) {
    const n = Math.min(chunk, steps - done);
    session.trainSteps(n);
    const reason = await session.flush();
    done += n;
    if (reason) return reason;
    const h = session.lossHistory();
    let m = 0;
    for (let i = h.length - n; i < h.length; i++) m += h[i];
    await onChunk?.(done, m / n);
  }
  return null;
}

/** Particles run by the network: the ODE (g = 0) or an SDE, from `x0`, with `nfe` Euler–Maruyama steps. */
export function sampleNetwork(session: TrainingSession, x0: Float64Array, g: number, nfe: number, noise: Rng, trajectory = false) {
  return withNetworkField(session.net, DIM, (field) => {
    const drift = extendedDriftFromVelocityAsync(PATH, field, () => g);
    return integrateSdeAsync(drift, () => g, x0, { steps: nfe, rng: noise, trajectory });
  });
}

export interface SweepResult {
  points: SweepPoint[];
  /** W₂ between two independent exact samples of p₁ of the same size: what "zero" looks like. */
  floor: number;
}

/**
 * W₂ to a fresh data sample for each g, from exact draws of p₀ and from the same draws shifted by
 * (shift, shift), all with the same standard normal increments (scaled by g), so the curves over g
 * are not blurred by independent noise.
 */
export async function sweepW2(
  session: TrainingSession,
  s: Streams,
  gs: readonly number[],
  nfe: number,
  shift: number,
  onPoint?: (p: SweepPoint) => Promise<void> | void,
  n = SWEEP_PARTICLES,
): Promise<SweepResult> {
  const reference = new Rng(s.referenceSeed);
  const ref = sampleDataset(DATASET, n, reference);
  const twin = sampleDataset(DATASET, n, reference);
  const sweep = new Rng(s.sweepSeed);
  const x0 = new Float64Array(n * DIM);
  for (let i = 0; i < x0.length; i++) x0[i] = sweep.normal();
  const shifted = x0.map((v) => v + shift);
  const noiseSeed = Math.floor(sweep.uniform() * 2 ** 31);
  const points: SweepPoint[] = [];
  for (const g of gs) {
    // common random numbers: every g and both starts see the same standard normal increments
    const end = await sampleNetwork(session, x0, g, nfe, new Rng(noiseSeed));
    const endShifted = await sampleNetwork(session, shifted, g, nfe, new Rng(noiseSeed));
    const p = { g, w2: w2Exact(end.x, ref, n, DIM, auctionScan), w2Shifted: w2Exact(endShifted.x, ref, n, DIM, auctionScan) };
    points.push(p);
    await onPoint?.(p);
  }
  return { points, floor: w2Exact(ref, twin, n, DIM, auctionScan) };
}
