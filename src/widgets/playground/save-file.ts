/** The playground's downloads: a Blob saved under a file name through a temporary link, and the PNG and CSV exports. */
import { pointsToCsv, trajectoriesToCsv } from '../../lib/engine/playground/points-csv.ts';
import type { Scene1D } from '../../lib/engine/playground/one-d.ts';
import { positionsAt, type Frames } from './frames.ts';

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export const csvBlob = (text: string): Blob => new Blob([text], { type: 'text/csv' });

/** 1D samples (positions at t = 1) as a one-column CSV, five decimals. */
export function samples1dCsv(positions: ArrayLike<number>): string {
  return 'x\n' + Array.from(positions, (x) => +x.toFixed(5)).join('\n') + '\n';
}

/** 1D trajectories, one row per particle and solver step. */
export function trajectories1dCsv(scene: Pick<Scene1D, 'times' | 'frames'>): string {
  const rows = ['particle,step,t,x'];
  const m = scene.frames[0]?.length ?? 0;
  for (let q = 0; q < m; q++) scene.frames.forEach((f, k) => rows.push(`${q},${k},${+scene.times[k].toFixed(5)},${+f[q].toFixed(5)}`));
  return rows.join('\n') + '\n';
}

export function savePng(canvas: HTMLCanvasElement | undefined, t: number): void {
  canvas?.toBlob((b) => b && saveBlob(b, `playground-t${t.toFixed(2)}.png`), 'image/png');
}

/** The particles at time t (2D) or at the end (1D) as CSV. */
export function saveSamples(frames: Frames | null, scene1d: Scene1D | null, twoD: boolean, t: number): void {
  if (twoD)
    saveBlob(csvBlob(pointsToCsv(frames ? positionsAt(frames, t) : new Float32Array(0))), `playground-samples-t${t.toFixed(2)}.csv`);
  else if (scene1d) saveBlob(csvBlob(samples1dCsv(scene1d.frames[scene1d.frames.length - 1])), 'playground-samples-1d.csv');
}

export function saveTrajectories(frames: Frames | null, scene1d: Scene1D | null, twoD: boolean): void {
  if (twoD && frames) saveBlob(csvBlob(trajectoriesToCsv(frames.times, frames.frames, frames.m)), 'playground-trajectories.csv');
  else if (!twoD && scene1d) saveBlob(csvBlob(trajectories1dCsv(scene1d)), 'playground-trajectories-1d.csv');
}
