/**
 * Sizes of the widget's canvases from its width (CSS pixels): the drawing reads the functions and the
 * page's CSS the expressions (in the widget's container units), so the server's HTML has the sizes the
 * script draws at (it drew the two panels 314 px tall, for a 640 px default width, in a phone's column).
 */
const PANEL = { min: 120, max: 420, gap: 12 };
const SWEEP_MAX = 640;

/** Side of each of the two square panels (ODE, SDE), side by side with a 12 px gap. */
export const panelSize = (width: number): number => Math.max(PANEL.min, Math.min(PANEL.max, (width - PANEL.gap) / 2));
export const panelCss = `clamp(${PANEL.min}px, (100cqi - ${PANEL.gap}px) / 2, ${PANEL.max}px)`;

/** Width of the strips under the panels (marginals, distances): both panels and the gap. */
export const stripWidth = (width: number): number => Math.min(width, 2 * panelSize(width) + PANEL.gap);
export const stripCss = `min(100cqi, 2 * ${panelCss} + ${PANEL.gap}px)`;

/** Width of the trained network's noise sweep. */
export const sweepWidth = (width: number): number => Math.min(width, SWEEP_MAX);
export const sweepCss = `min(100cqi, ${SWEEP_MAX}px)`;
