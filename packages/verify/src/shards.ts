/**
 * An ensemble cut into shards, for clusters (or any batch system, or by hand): a job directory
 *
 *   DIR/job.json                 the validated ensemble spec, its hash, the shard ranges
 *   DIR/shards/shard-I.json      a finished shard: its chunks' exact power sums (atomic write)
 *   DIR/checkpoints/shard-I/     the chunks of a shard still running (kill -9 loses only the
 *                                unfinished chunk; the same command resumes)
 *   DIR/array.sbatch, DIR/logs/  with --backend slurm (slurm.ts)
 *
 * Shard I holds samples ranges[I] = [start, end); sample i's trajectory depends only on
 * (spec, i), and the sums are exact, so merging the shards gives, byte for byte, the result of
 * the same ensemble run on one machine, for any number of shards.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { ensembleResult, ensembleSpec, runEnsembleChunks, specHash, type ChunkResult, type EnsembleResult, type EnsembleSpec } from '@glassy/observables';
import { resolveEnsemble } from './ensemble.js';
import { readJsonFile, writeFileAtomic } from './io.js';
import type { Registry } from './registry.js';

export const SHARD_JOB_FORMAT = 'glassy-shard-job/1';
export const SHARD_FORMAT = 'glassy-shard/1';

const int = z.number().int().min(0);

export const shardJobSchema = z.strictObject({
  format: z.literal(SHARD_JOB_FORMAT),
  specHash: z.string().regex(/^[0-9a-f]{64}$/),
  spec: z.unknown(),
  shards: z.number().int().min(1),
  ranges: z.array(z.tuple([int, int])).min(1),
  chunkSize: z.number().int().min(1),
  /** Where the run was started and its --config, so that a task loads the same plugins. */
  cwd: z.string().min(1),
  config: z.string().min(1).optional(),
});
export type ShardJob = Omit<z.output<typeof shardJobSchema>, 'spec'> & { spec: EnsembleSpec };

const momentsSchema = z.strictObject({ n: int, sums: z.array(z.strictObject({ partials: z.array(z.number()), special: z.number() })).length(4) });
const chunkSchema = z.strictObject({
  start: int,
  end: int,
  accumulators: z.array(z.array(momentsSchema)),
  values: z.array(z.array(z.array(z.number().nullable()))).optional(),
  states: z
    .strictObject({ q0: z.array(z.array(z.number())), p0: z.array(z.array(z.number())), q: z.array(z.array(z.number())), p: z.array(z.array(z.number())), rng: z.array(z.array(z.number())) })
    .optional(),
});
export const shardFileSchema = z.strictObject({
  format: z.literal(SHARD_FORMAT),
  specHash: z.string(),
  index: int,
  start: int,
  end: int,
  chunks: z.array(chunkSchema),
});

/** K contiguous, near-equal sample ranges covering [0, samples). */
export function shardRanges(samples: number, shards: number): Array<[number, number]> {
  if (!(Number.isInteger(shards) && shards >= 1)) throw new GlassyInputError('--shards: must be an integer ≥ 1');
  if (shards > samples) throw new GlassyInputError(`--shards: ${shards} shards for ${samples} samples; at most one shard per sample`);
  return Array.from({ length: shards }, (_, k): [number, number] => [Math.floor((k * samples) / shards), Math.floor(((k + 1) * samples) / shards)]);
}

const jobFile = (dir: string): string => join(dir, 'job.json');
export const shardFile = (dir: string, index: number): string => join(dir, 'shards', `shard-${index}.json`);
const shardCheckpoint = (dir: string, index: number): string => join(dir, 'checkpoints', `shard-${index}`);

/**
 * Create DIR/job.json, or reuse the job already there when it is the same ensemble cut the same
 * way (a resumed submission); a directory holding another job is refused.
 */
export function createShardJob(dir: string, spec: EnsembleSpec, shards: number, chunkSize: number, cwd: string, config: string | undefined): ShardJob {
  const job: ShardJob = {
    format: SHARD_JOB_FORMAT,
    specHash: specHash(spec),
    spec,
    shards,
    ranges: shardRanges(spec.samples, shards),
    chunkSize,
    cwd: resolve(cwd),
    ...(config ? { config: resolve(cwd, config) } : {}),
  };
  if (existsSync(jobFile(dir))) {
    const old = readShardJob(dir);
    if (old.specHash !== job.specHash || old.shards !== shards) {
      throw new GlassyInputError(`${dir}: holds another shard job (spec hash ${old.specHash.slice(0, 12)}…, ${old.shards} shards; this one ${job.specHash.slice(0, 12)}…, ${shards}); remove it or choose another --out`);
    }
    return old;
  }
  mkdirSync(join(dir, 'shards'), { recursive: true });
  writeFileAtomic(jobFile(dir), `${JSON.stringify(job, null, 1)}\n`, dir);
  return job;
}

export function readShardJob(dir: string): ShardJob {
  const file = jobFile(dir);
  if (!existsSync(file)) throw new GlassyInputError(`${dir}: not a shard job directory (no job.json)`);
  const raw = readJsonFile(file);
  const r = shardJobSchema.safeParse(raw);
  if (!r.success) throw new GlassyInputError(`${file}: ${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`);
  const spec = ensembleSpec.safeParse(r.data.spec);
  if (!spec.success) throw new GlassyInputError(`${file}: spec.${spec.error.issues[0]!.path.join('.')}: ${spec.error.issues[0]!.message}`);
  if (specHash(spec.data) !== r.data.specHash) throw new GlassyInputError(`${file}: the spec does not match its specHash (edited by hand?)`);
  const ranges = shardRanges(spec.data.samples, r.data.shards);
  if (JSON.stringify(ranges) !== JSON.stringify(r.data.ranges)) throw new GlassyInputError(`${file}: ranges do not cut ${spec.data.samples} samples into ${r.data.shards} shards`);
  return { ...r.data, spec: spec.data };
}

/** Registry for a job: built-ins plus the plugins of the job's --config, seen from its folder. */
async function jobRegistry(job: ShardJob, makeRegistry: () => Registry): Promise<Registry> {
  const registry = makeRegistry();
  await registry.loadConfig(job.cwd, job.config);
  return registry;
}

/** `glassy shard run DIR --index I`: run shard I (resuming its checkpoint), write its file. */
export async function runShard(
  dir: string,
  index: number,
  makeRegistry: () => Registry,
  options: { workers: number; workerModule: URL; onProgress?: (done: number, total: number) => void },
): Promise<string> {
  const job = readShardJob(dir);
  if (index >= job.shards) throw new GlassyInputError(`--index: ${index} is not a shard of ${dir} (0 … ${job.shards - 1})`);
  const out = shardFile(dir, index);
  if (existsSync(out)) return out; // done already (a resubmitted task that had finished)
  const registry = await jobRegistry(job, makeRegistry);
  const resolved = resolveEnsemble(registry, job.spec);
  const [start, end] = job.ranges[index]!;
  const checkpointDir = shardCheckpoint(dir, index);
  const chunks = await runEnsembleChunks({
    resolved,
    workers: options.workers,
    workerModule: options.workerModule,
    workerData: { spec: resolved.spec, cwd: job.cwd, config: job.config },
    chunkSize: job.chunkSize,
    checkpointDir,
    range: [start, end],
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const shard = { format: SHARD_FORMAT, specHash: job.specHash, index, start, end, chunks };
  writeFileAtomic(out, `${JSON.stringify(shard)}\n`, out);
  rmSync(checkpointDir, { recursive: true, force: true });
  return out;
}

export type ShardState = 'done' | 'running or interrupted' | 'not started';

/** Each shard's state, from the files (what a task leaves behind, whatever ran it). */
export function shardStatus(dir: string): { job: ShardJob; states: ShardState[]; samplesDone: number[] } {
  const job = readShardJob(dir);
  const samplesDone: number[] = [];
  const states = job.ranges.map(([start, end], i): ShardState => {
    if (existsSync(shardFile(dir, i))) {
      samplesDone.push(end - start);
      return 'done';
    }
    const cp = shardCheckpoint(dir, i);
    const chunks = existsSync(cp) ? readdirSync(cp).filter((f) => /^chunk-\d+-\d+\.json$/.test(f)) : [];
    samplesDone.push(chunks.reduce((n, f) => n + Number(f.split(/[-.]/)[2]) - Number(f.split(/[-.]/)[1]), 0));
    return existsSync(cp) ? 'running or interrupted' : 'not started';
  });
  return { job, states, samplesDone };
}

/**
 * `glassy shard merge DIR`: every shard of the job exactly once, each valid and of this job, or
 * one line naming the shard that is missing, duplicated, foreign or corrupt.
 */
export async function mergeShards(dir: string, makeRegistry: () => Registry): Promise<EnsembleResult> {
  const job = readShardJob(dir);
  const folder = join(dir, 'shards');
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')).sort() : [];
  const byIndex = new Map<number, { file: string; chunks: ChunkResult[] }>();
  for (const name of files) {
    const file = join(folder, name);
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      throw new GlassyInputError(`${file}: corrupt shard (not valid JSON); delete it and run glassy shard run ${dir} --index I again`);
    }
    const r = shardFileSchema.safeParse(raw);
    if (!r.success) throw new GlassyInputError(`${file}: corrupt shard (${r.error.issues[0]!.path.join('.') || 'format'}: ${r.error.issues[0]!.message})`);
    const s = r.data;
    if (s.specHash !== job.specHash) throw new GlassyInputError(`${file}: foreign shard: it belongs to another ensemble (spec hash ${s.specHash.slice(0, 12)}…, this job ${job.specHash.slice(0, 12)}…)`);
    const range = job.ranges[s.index];
    if (!range || range[0] !== s.start || range[1] !== s.end) throw new GlassyInputError(`${file}: foreign shard: samples [${s.start}, ${s.end}) as shard ${s.index} do not belong to this job's cut into ${job.shards} shards`);
    const other = byIndex.get(s.index);
    if (other) throw new GlassyInputError(`${file}: duplicate shard: shard ${s.index} is also in ${other.file}; remove one of them`);
    const covered = s.chunks.reduce((n, c) => n + c.end - c.start, 0);
    if (covered !== s.end - s.start || s.chunks.some((c) => c.start < s.start || c.end > s.end)) throw new GlassyInputError(`${file}: corrupt shard: its chunks do not cover samples [${s.start}, ${s.end}) exactly`);
    byIndex.set(s.index, { file, chunks: s.chunks as ChunkResult[] });
  }
  for (let i = 0; i < job.shards; i++) {
    if (!byIndex.has(i)) throw new GlassyInputError(`${shardFile(dir, i)}: missing shard ${i} of ${job.shards} (samples ${job.ranges[i]![0]}–${job.ranges[i]![1] - 1}); run glassy shard run ${dir} --index ${i}`);
  }
  const registry = await jobRegistry(job, makeRegistry);
  const resolved = resolveEnsemble(registry, job.spec);
  return ensembleResult(resolved, [...byIndex.values()].flatMap((s) => s.chunks));
}
