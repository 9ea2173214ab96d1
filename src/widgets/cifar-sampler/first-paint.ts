/**
 * The pre-rendered first paint of the sampler (first-paint/: the PNG and its manifest, written by
 * scripts/cifar-first-paint.ts from the shipped default checkpoint), as the widget shows it: the
 * image's URL (a fingerprinted build asset), its size, and what it is in words. Null when the folder
 * holds no PNG for the manifest (then the widget starts from the seeded noise as before).
 */
import manifestJson from './first-paint/manifest.json';
import { CIFAR_CLASSES } from '../../lib/engine/cifar/catalogue.ts';
import { classLabels, type FirstPaintManifest } from '../../lib/engine/cifar/first-paint.ts';
import { fmtCount } from '../shared/format.ts';

const manifest = manifestJson as FirstPaintManifest;
const urls = import.meta.glob<string>('./first-paint/*.png', { eager: true, query: '?url', import: 'default' });
const src = urls[`./first-paint/${manifest.file}`];

function describe(m: FirstPaintManifest): { alt: string; settings: string } {
  const s = m.settings;
  const classes = s.label >= 0 ? `all ${CIFAR_CLASSES[s.label]}` : 'one of each class in turn';
  const names = Array.from(classLabels(s.count, s.label), (l) => CIFAR_CLASSES[l]).join(', ');
  return {
    alt: `${s.count} CIFAR-10 images sampled from checkpoint ${m.checkpoint}; classes row by row: ${names}`,
    settings: `seed ${s.seed}, ${classes}, w = ${s.guidance}, ${s.nfe} NFE ${s.solver}`,
  };
}

export const firstPaint: {
  manifest: FirstPaintManifest;
  preview: { src: string; width: number; height: number; alt: string };
  /** The caption, given the primary button's text. */
  label: (button: string) => string;
} | null = src
  ? {
      manifest,
      preview: { src, width: manifest.width, height: manifest.height, alt: describe(manifest).alt },
      label: (button) =>
        `Pre-rendered from checkpoint ${manifest.checkpoint}${manifest.step !== null ? `, step ${fmtCount(manifest.step)}` : ''} (${describe(manifest).settings}) by this book's sampler; press “${button}” to run it in your browser.`,
    }
  : null;
