/** Number formatting for widget readouts (a real minus sign, no "-0", superscript exponents). */

/** Formats a number for readouts: fixed digits, a real minus sign, no "-0". */
export function fmt(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return '—';
  const s = (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits);
  return s.replace('-', '−');
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** Scientific notation for tiny differences: "2.8·10⁻¹⁷". */
export function fmtSci(v: number, digits = 1): string {
  if (!Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const [mant, exp] = v.toExponential(digits).split('e');
  const e = String(Number(exp))
    .split('')
    .map((ch) => SUPERSCRIPT[ch] ?? ch)
    .join('');
  return `${mant.replace('-', '−')}·10${e}`;
}

export { fmtCount } from '../../lib/core/count-format.ts';
