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
 *
 * A job is of one of two kinds: an ensemble of the engine (kind "ensemble", the spec of
 * `glassy ensemble`), or the independent samples of a study (kind "samples", samples.ts), whose
 * shards hold per-sample values, merged in sample order.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { ensembleResult, ensembleSpec, runChunkPool, runEnsembleChunks, specHash, type ChunkResult, type EnsembleResult, type EnsembleSpec } from '@glassy/observables';
import { ensembleWorkerModule, sampleWorkerModule } from './workers.js';
import { resolveEnsemble } from './ensemble.js';
import { readJsonFile, writeFileAtomic } from './io.js';
import type { Registry } from './registry.js';
import { runSampleChunk, sampleTaskHash, sampleValues, type SampleChunk, type SampleTask } from './samples.js';

export const SHARD_JOB_FORMAT = 'glassy-shard-job/1';
export const SHARD_FORMAT = 'glassy-shard/1';

const int = z.number().int().min(0);

export const shardJobSchema = z.strictObject({
  format: z.literal(SHARD_JOB_FORMAT),
  /** "ensemble" (default: jobs written before samples jobs existed) or "samples". */
  kind: z.enum(['ensemble', 'samples']).default('ensemble'),
  specHash: z.string().regex(/^[0-9a-f]{64}$/),
  spec: z.unknown(),
  shards: z.number().int().min(1),
  ranges: z.array(z.tuple([int, int])).min(1),
  chunkSize: z.number().int().min(1),
  /** Where the run was started and its --config, so that a task loads the same plugins. */
  cwd: z.string().min(1),
  config: z.string().min(1).optional(),
});
type JobFields = Omit<z.output<typeof shardJobSchema>, 'spec' | 'kind'>;
/** A shard job: the samples of an ensemble, or of a study's sample task. */
export type ShardJob = (JobFields & { kind: 'ensemble'; spec: EnsembleSpec }) | (JobFields & { kind: 'samples'; spec: SampleTask });
/** What a shard job runs. */
export type ShardWork = { kind: 'ensemble'; spec: EnsembleSpec } | { kind: 'samples'; spec: SampleTask };

const sampleTaskSchema = z.strictObject({ study: z.string().min(1), spec: z.unknown(), samples: z.number().int().min(1) });
const hashOf = (work: ShardWork): string => (work.kind === 'ensemble' ? specHash(work.spec) : sampleTaskHash(work.spec));
/** What a job is, in a few words, for messages and the sbatch script. */
export function describeJob(job: ShardJob): string {
  return job.kind === 'ensemble' ? `ensemble of model ${job.spec.model}` : `samples of study ${job.spec.study}`;
}

const momentsSchema = z.strictObject({ n: int, sums: z.array(z.strictObject({ partials: z.array(z.number()), special: z.number() })).length(4) });
const sampleChunkSchema = z.strictObject({ start: int, end: int, values: z.array(z.unknown()) });
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
  chunks: z.array(z.union([chunkSchema, sampleChunkSchema])),
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
export function createShardJob(dir: string, work: ShardWork, shards: number, chunkSize: number, cwd: string, config: string | undefined): ShardJob {
  const job = {
    format: SHARD_JOB_FORMAT,
    kind: work.kind,
    specHash: hashOf(work),
    spec: work.spec,
    shards,
    ranges: shardRanges(work.spec.samples, shards),
    chunkSize,
    cwd: resolve(cwd),
    ...(config ? { config: resolve(cwd, config) } : {}),
  } as ShardJob;
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
  const parsed = r.data.kind === 'ensemble' ? ensembleSpec.safeParse(r.data.spec) : sampleTaskSchema.safeParse(r.data.spec);
  if (!parsed.success) throw new GlassyInputError(`${file}: spec.${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  const work = { kind: r.data.kind, spec: parsed.data } as ShardWork;
  if (hashOf(work) !== r.data.specHash) throw new GlassyInputError(`${file}: the spec does not match its specHash (edited by hand?)`);
  const ranges = shardRanges(work.spec.samples, r.data.shards);
  if (JSON.stringify(ranges) !== JSON.stringify(r.data.ranges)) throw new GlassyInputError(`${file}: ranges do not cut ${work.spec.samples} samples into ${r.data.shards} shards`);
  return { ...r.data, ...work } as ShardJob;
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
  options: { workers: number; onProgress?: (done: number, total: number) => void },
): Promise<string> {
  const job = readShardJob(dir);
  if (index >= job.shards) throw new GlassyInputError(`--index: ${index} is not a shard of ${dir} (0 … ${job.shards - 1})`);
  const out = shardFile(dir, index);
  if (existsSync(out)) return out; // done already (a resubmitted task that had finished)
  const registry = await jobRegistry(job, makeRegistry);
  const [start, end] = job.ranges[index]!;
  const checkpointDir = shardCheckpoint(dir, index);
  const common = { workers: options.workers, chunkSize: job.chunkSize, checkpointDir, range: [start, end] as const, ...(options.onProgress ? { onProgress: options.onProgress } : {}) };
  let chunks: ChunkResult[] | SampleChunk[];
  if (job.kind === 'ensemble') {
    const resolved = resolveEnsemble(registry, job.spec);
    chunks = await runEnsembleChunks({ resolved, workerModule: ensembleWorkerModule(), workerData: { spec: resolved.spec, cwd: job.cwd, config: job.config }, ...common });
  } else {
    const task = job.spec;
    chunks = await runChunkPool<SampleChunk>({
      total: task.samples,
      hash: job.specHash,
      manifest: { format: 'glassy-samples-checkpoint/1', task },
      workerModule: sampleWorkerModule(),
      workerData: { task, cwd: job.cwd, config: job.config },
      runHere: (a, b) => runSampleChunk(task, registry, a, b),
      restore: restoreSampleChunk,
      ...common,
    });
  }
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
 * The chunks of every shard of the job, each shard exactly once, valid and of this job; or one
 * line naming the shard that is missing, duplicated, foreign or corrupt.
 */
function collectShards(dir: string, job: ShardJob): Array<ChunkResult | SampleChunk> {
  const folder = join(dir, 'shards');
  const files = existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.json')).sort() : [];
  const byIndex = new Map<number, { file: string; chunks: Array<ChunkResult | SampleChunk> }>();
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
    if (s.chunks.some((c) => ('values' in c && !('accumulators' in c)) !== (job.kind === 'samples'))) throw new GlassyInputError(`${file}: corrupt shard: its chunks are not of a ${job.kind} job`);
    const covered = s.chunks.reduce((n, c) => n + c.end - c.start, 0);
    if (covered !== s.end - s.start || s.chunks.some((c) => c.start < s.start || c.end > s.end)) throw new GlassyInputError(`${file}: corrupt shard: its chunks do not cover samples [${s.start}, ${s.end}) exactly`);
    byIndex.set(s.index, { file, chunks: s.chunks as Array<ChunkResult | SampleChunk> });
  }
  for (let i = 0; i < job.shards; i++) {
    if (!byIndex.has(i)) throw new GlassyInputError(`${shardFile(dir, i)}: missing shard ${i} of ${job.shards} (samples ${job.ranges[i]![0]}–${job.ranges[i]![1] - 1}); run glassy shard run ${dir} --index ${i}`);
  }
  return [...byIndex.values()].flatMap((s) => s.chunks);
}

/**
 * `glassy shard merge DIR`: every shard of the job exactly once, each valid and of this job, or
 * one line naming the shard that is missing, duplicated, foreign or corrupt.
 */
export async function mergeShards(dir: string, makeRegistry: () => Registry): Promise<EnsembleResult> {
  const job = readShardJob(dir);
  if (job.kind !== 'ensemble') throw new GlassyInputError(`${dir}: holds the samples of study ${job.spec.study}, not an ensemble; the study merges them (rerun its command)`);
  const chunks = collectShards(dir, job) as ChunkResult[];
  const registry = await jobRegistry(job, makeRegistry);
  return ensembleResult(resolveEnsemble(registry, job.spec), chunks);
}

/** The values of a samples job, in sample order, from its shards (checked as mergeShards does). */
export function mergeSampleShards(dir: string): { task: SampleTask; values: unknown[] } {
  const job = readShardJob(dir);
  if (job.kind !== 'samples') throw new GlassyInputError(`${dir}: holds an ensemble, not a study's samples; use glassy shard merge`);
  return { task: job.spec, values: sampleValues(job.spec, collectShards(dir, job) as SampleChunk[]) };
}

/** A sample chunk as read back from its checkpoint file. */
export function restoreSampleChunk(raw: Record<string, unknown>): SampleChunk {
  return { start: raw['start'] as number, end: raw['end'] as number, values: raw['values'] as unknown[] };
}
