/**
 * Walkthrough finding 30: Pagefind shortens a query word until some indexed word starts with it, so
 * "xyzzy" found every page with the variable "x". The search page filters through
 * public/pagefind-strict/ (see pagefind.js there); this is its word test. The built search is checked
 * in test/e2e/site.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { agrees, markedWords, normalise } from '../../../public/pagefind-strict/match.js';

describe('bounded backtracking of the search', () => {
  it('rejects highlighted words that share only a short prefix with the query word', () => {
    expect(agrees('x', 'xyzzy')).toBe(false);
    expect(agrees('sd', 'sdafadsfasdf')).toBe(false);
    expect(agrees('intermediate', 'inverse')).toBe(false); // common "in": two letters
    expect(agrees('flow', 'florence')).toBe(false); // three of eight
    expect(agrees('od', 'ode')).toBe(false);
  });

  it('accepts prefixes (typing), the word itself, and what stemming leaves of it', () => {
    expect(agrees('fluxes', 'flux')).toBe(true);
    expect(agrees('ode', 'ode')).toBe(true);
    expect(agrees('flux', 'fluxes')).toBe(true);
    expect(agrees('matches', 'matching')).toBe(true); // stem "match"
    expect(agrees('generalisation', 'generalization')).toBe(true);
    expect(agrees('diffusion', 'diffusing')).toBe(true);
  });

  it('reads the highlighted words of an excerpt, normalised', () => {
    expect(markedWords('a <mark>(x,</mark> t) and <mark>Fluxes.</mark> <mark></mark>')).toEqual(['x', 'fluxes']);
    expect(markedWords('no marks')).toEqual([]);
    expect(normalise('Théorème-1')).toBe('théorème1');
  });
});
