/**
 * The worker-thread entries, next to this module once built. Under a test runner that loads the
 * sources (src/*.ts), the built files in dist/ are used: worker threads run JavaScript.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function builtModule(name: string): URL {
  const here = new URL(`./${name}`, import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL(`../dist/${name}`, import.meta.url);
}

/** Worker of an ensemble's chunks (ensemble-worker.ts). */
export function ensembleWorkerModule(): URL {
  return builtModule('ensemble-worker.js');
}

/** Worker of a study's independent samples (sample-worker.ts). */
export function sampleWorkerModule(): URL {
  return builtModule('sample-worker.js');
}
