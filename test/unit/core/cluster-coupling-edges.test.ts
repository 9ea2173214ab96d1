/**
 * cluster-coupling.ts at its edges: ties in the first coordinate are broken by index (a drawn set
 * can hold repeated points), the smallest valid set has n = 2, and n = 0 is refused like any odd n.
 */
import { describe, expect, it } from 'vitest';
import { clusterCouplingPlan, halfOf } from '../../../src/lib/core/cluster-coupling.ts';

describe('cluster couplings at the edges', () => {
  it('halfOf breaks ties in the first coordinate by index', () => {
    expect(Array.from(halfOf([0, 5, 0, 1, 0, 2, 0, 3, 0, 4, 0, 9], 6, 2))).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(halfOf([1, 0, 1, 0, 1, 0, -1, 0], 4, 2))).toEqual([0, 1, 1, 0]);
  });

  it('n = 2 is one point per half; n = 0 and odd n are refused', () => {
    expect(Array.from(clusterCouplingPlan('good', [0, 0, 1, 0], [5, 0, 6, 0], 2, 2))).toEqual([0.5, 0, 0, 0.5]);
    expect(Array.from(clusterCouplingPlan('bad', [0, 0, 1, 0], [5, 0, 6, 0], 2, 2))).toEqual([0, 0.5, 0.5, 0]);
    expect(() => clusterCouplingPlan('good', [], [], 0, 2)).toThrow(/even and at least 2/);
    expect(() => clusterCouplingPlan('good', [0, 1, 2], [0, 1, 2], 3, 1)).toThrow(/even and at least 2/);
  });
});
