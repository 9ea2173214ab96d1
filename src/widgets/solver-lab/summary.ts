/**
 * What the solver lab reads off its sweeps, with the core's fit and budget rules
 * (core/solver-sweep.ts): a row per solver (observed order, NFE for given errors) and the curves
 * the log–log plots draw.
 */
import { ODE_METHOD_NAMES, type OdeMethod } from '../../lib/core/index.ts';
import { fitObservedOrder, nfeForError, type SweepPoint } from '../../lib/core/solver-sweep.ts';
import { TRAINED_FIELDS, TRAINED_FIELD_LABELS, type TrainedField } from '../../lib/engine/solver-lab/fields.ts';
import type { Curve } from './plots.ts';

export interface SolverRow {
  method: OdeMethod;
  /** Fitted slope of log error against log NFE (null: not enough points yet). */
  slope: number | null;
  /** NFE at which the error first reaches each of the target errors (null: never within the sweep). */
  budgets: (number | null)[];
}

/**
 * A row per solver. The curve of `growing` is still being swept: it has no slope yet (a fit on its
 * first points is not its order), and a budget only once its error has reached the target.
 */
export function summarise(
  curves: Partial<Record<OdeMethod, SweepPoint[]>>,
  floor: number,
  targets: readonly number[],
  growing: OdeMethod | null = null,
): SolverRow[] {
  return ODE_METHOD_NAMES.map((method) => {
    const pts = curves[method] ?? [];
    return {
      method,
      slope: method === growing ? null : (fitObservedOrder(pts, floor)?.slope ?? null),
      budgets: targets.map((e) => (pts.length ? nfeForError(pts, e) : null)),
    };
  });
}

/** One curve per solver of `key` (error or W₂) against NFE; the chosen solver is emphasised. */
export function curvesOf(
  curves: Partial<Record<OdeMethod, SweepPoint[]>>,
  rows: SolverRow[],
  key: 'error' | 'w2',
  chosen: OdeMethod,
  colours: string[],
  labels: Readonly<Record<OdeMethod, string>>,
): Curve[] {
  return ODE_METHOD_NAMES.filter((m) => curves[m]?.length).map((m, _, all) => {
    const pts = curves[m]!;
    const i = ODE_METHOD_NAMES.indexOf(m);
    return {
      key: m,
      label: m === 'dopri5' ? 'Dopri5 (tol 10⁻²…)' : labels[m],
      x: pts.map((p) => p.nfe),
      y: pts.map((p) => p[key]),
      slope: key === 'error' && m !== 'dopri5' ? (rows.find((r) => r.method === m)?.slope ?? null) : null,
      colour: colours[i],
      marker: i,
      emphasised: m === chosen || all.length === 1,
    };
  });
}

/** The chosen solver's error curve for each trained field that has been swept. */
export function fieldCurves(
  sweeps: Partial<Record<TrainedField, { curves: Record<OdeMethod, SweepPoint[]> }>>,
  method: OdeMethod,
  chosen: TrainedField | null,
  colours: string[],
  floor: number,
): Curve[] {
  return TRAINED_FIELDS.filter((f) => sweeps[f]).map((f, i) => {
    const pts = sweeps[f]!.curves[method];
    return {
      key: f,
      label: TRAINED_FIELD_LABELS[f].replace('Trained ', ''),
      x: pts.map((p) => p.nfe),
      y: pts.map((p) => p.error),
      slope: method === 'dopri5' ? null : (fitObservedOrder(pts, floor)?.slope ?? null),
      colour: colours[[0, 2, 3][i]],
      marker: i,
      emphasised: f === chosen || chosen === null,
    };
  });
}
