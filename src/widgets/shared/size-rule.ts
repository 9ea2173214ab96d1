/**
 * A size that follows the widget's width: a share of it, clamped (CSS pixels). The drawing reads
 * `sizeAt` with the width it measured and the page's CSS reads `sizeCss`, the same rule in container
 * units of the widget (its root has `container-type: inline-size`), so the server's HTML already has
 * the size the script draws at and nothing moves when the island hydrates. Before, widgets sized
 * their canvases in script from a 640 px default width, and a phone's column changed shape on
 * hydration (a layout shift in the chapter around it).
 */
export interface SizeRule {
  min: number;
  share: number;
  max: number;
}

export const sizeAt = (r: SizeRule, width: number): number => Math.min(r.max, Math.max(r.min, width * r.share));

/** The rule as CSS, of the widget's width (`100cqi`) or of `basis`, a CSS length expression. */
export const sizeCss = (r: SizeRule, basis?: string): string =>
  basis === undefined
    ? `clamp(${r.min}px, ${+(r.share * 100).toFixed(4)}cqi, ${r.max}px)`
    : `clamp(${r.min}px, ${+r.share.toFixed(6)} * (${basis}), ${r.max}px)`;

/**
 * Two views that stack at the widget's full width below `from` px and stand side by side from
 * there, each half of the width less `gap` (the flex gap between them). The CSS side is a container
 * query at `from` in the widget's style, choosing between `viewWidthCss(r, false)` and `(r, true)`.
 */
export interface SideBySide {
  from: number;
  gap: number;
}

export const viewWidthAt = (r: SideBySide, width: number): number => (width >= r.from ? Math.floor((width - r.gap) / 2) : width);

export const viewWidthCss = (r: SideBySide, wide: boolean): string => (wide ? `(100cqi - ${r.gap}px) / 2` : '100cqi');

/** A style attribute that sets CSS custom properties (a widget's size rules, on its root). */
export const styleVars = (vars: Record<string, string>): string =>
  Object.entries(vars)
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');

/**
 * CSS custom properties for a widget whose sizes differ stacked and side by side: `--name` from
 * `sizes(false)` and `--name-wide` from `sizes(true)`, for the container query to choose between.
 */
export function stackedAndWide(sizes: (wide: boolean) => Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const wide of [false, true]) for (const [name, value] of Object.entries(sizes(wide))) out[`--${name}${wide ? '-wide' : ''}`] = value;
  return out;
}
