/** Point labels placed without overlap (src/lib/viz/point-labels.ts), as theorem1-explorer numbers its targets. */
import { describe, expect, it } from 'vitest';
import { placePointLabels, type LabelBox } from '../../../src/lib/viz/point-labels.ts';

const overlap = (a: LabelBox, b: LabelBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

describe('placePointLabels', () => {
  it('a lone label sits above right of its point, gap pixels away', () => {
    expect(placePointLabels([100], [50], [{ w: 6, h: 10 }], 4)).toEqual([{ x: 104, y: 36, w: 6, h: 10 }]);
  });

  it('labels of points a few pixels apart take other corners instead of overprinting', () => {
    // Targets 1 and 2 of the walkthrough's screenshot: 3 px apart; then 4 and 10, 6 px apart.
    const px = [40, 43, 200, 206];
    const py = [80, 79, 30, 28];
    const boxes = placePointLabels(
      px,
      py,
      [
        { w: 6, h: 10 },
        { w: 6, h: 10 },
        { w: 6, h: 10 },
        { w: 12, h: 10 },
      ],
      4,
    );
    for (let i = 0; i < boxes.length; i++) for (let j = 0; j < i; j++) expect(overlap(boxes[i], boxes[j]), `${i} and ${j}`).toBe(false);
    // Each stays beside its own point (within the gap and its own size).
    boxes.forEach((b, i) => {
      expect(Math.abs(b.x + b.w / 2 - px[i])).toBeLessThanOrEqual(4 + b.w);
      expect(Math.abs(b.y + b.h / 2 - py[i])).toBeLessThanOrEqual(4 + b.h);
    });
  });

  it('when all four corners are taken, the label keeps the first (it never vanishes)', () => {
    const boxes = placePointLabels([50, 50, 50, 50, 50], [50, 50, 50, 50, 50], Array(5).fill({ w: 6, h: 10 }), 4);
    expect(boxes).toHaveLength(5);
    expect(boxes[4]).toEqual(boxes[0]);
  });
});
