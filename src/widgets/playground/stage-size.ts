/**
 * Sizes of the playground's canvases from the widget's width (CSS pixels): the drawing reads the
 * functions and the page's CSS the expressions (in the widget's container units), so the server's
 * HTML has the sizes the script draws at (it had a 560 px plane, wider than a phone's column).
 */
const PLANE = { min: 240, max: 560 };
const SPACE_TIME = { min: 240, share: 0.5, max: 360 };

/** Side of the square 2D plane. */
export const planeSize = (width: number): number => Math.max(PLANE.min, Math.min(width, PLANE.max));
export const planeCss = `clamp(${PLANE.min}px, 100cqi, ${PLANE.max}px)`;

/** Height of the 1D space–time view (its width is the widget's). */
export const spaceTimeHeight = (width: number): number => Math.min(SPACE_TIME.max, Math.max(SPACE_TIME.min, width * SPACE_TIME.share));
export const spaceTimeCss = `clamp(${SPACE_TIME.min}px, ${SPACE_TIME.share * 100}cqi, ${SPACE_TIME.max}px)`;
