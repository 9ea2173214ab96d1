/**
 * Numbers of chapter 13 on the couplings added in session 6: the 1D view's costs for
 * 𝒩(0, 1) → 𝒩(2, 0.2²) and the reflow readouts in the plane (8 Gaussians → moons, defaults),
 * computed with the playground's engine glue over src/lib/core, as the widget computes them.
 */
import { describe, expect, it } from 'vitest';
import { buildScene, planCost } from '../../../src/lib/engine/playground/scene.ts';
import { DENSE_NODES_1D, NODES_1D, scene1dFor } from '../../../src/lib/engine/playground/one-d.ts';
import { PLAYGROUND_SCHEMA, type PlaygroundSettings } from '../../../src/lib/engine/playground/settings.ts';
import { defaultSettings } from '../../../src/lib/state/settings.ts';

const settings = (over: Partial<PlaygroundSettings>) => ({ ...defaultSettings(PLAYGROUND_SCHEMA), ...over }) as PlaygroundSettings;

describe('chapter 13: couplings on the line', () => {
  // Backs: "Minibatch OT becomes the monotone coupling … on $400$ nodes; Sinkhorn and the cluster
  // plans, whose plans are dense, use $32$ nodes per side; reflow round $k$ starts from the exact
  // field of the proposition on $400$ nodes of $p_0$" and "the status line reads a cost … of $5.04$ for
  // the independent coupling ($1 + 4 + 0.04$ exactly) and $4.64$ for minibatch OT, which is
  // $W_2^2(p_0,p_1) = 2^2 + 0.8^2$; reflow round $1$ gives $4.62$, slightly less".
  it('𝒩(0, 1) → 𝒩(2, 0.2²): independent 5.04, minibatch OT 4.64 = W₂², reflow round 1 4.62', () => {
    expect([NODES_1D, DENSE_NODES_1D]).toEqual([400, 32]);
    const cost = (coupling: PlaygroundSettings['coupling']) =>
      scene1dFor(settings({ mode: '1d', source1d: 'normal', target1d: 'narrow', coupling })).cost;
    const ind = cost('independent');
    expect(ind).toBeCloseTo(1 + 4 + 0.04, 12);
    expect(ind.toFixed(2)).toBe('5.04');
    const ot = cost('exact-ot');
    expect(ot.toFixed(2)).toBe('4.64');
    expect((2 ** 2 + 0.8 ** 2).toFixed(2)).toBe('4.64');
    const reflow = cost('reflow');
    expect(reflow.toFixed(2)).toBe('4.62');
    expect(reflow).toBeLessThan(ot);
  });
});

describe('chapter 13: experiment 8 (reflow in the plane)', () => {
  // Backs: "the pairs' cost falls from $36.40$ to $10.27$, close to minibatch OT's $8.64$" and
  // "Rounds $2$ and $3$ lower it only a little more ($10.22$, then $10.20$)".
  it('8 Gaussians → moons: reflow rounds 1, 2, 3 cost 10.27, 10.22, 10.20', () => {
    const costs = [1, 2, 3].map((rounds) =>
      planCost(buildScene(settings({ source: '8gaussians', target: 'moons', coupling: 'reflow', rounds }))).toFixed(2),
    );
    expect(costs).toEqual(['10.27', '10.22', '10.20']);
    expect(planCost(buildScene(settings({ source: '8gaussians', target: 'moons', coupling: 'independent' }))).toFixed(2)).toBe('36.40');
  });
});
