/**
 * The activations the velocity MLP offers, by name and label, without TF.js: the training settings
 * and the train-cfm widget's controls import this list before any TF.js is loaded. The tensor
 * functions of each activation are in activations.ts.
 */
export const ACTIVATIONS = ['silu', 'selu', 'relu', 'elu'] as const;
export type ActivationName = (typeof ACTIVATIONS)[number];

/** What a reader sees in a menu. */
export const ACTIVATION_LABELS: Record<ActivationName, string> = {
  silu: 'SiLU (x·sigmoid x)',
  selu: 'SELU',
  relu: 'ReLU',
  elu: 'ELU',
};
