/**
 * The size rules widgets share between their drawing (numbers) and the page's CSS (container
 * units): both forms of each rule give the same size at every width a reader may have, so the
 * server's HTML has the widget at the size the script draws it. The CSS is evaluated here by a small
 * interpreter: `100cqi` is the widget's width, `100%` the length the percentage refers to.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sizeAt, sizeCss, type SizeRule } from '../../../src/widgets/shared/size-rule.ts';
import * as cov from '../../../src/widgets/change-of-variables/view.ts';
import * as pe from '../../../src/widgets/path-explorer/view-size.ts';
import * as cc from '../../../src/widgets/couplings-compared/panel-size.ts';
import * as dg from '../../../src/widgets/dataset-gallery/gallery-size.ts';
import * as sl from '../../../src/widgets/solver-lab/plot-size.ts';
import * as tc from '../../../src/widgets/train-cfm/view-size.ts';
import * as t1 from '../../../src/widgets/theorem1-explorer/view-size.ts';

const source = (path: string) => readFileSync(new URL(`../../../src/widgets/${path}`, import.meta.url), 'utf8');

/**
 * Value in px of a CSS length expression: numbers with px, cqi (of `width`) or % (of `percentOf`),
 * + − × ÷, parentheses and calc(), min(), max(), clamp(); a small recursive-descent evaluator.
 */
export function cssPx(expr: string, width: number, percentOf = 0): number {
  const tokens = expr.match(/-?\d+(?:\.\d+)?(?:px|cqi|%)?|[a-z]+\(|[()+\-*/,]/g) ?? [];
  let at = 0;
  const next = () => tokens[at++];
  const peek = () => tokens[at];
  const expect = (t: string) => {
    if (next() !== t) throw new Error(`expected ${t} in ${expr}`);
  };
  const args = (): number[] => {
    const out = [sum()];
    while (peek() === ',') {
      next();
      out.push(sum());
    }
    expect(')');
    return out;
  };
  const atom = (): number => {
    const t = next();
    if (t === '(' || t === 'calc(') {
      const v = sum();
      expect(')');
      return v;
    }
    if (t === 'min(') return Math.min(...args());
    if (t === 'max(') return Math.max(...args());
    if (t === 'clamp(') {
      const [lo, v, hi] = args();
      return Math.max(lo, Math.min(v, hi));
    }
    const m = /^(-?\d+(?:\.\d+)?)(px|cqi|%)?$/.exec(t ?? '');
    if (!m) throw new Error(`unexpected ${t} in ${expr}`);
    const v = Number(m[1]);
    return m[2] === 'cqi' ? (v * width) / 100 : m[2] === '%' ? (v * percentOf) / 100 : v;
  };
  const product = (): number => {
    let v = atom();
    while (peek() === '*' || peek() === '/') v = next() === '*' ? v * atom() : v / atom();
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (peek() === '+' || peek() === '-') v = next() === '+' ? v + product() : v - product();
    return v;
  };
  const value = sum();
  if (at !== tokens.length) throw new Error(`trailing ${tokens.slice(at).join(' ')} in ${expr}`);
  return value;
}

const WIDTHS = [240, 288, 328, 360, 400, 480, 560, 640, 700, 719, 720, 760, 900, 1000, 1100, 1400];

describe('size rules: the drawing and the CSS agree', () => {
  it('sizeCss is sizeAt, of the width or of a basis', () => {
    const rule: SizeRule = { min: 120, share: 0.37, max: 400 };
    for (const w of WIDTHS) {
      expect(cssPx(sizeCss(rule), w)).toBeCloseTo(sizeAt(rule, w), 6);
      expect(cssPx(sizeCss(rule, '100cqi - 20px'), w)).toBeCloseTo(sizeAt(rule, w - 20), 6);
    }
  });

  it('change of variables: panel heights and knot places', () => {
    for (const w of WIDTHS.filter((x) => x >= cov.MIN_WIDTH)) {
      const mapH = sizeAt(cov.MAP_HEIGHT, w);
      expect(cssPx(sizeCss(cov.MAP_HEIGHT), w)).toBeCloseTo(mapH, 6);
      expect(cssPx(cov.canvasWidthCss, w)).toBe(w);
      // The knot at x sits where the drawing's scales put it (MapPanel's sxMap and syMap).
      for (const [x, y] of [
        [-4.5, -5.5],
        [0, 0],
        [2.25, 4],
      ]) {
        const sx = cov.PAD.l + ((x - cov.XR[0]) / (cov.XR[1] - cov.XR[0])) * (w - cov.PAD.l - cov.PAD.r);
        const sy = mapH - cov.PAD.b - ((y - cov.YR[0]) / (cov.YR[1] - cov.YR[0])) * (mapH - cov.PAD.b - cov.PAD.t);
        expect(cssPx(cov.knotLeftCss(x), w, w)).toBeCloseTo(sx, 2);
        expect(cssPx(cov.knotTopCss(y), w, mapH)).toBeCloseTo(sy, 2);
      }
      const gapPx = (1.5 / 9) * (w - cov.PAD.l - cov.PAD.r);
      expect(cssPx(cov.hitWidthCss(1.5), w)).toBeCloseTo(Math.max(24, Math.min(44, gapPx - 2)), 2);
    }
  });

  it('path explorer: views stacked, then side by side from VIEWS.from', () => {
    for (const w of WIDTHS) {
      const wide = w >= pe.VIEWS.from;
      const css = (name: 'w' | 'h') => cssPx(pe.viewSizeVars[`--view-${name}${wide ? '-wide' : ''}`], w);
      expect(Math.abs(css('w') - pe.viewWidth(w))).toBeLessThan(1); // the script floors the half
      expect(Math.abs(css('h') - pe.viewHeight(w))).toBeLessThan(1);
    }
    expect(source('path-explorer/Widget.svelte')).toContain(`@container (min-width: ${pe.VIEWS.from}px)`);
  });

  it('Theorem 1: 1D view, its height and the plane, stacked then side by side', () => {
    for (const w of WIDTHS) {
      const wide = w >= t1.VIEWS.from;
      const css = (name: 'view-w' | 'view-h' | 'plane') => cssPx(t1.viewSizeVars[`--${name}${wide ? '-wide' : ''}`], w);
      expect(Math.abs(css('view-w') - t1.viewWidth(w))).toBeLessThan(1);
      expect(Math.abs(css('view-h') - t1.height1d(w))).toBeLessThan(1);
      expect(Math.abs(css('plane') - t1.planeSize(w))).toBeLessThan(1);
      // Side by side, both views fit the widget's width with the gap between them.
      if (wide) expect(2 * t1.viewWidth(w) + t1.VIEWS.gap).toBeLessThanOrEqual(w);
    }
    expect(source('theorem1-explorer/Widget.svelte')).toContain(`@container (min-width: ${t1.VIEWS.from}px)`);
  });

  it('couplings compared: compact panels, then three in a row from ROW_FROM', () => {
    for (const w of WIDTHS) {
      const row = w >= cc.ROW_FROM;
      expect(Math.abs(cssPx(cc.panelSizeVars[row ? '--panel-row' : '--panel'], w) - cc.panelSize(w))).toBeLessThan(1);
      if (row) expect(3 * cc.panelSize(w) + 24).toBeLessThanOrEqual(w);
    }
    for (const file of ['Widget.svelte', 'CouplingPanel.svelte'])
      expect(source(`couplings-compared/${file}`)).toContain(`@container (min-width: ${cc.ROW_FROM}px)`);
  });

  it('solver lab: plots and trajectories, one a row then two from VIEWS.from', () => {
    for (const w of WIDTHS) {
      const sfx = w >= sl.VIEWS.from ? '-wide' : '';
      const css = (name: 'plot-w' | 'plot-h' | 'traj') => cssPx(sl.plotSizeVars[`--${name}${sfx}`], w);
      expect(Math.abs(css('plot-w') - sl.plotWidth(w))).toBeLessThan(1);
      expect(Math.abs(css('plot-h') - sl.plotHeight(w))).toBeLessThan(1);
      expect(Math.abs(css('traj') - sl.trajectorySize(w))).toBeLessThan(1);
    }
    expect(source('solver-lab/Widget.svelte')).toContain(`@container (min-width: ${sl.VIEWS.from}px)`);
  });

  it('data-set gallery: columns at the container queries, thumbnails filling their tiles', () => {
    const css = source('dataset-gallery/Widget.svelte');
    for (const { from, cols } of dg.COLUMNS) {
      expect(dg.columnsAt(from)).toBe(cols);
      if (from > 0)
        expect(css).toMatch(
          new RegExp(`@container \\(min-width: ${from}px\\) \\{\\s*\\.grid \\{\\s*grid-template-columns: repeat\\(${cols},`),
        );
    }
    for (const w of WIDTHS) {
      const cols = dg.columnsAt(w);
      // A tile is a column of the grid; the canvas fills it inside the 1 px border.
      const tile = (w - (cols - 1) * dg.TILE_GAP) / cols;
      expect(Math.abs(tile - 2 - dg.thumbSize(w))).toBeLessThan(1);
      expect(cssPx(dg.bigSizeCss, w)).toBe(dg.bigSize(w));
    }
  });

  it('train CFM: two views, border included, stacked then side by side within the width', () => {
    for (const w of WIDTHS) {
      const wide = w >= tc.VIEWS.from;
      const box = cssPx(tc.viewSizeVars[wide ? '--view-wide' : '--view'], w);
      expect(Math.abs(box - 2 - tc.viewSize(w))).toBeLessThan(1);
      // Side by side, both border boxes and the gap fit: they never wrap onto two rows.
      if (wide) expect(2 * box + tc.VIEWS.gap).toBeLessThanOrEqual(w);
    }
    expect(source('train-cfm/SampleViews.svelte')).toContain(`@container (min-width: ${tc.VIEWS.from}px)`);
  });
});
