/**
 * When the CIFAR sampler asks before downloading its weights, and the phone test shared by its
 * script (matchMedia) and its CSS (the server's HTML shows the phone's button before hydration).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { downloadAsk, megabytes, PHONE_QUERY, PHONE_WHY } from '../../../src/widgets/cifar-sampler/download-consent.ts';

/** A browser whose media queries match exactly `matching`, with `connection` on its navigator. */
function browser(matching: string[], connection?: { saveData?: boolean; effectiveType?: string }) {
  vi.stubGlobal('navigator', { connection });
  vi.stubGlobal('matchMedia', (q: string) => ({ matches: matching.includes(q) }));
}

describe('download consent', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('a phone asks, because it looks like one', () => {
    browser([PHONE_QUERY]);
    expect(downloadAsk()).toEqual({ ask: true, why: PHONE_WHY });
  });

  it('a desktop does not ask, unless it asks to save data or reports a slow connection', () => {
    browser([]);
    expect(downloadAsk()).toEqual({ ask: false, why: '' });
    browser([], { saveData: true });
    expect(downloadAsk().why).toMatch(/Save-Data/);
    browser([], { effectiveType: '3g' });
    expect(downloadAsk().why).toMatch(/slow \(3g\)/);
    browser([], { effectiveType: '4g' });
    expect(downloadAsk().ask).toBe(false);
  });

  it("the page's CSS asks the script's phone query", () => {
    const css = readFileSync(new URL('../../../src/widgets/cifar-sampler/DeviceText.svelte', import.meta.url), 'utf8');
    expect(css).toContain(`@media ${PHONE_QUERY} {`);
  });

  it('sizes in megabytes with one decimal', () => {
    expect(megabytes(2_123_456)).toBe('2.1 MB');
  });
});
