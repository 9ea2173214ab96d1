/**
 * The sampler's default settings, in a module without imports so scripts/cifar-first-paint.ts can
 * render the first-paint sprite at exactly these settings (settings.ts builds the schema from them).
 * The quality bar of the checkpoints (training/quality.py) is measured at solver, NFE and guidance.
 */
export const SAMPLER_DEFAULTS = { solver: 'euler', nfe: 20, count: 16, seed: 1, label: -1, guidance: 2 } as const;

/** The guidance sweep: w = 0 (unconditional), 1 (plain conditional), 2 and 4, side by side. */
export const SWEEP_GUIDANCE = [0, 1, 2, 4] as const;
