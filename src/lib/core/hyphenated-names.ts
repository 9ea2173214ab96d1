/**
 * The book's hyphenated names: I-CFM, OT-CFM, SB-CFM, 2-RF, CIFAR-10. A browser may break a line
 * after any hyphen, and "I-" at the end of a line with "CFM" on the next reads as two words. In a
 * widget's text Names.svelte puts each name in a span that does not wrap; in the chapters the
 * pipeline does (plugins/keep-names.ts). The text itself keeps its ASCII hyphens (a non-breaking hyphen, U+2011, would not be found by a search for "I-CFM", by a
 * test that reads a label, or in a copied label).
 */

/** Words joined by hyphens. */
const HYPHENATED = /(?<![\p{L}\p{N}])[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)+(?![\p{L}\p{N}])/gu;
/** A part in capitals or digits ("I", "CFM", "2", "10") makes the hyphenated words a name. */
const CAPS = /^[\p{Lu}\p{N}]+$/u;
/** The same two patterns on ASCII letters and digits, for texts where they decide alike (asciiDecides). */
const HYPHENATED_ASCII = /(?<![A-Za-z0-9])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?![A-Za-z0-9])/g;
const CAPS_ASCII = /^[A-Z0-9]+$/;

interface TextRun {
  text: string;
  /** A hyphenated name, to be kept on one line. */
  name: boolean;
}

/** The text cut into runs, each hyphenated name a run of its own ("σ (I-CFM path)": "σ (", "I-CFM", " path)"). */
export function nameRuns(text: string): TextRun[] {
  // Most labels hold no name: answer them without the Unicode regex (compiling it on first use was a
  // visible part of a widget's hydration). Exact, not a guess: see mayHoldName.
  if (!mayHoldName(text)) return text ? [{ text, name: false }] : [];
  // Compiling the Unicode-property pattern is itself a few milliseconds on a phone, and labels such
  // as "σ (I-CFM path)" only need the ASCII one.
  const ascii = asciiDecides(text);
  const runs: TextRun[] = [];
  let at = 0;
  for (const m of text.matchAll(ascii ? HYPHENATED_ASCII : HYPHENATED)) {
    if (!m[0].split('-').some((part) => (ascii ? CAPS_ASCII : CAPS).test(part))) continue;
    if (m.index > at) runs.push({ text: text.slice(at, m.index), name: false });
    runs.push({ text: m[0], name: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), name: false });
  return runs;
}

/**
 * False only when `text` certainly holds no name. A name has a part in capitals or digits next to
 * one of its hyphens, so some hyphen has a capital or a digit beside it; an ASCII character there
 * is checked exactly, any other one (σ, Δ, ₀) sends the text to the regex.
 */
export function mayHoldName(text: string): boolean {
  for (let i = text.indexOf('-'); i !== -1; i = text.indexOf('-', i + 1)) {
    for (const c of [text[i - 1], text[i + 1]]) {
      if (c === undefined) continue;
      if (c > '\x7f' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) return true;
    }
  }
  return false;
}

/**
 * True when the ASCII patterns find exactly the names the Unicode ones do: no character outside ASCII
 * stands beside a hyphen or an ASCII letter or digit. Then no hyphenated word can hold such a
 * character (walking from it along the word reaches an ASCII hyphen, and the first ASCII character
 * met sits beside a non-ASCII one), nor have one as the letter before or after it; on ASCII letters
 * and digits [\p{L}\p{N}] is [A-Za-z0-9] and [\p{Lu}\p{N}] is [A-Z0-9].
 */
export function asciiDecides(text: string): boolean {
  const plain = (c: string | undefined) =>
    c !== undefined && (c === '-' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f && (plain(text[i - 1]) || plain(text[i + 1]))) return false;
  return true;
}
