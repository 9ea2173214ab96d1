/**
 * Drawn or imported 2D point sets in a URL. Coordinates are rounded to 1/100 (the drawing's
 * resolution is far coarser), clamped to ±327.67, delta-coded in drawing order (consecutive points
 * of a stroke are close, so most deltas fit one byte), zig-zag varint bytes, then base64url. A link
 * holds at most MAX_URL_CHARS characters of points per set; a bigger set is not written (the widget
 * says so and offers the CSV instead). Decoding never throws: garbage gives a message and no points.
 */

/** Most characters one encoded set may take in a link: about 2 200 brushed points, or 1 250 in random order (e.g. a CSV). */
export const MAX_URL_CHARS = 6000;
/** Most points a set may have, however it arrives (drawing, CSV, URL). */
export const MAX_POINTS = 4000;
const SCALE = 100;
const LIMIT = 32767;
const TAG = 'p1.';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function toBase64Url(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += B64[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

function fromBase64Url(s: string): number[] | null {
  if (s.length % 4 === 1) return null;
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const chunk = s.slice(i, i + 4);
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const v = k < chunk.length ? B64.indexOf(chunk[k]) : 0;
      if (v < 0) return null;
      n = (n << 6) | v;
    }
    const bytes = chunk.length - 1;
    for (let k = 0; k < bytes; k++) out.push((n >> (16 - 8 * k)) & 255);
  }
  return out;
}

const quantise = (v: number) => Math.max(-LIMIT, Math.min(LIMIT, Math.round(v * SCALE)));

/** The set (flat x,y pairs) as URL-safe text (any size; see `pointsForUrl` for the limit). */
export function encodePoints(points: ArrayLike<number>): string {
  const bytes: number[] = [];
  let px = 0;
  let py = 0;
  const n = Math.floor(points.length / 2);
  for (let i = 0; i < n; i++) {
    const qx = quantise(points[2 * i]);
    const qy = quantise(points[2 * i + 1]);
    for (const delta of [qx - px, qy - py]) {
      let z = delta >= 0 ? 2 * delta : -2 * delta - 1; // zig-zag: small magnitudes → small codes
      while (z >= 128) {
        bytes.push((z & 127) | 128);
        z = Math.floor(z / 128);
      }
      bytes.push(z);
    }
    px = qx;
    py = qy;
  }
  return TAG + toBase64Url(bytes);
}

export interface DecodedPoints {
  points: Float64Array;
  /** Why the text was rejected or cut (absent when it decoded cleanly). */
  problem?: string;
}

/** Points from `encodePoints` text. Never throws; a bad value gives no points and a message. */
export function decodePoints(text: unknown): DecodedPoints {
  const empty = (problem: string): DecodedPoints => ({ points: new Float64Array(0), problem });
  if (typeof text !== 'string' || !text.startsWith(TAG)) return empty('the drawn points in the link are not in a format this page reads');
  if (text.length > 2 * MAX_URL_CHARS) return empty('the drawn points in the link are longer than this page accepts');
  const bytes = fromBase64Url(text.slice(TAG.length));
  if (!bytes) return empty('the drawn points in the link are damaged (not base64url)');
  const coords: number[] = [];
  let z = 0;
  let shift = 1;
  for (const b of bytes) {
    z += (b & 127) * shift;
    if (b & 128) {
      shift *= 128;
      if (shift > 128 ** 3) return empty('the drawn points in the link are damaged (a number is too long)');
      continue;
    }
    coords.push(z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    z = 0;
    shift = 1;
  }
  if (shift !== 1 || coords.length % 2 !== 0) return empty('the drawn points in the link are cut short');
  const n = Math.min(MAX_POINTS, coords.length / 2);
  const out = new Float64Array(2 * n);
  let qx = 0;
  let qy = 0;
  for (let i = 0; i < n; i++) {
    qx += coords[2 * i];
    qy += coords[2 * i + 1];
    if (Math.abs(qx) > LIMIT || Math.abs(qy) > LIMIT) return empty('the drawn points in the link are out of range');
    out[2 * i] = qx / SCALE;
    out[2 * i + 1] = qy / SCALE;
  }
  return coords.length / 2 > MAX_POINTS
    ? { points: out, problem: `the link holds more than ${MAX_POINTS} points; the first ${MAX_POINTS} were kept` }
    : { points: out };
}

/** The text to put in a link, or null with the reason when the set is too big for one. */
export function pointsForUrl(points: ArrayLike<number>): { text: string | null; chars: number } {
  const text = encodePoints(points);
  return text.length > MAX_URL_CHARS ? { text: null, chars: text.length } : { text, chars: text.length };
}
