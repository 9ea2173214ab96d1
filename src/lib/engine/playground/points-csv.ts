/**
 * CSV of 2D points → a point set, validated: at most MAX_CSV_BYTES of text and MAX_POINTS rows of
 * points; separators comma, semicolon, tab or spaces; the first two fields of a row are x and y; a
 * first row that is not numeric is a header; empty lines and lines starting with # are skipped;
 * every other row that is not two finite numbers within ±COORD_LIMIT is reported with its line
 * number (the first few, then a count). Never throws.
 */
import { fmtCount } from '../../core/count-format.ts';
import { MAX_POINTS } from './points-url.ts';

export const MAX_CSV_BYTES = 1_000_000;
export const COORD_LIMIT = 100;
const SHOWN = 5;

export interface CsvPoints {
  points: Float64Array;
  /** Messages for the reader, each naming its line numbers. */
  problems: string[];
  /** Rows that became points, and rows rejected. */
  accepted: number;
  rejected: number;
}

export function parsePointsCsv(text: string): CsvPoints {
  if (text.length > MAX_CSV_BYTES) {
    return {
      points: new Float64Array(0),
      problems: [`the file has ${fmtCount(text.length)} characters; the limit is ${fmtCount(MAX_CSV_BYTES)}`],
      accepted: 0,
      rejected: 0,
    };
  }
  const lines = text.split(/\r\n|\n|\r/);
  const coords: number[] = [];
  const bad: string[] = [];
  let rejected = 0;
  let sawData = false;
  let overflow = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s*[,;\t]\s*|\s+/).filter((f) => f !== '');
    const x = Number(fields[0]);
    const y = Number(fields[1]);
    const numeric = fields.length >= 2 && fields[0] !== '' && Number.isFinite(x) && Number.isFinite(y);
    if (!numeric && !sawData && /[a-z]/i.test(line) && coords.length === 0 && bad.length === 0) {
      sawData = true; // a header row
      continue;
    }
    sawData = true;
    if (!numeric) {
      rejected++;
      if (bad.length < SHOWN) bad.push(`line ${i + 1}: “${line.slice(0, 40)}” is not two numbers`);
      continue;
    }
    if (Math.abs(x) > COORD_LIMIT || Math.abs(y) > COORD_LIMIT) {
      rejected++;
      if (bad.length < SHOWN) bad.push(`line ${i + 1}: (${x}, ${y}) is outside ±${COORD_LIMIT}`);
      continue;
    }
    if (coords.length >= 2 * MAX_POINTS) {
      overflow++;
      continue;
    }
    coords.push(x, y);
  }
  const problems = [...bad];
  if (rejected > bad.length) problems.push(`${rejected - bad.length} more rows were skipped`);
  if (overflow) problems.push(`only the first ${MAX_POINTS} points were kept (${overflow} more in the file)`);
  if (coords.length === 0 && problems.length === 0) problems.push('the file has no points (two numbers per row: x, y)');
  return { points: Float64Array.from(coords), problems, accepted: coords.length / 2, rejected };
}

/** Points (flat x,y) as CSV text with a header row. */
export function pointsToCsv(points: ArrayLike<number>, header = 'x,y'): string {
  const rows = [header];
  for (let i = 0; i + 1 < points.length; i += 2) rows.push(`${+points[i].toFixed(5)},${+points[i + 1].toFixed(5)}`);
  return rows.join('\n') + '\n';
}

/**
 * Trajectories as CSV rows `particle,step,t,x,y`: frames[f] holds all particles (m × 2) at times[f].
 */
export function trajectoriesToCsv(times: ArrayLike<number>, frames: ArrayLike<number>, m: number): string {
  const rows = ['particle,step,t,x,y'];
  for (let q = 0; q < m; q++)
    for (let f = 0; f < times.length; f++) {
      const o = 2 * (f * m + q);
      rows.push(`${q},${f},${+Number(times[f]).toFixed(5)},${+Number(frames[o]).toFixed(5)},${+Number(frames[o + 1]).toFixed(5)}`);
    }
  return rows.join('\n') + '\n';
}
