/**
 * The one TF.js entry point of the book's engines (the umbrella package: core with all gradients,
 * cpu and webgl backends; it resolves to the right build in Node and in Vite). The wasm and WebGPU
 * backends are added on demand by backend.ts.
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
export type Tensor = tf.Tensor;
export type Tensor2D = tf.Tensor2D;
export type Variable = tf.Variable;
