/**
 * The playground's trained network in the TF.js format: a `model.json` (format "graph-model", a
 * GraphDef of the velocity MLP of src/lib/nn/mlp.ts with inputs `x` [n, d] and `t` [n, 1] and the
 * output `velocity` [n, d]) and one binary weight shard, exactly what `tf.loadGraphModel` reads
 * (e.g. `tf.loadGraphModel(tf.io.browserFiles([json, bin]))`, then `model.execute({ x, t })`).
 * The graph spells out the network of mlp.ts op by op:
 *
 *   features = concat(x, t, sin(t·ω), cos(t·ω)),  ω_k = π·2^k   (just concat(x, t) when F = 0),
 *   h_l = σ(h_{l−1} W_l + b_l),  velocity = h_{L−1} W_L + b_L,
 *
 * with σ ∈ {ReLU, ELU, SELU} as one op and SiLU as Sigmoid·x. The MLP's configuration and the
 * training step travel in `userDefinedMetadata`, which is how the playground reads the files back
 * (without TF.js: the shard is plain little-endian float32 in manifest order). No DOM, no TF.js.
 */
import type { ExportedWeights, MlpConfig } from '../../nn/mlp.ts';
import { ACTIVATIONS } from '../../nn/activation-names.ts';
import { timeFrequency } from '../../core/mlp-field.ts';

/** `userDefinedMetadata.format` of the playground's TF.js export. */
export const TFJS_MODEL_FORMAT = 'cfm-live-mlp-tfjs-v1';

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}
interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, unknown>;
}

const FLOAT = { type: 'DT_FLOAT' };
const shapeOf = (dims: number[]) => ({ dim: dims.map((k) => ({ size: String(k) })) });
const constNode = (name: string, dims: number[], dtype: 'DT_FLOAT' | 'DT_INT32' = 'DT_FLOAT'): GraphNode => ({
  name,
  op: 'Const',
  attr: { value: { tensor: { dtype, tensorShape: shapeOf(dims) } }, dtype: { type: dtype } },
});
const opNode = (name: string, op: string, input: string[], attr: Record<string, unknown> = {}): GraphNode => ({
  name,
  op,
  input,
  attr: { T: FLOAT, ...attr },
});

/** The MLP's time frequencies ω_k = π·2^k (core/mlp-field.ts), rounded to float32 as mlp.ts has them. */
export const timeFrequencies = (F: number): Float32Array => Float32Array.from({ length: F }, (_, k) => timeFrequency(k));

/** The graph and its weight specs for an MLP configuration (weights in the order of ExportedWeights). */
function graphOf(config: MlpConfig, shapes: number[][]): { nodes: GraphNode[]; specs: WeightSpec[] } {
  const { dim, timeFrequencies: F, activation } = config;
  const nodes: GraphNode[] = [
    { name: 'x', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: shapeOf([-1, dim]) } } },
    { name: 't', op: 'Placeholder', attr: { dtype: FLOAT, shape: { shape: shapeOf([-1, 1]) } } },
  ];
  const specs: WeightSpec[] = [];
  const parts = ['x', 't'];
  if (F > 0) {
    nodes.push(constNode('time/frequencies', [1, F]));
    specs.push({ name: 'time/frequencies', shape: [1, F], dtype: 'float32' });
    nodes.push(opNode('time/angles', 'MatMul', ['t', 'time/frequencies'], { transpose_a: { b: false }, transpose_b: { b: false } }));
    nodes.push(opNode('time/sin', 'Sin', ['time/angles']), opNode('time/cos', 'Cos', ['time/angles']));
    parts.push('time/sin', 'time/cos');
  }
  nodes.push(constNode('features/axis', [], 'DT_INT32'));
  specs.push({ name: 'features/axis', shape: [], dtype: 'int32' });
  nodes.push({ name: 'features', op: 'ConcatV2', input: [...parts, 'features/axis'], attr: { N: { i: String(parts.length) }, T: FLOAT } });
  let h = 'features';
  const layers = shapes.length / 2;
  for (let l = 0; l < layers; l++) {
    const p = `dense_${l}`;
    nodes.push(constNode(`${p}/kernel`, shapes[2 * l]), constNode(`${p}/bias`, shapes[2 * l + 1]));
    specs.push(
      { name: `${p}/kernel`, shape: shapes[2 * l], dtype: 'float32' },
      { name: `${p}/bias`, shape: shapes[2 * l + 1], dtype: 'float32' },
    );
    nodes.push(opNode(`${p}/MatMul`, 'MatMul', [h, `${p}/kernel`], { transpose_a: { b: false }, transpose_b: { b: false } }));
    nodes.push(opNode(`${p}/BiasAdd`, 'BiasAdd', [`${p}/MatMul`, `${p}/bias`]));
    h = `${p}/BiasAdd`;
    if (l === layers - 1) break;
    if (activation === 'silu') {
      nodes.push(opNode(`${p}/sigmoid`, 'Sigmoid', [h]), opNode(`${p}/silu`, 'Mul', [h, `${p}/sigmoid`]));
      h = `${p}/silu`;
    } else {
      const op = { relu: 'Relu', elu: 'Elu', selu: 'Selu' }[activation];
      nodes.push(opNode(`${p}/${activation}`, op, [h]));
      h = `${p}/${activation}`;
    }
  }
  nodes.push(opNode('velocity', 'Identity', [h]));
  return { nodes, specs };
}

/** model.json (text) and its one weight shard for saved weights; `binName` is the shard's file name. */
export function toTfjsModel(w: ExportedWeights, step: number, binName: string): { json: string; bin: ArrayBuffer } {
  const { nodes, specs } = graphOf(w.config, w.shapes);
  const F = w.config.timeFrequencies;
  const bytes = 4 * (F + 1 + w.data.length);
  const bin = new ArrayBuffer(bytes);
  const view = new DataView(bin);
  let off = 0;
  for (const f of timeFrequencies(F)) view.setFloat32((off += 4) - 4, f, true);
  view.setInt32((off += 4) - 4, 1, true); // the concat axis
  for (const v of w.data) view.setFloat32((off += 4) - 4, v, true);
  const json = {
    format: 'graph-model',
    generatedBy: 'cfm-live playground',
    convertedBy: null,
    modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
    userDefinedMetadata: { format: TFJS_MODEL_FORMAT, step, config: w.config },
    weightsManifest: [{ paths: [`./${binName}`], weights: specs }],
  };
  return { json: JSON.stringify(json), bin };
}

/** What a reader of the export gets back: the MLP's configuration, shapes and parameters, and the step. */
export interface ReadModel {
  config: Record<string, unknown>;
  shapes: number[][];
  data: number[];
  step: unknown;
}

/**
 * Reads a TF.js export back without TF.js. `shards` maps a file name (without folder) to its bytes.
 * Returns the model's configuration, parameter shapes and values for the caller to check, or a problem.
 */
export function fromTfjsModel(json: unknown, shards: ReadonlyMap<string, ArrayBuffer>): ReadModel | { problem: string } {
  const o = json as Partial<{ format: unknown; userDefinedMetadata: Record<string, unknown>; weightsManifest: unknown }>;
  const meta = o?.userDefinedMetadata;
  if (!o || o.format !== 'graph-model' || !meta || meta.format !== TFJS_MODEL_FORMAT)
    return { problem: `the model.json is not a playground model (TF.js graph model, format ${TFJS_MODEL_FORMAT})` };
  const manifest = o.weightsManifest;
  if (!Array.isArray(manifest) || manifest.length === 0) return { problem: 'the model.json lists no weight files' };
  const byName = new Map<string, number[]>();
  for (const group of manifest as { paths?: unknown; weights?: unknown }[]) {
    if (!Array.isArray(group.paths) || !Array.isArray(group.weights)) return { problem: 'the model.json has a malformed weights manifest' };
    const buffers: ArrayBuffer[] = [];
    for (const p of group.paths) {
      const file = String(p).split('/').pop() ?? '';
      const buf = shards.get(file);
      if (!buf) return { problem: `the weight file “${file}” is missing: choose the model.json and its .bin file together` };
      buffers.push(buf);
    }
    const total = buffers.reduce((s, b) => s + b.byteLength, 0);
    const all = new Uint8Array(total);
    let at = 0;
    for (const b of buffers) {
      all.set(new Uint8Array(b), at);
      at += b.byteLength;
    }
    const view = new DataView(all.buffer);
    let off = 0;
    for (const spec of group.weights as Partial<WeightSpec>[]) {
      const shape = spec.shape;
      if (
        !Array.isArray(shape) ||
        !shape.every((k) => Number.isInteger(k) && k >= 0) ||
        (spec.dtype !== 'float32' && spec.dtype !== 'int32')
      )
        return { problem: `the weight “${String(spec.name)}” has no valid shape or type` };
      const size = shape.reduce((p, k) => p * k, 1);
      if (off + 4 * size > total) return { problem: `the weight files are shorter than the manifest says (${total} bytes)` };
      const values: number[] = [];
      for (let i = 0; i < size; i++, off += 4) values.push(spec.dtype === 'int32' ? view.getInt32(off, true) : view.getFloat32(off, true));
      byName.set(String(spec.name), values);
    }
  }
  const config = (meta.config ?? {}) as Record<string, unknown>;
  const shapes: number[][] = [];
  const data: number[] = [];
  for (let l = 0; byName.has(`dense_${l}/kernel`); l++) {
    for (const part of ['kernel', 'bias']) {
      const spec = (manifest as { weights: WeightSpec[] }[]).flatMap((g) => g.weights).find((s) => s.name === `dense_${l}/${part}`);
      const values = byName.get(`dense_${l}/${part}`);
      if (!spec || !values) return { problem: `the model has no dense_${l}/${part}` };
      shapes.push(spec.shape);
      for (const v of values) data.push(v);
    }
  }
  if (typeof config.activation !== 'string' || !(ACTIVATIONS as readonly string[]).includes(config.activation))
    return { problem: `the model's activation ${String(config.activation)} is not one the book's MLP has` };
  return { config, shapes, data, step: meta.step };
}
