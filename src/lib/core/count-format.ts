/**
 * Whole numbers in the widgets and generated tables: thousands grouped by a thin space (a narrow
 * no-break space, U+202F) from five digits on, "50 000" as the chapters typeset "50\,000", so a count
 * reads alike in the prose, a widget and a table (widgets wrote "50,000"). Four digits stay whole
 * ("3072"), as the SI brochure allows; the prose groups a few. Without Intl: a page's first Intl call
 * loads its locale data, about 50 ms on the main thread here, and widgets format counts while they
 * hydrate.
 */

/** The separator between groups of three digits: a narrow no-break space. */
export const THOUSANDS = '\u202f';

/** A whole number, rounded, grouped by thousands from five digits on, with a real minus sign and no "−0" ('—' if not finite). */
export function fmtCount(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const digits = String(Math.round(Math.abs(n)));
  // Four digits stay whole ("3072"), as the SI brochure allows and the tables of the images chapter had them.
  const grouped = digits.length <= 4 ? digits : digits.replace(/\B(?=(\d{3})+(?!\d))/g, THOUSANDS);
  return n < 0 && grouped !== '0' ? `−${grouped}` : grouped;
}
