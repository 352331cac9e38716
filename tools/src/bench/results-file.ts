/**
 * The saved benchmark run: machine, sampling profile, every measurement and (format 2) the
 * comparison with the C reference steps. Format 1 files (no comparison) still load. Written
 * atomically (temp file + rename) so a killed run never leaves half a JSON file behind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { GlassyInputError, parseOrThrow } from '@glassy/contracts';
import { writeFileAtomic } from '@glassy/verify';
import { machineSchema } from './machine.js';
import { stepMeasurementSchema } from './measurement.js';
import { referenceResultsSchema } from './reference-stats.js';

export const BENCH_RESULTS_FORMAT = 'glassy-bench/2';

export const RESULTS_PROFILES = ['full', 'quick', 'check'] as const;
export type ResultsProfile = (typeof RESULTS_PROFILES)[number];

export const benchResultsSchema = z.strictObject({
  format: z.enum(['glassy-bench/1', BENCH_RESULTS_FORMAT]),
  /** 'full' / 'quick': `npm run bench [-- --quick]`; 'check': bench:check (full comparison, quick pairs). */
  profile: z.enum(RESULTS_PROFILES),
  machine: machineSchema,
  sampling: z.strictObject({ maxTime: z.number().positive(), minSamples: z.number().int().positive() }),
  siteStepsPerOp: z.number().positive(),
  initialStateSeed: z.number().int(),
  measurements: z.array(stepMeasurementSchema),
  /** Ours against the C reference steps; absent in format 1 and when not run (--pairs-only). */
  reference: referenceResultsSchema.optional(),
});

export type BenchResults = z.output<typeof benchResultsSchema>;

/** Save as `<profile>-<timestamp>.json` and `latest-<profile>.json`; returns the timestamped path. */
export function saveBenchResults(results: BenchResults, dir: string): string {
  const stamp = results.machine.date.replace(/[:.]/g, '-');
  const text = `${JSON.stringify(results, null, 2)}\n`;
  const path = join(dir, `${results.profile}-${stamp}.json`);
  writeFileAtomic(path, text);
  writeFileAtomic(join(dir, `latest-${results.profile}.json`), text);
  return path;
}

export function loadBenchResults(path: string): BenchResults {
  if (!existsSync(path)) throw new GlassyInputError(`${path}: results file not found (looked for ${resolve(path)})`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new GlassyInputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return parseOrThrow(benchResultsSchema, raw, path);
}
