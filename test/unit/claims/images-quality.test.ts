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
import { checkpointMetadata, qualityFact } from '../../../src/components/images/checkpoint-facts.ts';

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

  it('"from $10$ to $20$ Euler steps the distance falls by more than a quarter, from $20$ to $50$ by less than a tenth"', () => {
    quotes('from $10$ to $20$ Euler steps the distance falls by more than a quarter, from $20$ to $50$ by less than a tenth');
    quotes("so the widget's $20$ steps take most of what more steps can give, at two fifths of the cost of $50$");
    const [a, b, c] = [10, 20, 50].map((n) => run(q, n, 2));
    for (const r of [a, b, c]) expect(r.fd_n).toBe(10000);
    expect(1 - b.fd / a.fd).toBeGreaterThan(0.25);
    expect(1 - b.fd / a.fd).toBeLessThan(1 / 3);
    expect(1 - c.fd / b.fd).toBeGreaterThan(0);
    expect(1 - c.fd / b.fd).toBeLessThan(0.1);
    // "most of what more steps can give": the gain from 10 to 20 exceeds the gain from 20 to 50
    expect(a.fd - b.fd).toBeGreaterThan(b.fd - c.fd);
    expect(20 / 50).toBe(2 / 5);
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

  it('two noise draws: "differ by less than $0.01$ at $10$ and $20$ NFE" (the model the default started from), "differ by $0.05$ at $20$ NFE" for the GPU checkpoint', () => {
    quotes(
      "For the CPU model the default started from, the same scores from samples drawn on this book's CPU, from other noise, differ by less than $0.01$ at $10$ and $20$ NFE",
    );
    quotes('for the GPU checkpoint of the recipe section the two draws differ by $0.05$ at $20$ NFE');
    expect(q.scored_on.samples).toMatch(/H200/);
    const before = meta(DEFAULT).metrics.before_gpu_session;
    expect(before.quality.scored_on.samples).toMatch(/H200/);
    const second = before.quality_second_draw;
    expect(second.classifier_sha256).toBe(q.classifier_sha256);
    expect(second.scored_on.samples).toMatch(/^cpu/);
    expect(before.quality.weights_sha256).toEqual(before.weights_sha256);
    for (const nfe of [10, 20]) {
      const d = Math.abs(run(second, nfe, 2).fd - run(before.quality, nfe, 2).fd);
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

  it('the lease that chose the default: "The continued one won on both scores", against the fresh candidates and the model it started from', () => {
    quotes('A second lease trained three candidates side by side for six minutes each: two fresh ones, with batches of $128$ and $256$');
    quotes('The continued one won on both scores');
    quotes('That is not a fair race, since it started nine epochs ahead');
    const m = meta(DEFAULT);
    const mine = run(q, 20, 2);
    const others = [m.metrics.selection.candidates.b128, m.metrics.selection.candidates.b256, m.metrics.before_gpu_session.quality];
    for (const o of others) {
      expect(o.classifier_sha256 ?? q.classifier_sha256).toBe(q.classifier_sha256);
      const r = run(o, 20, 2);
      expect(r.fd_n).toBe(10000);
      expect(mine.fd).toBeLessThan(r.fd);
      expect(mine.agreement.overall).toBeGreaterThan(r.agreement.overall);
    }
    for (const c of ['b128', 'b256']) expect(m.metrics.selection.candidates[c].recipe).toMatch(new RegExp(`fresh, batch ${c.slice(1)},`));
    // the candidates trained with other weights than the shipped ones
    const shipped = m.weights.shards.map((s: any) => s.sha256);
    for (const o of others) expect(o.weights_sha256).not.toEqual(shipped);
    // "six minutes", "nine epochs ahead": the GPU session and the CPU sessions before it
    const sessions = m.training.sessions;
    expect(sessions.at(-1).device).toBe('cuda');
    expect(Math.round(sessions.at(-1).wall_seconds / 60)).toBe(6);
    const cpuEpochs = sessions.slice(0, -1).reduce((s: number, x: any) => s + x.images / x.training_images, 0);
    expect(Math.round(cpuEpochs)).toBe(9);
  });

  it('the recipe: "500 steps at the very start", "on the first $44\\,000$ training images only"', () => {
    quotes('500 steps at the very start');
    quotes('on the first $44\\,000$ training images only');
    quotes('for about nine epochs');
    quotes('The first two ran in the background on two CPU cores');
    const s = meta(DEFAULT).training.sessions;
    expect(s.length).toBe(3);
    expect(s.slice(0, 2).every((x: any) => x.threads === 2)).toBe(true);
    expect(s[0].warmup_steps).toBe(500);
    expect(s.at(-1).warmup_steps).toBe(meta(DEFAULT).training.recipe.warmup_steps);
    expect(s.at(-1).training_images).toBe(44000);
    expect(s.slice(0, -1).every((x: any) => x.device === 'cpu' && x.training_images === 50000)).toBe(true);
    // epochs = Σ images / training images of each session
    const epochs = s.reduce((a: number, x: any) => a + x.images / x.training_images, 0);
    expect(meta(DEFAULT).training.epochs).toBeCloseTo(epochs, 2);
  });

  it('<QualityFact record=…> prints the record it names, and refuses an unknown one', () => {
    const m = meta(DEFAULT);
    const built = checkpointMetadata();
    expect(qualityFact(built, 'fdAtDefaults')).toBe(run(q, 20, 2).fd.toFixed(2));
    expect(qualityFact(built, 'fdAtDefaults', 'before')).toBe(run(m.metrics.before_gpu_session.quality, 20, 2).fd.toFixed(2));
    for (const c of ['b128', 'b256'])
      expect(qualityFact(built, 'fdAtDefaults', `candidate:${c}`)).toBe(run(m.metrics.selection.candidates[c], 20, 2).fd.toFixed(2));
    expect(qualityFact(built, 'fdAtDefaults', 'candidate:nobody')).toMatch(/not yet measured/);
    expect(() => qualityFact(built, 'fdAtDefaults', 'earlier')).toThrow(/unknown record/);
  });
});
