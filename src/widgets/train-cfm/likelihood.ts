/**
 * DOM-free part of train-cfm's likelihood readout (Chapter 4, "The likelihood of a flow-matching
 * model"): which source density the trained model starts from, fresh evaluation points from the
 * target, and the computation split into chunks of points for the page's task chain. Everything
 * numerical is the core's: the network is evaluated by core/mlp-field.ts from exported weights, and
 * log p_θ(x) by core/likelihood-comparison.ts (exact divergence and Hutchinson, RK4 backward).
 */
import { DATASETS, Rng, getPath, sampleDataset, type DatasetName } from '../../lib/core/index.ts';
import { compareLikelihoods, summariseLikelihoods, type LikelihoodSummary } from '../../lib/core/likelihood-comparison.ts';
import { mlpVelocity, type MlpWeights } from '../../lib/core/mlp-field.ts';
import type { Schema } from '../../lib/state/settings.ts';
import type { TrainSettings } from '../../lib/engine/train/settings.ts';

/** The readout's own settings (URL keys `<id>-loglik.<key>`). */
export const likelihoodSchema = {
  steps: { kind: 'int', default: 10, min: 1, max: 50, label: 'RK4 steps (NFE = 4 × steps)' },
  probe: {
    kind: 'enum',
    default: 'gaussian',
    values: ['gaussian', 'rademacher'],
    labels: { gaussian: 'Gaussian probe', rademacher: 'Rademacher probe' },
    label: 'Hutchinson probe',
  },
  points: { kind: 'int', default: 128, min: 32, max: 512, step: 32, label: 'Test points' },
} as const satisfies Schema;

type LikelihoodPlan = { ok: true; source: DatasetName; target: DatasetName } | { ok: false; reason: string };

/**
 * The model is p_θ = (ψ₁)#p₀. One-sided paths start from 𝒩(0, I) whatever the source setting;
 * two-sided ones from the chosen source, whose density must be known in closed form.
 */
export function planLikelihood(s: TrainSettings): LikelihoodPlan {
  const source: DatasetName | 'drawn' = getPath(s.path).sided === 'one' ? 'normal' : s.source;
  if (source === 'drawn' || !DATASETS[source].logDensity) {
    return {
      ok: false,
      reason: 'The log-likelihood needs the source density p₀ in closed form; choose the Gaussian (or another source with a density).',
    };
  }
  if (s.target === 'drawn') return { ok: false, reason: 'Drawn targets have no test set: choose one of the data sets.' };
  return { ok: true, source, target: s.target };
}

const CHUNK = 16;

interface LikelihoodRun {
  tasks: (() => void)[];
  result: () => LikelihoodReadout;
}

export interface LikelihoodReadout extends LikelihoodSummary {
  nfe: number;
  /** Evaluations of the network per test point. */
  exactCost: number;
  hutchinsonCost: number;
  /** E log p₁ of the data itself on the same points, when the target's density is known. */
  dataLogDensity: number | null;
}

/** Splits the readout over chunks of CHUNK points (one task each); `result()` pools them. */
export function likelihoodRun(
  weights: MlpWeights,
  plan: Extract<LikelihoodPlan, { ok: true }>,
  opts: { steps: number; probe: 'gaussian' | 'rademacher'; points: number; seed: number },
): LikelihoodRun {
  const d = 2;
  const field = mlpVelocity(weights);
  const logP0 = DATASETS[plan.source].logDensity!;
  // Fresh target points, independent of training (their own stream of the seed).
  const x = sampleDataset(plan.target, opts.points, new Rng(opts.seed * 7919 + 17));
  const probeRng = new Rng(opts.seed * 104729 + 3);
  const exact = new Float64Array(opts.points);
  const hutch = new Float64Array(opts.points);
  const cost = { nfe: 0, exact: 0, hutch: 0 };
  const tasks: (() => void)[] = [];
  for (let from = 0; from < opts.points; from += CHUNK) {
    const to = Math.min(opts.points, from + CHUNK);
    tasks.push(() => {
      const r = compareLikelihoods(field, logP0, x.subarray(d * from, d * to), to - from, d, {
        steps: opts.steps,
        probe: opts.probe,
        probes: 1,
        rng: probeRng,
      });
      exact.set(r.exact, from);
      hutch.set(r.hutchinson, from);
      cost.nfe = r.nfe;
      // the counts are of batched evaluations: per point they are the same
      cost.exact = r.exactCost;
      cost.hutch = r.hutchinsonCost;
    });
  }
  const target = DATASETS[plan.target].logDensity;
  return {
    tasks,
    result: () => {
      let data: number | null = null;
      if (target) {
        const lp = target(x, opts.points);
        data = lp.reduce((a, b) => a + b, 0) / opts.points;
      }
      return {
        ...summariseLikelihoods(exact, hutch, d),
        nfe: cost.nfe,
        exactCost: cost.exact,
        hutchinsonCost: cost.hutch,
        dataLogDensity: data,
      };
    },
  };
}
