/**
 * Which conditional path a CIFAR checkpoint was trained with, read from its metadata.json
 * (`training.recipe`, written by training/train.py): both methods use
 *
 *     x_t = t x₁ + (1 − t) x₀ + σ ε,   target u = x₁ − x₀,
 *
 * with x₀ ~ 𝒩(0, I) paired with x₁ independently ('icfm') or by exact minibatch OT ('ot'). In the
 * core's coefficient form that is the 'icfm' path with width σ = recipe.sigma (a = t, b = 1 − t,
 * c = σ); the coupling does not change the coefficients. With σ = 0 (every checkpoint so far) the
 * network's guess of the end point is x̂₁ = x_t + (1 − t) u_t^θ(x_t) (core/parametrisations.ts).
 */
import { getPath, x1PredictionCoefficients, type ConditionalPath, type X1PredictionCoefficients } from '../../core/index.ts';
import type { CheckpointMetadata } from '../../nn/checkpoint.ts';

/** The training path of a checkpoint; throws when the metadata does not say which one it is. */
export function checkpointPath(metadata: Pick<CheckpointMetadata, 'training'>): ConditionalPath {
  const recipe = metadata.training?.recipe;
  const method = recipe?.method;
  const sigma = recipe?.sigma;
  if (method !== 'ot' && method !== 'icfm') {
    throw new Error(`checkpoint metadata: training.recipe.method is ${JSON.stringify(method)}, expected "ot" or "icfm"`);
  }
  if (typeof sigma !== 'number' || !Number.isFinite(sigma) || sigma < 0) {
    throw new Error(`checkpoint metadata: training.recipe.sigma is ${JSON.stringify(sigma)}, expected a number ≥ 0`);
  }
  return getPath('icfm', { sigma });
}

/**
 * t ↦ (α, β) with x̂₁ = α x_t + β u_t(x_t) for the checkpoint's path, or the reason there is none
 * (a path with σ > 0, or metadata without a recipe).
 */
export function checkpointX1Predictor(
  metadata: Pick<CheckpointMetadata, 'training'>,
): { ok: true; path: ConditionalPath; coefficients: (t: number) => X1PredictionCoefficients } | { ok: false; reason: string } {
  try {
    const path = checkpointPath(metadata);
    x1PredictionCoefficients(path, 0); // refuses unsupported paths up front
    return { ok: true, path, coefficients: (t) => x1PredictionCoefficients(path, t) };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
