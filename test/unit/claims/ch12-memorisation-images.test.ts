/**
 * Claims of chapter 12's "On images" paragraph about the network half of the memorisation figure: each
 * block quotes the sentence it backs and recomputes its numbers from the offline search
 * (src/widgets/memorisation/full-neighbours.json, read with fs) and the checkpoint catalogue.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const CHAPTER = readFileSync(join(ROOT, 'content/chapters/12-generalization.mdx'), 'utf8').replace(/\s+/g, ' ');
const full = JSON.parse(readFileSync(join(ROOT, 'src/widgets/memorisation/full-neighbours.json'), 'utf8'));
const index = JSON.parse(readFileSync(join(ROOT, 'public/checkpoints/index.json'), 'utf8'));
const entry = index.checkpoints.find((c: { name: string }) => c.name === index.default);
const metadata = JSON.parse(readFileSync(join(ROOT, 'public/checkpoints', index.default, 'metadata.json'), 'utf8'));

function quotes(sentence: string): void {
  expect(CHAPTER.includes(sentence.replace(/\s+/g, ' ')), `chapter 12 no longer contains: ${sentence}`).toBe(true);
}
const median = (a: number[]): number => {
  const s = [...a].sort((x, y) => x - y);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};
const one = (x: number): string => x.toFixed(1);
const all = (key: 'distance' | 'distance256'): number[] => full.seeds.flatMap((e: Record<string, number[]>) => e[key]);

describe('chapter 12, on images: the network samples against all 50 000 training images', () => {
  it('seeds 1 to 16, searched among all 50 000, 128 samples', () => {
    quotes('For the seeds $1$ to $16$ that image was searched offline among all $50\\,000$ training images');
    expect(full.seeds.map((e: { seed: number }) => e.seed)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(full.trainImages).toBe(50_000);
    quotes('Over those $128$ samples');
    expect(all('distance')).toHaveLength(128);
  });

  it('median 17.2, smallest 8.2; training images 18.9 from each other: no copy', () => {
    const d = all('distance');
    quotes(`the median distance to the nearest training image is $${one(median(d))}$, and the smallest is $${one(Math.min(...d))}$`);
    expect(one(median(d))).toBe('17.2');
    quotes(
      `a training image lies at a median distance of $${one(full.scale.medianToNearestOther)}$ from its nearest *other* training image`,
    );
    expect(one(full.scale.medianToNearestOther)).toBe('18.9');
    // "about as far … as its members are from one another: none is a copy": within 20 % of the
    // training set's own spacing, and the nearest sample far from 0 (a copy, after JPEG, is < 1).
    expect(Math.abs(median(d) / full.scale.medianToNearestOther - 1)).toBeLessThan(0.2);
    expect(Math.min(...d)).toBeGreaterThan(5);
  });

  it('searching only the 256 overstates both medians by about 3', () => {
    const d256 = median(all('distance256'));
    quotes(`would have overstated both medians by about $3$ ($${one(d256)}$ and $${one(full.scale.medianToNearestOther256)}$)`);
    for (const gap of [d256 - median(all('distance')), full.scale.medianToNearestOther256 - full.scale.medianToNearestOther]) {
      expect(gap).toBeGreaterThan(2.5);
      expect(gap).toBeLessThan(3.5);
    }
  });

  it('the checkpoint: 1.05 million parameters, 22 epochs, sampled without a class label', () => {
    quotes('The checkpoint is a small network ($1.05$ million parameters, $22$ epochs)');
    expect((entry.parameters / 1e6).toFixed(2)).toBe('1.05');
    expect(Math.floor(metadata.training.epochs)).toBe(22);
    expect(full.checkpoint).toBe(index.default);
    expect(entry.conditional).toBe(true);
  });
});
