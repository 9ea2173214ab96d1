/**
 * The palette moved to src/lib/viz/palette.ts (colour scales live with the renderers). This
 * re-export keeps train-cfm's import working until that widget adopts the shared conventions
 * (engineer A's part of issue 10); delete it then.
 */
export { readPalette, type Palette } from '../../lib/viz/palette.ts';
