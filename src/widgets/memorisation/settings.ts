/** Settings of the memorisation widget (URL keys `memorisation.<key>`). */
import type { Schema } from '../../lib/state/settings.ts';

export const memorisationSchema = {
  k: { kind: 'int', default: 64, min: 1, max: 256, label: 'Training images k' },
  steps: { kind: 'int', default: 40, min: 4, max: 200, label: 'Euler steps' },
  seed: { kind: 'int', default: 1, min: 0, max: 999999, label: 'Seed' },
} satisfies Schema;

/**
 * The network half: `count` images of the default checkpoint per press, unconditional (no labels), at
 * seed `seed + seedOffset`, so that they differ from the closed-form half's noise. Shared with
 * scripts/cifar-neighbours.ts, which searches their nearest images among all 50 000 offline.
 */
export const NETWORK_RUN = { solver: 'euler', nfe: 20, count: 8, seedOffset: 1000 } as const;
