/**
 * The figures chapter 11 quotes about the shipped CIFAR checkpoint, read at build time from
 * public/checkpoints/index.json (its `default`) and that checkpoint's metadata.json (written by
 * training/export_tfjs.py, and by training/quality.py under `metrics.quality`). Nothing here is typed
 * by hand: when the checkpoint is re-exported, the chapter's numbers follow. A training figure that is
 * missing from the metadata throws (the build fails and names the field); a quality figure that is
 * missing reads "not yet measured for this checkpoint".
 */
import index from '../../../public/checkpoints/index.json';
import { SAMPLER_DEFAULTS } from '../../widgets/cifar-sampler/defaults.ts';
import { fmtCount } from '../../lib/core/count-format.ts';

export interface QualityRun {
  solver: string;
  nfe: number;
  guidance: number;
  fd?: number;
  fd_n?: number;
  seconds?: number;
  agreement?: { overall: number; per_class: Record<string, number> };
  agreement_n?: number;
}

export interface QualityMetrics {
  metric?: string;
  classifier_test_accuracy?: number;
  n_samples?: number;
  floor_train_vs_test?: number;
  ceiling_test_images?: { overall: number; per_class: Record<string, number> };
  runs?: QualityRun[];
}

export interface CheckpointMetadata {
  name: string;
  title?: string;
  architecture?: { config?: Record<string, unknown>; parameters?: number };
  training?: {
    recipe?: Record<string, unknown>;
    steps?: number;
    images_seen?: number;
    epochs?: number;
    wall_seconds?: number;
    sessions?: {
      steps?: number;
      images?: number;
      wall_seconds?: number;
      images_per_s?: number;
      end_step?: number;
      device?: string;
      training_images?: number;
    }[];
  };
  data?: { n?: number };
  metrics?: {
    first_loss?: number;
    final_loss_mean_last_10_logs?: number;
    images_per_s_median?: number;
    loss_curve?: [number, number][];
    quality?: QualityMetrics;
    /** The default before its GPU session (other weights): its scores, for the chapter's comparison. */
    before_gpu_session?: { quality?: QualityMetrics };
    /** The candidates of the lease that chose the default, each with its scored runs. */
    selection?: { candidates?: Record<string, QualityMetrics> };
  };
  weights?: { bytes?: number; dtype?: string; shards?: { file?: string; sha256?: string }[] };
}

const METADATA = import.meta.glob<CheckpointMetadata>('../../../public/checkpoints/*/metadata.json', {
  eager: true,
  import: 'default',
});

/** The name of the checkpoint the site ships as default (public/checkpoints/index.json). */
export const DEFAULT_CHECKPOINT_NAME: string = (index as { default: string }).default;

/** The metadata.json of checkpoint `name` (default: the shipped default). Throws when it is absent. */
export function checkpointMetadata(name: string = DEFAULT_CHECKPOINT_NAME): CheckpointMetadata {
  const entry = Object.entries(METADATA).find(([path]) => path.endsWith(`/checkpoints/${name}/metadata.json`));
  if (!entry) throw new Error(`checkpoint "${name}": public/checkpoints/${name}/metadata.json not found`);
  return entry[1];
}

/** The value at a dotted path of the metadata, or undefined. */
export function metadataValue(meta: CheckpointMetadata, path: string): unknown {
  let v: unknown = meta;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

function requireNumber(meta: CheckpointMetadata, path: string): number {
  const v = metadataValue(meta, path);
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new Error(`checkpoint "${meta.name}": metadata.json has no number at ${path} (got ${JSON.stringify(v)})`);
  }
  return v;
}

/** A fixed number of decimals, with − for negatives. */
export function formatFixed(n: number, digits: number): string {
  const s = Math.abs(n).toFixed(digits);
  return (n < 0 && Number(s) !== 0 ? '−' : '') + s;
}

/** The train-vs-test floor of the Fréchet distance: three decimals, since it is two orders of magnitude below the distances (0.034, not 0.03). */
export function formatFloor(v: number): string {
  return formatFixed(v, 3);
}

/** A share in [0, 1] as a percentage with one decimal: 0.858 → "85.8%". */
export function formatPercent(share: number): string {
  return `${formatFixed(100 * share, 1)}%`;
}

/** Seconds as hours and minutes: 9027.8 → "2 h 30 min". */
export function formatDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : `${h} h ${String(m).padStart(2, '0')} min`;
}

/** A parameter count in millions with two decimals: 1 048 291 → "1.05 M". */
export function formatMillions(n: number): string {
  return `${formatFixed(n / 1e6, 2)} M`;
}

const METHOD_LABELS: Record<string, string> = { ot: 'OT-CFM', icfm: 'I-CFM' };

/** The facts `<CheckpointFact field="…"/>` can print: where each is read, and how it is formatted. */
export const CHECKPOINT_FACTS = {
  parameters: (m: CheckpointMetadata) => fmtCount(requireNumber(m, 'architecture.parameters')),
  parametersMillions: (m: CheckpointMetadata) => formatMillions(requireNumber(m, 'architecture.parameters')),
  baseChannels: (m: CheckpointMetadata) => fmtCount(requireNumber(m, 'architecture.config.base_channels')),
  timeScale: (m: CheckpointMetadata) => fmtCount(requireNumber(m, 'architecture.config.time_scale')),
  numClasses: (m: CheckpointMetadata) => fmtCount(requireNumber(m, 'architecture.config.num_classes')),
  weightsMiB: (m: CheckpointMetadata) => `${formatFixed(requireNumber(m, 'weights.bytes') / 2 ** 20, 2)} MiB`,
  steps: (m: CheckpointMetadata) => fmtCount(requireNumber(m, 'training.steps')),
  imagesSeen: (m: CheckpointMetadata) => fmtCount(requireNumber(m, 'training.images_seen')),
  epochs: (m: CheckpointMetadata) => formatFixed(requireNumber(m, 'training.epochs'), 1),
  wallTime: (m: CheckpointMetadata) => formatDuration(requireNumber(m, 'training.wall_seconds')),
  imagesPerSecond: (m: CheckpointMetadata) => formatFixed(requireNumber(m, 'metrics.images_per_s_median'), 0),
  batchSize: (m: CheckpointMetadata) => fmtCount(requireNumber(m, 'training.recipe.batch_size')),
  learningRate: (m: CheckpointMetadata) => String(requireNumber(m, 'training.recipe.lr')),
  warmupSteps: (m: CheckpointMetadata) => fmtCount(requireNumber(m, 'training.recipe.warmup_steps')),
  emaDecay: (m: CheckpointMetadata) => String(requireNumber(m, 'training.recipe.ema_decay')),
  pUncond: (m: CheckpointMetadata) => String(requireNumber(m, 'training.recipe.p_uncond')),
  gradClip: (m: CheckpointMetadata) => String(requireNumber(m, 'training.recipe.grad_clip')),
  sigma: (m: CheckpointMetadata) => String(requireNumber(m, 'training.recipe.sigma')),
  firstLoss: (m: CheckpointMetadata) => formatFixed(requireNumber(m, 'metrics.first_loss'), 3),
  finalLoss: (m: CheckpointMetadata) => formatFixed(requireNumber(m, 'metrics.final_loss_mean_last_10_logs'), 3),
  trainingImages: (m: CheckpointMetadata) => fmtCount(requireNumber(m, 'data.n')),
  sessions: (m: CheckpointMetadata) => {
    const n = trainingSessions(m).length;
    return n === 1 ? 'one working session' : `${fmtCount(n)} working sessions`;
  },
  method: (m: CheckpointMetadata) => {
    const v = metadataValue(m, 'training.recipe.method');
    if (typeof v !== 'string' || !(v in METHOD_LABELS)) {
      throw new Error(`checkpoint "${m.name}": metadata.json has no known method at training.recipe.method (got ${JSON.stringify(v)})`);
    }
    return METHOD_LABELS[v];
  },
} satisfies Record<string, (m: CheckpointMetadata) => string>;

export type CheckpointFactName = keyof typeof CHECKPOINT_FACTS;

/** The formatted fact `field` of a checkpoint's metadata. Throws, naming the field, when it is missing. */
export function checkpointFact(meta: CheckpointMetadata, field: string): string {
  if (!Object.hasOwn(CHECKPOINT_FACTS, field)) {
    throw new Error(`<CheckpointFact field="${field}">: unknown field (known: ${Object.keys(CHECKPOINT_FACTS).join(', ')})`);
  }
  return CHECKPOINT_FACTS[field as CheckpointFactName](meta);
}

const MACHINES: Record<string, string> = { cpu: 'CPU', cuda: 'GPU' };

function sessionMachine(name: string, i: number, device: unknown): string {
  if (typeof device !== 'string' || !(device in MACHINES)) {
    throw new Error(`checkpoint "${name}": training.sessions[${i}].device is not one of ${Object.keys(MACHINES).join(', ')}`);
  }
  return MACHINES[device];
}

function dataSize(meta: CheckpointMetadata): number {
  const n = metadataValue(meta, 'data.n');
  if (typeof n !== 'number') throw new Error(`checkpoint "${meta.name}": metadata.json has no data.n`);
  return n;
}

/** The per-session training figures (training.sessions). Throws when the list is missing or empty. */
export function trainingSessions(meta: CheckpointMetadata): {
  steps: number;
  images: number;
  wallSeconds: number;
  imagesPerSecond: number;
  endStep: number;
  /** Where it ran: 'CPU' or 'GPU' (training.sessions[i].device). */
  machine: string;
  /** The training images it drew from (training_images, else data.n). */
  trainingImages: number;
}[] {
  const list = meta.training?.sessions;
  if (!Array.isArray(list) || list.length === 0) throw new Error(`checkpoint "${meta.name}": metadata.json has no training.sessions`);
  return list.map((s, i) => {
    const at = (key: string): number => {
      const v = (s as Record<string, unknown>)[key];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new Error(`checkpoint "${meta.name}": training.sessions[${i}].${key} is not a number`);
      }
      return v;
    };
    return {
      steps: at('steps'),
      images: at('images'),
      wallSeconds: at('wall_seconds'),
      imagesPerSecond: at('images_per_s'),
      endStep: at('end_step'),
      machine: sessionMachine(meta.name, i, s.device),
      trainingImages: typeof s.training_images === 'number' ? s.training_images : dataSize(meta),
    };
  });
}

/** The logged loss curve [step, loss][] (metrics.loss_curve). Throws when missing or shorter than two points. */
export function lossCurve(meta: CheckpointMetadata): [number, number][] {
  const c = meta.metrics?.loss_curve;
  if (!Array.isArray(c) || c.length < 2) throw new Error(`checkpoint "${meta.name}": metadata.json has no metrics.loss_curve`);
  for (const p of c) {
    if (!Array.isArray(p) || p.length !== 2 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new Error(`checkpoint "${meta.name}": metrics.loss_curve has a malformed point ${JSON.stringify(p)}`);
    }
  }
  return c;
}

/** What the chapter prints where a quality figure has not been measured. */
export const NOT_MEASURED = 'not yet measured for this checkpoint';

/**
 * A quality record of a checkpoint: 'quality' (its own scores, the default), 'before' (the scores of
 * the weights it was continued from) or 'candidate:NAME' (a candidate of the lease that chose it);
 * undefined when that record has not been scored.
 */
export function qualityMetrics(meta: CheckpointMetadata, record = 'quality'): QualityMetrics | undefined {
  const m = meta.metrics;
  let q: QualityMetrics | undefined;
  if (record === 'quality') q = m?.quality;
  else if (record === 'before') q = m?.before_gpu_session?.quality;
  else if (record.startsWith('candidate:')) q = m?.selection?.candidates?.[record.slice('candidate:'.length)];
  else throw new Error(`<QualityFact record="${record}">: unknown record (quality, before or candidate:NAME)`);
  return q && typeof q === 'object' ? q : undefined;
}

/** The run of a quality record at the sampler widget's default solver, NFE and guidance. */
const atDefaults = (q: QualityMetrics) =>
  q.runs?.find((r) => r.solver === SAMPLER_DEFAULTS.solver && r.nfe === SAMPLER_DEFAULTS.nfe && r.guidance === SAMPLER_DEFAULTS.guidance);

/** The quality facts `<QualityFact field="…"/>` can print; each reads NOT_MEASURED when absent. */
export const QUALITY_FACTS = {
  classifierAccuracy: (q: QualityMetrics) => q.classifier_test_accuracy,
  ceiling: (q: QualityMetrics) => q.ceiling_test_images?.overall,
  floor: (q: QualityMetrics) => q.floor_train_vs_test,
  /** Fréchet distance at the sampler widget's default settings. */
  fdAtDefaults: (q: QualityMetrics) => atDefaults(q)?.fd,
} satisfies Record<string, (q: QualityMetrics) => number | undefined>;

export type QualityFactName = keyof typeof QUALITY_FACTS;

/** A formatted quality fact, or NOT_MEASURED. Shares print as percentages, distances with two decimals. */
export function qualityFact(meta: CheckpointMetadata, field: string, record = 'quality'): string {
  if (!Object.hasOwn(QUALITY_FACTS, field)) {
    throw new Error(`<QualityFact field="${field}">: unknown field (known: ${Object.keys(QUALITY_FACTS).join(', ')})`);
  }
  const q = qualityMetrics(meta, record);
  const v = q ? QUALITY_FACTS[field as QualityFactName](q) : undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) return NOT_MEASURED;
  return field === 'floor' ? formatFloor(v) : field === 'fdAtDefaults' ? formatFixed(v, 2) : formatPercent(v);
}

/** The scored (solver, NFE, w) settings, sorted by guidance then NFE; [] when not measured. */
export function qualityRuns(meta: CheckpointMetadata): QualityRun[] {
  const runs = qualityMetrics(meta)?.runs;
  if (!Array.isArray(runs)) return [];
  return runs
    .filter((r) => typeof r.nfe === 'number' && typeof r.guidance === 'number')
    .slice()
    .sort((a, b) => a.guidance - b.guidance || a.nfe - b.nfe || a.solver.localeCompare(b.solver));
}

/** The scored run at exactly these settings, if any. */
export function qualityRunAt(meta: CheckpointMetadata, solver: string, nfe: number, guidance: number): QualityRun | undefined {
  return qualityRuns(meta).find((r) => r.solver === solver && r.nfe === nfe && r.guidance === guidance);
}

/**
 * Whether a pre-rendered sample grid (the CIFAR sampler's first paint: its manifest names the
 * checkpoint and the sha256 of each weight shard it was rendered from) belongs to these weights.
 * A grid from an older export of the same checkpoint does not.
 */
export function gridMatchesCheckpoint(grid: { checkpoint: string; weightsSha256: readonly string[] }, meta: CheckpointMetadata): boolean {
  const shas = (meta.weights?.shards ?? []).map((s) => s.sha256);
  return (
    grid.checkpoint === meta.name &&
    shas.length > 0 &&
    shas.length === grid.weightsSha256.length &&
    shas.every((sha, i) => sha === grid.weightsSha256[i])
  );
}
