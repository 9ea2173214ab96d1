/**
 * Drawn point sets in the page's URL, next to the settings: `<id>-source` and `<id>-target` (outside
 * the `<id>.` namespace the settings own), written with history.replaceState, read once on mount.
 * Used by the playground and train-cfm; the encoding is engine/playground/points-url.ts.
 */
import { decodePoints, pointsForUrl, MAX_URL_CHARS } from '../../lib/engine/playground/points-url.ts';

export type Which = 'source' | 'target';

export function readDrawnFromUrl(id: string): { sets: Partial<Record<Which, Float64Array>>; problems: string[] } {
  const params = new URLSearchParams(location.search);
  const sets: Partial<Record<Which, Float64Array>> = {};
  const problems: string[] = [];
  for (const which of ['source', 'target'] as const) {
    const raw = params.get(`${id}-${which}`);
    if (raw === null) continue;
    const got = decodePoints(raw);
    if (got.problem) problems.push(`${which}: ${got.problem}`);
    if (got.points.length) sets[which] = got.points;
  }
  return { sets, problems };
}

/**
 * Writes both sets (or removes them); returns a message for each set too big for a link (it is
 * then left out, and the message ends with `instead`: where else the reader can share it).
 */
export function writeDrawnToUrl(
  id: string,
  sets: Partial<Record<Which, Float64Array>>,
  instead = 'export it as CSV to share it',
): string[] {
  const params = new URLSearchParams(location.search);
  const messages: string[] = [];
  for (const which of ['source', 'target'] as const) {
    const pts = sets[which];
    const key = `${id}-${which}`;
    if (!pts || pts.length === 0) {
      params.delete(key);
      continue;
    }
    const { text, chars } = pointsForUrl(pts);
    if (text) params.set(key, text);
    else {
      params.delete(key);
      messages.push(
        `the drawn ${which} (${pts.length / 2} points) needs ${chars} characters, more than the ${MAX_URL_CHARS} a link holds: it is not in the link; ${instead}`,
      );
    }
  }
  const s = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${s ? `?${s}` : ''}${location.hash}`);
  return messages;
}
