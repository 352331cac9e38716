/**
 * Independent samples of a study that are not ensembles of the engine (a NESS between two baths,
 * a wave packet in one disorder realisation): sample i is a pure function of (study spec, i),
 * registered under the study's id, whose value is plain JSON (numbers, arrays, objects).
 *
 * A backend runs them like an ensemble's samples: in worker threads with chunk checkpoints, or as
 * the shards of a SLURM array job; the values come back in sample order, so the study's result
 * does not depend on the backend, the workers, the chunks or the shards.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '@glassy/observables';
import type { Registry } from './registry.js';

/** What a backend runs: `samples` values of the sampler registered as `study`, for `spec`. */
export interface SampleTask {
  /** The id a sampler is registered under (the study's id). */
  readonly study: string;
  /** The study's parsed spec (plain JSON). */
  readonly spec: unknown;
  readonly samples: number;
}

/** Samples [start, end) of a task and their values, in sample order. */
export interface SampleChunk {
  readonly start: number;
  readonly end: number;
  readonly values: unknown[];
}

/** Sample `index` of the task, computed from the spec alone (and the plugins of the registry). */
export type Sampler = (spec: unknown, index: number, registry: Registry) => unknown;

const samplers = new Map<string, Sampler>();

/** Register a study's sampler (at module load of the study). */
export function registerSampler(study: string, sampler: Sampler): void {
  samplers.set(study, sampler);
}

export function samplerOf(study: string): Sampler {
  const s = samplers.get(study);
  if (!s) throw new Error(`no sampler registered for study "${study}" (known: ${[...samplers.keys()].join(', ')})`);
  return s;
}

export function sampleTaskHash(task: SampleTask): string {
  return createHash('sha256').update(canonicalJson(task)).digest('hex');
}

/** Samples [start, end) computed in this thread. */
export function runSampleChunk(task: SampleTask, registry: Registry, start: number, end: number): SampleChunk {
  const sampler = samplerOf(task.study);
  const values: unknown[] = [];
  for (let i = start; i < end; i++) values.push(sampler(task.spec, i, registry));
  return { start, end, values };
}

/** The values of every sample, in order, from chunks that cover each sample exactly once. */
export function sampleValues(task: SampleTask, chunks: readonly SampleChunk[]): unknown[] {
  const values = new Array<unknown>(task.samples);
  const seen = new Uint8Array(task.samples);
  for (const c of chunks) {
    if (c.values.length !== c.end - c.start) throw new Error(`sample chunk [${c.start}, ${c.end}) holds ${c.values.length} values`);
    c.values.forEach((v, j) => {
      if (seen[c.start + j]) throw new Error(`sample ${c.start + j} is in two chunks`);
      seen[c.start + j] = 1;
      values[c.start + j] = v;
    });
  }
  const gap = seen.indexOf(0);
  if (gap >= 0) throw new Error(`sample ${gap} is in no chunk`);
  return values;
}
