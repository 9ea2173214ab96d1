/**
 * The checkpoint list the sampler shows (public/checkpoints/index.json: title and notes per checkpoint)
 * against each checkpoint's metadata.json: the epochs, steps and hours a reader is told are the ones
 * recorded, and no note describes a training run as still going on (screenshot review: "training
 * continues each session" outlived the training).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const index = JSON.parse(readFileSync(join(ROOT, 'public/checkpoints/index.json'), 'utf8')) as {
  checkpoints: { name: string; title: string; notes?: string }[];
};
const training = (name: string) =>
  JSON.parse(readFileSync(join(ROOT, 'public/checkpoints', name, 'metadata.json'), 'utf8')).training as {
    steps: number;
    epochs: number;
    wall_seconds: number;
  };
const num = (s: string) => Number(s.replace(/[\s\u202f]/g, ''));

describe('checkpoint titles and notes say what the metadata records', () => {
  for (const c of index.checkpoints) {
    it(c.name, () => {
      const t = training(c.name);
      const text = `${c.title} ${c.notes ?? ''}`;
      for (const m of text.matchAll(/(\d+) epochs/g)) expect(num(m[1]), `"${m[0]}"`).toBe(Math.round(t.epochs));
      for (const m of text.matchAll(/(\d[\d ]*) steps/g)) expect(num(m[1]), `"${m[0]}"`).toBe(t.steps);
      for (const m of text.matchAll(/(\d+(?:\.\d)?) hours/g))
        expect(Number(m[1]), `"${m[0]}"`).toBe(Number((t.wall_seconds / 3600).toFixed(1)));
      expect(text).not.toMatch(/in training|so far|continues each session/);
      const meta = JSON.parse(readFileSync(join(ROOT, 'public/checkpoints', c.name, 'metadata.json'), 'utf8'));
      expect(meta.title, 'the title the sampler shows after loading').toBe(c.title);
      // The checkpoint select takes a phone's whole row (about 40 characters of its font); a longer title is cut.
      expect([...c.title].length).toBeLessThanOrEqual(36);
    });
  }
});
