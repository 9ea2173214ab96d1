/**
 * The rows of the reflow-live table and plot: round 0 is the independent coupling of the evaluation
 * set (cost and crossings only: it has no flow), then one row per finished round.
 */
import type { CouplingFigures } from '../../lib/engine/reflow/evaluation.ts';
import type { RoundResult } from '../../lib/engine/reflow/rounds.ts';

export interface RoundRow {
  round: number;
  label: string;
  straightness: number;
  crossings: number;
  crossingShare: number;
  cost: number;
  /** W₂ after 1, 2, 4 Euler steps (empty for round 0). */
  w2: number[];
  w2Accurate: number;
  /** Training seconds (NaN for round 0). */
  seconds: number;
}

export function roundRows(independent: CouplingFigures, results: readonly RoundResult[]): RoundRow[] {
  return [
    {
      round: 0,
      label: 'independent pairs',
      straightness: NaN,
      crossings: independent.crossings,
      crossingShare: independent.crossingShare,
      cost: independent.cost,
      w2: [],
      w2Accurate: NaN,
      seconds: NaN,
    },
    ...results.map((r) => ({
      round: r.round,
      label: `${r.round}-RF`,
      straightness: r.straightness,
      crossings: r.crossings,
      crossingShare: r.crossingShare,
      cost: r.cost,
      w2: r.w2,
      w2Accurate: r.w2Accurate,
      seconds: (r.trainMs + r.solveMs) / 1000,
    })),
  ];
}
