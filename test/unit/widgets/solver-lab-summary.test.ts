/**
 * The solver lab's table while its sweep runs (summary.ts): the curves are drawn as they grow, and the
 * solver whose curve is still growing shows no slope (a fit on its first points is not its order) but
 * the budgets its error has already reached (the sweep raises the NFE, so a budget once reached is final).
 */
import { describe, expect, it } from 'vitest';
import type { OdeMethod } from '../../../src/lib/core/index.ts';
import { ERROR_FLOOR, type SweepPoint } from '../../../src/lib/core/solver-sweep.ts';
import { summarise } from '../../../src/widgets/solver-lab/summary.ts';

/** A curve of order p: error = c · NFE^(−p) at 4, 8, 16, … NFE. */
const curve = (p: number, c: number, count: number): SweepPoint[] =>
  Array.from({ length: count }, (_, i) => {
    const nfe = 4 * 2 ** i;
    const error = c * nfe ** -p;
    return { nfe, error, w2: error };
  });

describe('solver-lab summary while the sweep runs', () => {
  const curves: Partial<Record<OdeMethod, SweepPoint[]>> = { euler: curve(1, 1, 9), midpoint: curve(2, 1, 3) };
  const row = (rows: ReturnType<typeof summarise>, m: OdeMethod) => rows.find((r) => r.method === m)!;

  it('a finished curve keeps its slope and budgets; the growing one has budgets but no slope', () => {
    const rows = summarise(curves, ERROR_FLOOR, [1e-2, 1e-4], 'midpoint');
    expect(row(rows, 'euler').slope).toBeCloseTo(-1, 9);
    // The budget is read off the curve between its points (log–log): 1/NFE = 10⁻² at NFE 100.
    expect(row(rows, 'euler').budgets[0]).toBeCloseTo(100, 6);
    expect(row(rows, 'euler').budgets[1]).toBeNull();
    expect(row(rows, 'midpoint').slope).toBeNull();
    // 1/NFE² = 10⁻² at NFE 10, between its second and third points; 10⁻⁴ not reached yet.
    expect(row(rows, 'midpoint').budgets[0]).toBeCloseTo(10, 6);
    expect(row(rows, 'midpoint').budgets[1]).toBeNull();
    expect(row(rows, 'rk4')).toEqual({ method: 'rk4', slope: null, budgets: [null, null] });
  });

  it('once the sweep is done (nothing growing) every curve has its slope', () => {
    const rows = summarise(curves, ERROR_FLOOR, [1e-2, 1e-4]);
    expect(row(rows, 'midpoint').slope).toBeCloseTo(-2, 9);
  });
});
