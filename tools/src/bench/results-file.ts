/**
 * The saved benchmark run: machine, sampling profile and every measurement. Written
 * atomically (temp file + rename) so a killed run never leaves half a JSON file behind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { GlassyInputError, parseOrThrow } from '@glassy/contracts';
import { writeFileAtomic } from '@glassy/verify';
import { machineSchema } from './machine.js';
import { stepMeasurementSchema } from './measurement.js';

export const BENCH_RESULTS_FORMAT = 'glassy-bench/1';

export const benchResultsSchema = z.strictObject({
  format: z.literal(BENCH_RESULTS_FORMAT),
  profile: z.enum(['full', 'quick']),
  machine: machineSchema,
  sampling: z.strictObject({ maxTime: z.number().positive(), minSamples: z.number().int().positive() }),
  siteStepsPerOp: z.number().positive(),
  initialStateSeed: z.number().int(),
  measurements: z.array(stepMeasurementSchema),
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
