/**
 * The CFM core: every formula of the book as plain TypeScript (no DOM, no TF.js), usable in Node,
 * workers and pages. Points are flat row-major arrays with an explicit dimension d: point i,
 * coordinate k is `x[i * d + k]`.
 *
 * - rng: seeded generator `Rng` (sfc32 + splitmix32; uniform, normal, int, categorical, fork).
 * - distributions / datasets: standard normal, uniform, Gaussian mixtures, empirical point sets,
 *   1D examples, and the literature's 2D toy datasets with their published parameters.
 * - catalogues (one list per concept, with labels and facts, in the concept's module): PATH_FAMILIES,
 *   COUPLINGS, ODE_METHODS, DATASET_NAMES/DATASETS; names are typed by unions derived from them.
 * - paths: Gaussian conditional paths x_t = a x₁ + b x₀ + c ε (OT, VE, VP, rectified, I-CFM, SB,
 *   trigonometric) with exact derivatives, training batches and conditional velocities.
 * - assignment / sinkhorn / couplings: exact minibatch OT (Jonker–Volgenant shortest augmenting
 *   paths), log-domain Sinkhorn, independent/OT/entropic/reflow couplings.
 * - closed-form: Theorem 1 marginal velocity and density for finite target sets (log-sum-exp).
 * - theorem1-views: Theorem 1 piece by piece at one point, conditional paths through a point, density
 *   grids of the marginal path, and the explorers' example targets.
 * - histogram: histograms of samples as densities (to set beside an exact density).
 * - ode: Euler, midpoint, Heun, RK4, adaptive Dopri5 (batched, forward/backward, NFE, trajectories), with sync and async fields.
 * - metrics: exact and sliced W₂, energy distance, path energy (raw and normalised), straightness, MSE.
 * - minibatch-coupling / coupling-variance: the plan minibatch training induces on a whole data set
 *   (averaged over epochs) and Theorem 2's constant C on a coupling of two point sets.
 * - two-blobs / theorem1-pairs: the design-choices chapter's two-blob example with its cluster plans,
 *   and Theorem 1 at one point for a coupling (posterior weights over pairs).
 * - parametrisations: velocity, denoiser x̂₁, noise prediction x̂₀ and score, and the conversions
 *   between them (paths with c ≡ 0), including x̂₁ = E[x₁ | x_t] implied by a velocity field.
 */
export { Rng } from './rng.ts';
export { DISTRIBUTIONS_1D, standardNormal, gaussianMixture, empiricalDataset, logSumExp } from './distributions.ts';
export { type DatasetName, DATASETS, DATASET_NAMES, DATASET_LABELS, sampleDataset } from './datasets.ts';
export {
  type PathName,
  type ConditionalPath,
  PATH_FAMILIES,
  PATH_NAMES,
  PATH_LABELS,
  widthInertReason,
  getPath,
  pathWithWidth,
  clampToDomain,
  samplePathBatch,
  conditionalVelocity,
  gaussianSourceMoments,
  targetConditionalVelocity,
  targetConditionalFlow,
} from './paths.ts';
export { solveAssignment, solveAssignmentFull, squaredEuclideanCost, squaredEuclideanStart } from './assignment.ts';
export { sinkhornLog } from './sinkhorn.ts';
export {
  type CouplingName,
  COUPLINGS,
  COUPLING_NAMES,
  COUPLING_LABELS,
  COUPLING_SHORT_LABELS,
  couple,
  couplingPlan,
  drawPairs,
  samplePlanPairs,
  planCost,
  planSupport,
  reflowCoupling,
} from './couplings.ts';
export { type ClosedFormOptions, marginalVelocity, posteriorWeights, marginalLogDensity } from './closed-form.ts';
export {
  type VelocityFn,
  type AsyncVelocityFn,
  type OdeMethod,
  type FixedStepMethod,
  type IntegrateResult,
  ODE_METHODS,
  ODE_METHOD_NAMES,
  ODE_METHOD_LABELS,
  ODE_METHOD_SHORT_LABELS,
  FIXED_STEP_METHODS,
  stepsForBudget,
  integrate,
  integrateAsync,
} from './ode.ts';
export {
  w2Exact,
  w2SquaredExact,
  slicedW2,
  energyDistance,
  pathEnergy,
  normalisedPathEnergy,
  straightness,
  meanSquaredError,
  closedFormFieldError,
  countCrossings,
  countImprovingSwaps,
} from './metrics.ts';
export { densityHistogram } from './histogram.ts';
export {
  type PointExplanation,
  EXPLORER_TARGET_SETS,
  explainPoint,
  conditionalPathThrough,
  timeGrid,
  spaceTimeDensity,
  planeDensity,
  sampleMixture1D,
  sampleTargets2D,
} from './theorem1-views.ts';
export { type X1PredictionCoefficients, x1PredictionCoefficients, predictX1 } from './parametrisations.ts';
export { batchSizes, minibatchPlan } from './minibatch-coupling.ts';
export { couplingVariance, couplingVarianceStrata, type CouplingVariance } from './coupling-variance.ts';
export { explainPairPoint, pairPathThrough, type PairPointExplanation } from './theorem1-pairs.ts';
export {
  type TwoBlobs,
  CLUSTER_PLAN_NAMES,
  CLUSTER_PLAN_LABELS,
  twoBlobs,
  clusterPlan,
  blobStarts,
  sameSideFraction,
} from './two-blobs.ts';

/**
 * @public The core's API beyond what the site imports today, kept on purpose (knip honours the tag):
 * the types that appear in the signatures of the functions above (options, results, specs, catalogue
 * entries), so callers can name them, and the general parametrisation conversions (velocity ↔ x̂₁ ↔
 * x̂₀ ↔ score) that the module documents and tests (score.ts uses them; the x̂₁ case is re-exported above).
 */
export type { Distribution, Distribution1DName } from './distributions.ts';
/** @public */
export type { DatasetSpec } from './datasets.ts';
/** @public */
export type { PathFamily, PathParams, PathCoefficients } from './paths.ts';
/** @public */
export type { AssignmentResult, BidScan, BidScanFor } from './assignment.ts';
/** @public */
export type { SinkhornOptions, SinkhornResult } from './sinkhorn.ts';
/** @public */
export type { CoupleOptions, Paired } from './couplings.ts';
/** @public */
export type { Evaluation, OdeMethodInfo, IntegrateOptions } from './ode.ts';
/** @public */
export {
  type Parametrisation,
  type AffineInVelocity,
  PARAMETRISATIONS,
  conversionCoefficients,
  convertPrediction,
} from './parametrisations.ts';
