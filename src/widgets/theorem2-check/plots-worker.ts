/**
 * The Theorem 2 check's charts, drawn off the page's thread: Observable Plot builds them in a DOM
 * without a page (linkedom) and the worker posts their markup. Evaluating Plot and d3 (a 60–140 ms
 * task here, four times that on a phone) and every redraw while θ is dragged happen here; the page
 * only sets the markup.
 */
import { parseHTML } from 'linkedom';
import type { PlotMarks } from '../../lib/viz/plot-marks.ts';
import { summaryOf } from './losses.ts';
import { buildCharts } from './plots.ts';
import type { ChartsReply, ChartsRequest } from './plots-protocol.ts';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
let plot: Promise<PlotMarks> | null = null;

/**
 * Plot, evaluated once the page's devicePixelRatio is known: Plot reads `window.devicePixelRatio`
 * when it is evaluated and, on a screen of ratio 1, shifts 1-px lines by half a pixel so they stay
 * crisp. A worker has no window, so it gets one with the page's ratio (Plot reads nothing else of it).
 */
function plotFor(dpr: number): Promise<PlotMarks> {
  const scope = globalThis as { window?: unknown };
  scope.window ??= { devicePixelRatio: dpr };
  return (plot ??= import('../../lib/viz/plot-marks.ts'));
}

self.onmessage = async (e: MessageEvent<ChartsRequest>) => {
  const r = e.data;
  let reply: ChartsReply;
  try {
    const Plot = await plotFor(r.dpr);
    const input = { summary: summaryOf(r.moments), theta: r.theta, width: r.width, thetaRange: r.thetaRange, z: r.z };
    const charts = buildCharts(Plot, document, input, r.palette);
    reply = { id: r.id, html: charts.map((c) => c.outerHTML) };
  } catch (err) {
    reply = { id: r.id, error: err instanceof Error ? err.message : String(err) };
  }
  self.postMessage(reply);
};
