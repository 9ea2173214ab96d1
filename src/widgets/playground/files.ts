/**
 * The playground's files: the view saved as PNG or CSV, and a saved model read back. Their code (the
 * CSV writers, the TF.js format reader) is imported on first use, not at hydration: it would take the
 * island over its 60 KB gzip budget.
 */
import type { Scene1D } from '../../lib/engine/playground/one-d.ts';
import type { Frames } from './frames.ts';
import type { ChosenFile, LoadedModel } from './model-file.ts';

/** Saves the view as it was when the button was pressed; a message when that failed, else ''. */
export async function saveView(
  what: 'png' | 'samples' | 'trajectories',
  canvas: HTMLCanvasElement | undefined,
  t: number,
  frames: Frames | null,
  scene1d: Scene1D | null,
  twoD: boolean,
): Promise<string> {
  try {
    const file = await import('./save-file.ts');
    if (what === 'png') file.savePng(canvas, t);
    else if (what === 'samples') file.saveSamples(frames, scene1d, twoD, t);
    else file.saveTrajectories(frames, scene1d, twoD);
    return '';
  } catch (e) {
    return `Could not save the ${what === 'png' ? 'image' : what}: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The model in the chosen files, its problem prefixed with the files' names. */
export async function readModel(files: ChosenFile[]): Promise<LoadedModel & { name: string }> {
  const { readModelFiles } = await import('./model-file.ts');
  const name = files.map((f) => f.name).join(' + ');
  const got = readModelFiles(files);
  return 'problem' in got ? { problem: `${name}: ${got.problem}`, name } : { ...got, name };
}
