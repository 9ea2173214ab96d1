/**
 * The side of each coupling's square plot from the widget's width (CSS pixels). From `ROW_FROM` the
 * three panels stand in a row (each a third of the width less the two 12 px gaps, at most 380 px);
 * below it each panel is compact, its plot beside its numbers (half the width, at most 240 px). The
 * container queries in Widget.svelte and CouplingPanel.svelte use the same number (a unit test
 * checks it). The drawing reads `panelSize`, the page's CSS `panelSizeVars`, so the server's HTML has
 * the plots at their drawn size: it drew them for a 900 px default width, three in a row, and a
 * phone's widget grew by 380 px as it hydrated.
 */
export const ROW_FROM = 600;
const GAP = 12;
const ROW_MAX = 380;
const COMPACT_SHARE = 0.5;
const COMPACT_MAX = 240;

export const panelSize = (width: number): number =>
  Math.floor(width >= ROW_FROM ? Math.min((width - 2 * GAP) / 3, ROW_MAX) : Math.min(COMPACT_SHARE * width, COMPACT_MAX));

/** CSS custom properties for the root: the plot's side when compact and when in a row. */
export const panelSizeVars = {
  '--panel': `min(${COMPACT_SHARE * 100}cqi, ${COMPACT_MAX}px)`,
  '--panel-row': `min((100cqi - ${2 * GAP}px) / 3, ${ROW_MAX}px)`,
} as const;
