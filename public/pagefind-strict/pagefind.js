/**
 * Pagefind's search with its query backtracking bounded. When no indexed word starts with a query
 * word, Pagefind shortens the word until one does (Pagefind/pagefind#599, no limit in 1.6), so
 * "xyzzy" finds every page with the variable "x". The search page loads this module instead of
 * Pagefind's (PagefindUI's bundlePath, src/plugins/csp.ts): it re-exports Pagefind and, when the
 * best result's highlighted words share too little with every query word (a common prefix shorter
 * than half the word and than three letters; stemming, as in "matching" → "match", stays well
 * within that), answers with no results. A plain, unbundled module: it must sit next to Pagefind's
 * files in dist/, which Pagefind writes after the site is built.
 */
import * as pagefind from '../pagefind/pagefind.js';
import { agrees, markedWords, normalise } from './match.js';

export const { createInstance, debouncedSearch, destroy, filters, init, mergeIndex, options, preload } = pagefind;

export async function search(term, opts) {
  const res = await pagefind.search(term, opts);
  if (typeof term !== 'string' || !res || !Array.isArray(res.results) || res.results.length === 0) return res;
  const words = term.split(/\s+/).map(normalise).filter(Boolean);
  if (words.length === 0) return res;
  const marked = markedWords((await res.results[0].data()).excerpt);
  if (marked.length === 0) return res; // matched in its title or metadata: nothing to check
  if (marked.some((w) => words.some((q) => agrees(w, q)))) return res;
  return { ...res, results: [], unfilteredResultCount: 0 };
}
