/**
 * Places short labels beside points so that no two overlap where it can: each label tries the four
 * corners around its point (above right first, the usual place) and takes the first whose box meets
 * no label placed before it; if all four are taken it keeps the first. Pure geometry (pixels), so the
 * widgets draw and the tests check the same boxes. Targets drawn a few pixels apart in
 * theorem1-explorer had their numbers printed over each other ("1" and "2", "4" and "10").
 */
export interface LabelBox {
  /** Left, top, width and height of the label's box, in pixels. */
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: LabelBox, b: LabelBox) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/**
 * Boxes for labels of sizes `sizes[i]` (width, height) at points `(px[i], py[i])`, each `gap` pixels
 * from its point, in order of priority.
 */
export function placePointLabels(
  px: readonly number[],
  py: readonly number[],
  sizes: readonly { w: number; h: number }[],
  gap = 3,
): LabelBox[] {
  const placed: LabelBox[] = [];
  for (let i = 0; i < px.length; i++) {
    const { w, h } = sizes[i];
    const corners: LabelBox[] = [
      { x: px[i] + gap, y: py[i] - gap - h, w, h },
      { x: px[i] - gap - w, y: py[i] - gap - h, w, h },
      { x: px[i] + gap, y: py[i] + gap, w, h },
      { x: px[i] - gap - w, y: py[i] + gap, w, h },
    ];
    placed.push(corners.find((c) => !placed.some((p) => overlaps(c, p))) ?? corners[0]);
  }
  return placed;
}
