/**
 * The cached first paint (src/widgets/shared/first-paint.ts): the server's result travels in an
 * attribute and the client uses it instead of computing, only for the same key, and never a value
 * JSON would change. The theorem-2 widget's moments round-trip exactly.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { FirstPaint, exactInJson } from '../../../src/widgets/shared/first-paint.ts';
import { lossMoments, sampleLossTerms, summaryOf } from '../../../src/widgets/theorem2-check/losses.ts';
import { pathWithWidth, sampleTargets2D } from '../../../src/lib/core/index.ts';

/** A page with one element carrying `attribute` (the client's view of the server's HTML). */
function page(attribute: string | null) {
  (globalThis as { document?: unknown }).document = {
    getElementById: (id: string) => (id === 'w-first-paint' ? { getAttribute: () => attribute } : null),
  };
}
afterEach(() => {
  delete (globalThis as { document?: unknown }).document;
});

describe('FirstPaint', () => {
  it('the client reads the server’s value for the same key and computes for any other', () => {
    const server = new FirstPaint<{ x: number }>('w-first-paint', true);
    let computed = 0;
    expect(server.get('a', () => ({ x: 0.1 + 0.2 + computed++ }))).toEqual({ x: 0.1 + 0.2 });
    expect(server.attribute).toBe(JSON.stringify({ key: 'a', value: { x: 0.1 + 0.2 } }));
    page(server.attribute!);
    const client = new FirstPaint<{ x: number }>('w-first-paint', false);
    expect(client.attribute).toBe(server.attribute);
    expect(client.get('a', () => ({ x: computed++ }))).toEqual({ x: 0.30000000000000004 });
    expect(computed).toBe(1); // the server's one computation only
    expect(client.get('b', () => ({ x: computed++ }))).toEqual({ x: 1 });
    expect(client.get('b', () => ({ x: computed++ }))).toEqual({ x: 1 }); // kept per key
    expect(client.get('a', () => ({ x: computed++ }))).toEqual({ x: 2 }); // the old key is computed afresh
  });

  it('computes when the attribute is missing or unreadable', () => {
    for (const attr of [null, '', '{not json', '{"value": 1}', '{"key": "a"}']) {
      page(attr);
      const client = new FirstPaint<number>('w-first-paint', false);
      expect(
        client.get('a', () => 42),
        String(attr),
      ).toBe(42);
    }
  });

  it('the server writes no attribute for a value JSON would not carry exactly', () => {
    for (const value of [{ x: NaN }, { x: Infinity }, [new Float64Array(2)], { m: new Map() }]) {
      const server = new FirstPaint<unknown>('w-first-paint', true);
      server.get('a', () => value);
      expect(server.attribute).toBeUndefined();
    }
    expect(exactInJson({ a: [1, 'x', true, null, { b: -0.5 }] })).toBe(true);
  });

  it('the theorem-2 moments survive the trip: the summaries read from the page equal the computed ones', () => {
    const path = pathWithWidth('icfm', 0.1);
    const moments = lossMoments(sampleLossTerms(path, 'scaled', sampleTargets2D('moons', 8, 3), 8, 2, 500, 11));
    const server = new FirstPaint<typeof moments>('w-first-paint', true);
    server.get('k', () => moments);
    expect(server.attribute).toBeDefined();
    page(server.attribute!);
    const read = new FirstPaint<typeof moments>('w-first-paint', false).get('k', () => {
      throw new Error('recomputed');
    });
    const [a, b] = [summaryOf(read), summaryOf(moments)];
    for (const th of [-1, 0, 0.7, 2]) expect(a.at(th)).toEqual(b.at(th));
    expect([a.argminFM, a.argminCFM, a.constant, a.argminGap]).toEqual([b.argminFM, b.argminCFM, b.constant, b.argminGap]);
  });
});
