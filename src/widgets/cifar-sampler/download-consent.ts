/**
 * When the sampler asks before it downloads the checkpoint's weights (≈ 2 MB): the reader has asked
 * for less data (Save-Data: `navigator.connection.saveData`, Chromium-based browsers), the connection
 * reports itself slow (`effectiveType` 2g or 3g), or the device looks like a phone — a coarse primary
 * pointer (touch) on a screen at most 760 CSS pixels wide, the width below which the book's layout is
 * single-column. Desktop browsers without Save-Data never ask (sampling still starts only when the
 * reader presses Generate). Weights already in Cache Storage are never asked about: nothing downloads.
 */

interface NetworkInformationLike {
  saveData?: boolean;
  effectiveType?: string;
}

export interface DownloadAsk {
  ask: boolean;
  /** Why, in words for the note under the button ('' when not asking). */
  why: string;
}

/**
 * The phone test as a media query: a coarse primary pointer on a screen at most 760 CSS pixels wide.
 * The script asks it through matchMedia; before the island hydrates, the page's CSS asks the same
 * query (Widget.svelte, `.on-phone` and `.off-phone`; a unit test checks the two agree), so the
 * server's HTML already shows the phone's button and note and nothing moves as it hydrates.
 */
export const PHONE_QUERY = '(pointer: coarse) and (max-width: 760px)';
export const PHONE_WHY = 'This looks like a phone';

/**
 * A text that differs by device: one string once the script has decided, or one per kind of device
 * before it has (the CSS shows one of the two).
 */
export type DeviceText = string | { phone: string; other: string };

export function downloadAsk(): DownloadAsk {
  if (typeof navigator === 'undefined') return { ask: false, why: '' };
  const connection = (navigator as Navigator & { connection?: NetworkInformationLike }).connection;
  if (connection?.saveData) return { ask: true, why: 'Your browser asks sites to save data (Save-Data)' };
  if (connection?.effectiveType && /^(slow-2g|2g|3g)$/.test(connection.effectiveType)) {
    return { ask: true, why: `Your connection reports itself slow (${connection.effectiveType})` };
  }
  const phone = typeof matchMedia !== 'undefined' && matchMedia(PHONE_QUERY).matches;
  if (phone) return { ask: true, why: PHONE_WHY };
  return { ask: false, why: '' };
}

/** Megabytes (10⁶ bytes) with one decimal, as the download button says them. */
export function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * Whether this browser's Cache Storage holds the weights of the checkpoint folder `folderUrl` in the
 * version its metadata.json lists (then pressing the button downloads nothing, so nothing is asked).
 * Reads metadata.json (a few KB); the cache module is imported only here, keeping SHA-256 code out of
 * the widget's island.
 */
/** What the widget says while the weights come: read from Cache Storage, or downloaded so far. */
export function weightsPhase(loaded: number, total: number, source: 'cache' | 'network' | undefined): string {
  return source === 'cache'
    ? 'weights read from this browser’s cache, sha256-checked'
    : `downloading the weights: ${megabytes(loaded)} of ${megabytes(total)} (sha256-checked, then kept in this browser’s cache)`;
}

export async function weightsCached(folderUrl: string): Promise<boolean> {
  try {
    const res = await fetch(`${folderUrl}metadata.json`);
    if (!res.ok) return false;
    const meta = (await res.json()) as { weights?: { shards?: { file: string; bytes: number; sha256: string }[] } };
    const { checkpointCached } = await import('../../lib/engine/cifar/weights-cache.ts');
    return await checkpointCached(folderUrl, meta.weights?.shards ?? []);
  } catch {
    return false; // offline or no Cache Storage: the button keeps asking
  }
}
