import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isDark } from '../../../src/lib/viz/palette.ts';

describe('isDark', () => {
  it("tells the themes apart by tokens.css's backgrounds", () => {
    const css = readFileSync('src/styles/book/tokens.css', 'utf8');
    const bgs = [...css.matchAll(/--bg:\s*(#[0-9a-f]{6})/gi)].map((m) => m[1]);
    expect(bgs).toEqual(['#ffffff', '#131418', '#131418']);
    expect(bgs.map((bg) => isDark({ bg }))).toEqual([false, true, true]);
  });

  it('reads a colour it cannot parse as light', () => {
    expect(isDark({ bg: 'oklch(0.2 0 0)' })).toBe(false);
    expect(isDark({ bg: ' #121316 ' })).toBe(true);
  });
});
