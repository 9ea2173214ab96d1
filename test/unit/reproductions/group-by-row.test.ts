/** The reproduction tables' grouping (lib/engine/reproductions/table.ts groupByRow): one group per pair, in order of first appearance. */
import { describe, expect, it } from 'vitest';
import { groupByRow, ROW_IDS } from '../../../src/lib/engine/reproductions/table.ts';

describe('groupByRow', () => {
  it('gathers the items of a pair even when they are not adjacent (one heading per pair, never two)', () => {
    const [a, b] = ROW_IDS;
    const items = [
      { row: a, m: 1 },
      { row: b, m: 2 },
      { row: a, m: 3 },
    ];
    expect(groupByRow(items, (i) => i.row)).toEqual([
      { row: a, items: [items[0], items[2]] },
      { row: b, items: [items[1]] },
    ]);
  });
});
