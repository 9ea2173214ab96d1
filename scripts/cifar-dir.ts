/**
 * Where the CIFAR-10 folder is (its README: ../shared/data/cifar10): $CIFAR10_DIR, an explicit path,
 * ../shared/data/cifar10 (this project's machines) or ./data/cifar10 (training/download_cifar10.py's
 * default), in that order. Shared by the scripts that read it and the tests that use it when present.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The folders looked in, in order (`explicit`: a path given on the command line). */
export function cifarCandidates(explicit?: string): string[] {
  return [process.env.CIFAR10_DIR, explicit, resolve(ROOT, '../shared/data/cifar10'), resolve(ROOT, 'data/cifar10')].filter(
    (p): p is string => Boolean(p),
  );
}

/** The first candidate folder holding one of `files`, or undefined. */
export function findCifarDir(files: string[], explicit?: string): string | undefined {
  return cifarCandidates(explicit).find((p) => files.some((f) => existsSync(resolve(p, f))));
}
