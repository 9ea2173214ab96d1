/**
 * The change-of-variables widget's two panels share one window: x (the map's input) on
 * [−4.5, 4.5], y = T(x) on [−5.5, 5.5] (the lower panel's horizontal axis), and the same margins.
 */
export const XR: [number, number] = [-4.5, 4.5];
export const YR: [number, number] = [-5.5, 5.5];
/** Canvas margins in CSS pixels: left (tick labels), right, top, bottom. */
export const PAD = { l: 34, r: 10, t: 8, b: 20 };
