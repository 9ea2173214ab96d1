/**
 * The word test of pagefind.js, without its import of Pagefind (unit-tested on its own):
 * test/unit/reader/search-strict.test.ts.
 */
export const normalise = (s) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/** Whether a highlighted word `w` can be a match of the query word `q` (both normalised). */
export function agrees(w, q) {
  if (!w || !q) return false;
  if (w.startsWith(q)) return true;
  let c = 0;
  while (c < w.length && c < q.length && w[c] === q[c]) c++;
  return c >= 3 && c >= Math.ceil(q.length / 2);
}

/** The highlighted words of an excerpt (Pagefind marks them with <mark>). */
export function markedWords(excerpt) {
  return [...String(excerpt).matchAll(/<mark>([\s\S]*?)<\/mark>/g)].map((m) => normalise(m[1])).filter(Boolean);
}
