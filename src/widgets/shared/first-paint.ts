/**
 * A cached first paint (after Transformer Explainer): a widget whose first numbers take a long
 * computation has the server compute them for the settings it renders and write them into the page
 * (JSON in a `data-first-paint` attribute), and the hydrating client reads them back instead of
 * recomputing them while the page loads. Only a result that is a pure function of its key qualifies
 * (seeded, the same on every device up to the last bits: Math.sin, cos, exp and log differed in the
 * last bits for 3–10 % of 200 000 arguments between the build's Node 24 and Chromium 156, far below
 * what any readout shows). Any other key, a missing or unreadable attribute, or a value JSON cannot
 * carry exactly (a non-finite number, a typed array) means computing as usual.
 *
 * The attribute goes on an element rendered after everything that reads the value (the server
 * renders in order, so the value exists by then); the client renders the same string it read.
 * It also keeps the last result per key, so a setting that does not enter the key does not
 * recompute it.
 */
export class FirstPaint<T> {
  /** The `data-first-paint` attribute: on the server the first result, on the client what the server wrote. */
  attribute: string | undefined;
  private last: { key: string; value: T } | null = null;
  private readonly server: boolean;

  /** `elementId`: the id of the element that carries the attribute (the same on server and client). */
  constructor(elementId: string, server: boolean = typeof document === 'undefined') {
    this.server = server;
    if (server) return;
    this.attribute = document.getElementById(elementId)?.getAttribute('data-first-paint') ?? undefined;
    if (!this.attribute) return;
    try {
      const parsed = JSON.parse(this.attribute) as { key?: unknown; value?: unknown };
      if (typeof parsed.key === 'string' && parsed.value !== undefined) this.last = { key: parsed.key, value: parsed.value as T };
    } catch {
      this.last = null;
    }
  }

  /** The value for `key`: the last one if its key matches (the server's, first), else `compute()`. */
  get(key: string, compute: () => T): T {
    if (this.last?.key === key) return this.last.value;
    const value = compute();
    if (this.server && this.attribute === undefined && exactInJson(value)) this.attribute = JSON.stringify({ key, value });
    this.last = { key, value };
    return value;
  }
}

/** True when JSON carries the value exactly: plain objects, arrays, strings, booleans, finite numbers. */
export function exactInJson(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string' || typeof value === 'boolean' || value === null) return true;
  if (Array.isArray(value)) return value.every(exactInJson);
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) return Object.values(value).every(exactInJson);
  return false;
}
