/**
 * A round's network as a velocity field for the core's ODE solvers, from its exported weights
 * (RoundResult.weights). Imports TF.js: load this module with `await import()` from a widget.
 *
 *   const { field, dispose } = loadVelocityField(results[1].weights); // the 2-RF
 *   const end = await integrateAsync(field, x0, { method: 'euler', steps: 1 });
 */
import type { AsyncVelocityFn } from '../../core/index.ts';
import { VelocityMlp, type ExportedWeights } from '../../nn/mlp.ts';
import { networkVelocity } from '../train/sampling.ts';

export interface LoadedField {
  /** u_t^θ(x) for flat points x (n × dim), one forward pass and one awaited read-back per call. */
  field: AsyncVelocityFn;
  net: VelocityMlp;
  dispose: () => void;
}

/** Builds the network of `weights` on the current TF.js backend (choose it first, nn/backend.ts). */
export function loadVelocityField(weights: ExportedWeights): LoadedField {
  const net = new VelocityMlp(weights.config, () => 0.5);
  net.importWeights(weights);
  // The weights never change after loading: laid out once for every solve (nn/frozen-velocity.ts).
  const frozen = net.frozen();
  return {
    field: networkVelocity(frozen, weights.config.dim),
    net,
    dispose: () => {
      frozen.dispose();
      net.dispose();
    },
  };
}
