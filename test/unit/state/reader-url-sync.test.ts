/**
 * URL sync of widget settings (src/widgets/shared/url-sync.ts) with a fake location: two widgets
 * changed within the debounce both reach the URL (walkthrough finding 23), a mouse hover writes
 * nothing (22), plain names work on a standalone widget page (22), and viewUrl is this exact view.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Schema } from '../../../src/lib/state/settings.ts';
import { readSettingsFromLocation, viewUrl, writeSettingsToLocation } from '../../../src/widgets/shared/url-sync.ts';

const schema = {
  nfe: { kind: 'int', default: 8, min: 1, max: 64, label: 'NFE' },
  t: { kind: 'number', default: 0.5, min: 0, max: 1, label: 't' },
} satisfies Schema;

let url: URL;
let currentEvent: unknown;
class FakePointerEvent {
  constructor(
    readonly type: string,
    readonly buttons: number,
  ) {}
}

beforeEach(() => {
  vi.useFakeTimers();
  url = new URL('https://book.test/chapters/x/?keep=1#figure-a');
  currentEvent = undefined;
  const location = {
    get search() {
      return url.search;
    },
    get pathname() {
      return url.pathname;
    },
    get hash() {
      return url.hash;
    },
    get href() {
      return url.href;
    },
  };
  vi.stubGlobal('location', location);
  vi.stubGlobal('history', { state: null, replaceState: (_s: unknown, _t: string, to: string) => (url = new URL(to, url)) });
  vi.stubGlobal('PointerEvent', FakePointerEvent);
  vi.stubGlobal('window', {
    setTimeout: (f: () => void, ms: number) => setTimeout(f, ms),
    get event() {
      return currentEvent;
    },
  });
  vi.stubGlobal('document', { querySelector: () => null });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('url-sync', () => {
  it('keeps both widgets’ changes made within the debounce delay', () => {
    writeSettingsToLocation(schema, { nfe: 16, t: 0.5 }, 'a');
    vi.advanceTimersByTime(50);
    writeSettingsToLocation(schema, { nfe: 4, t: 0.5 }, 'b');
    vi.advanceTimersByTime(200);
    expect(url.searchParams.get('a.nfe')).toBe('16');
    expect(url.searchParams.get('b.nfe')).toBe('4');
    expect(url.searchParams.get('keep')).toBe('1');
    expect(url.hash).toBe('#figure-a');
  });

  it('writes nothing while a mouse only hovers, and writes a pressed drag', () => {
    currentEvent = new FakePointerEvent('pointermove', 0);
    writeSettingsToLocation(schema, { nfe: 8, t: 0.9 }, 'a');
    vi.advanceTimersByTime(200);
    expect(url.searchParams.has('a.t')).toBe(false);
    currentEvent = new FakePointerEvent('pointermove', 1);
    writeSettingsToLocation(schema, { nfe: 8, t: 0.9 }, 'a');
    vi.advanceTimersByTime(200);
    expect(url.searchParams.get('a.t')).toBe('0.9');
  });

  it('reads plain names only on a standalone widget page, the prefixed name winning', () => {
    url = new URL('https://book.test/widgets/x/?nfe=32&t=0.25&a.t=0.75');
    expect(readSettingsFromLocation(schema, 'a').settings).toEqual({ nfe: 8, t: 0.75 });
    vi.stubGlobal('document', { querySelector: (s: string) => (s === '[data-widget-page]' ? {} : null) });
    expect(readSettingsFromLocation(schema, 'a').settings).toEqual({ nfe: 32, t: 0.75 });
  });

  it('viewUrl carries the current values (a hovered probe too) and the figure anchor', () => {
    currentEvent = new FakePointerEvent('pointermove', 0);
    writeSettingsToLocation(schema, { nfe: 8, t: 0.3 }, 'a');
    const v = new URL(viewUrl(schema, { nfe: 8, t: 0.3 }, 'a', 'figure-b'));
    expect(v.searchParams.get('a.t')).toBe('0.3');
    expect(v.searchParams.get('keep')).toBe('1');
    expect(v.hash).toBe('#figure-b');
  });
});
