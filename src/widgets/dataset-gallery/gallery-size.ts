/**
 * The gallery's layout from the widget's width (CSS pixels): 3, 4 or 5 columns of thumbnails (from
 * the widths in `COLUMNS`), 8 px apart, each a square canvas filling its 1 px-bordered tile; and the
 * large view, square, at most 440 px. The drawing reads the functions; the CSS has the columns as
 * container queries at the same widths (a unit test checks them) and the canvases fill their tiles,
 * so the server's HTML is laid out as the widget will be (it laid the tiles out for a 640 px default
 * width, 4 columns, and a laptop's gallery re-flowed into 5 as it hydrated).
 */
export const COLUMNS = [
  { from: 0, cols: 3 },
  { from: 420, cols: 4 },
  { from: 700, cols: 5 },
] as const;
export const TILE_GAP = 8;
const TILE_BORDER = 1;
const BIG_MAX = 440;

export const columnsAt = (width: number): number => COLUMNS.filter((c) => width >= c.from).at(-1)!.cols;
export const thumbSize = (width: number): number => {
  const cols = columnsAt(width);
  return Math.floor((width - (cols - 1) * TILE_GAP) / cols) - 2 * TILE_BORDER;
};
export const bigSize = (width: number): number => Math.min(width, BIG_MAX);
export const bigSizeCss = `min(100cqi, ${BIG_MAX}px)`;
