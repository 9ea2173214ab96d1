/**
 * Claims of chapter 11's quality section about the default checkpoint's table: how the Fréchet distance
 * and the class agreement move with NFE and with the guidance weight w, and how far two noise draws of
 * the same scores differ. Each block quotes the sentence it backs and checks it against the raw
 * metadata.json (read with fs, independently of the components that render the table).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { samplerSchema } from '../../../src/widgets/cifar-sampler/settings.ts';

const ROOT = join(__dirname, '../../..');
const CHAPTER = readFileSync(join(ROOT, 'content/chapters/11-images.mdx'), 'utf8').replace(/\s+/g, ' ');
const meta = (name: string): any => JSON.parse(readFileSync(join(ROOT, 'public/checkpoints', name, 'metadata.json'), 'utf8'));
const DEFAULT = JSON.parse(readFileSync(join(ROOT, 'public/checkpoints/index.json'), 'utf8')).default as string;

function quotes(sentence: string): void {
  expect(CHAPTER.includes(sentence.replace(/\s+/g, ' ')), `chapter 11 no longer contains: ${sentence}`).toBe(true);
}

/** The Euler run at (nfe, w) of a quality record, which must exist. */
function run(q: any, nfe: number, w: number): any {
  const r = q.runs.find((x: any) => x.solver === 'euler' && x.nfe === nfe && x.guidance === w);
  expect(r, `no Euler run at ${nfe} NFE, w = ${w}`).toBeDefined();
  return r;
}

const q = meta(DEFAULT).metrics.quality;
const W = [0, 1, 2, 3, 4];

describe('chapter 11: the quality table of the default checkpoint', () => {
  it('the widget samples at w = 2 with 20 Euler steps, the column the NFE claims read', () => {
    expect(samplerSchema.solver.default).toBe('euler');
    expect(samplerSchema.nfe.default).toBe(20);
    expect(samplerSchema.guidance.default).toBe(2);
  });

  it('"from $10$ to $20$ Euler steps the distance falls by about a sixth, from $20$ to $50$ by about 2%"', () => {
    quotes('from $10$ to $20$ Euler steps the distance falls by about a sixth, from $20$ to $50$ by about 2%');
    const [a, b, c] = [10, 20, 50].map((n) => run(q, n, 2));
    for (const r of [a, b, c]) expect(r.fd_n).toBe(10000);
    expect(1 - b.fd / a.fd).toBeGreaterThan(1 / 6 - 0.03);
    expect(1 - b.fd / a.fd).toBeLessThan(1 / 6 + 0.03);
    expect(1 - c.fd / b.fd).toBeGreaterThan(0.01);
    expect(1 - c.fd / b.fd).toBeLessThan(0.03);
  });

  it('"agreement rises with every step up in $w$, from the chance level of one in ten at $w = 0$ … to about nine in ten at $w = 4$"', () => {
    quotes('agreement rises with every step up in $w$, from the chance level of one in ten at $w = 0$');
    quotes('to about nine in ten at $w = 4$');
    const agree = W.map((w) => run(q, 20, w).agreement.overall);
    for (const w of W) expect(run(q, 20, w).agreement_n).toBe(1000);
    for (let i = 1; i < agree.length; i++) expect(agree[i]).toBeGreaterThan(agree[i - 1]);
    // one in ten: within two binomial standard errors of 0.1 at n = 1000 (±0.019)
    expect(Math.abs(agree[0] - 0.1)).toBeLessThan(2 * Math.sqrt(0.09 / 1000));
    expect(agree[4]).toBeGreaterThan(0.85);
    expect(agree[4]).toBeLessThan(0.95);
  });

  it('"The Fréchet distance first falls and then rises again, with its lowest value at $w = 3$"', () => {
    quotes('The Fréchet distance first falls and then rises again, with its lowest value at $w = 3$');
    const fds = W.map((w) => run(q, 20, w).fd);
    const best = fds.indexOf(Math.min(...fds));
    expect(W[best]).toBe(3);
    for (let i = 1; i <= best; i++) expect(fds[i]).toBeLessThan(fds[i - 1]);
    for (let i = best + 1; i < fds.length; i++) expect(fds[i]).toBeGreaterThan(fds[i - 1]);
  });

  it('"Guided samples can score above the ceiling" (and do, at w = 4)', () => {
    quotes('Guided samples can score above the ceiling.');
    expect(run(q, 20, 4).agreement.overall).toBeGreaterThan(q.ceiling_test_images.overall);
  });

  it('two noise draws: "differ by less than $0.01$ at $10$ and $20$ NFE", "differ by $0.05$ at $20$ NFE" for the GPU checkpoint', () => {
    quotes("the same scores from samples drawn on this book's CPU, from other noise, differ by less than $0.01$ at $10$ and $20$ NFE");
    quotes('For the GPU checkpoint of the recipe section the two draws differ by $0.05$ at $20$ NFE');
    expect(q.scored_on.samples).toMatch(/H200/);
    const second = meta(DEFAULT).metrics.quality_second_draw;
    expect(second.classifier_sha256).toBe(q.classifier_sha256);
    expect(second.scored_on.samples).toMatch(/^cpu/);
    for (const nfe of [10, 20]) {
      const d = Math.abs(run(second, nfe, 2).fd - run(q, nfe, 2).fd);
      expect(d).toBeLessThan(0.01);
    }
    const gpu = meta('cifar10-cond-ot-gpu').metrics;
    expect(gpu.quality_second_draw.classifier_sha256).toBe(q.classifier_sha256);
    const gap = Math.abs(run(gpu.quality_second_draw, 20, 2).fd - run(gpu.quality, 20, 2).fd);
    expect(gap.toFixed(2)).toBe('0.05');
  });

  it('the bar of issue 11: FD at 10, 20 and 50 NFE with 10 000 samples, the floor, accuracy ≥ 80%, agreement ≥ 60%', () => {
    for (const n of [10, 20, 50]) expect(run(q, n, 2).fd_n).toBe(10000);
    expect(q.floor_train_vs_test).toBeGreaterThan(0);
    expect(q.floor_train_vs_test).toBeLessThan(run(q, 50, 2).fd);
    expect(q.classifier_test_accuracy).toBeGreaterThanOrEqual(0.8);
    expect(run(q, 20, 2).agreement.overall).toBeGreaterThanOrEqual(0.6);
    expect(q.metric).toMatch(/NOT Inception FID/);
  });
});
