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

interface TextRun {
  text: string;
  /** A hyphenated name, to be kept on one line. */
  name: boolean;
}

/** The text cut into runs, each hyphenated name a run of its own ("σ (I-CFM path)": "σ (", "I-CFM", " path)"). */
export function nameRuns(text: string): TextRun[] {
  // Most labels have no hyphen: skip the Unicode regex (its first use compiles it, on the page's thread).
  if (!text.includes('-')) return text ? [{ text, name: false }] : [];
  const runs: TextRun[] = [];
  let at = 0;
  for (const m of text.matchAll(HYPHENATED)) {
    if (!m[0].split('-').some((part) => CAPS.test(part))) continue;
    if (m.index > at) runs.push({ text: text.slice(at, m.index), name: false });
    runs.push({ text: m[0], name: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at), name: false });
  return runs;
}
