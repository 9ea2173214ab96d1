/** Canvas margins (CSS pixels) shared by the density and particle views, so their x axes line up. */
export const PAD = { l: 38, r: 10, t: 8, b: 20 };
