/**
 * The part of Observable Plot the book draws with, and the only way widgets load it
 * (`await import('…/plot-marks.ts')`, when a chart is needed). Named re-exports, not the whole
 * namespace: the bundler then keeps only these marks and the scales, axes and d3 modules they
 * reach (a 259 KB chunk where `import('@observablehq/plot')` gave 378 KB). Compiling and
 * evaluating that chunk is one main-thread task of 60–140 ms here, so a smaller chunk is a shorter
 * task. A widget that needs another mark adds it here. The Theorem 2 check evaluates it in its
 * charts' worker only.
 */
export { areaY, dot, line, plot, ruleX, ruleY, text } from '@observablehq/plot';

/** The module as the widgets receive it. */
export type PlotMarks = typeof import('./plot-marks.ts');
