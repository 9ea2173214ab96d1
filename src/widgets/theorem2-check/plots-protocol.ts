/**
 * Messages between the Theorem 2 check and its charts' worker (plots-worker.ts). The page sends
 * what the charts show as plain data (the Monte-Carlo moments, not the summary's functions); the
 * worker answers with the three charts' markup, or why it could not draw them.
 */
import type { Palette } from '../../lib/viz/palette.ts';
import type { LossMoments } from './losses.ts';

export interface ChartsRequest {
  id: number;
  moments: LossMoments;
  theta: number;
  width: number;
  thetaRange: [number, number];
  z: number;
  palette: Palette;
  /** The page's devicePixelRatio: Plot offsets 1-px lines by half a pixel where it is 1. */
  dpr: number;
}

export type ChartsReply = { id: number; html: string[] } | { id: number; error: string };
