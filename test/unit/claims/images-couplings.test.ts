/**
 * Claims of chapter 11's comparison of couplings on images (section "OT-CFM and I-CFM on images"). Each
 * block quotes the sentence it backs and checks it against the two checkpoints' metadata.json, read
 * independently with fs, and against the rows the figure draws (src/components/images/coupling-nfe.ts).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  INDEPENDENT_CHECKPOINT,
  OT_CHECKPOINT,
  couplingComparison,
  couplingNfeRows,
  lowerDistanceAt,
} from '../../../src/components/images/coupling-nfe.ts';
import type { CheckpointMetadata } from '../../../src/components/images/checkpoint-facts.ts';
import { samplerSchema } from '../../../src/widgets/cifar-sampler/settings.ts';

const ROOT = join(__dirname, '../../..');
const CHAPTER = readFileSync(join(ROOT, 'content/chapters/11-images.mdx'), 'utf8');
const meta = (name: string): any => JSON.parse(readFileSync(join(ROOT, 'public/checkpoints', name, 'metadata.json'), 'utf8'));
const OT = meta(OT_CHECKPOINT);
const ICFM = meta(INDEPENDENT_CHECKPOINT);

function quotes(sentence: string): void {
  const squash = (s: string) => s.replace(/\s+/g, ' ');
  expect(squash(CHAPTER).includes(squash(sentence)), `chapter 11 no longer contains: ${sentence}`).toBe(true);
}

/** Distance at (Euler, nfe, w = 1) read straight from the raw metadata. */
function fd(m: any, nfe: number): number {
  const r = m.metrics.quality.runs.find((x: any) => x.solver === 'euler' && x.nfe === nfe && x.guidance === 1);
  expect(r, `${m.name}: no score at ${nfe} NFE`).toBeDefined();
  return r.fd;
}

describe('chapter 11: OT-CFM and I-CFM on images, measured', () => {
  it('the two checkpoints differ only in the coupling: same UNet, recipe, budget; 10 000 samples', () => {
    quotes('the same four minutes of wall-clock time, one paired by exact minibatch OT and one independently');
    quotes('scored each with $10\\,000$ samples at six numbers of Euler steps');
    expect(OT.training.recipe.method).toBe('ot');
    expect(ICFM.training.recipe.method).toBe('icfm');
    const { method: _a, ...otRecipe } = OT.training.recipe;
    const { method: _b, ...icfmRecipe } = ICFM.training.recipe;
    expect(icfmRecipe).toEqual(otRecipe);
    expect(ICFM.architecture).toEqual(OT.architecture);
    expect(OT.architecture.config.num_classes).toBe(0);
    expect(Math.abs(OT.training.wall_seconds - ICFM.training.wall_seconds)).toBeLessThan(5);
    expect(Math.round(OT.training.wall_seconds / 60)).toBe(4);
    expect(OT.training.recipe).toMatchObject({ batch_size: 256, lr: 0.0005, warmup_steps: 1000, ema_decay: 0.9995, hflip: true });
    expect((OT.architecture.parameters / 1e6).toFixed(2)).toBe('1.05');
    for (const m of [OT, ICFM]) {
      expect(m.metrics.quality.runs).toHaveLength(6);
      for (const r of m.metrics.quality.runs) expect(r.fd_n).toBe(10000);
      expect(m.metrics.quality.reference).toBe('CIFAR-10 test set (10 000)');
    }
    // the same judge for both (the sha256 of the classifier's file)
    expect(OT.metrics.quality.classifier_sha256).toBe(ICFM.metrics.quality.classifier_sha256);
  });

  it('"it made 3 543 steps against 6 354 for I-CFM"', () => {
    quotes('so it made 3 543 steps against 6 354 for I-CFM.');
    expect(OT.training.steps).toBe(3543);
    expect(ICFM.training.steps).toBe(6354);
  });

  it('"OT-CFM has the lower distance at 1, 2, 5 and 10 NFE, I-CFM at 20 and 50"', () => {
    quotes('OT-CFM has the lower distance at 1, 2, 5 and 10 NFE, I-CFM at 20 and 50.');
    const rows = couplingComparison().rows;
    expect(rows.map((r) => r.nfe)).toEqual([1, 2, 5, 10, 20, 50]);
    expect(lowerDistanceAt(rows)).toEqual({ ot: [1, 2, 5, 10], icfm: [20, 50] });
    for (const r of rows) {
      expect(r.ot).toBe(fd(OT, r.nfe));
      expect(r.icfm).toBe(fd(ICFM, r.nfe));
    }
  });

  it('"at two Euler steps the OT model\'s distance is about three fifths of the I-CFM model\'s"', () => {
    quotes("at two Euler steps the OT model's distance is about three fifths of the I-CFM model's");
    const ratio = fd(OT, 2) / fd(ICFM, 2);
    expect(ratio).toBeGreaterThan(0.55);
    expect(ratio).toBeLessThan(0.65);
  });

  it('"the I-CFM model, which made 1.8 times as many training steps"', () => {
    quotes('the I-CFM model, which made 1.8 times as many training steps, is ahead');
    expect((ICFM.training.steps / OT.training.steps).toFixed(1)).toBe('1.8');
  });

  it('rows: only NFE both were scored at, and a pair with none fails loudly', () => {
    const run = (nfe: number, fdv: number) => ({ solver: 'euler', nfe, guidance: 1, fd: fdv });
    const a = { name: 'a', metrics: { quality: { runs: [run(1, 3), run(4, 2), { ...run(8, 1), guidance: 2 }] } } } as CheckpointMetadata;
    const b = { name: 'b', metrics: { quality: { runs: [run(4, 1), run(8, 5)] } } } as CheckpointMetadata;
    expect(couplingNfeRows(a, b)).toEqual([{ nfe: 4, ot: 2, icfm: 1 }]);
    const c = { name: 'c', metrics: { quality: { runs: [run(16, 1)] } } } as CheckpointMetadata;
    expect(() => couplingNfeRows(a, c)).toThrow(/share no scored Euler NFE/);
  });
});

describe('chapter 11: the GPU checkpoint of the class-conditional network', () => {
  it('"judged by one and the same classifier (next section) at the widget\'s default settings, it did not beat the CPU model"', () => {
    quotes("judged by one and the same classifier (next section) at the widget's default settings, it did not beat the CPU model.");
    const index = JSON.parse(readFileSync(join(ROOT, 'public/checkpoints/index.json'), 'utf8'));
    expect(index.default).toBe('cifar10-cond-ot-cpu');
    const gpu = meta('cifar10-cond-ot-gpu');
    const cpu = meta('cifar10-cond-ot-cpu');
    expect(gpu.architecture).toEqual(cpu.architecture);
    expect(gpu.training.device).toBe('cuda');
    expect(cpu.metrics.quality.classifier_sha256, 'both scored by one judge').toBe(gpu.metrics.quality.classifier_sha256);
    const at = (q: any) =>
      q.runs.find(
        (r: any) =>
          r.solver === samplerSchema.solver.default && r.nfe === samplerSchema.nfe.default && r.guidance === samplerSchema.guidance.default,
      );
    // the CPU model: the default's weights before its GPU session (the lease of the GPU checkpoint came first)
    const g = at(gpu.metrics.quality);
    const c = at(cpu.metrics.before_gpu_session.quality);
    expect(cpu.metrics.before_gpu_session.quality.classifier_sha256).toBe(gpu.metrics.quality.classifier_sha256);
    expect(g.agreement_n).toBe(1000);
    expect(c.agreement_n).toBe(1000);
    expect(g.agreement.overall).toBeLessThan(c.agreement.overall);
    expect(g.fd_n).toBe(10000);
    expect(c.fd_n).toBe(10000);
    expect(g.fd).toBeGreaterThan(c.fd);
  });
});
