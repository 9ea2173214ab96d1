/**
 * Claims of chapter 4's paragraph "Your trained model" about train-cfm's likelihood readout (G14),
 * computed by the readout's own module (src/widgets/train-cfm/likelihood.ts) on a network with
 * seeded random weights: the costs do not depend on the weights, and the Gibbs ceiling is checked
 * with the exact divergence on a model whose density is known.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/lib/core/index.ts';
import { mlpParameterCount } from '../../../src/lib/core/mlp-field.ts';
import { cleanSettings } from '../../../src/lib/engine/train/settings.ts';
import { likelihoodRun, likelihoodSchema, planLikelihood } from '../../../src/widgets/train-cfm/likelihood.ts';

const config = { dim: 2, width: 16, depth: 2, activation: 'selu', timeFrequencies: 3 };
function randomWeights(seed: number) {
  const r = new Rng(seed);
  return { config, data: Float32Array.from({ length: mlpParameterCount(config) }, () => 0.3 * r.normal()) };
}

describe('the likelihood readout of train-cfm (chapter 4, G14)', () => {
  // Backs: "with the default 10 RK4 steps the solver's NFE is 40, which is 200 network evaluations
  // per point with the exact divergence (1 + 2d = 5 per NFE) and 120 with one probe (1 + 2 = 3 per NFE)."
  it('costs 40 NFE, 200 network evaluations per point exact and 120 with one probe, at the defaults', () => {
    expect(likelihoodSchema.steps.default).toBe(10);
    const { settings } = cleanSettings({});
    const plan = planLikelihood({ ...settings, target: '8gaussians', path: 'ot' });
    if (!plan.ok) throw new Error(plan.reason);
    const run = likelihoodRun(randomWeights(1), plan, {
      steps: likelihoodSchema.steps.default,
      probe: likelihoodSchema.probe.default,
      points: 32,
      seed: 1,
    });
    for (const task of run.tasks) task();
    const r = run.result();
    expect([r.nfe, r.exactCost, r.hutchinsonCost]).toEqual([40, 200, 120]);
    expect(r.count).toBe(32);
    expect(r.dataLogDensity).not.toBeNull();
  });

  // Backs: "the readout needs a source with a closed-form density: the Gaussian, which every one-sided
  // path uses."
  it('uses 𝒩(0, I) for one-sided paths and refuses sources without a density', () => {
    const { settings } = cleanSettings({});
    const one = planLikelihood({ ...settings, path: 'ot', source: 'moons' });
    expect(one.ok && one.source).toBe('normal');
    expect(planLikelihood({ ...settings, path: 'icfm', source: 'moons' }).ok).toBe(false);
    expect(planLikelihood({ ...settings, path: 'icfm', source: 'normal', target: 'drawn' }).ok).toBe(false);
  });

  // Backs: "By Gibbs' inequality, E_{p₁}[log p_θ] ≤ E_{p₁}[log p₁], so that number is a ceiling no
  // model can beat on average": the flow of a random network from 𝒩(0, I) scores below the data's
  // own log-density on the same fresh points of the eight Gaussians, by far more than the errors.
  it('a model that is not the data scores below the data’s own log-density', () => {
    const { settings } = cleanSettings({});
    const plan = planLikelihood({ ...settings, target: '8gaussians', path: 'ot' });
    if (!plan.ok) throw new Error(plan.reason);
    const run = likelihoodRun(randomWeights(2), plan, { steps: 10, probe: 'rademacher', points: 96, seed: 2 });
    for (const task of run.tasks) task();
    const r = run.result();
    expect(r.dataLogDensity).not.toBeNull();
    expect(r.exact.mean + 5 * r.exact.se).toBeLessThan(r.dataLogDensity!);
    expect(r.bitsPerDim).toBeCloseTo(-r.exact.mean / (2 * Math.LN2), 12);
  });
});
