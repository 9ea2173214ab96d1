/**
 * Observable Plot figures of the Theorem 2 check: the two loss curves against θ, the gap
 * L_CFM − L_FM against θ with its 95 % band, and both gradients at the slider value with error
 * bars. `buildCharts` takes the document to build them in: the page's, or a DOM without a page in
 * the charts' worker (plots-worker.ts), which sends their markup. Colours come from the theme,
 * resolved on the page (`readPalette`) and passed in.
 */
import type { Palette } from '../../lib/viz/palette.ts';
import type { LossSummary } from './losses.ts';
import type { PlotMarks } from '../../lib/viz/plot-marks.ts';

/** Heights of the three charts (CSS pixels). Their width (280–720 px) never exceeds a phone's widget, so they never scale down. */
const HEIGHT = { loss: 240, gap: 150, gradients: 90 };
/** Plot's swatch legend above the loss chart, with its margin (measured: 33 + 5 px). */
const LEGEND_ROW = 38;
/**
 * The plots' box before the plot library has loaded, and on the server: the height of the drawn
 * charts, so nothing below moves when they arrive (the box was 260 px and grew to 518).
 */
export const PLOTS_HEIGHT = HEIGHT.loss + LEGEND_ROW + HEIGHT.gap + HEIGHT.gradients;

export interface PlotInput {
  summary: LossSummary;
  theta: number;
  width: number;
  thetaRange: [number, number];
  z: number;
}

/** The three charts, built with `doc` (each labelled; the loss chart's SVG carries its θ axis). */
export function buildCharts(Plot: PlotMarks, doc: Document, inp: PlotInput, pal: Palette): Element[] {
  const { summary: s, theta, thetaRange, z } = inp;
  const width = Math.max(280, Math.min(inp.width, 720));
  const grid: { theta: number; loss: number; which: string }[] = [];
  const gap: { theta: number; gap: number; lo: number; hi: number }[] = [];
  for (let i = 0; i <= 80; i++) {
    const th = thetaRange[0] + ((thetaRange[1] - thetaRange[0]) * i) / 80;
    grid.push({ theta: th, loss: s.lossFM(th), which: 'FM loss' }, { theta: th, loss: s.lossCFM(th), which: 'CFM loss' });
    const g = s.at(th).gap;
    gap.push({ theta: th, gap: g.mean, lo: g.mean - z * g.se, hi: g.mean + z * g.se });
  }
  const style = { background: 'transparent', color: pal.fg, fontSize: '11px' };
  const colour = { domain: ['FM loss', 'CFM loss'], range: [pal.model, pal.path] };
  const minima = [
    { theta: s.argminFM, loss: s.lossFM(s.argminFM), which: 'FM loss' },
    { theta: s.argminCFM, loss: s.lossCFM(s.argminCFM), which: 'CFM loss' },
  ];
  const main = Plot.plot({
    document: doc,
    width,
    height: HEIGHT.loss,
    marginLeft: 50,
    marginRight: 20,
    style,
    x: { label: 'θ', domain: thetaRange },
    y: { label: 'loss', grid: true },
    color: { ...colour, legend: true },
    marks: [
      Plot.line(grid, { x: 'theta', y: 'loss', stroke: 'which', strokeWidth: 2 }),
      Plot.ruleX([theta], { stroke: pal.fg, strokeDasharray: '4 3' }),
      Plot.dot(minima, { x: 'theta', y: 'loss', fill: 'which', r: 4, stroke: pal.bg }),
    ],
  });
  const gapPlot = Plot.plot({
    document: doc,
    width,
    height: HEIGHT.gap,
    marginLeft: 50,
    marginRight: 20,
    style,
    x: { label: 'θ', domain: thetaRange },
    y: { label: 'CFM loss − FM loss', grid: true },
    marks: [
      Plot.areaY(gap, { x: 'theta', y1: 'lo', y2: 'hi', fill: pal.accent, fillOpacity: 0.2 }),
      Plot.line(gap, { x: 'theta', y: 'gap', stroke: pal.accent, strokeWidth: 2 }),
      Plot.ruleY([s.constant.mean], { stroke: pal.muted, strokeDasharray: '4 3' }),
      Plot.ruleX([theta], { stroke: pal.fg, strokeDasharray: '4 3' }),
    ],
  });
  const here = s.at(theta);
  const grads = [
    {
      name: 'FM gradient',
      v: here.gradFM.mean,
      lo: here.gradFM.mean - z * here.gradFM.se,
      hi: here.gradFM.mean + z * here.gradFM.se,
      c: pal.model,
    },
    {
      name: 'CFM gradient',
      v: here.gradCFM.mean,
      lo: here.gradCFM.mean - z * here.gradCFM.se,
      hi: here.gradCFM.mean + z * here.gradCFM.se,
      c: pal.path,
    },
  ];
  const gradPlot = Plot.plot({
    document: doc,
    width,
    height: HEIGHT.gradients,
    marginLeft: 90, // room for 'CFM gradient'
    marginRight: 20,
    style,
    // nice: the axis ends on a tick beyond the intervals (not at −14 for values near −15).
    x: { label: `gradients at θ = ${theta.toFixed(2)} (95 % intervals)`, grid: true, nice: true },
    y: { label: null },
    marks: [
      Plot.ruleX([0], { stroke: pal.muted }),
      Plot.ruleY(grads, { y: 'name', x1: 'lo', x2: 'hi', stroke: 'c', strokeWidth: 2 }),
      Plot.dot(grads, { y: 'name', x: 'v', fill: 'c', r: 4 }),
    ],
  });
  label(
    main,
    `Monte-Carlo L_FM and L_CFM against θ from ${thetaRange[0]} to ${thetaRange[1]}; minimisers ${s.argminFM.toFixed(3)} and ${s.argminCFM.toFixed(3)}.`,
  );
  label(gapPlot, `L_CFM minus L_FM against θ with a 95 % band; the constant C is ${s.constant.mean.toFixed(3)}.`);
  label(gradPlot, `Gradients at θ = ${theta.toFixed(2)}: FM ${here.gradFM.mean.toFixed(3)}, CFM ${here.gradCFM.mean.toFixed(3)}.`);
  // The θ axis the pointer reads: the loss chart's own SVG (the figure also holds the legend's
  // swatch SVGs) and the pixel range of its x scale, so a click maps through the real scale.
  const chart = main.tagName.toLowerCase() === 'svg' ? main : Array.from(main.children).find((c) => c.tagName.toLowerCase() === 'svg');
  const xRange = Array.from(main.scale('x')?.range ?? [], Number);
  if (chart && xRange.length === 2) {
    chart.setAttribute('data-theta-axis', xRange.join(' '));
  }
  return [main, gapPlot, gradPlot];
}

/**
 * θ under the pointer's clientX on the loss chart built by buildCharts, clamped to the range, or
 * null before the chart exists.
 */
export function thetaAtPointer(box: HTMLElement, clientX: number, thetaRange: [number, number]): number | null {
  const svg = box.querySelector<SVGSVGElement>('svg[data-theta-axis]');
  if (!svg) return null;
  const [x0, x1] = (svg.getAttribute('data-theta-axis') ?? '').split(' ').map(Number);
  const r = svg.getBoundingClientRect();
  const full = svg.width.baseVal.value || r.width;
  const x = (clientX - r.left) * (full / r.width);
  const frac = (x - x0) / (x1 - x0);
  if (!Number.isFinite(frac)) return null;
  return thetaRange[0] + Math.min(1, Math.max(0, frac)) * (thetaRange[1] - thetaRange[0]);
}

/** One accessible name per chart: the SVG becomes an image; Plot's per-mark aria-labels are dropped. */
function label(el: Element, text: string): void {
  const svgs = el.tagName.toLowerCase() === 'svg' ? [el] : Array.from(el.querySelectorAll('svg'));
  for (const svg of svgs) {
    for (const node of Array.from(svg.querySelectorAll('[aria-label], [aria-description]'))) {
      node.removeAttribute('aria-label');
      node.removeAttribute('aria-description');
    }
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', text);
  }
}
