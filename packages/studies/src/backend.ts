/**
 * Where a study's ensembles run. A study never runs samples itself: it builds ensemble specs and
 * hands each one to a backend, with a working folder of its own. The backend decides where the
 * samples run and returns the exact result, so that a study written once runs on a laptop and on
 * a cluster, byte for byte the same:
 *
 *   localBackend()   worker threads on this machine; the folder holds the chunk checkpoints
 *                    (kill -9 loses only unfinished chunks; the same call resumes);
 *   slurmBackend()   one SLURM array job per ensemble, one task per shard (shards.ts, slurm.ts);
 *                    the folder is the shard job directory, merged exactly when all shards are done.
 *
 * Sample i's trajectory depends only on (spec, i) and the sums are exact, so the result does not
 * depend on the backend, the number of workers, the chunk size or the number of shards.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { GlassyInputError } from '@glassy/contracts';
import { runChunkPool, runEnsemble, type EnsembleResult, type EnsembleSpec } from '@glassy/observables';
import { resolveEnsemble } from './ensemble.js';
import { Registry } from './registry.js';
import { runSampleChunk, sampleTaskHash, sampleValues, type SampleChunk, type SampleTask } from './samples.js';
import { createShardJob, mergeSampleShards, mergeShards, restoreSampleChunk, type ShardWork } from './shards.js';
import { ensembleWorkerModule, sampleWorkerModule } from './workers.js';
import { runOnSlurm } from './slurm.js';

/** One ensemble of a study: its working folder and a label for progress lines. */
export interface EnsembleJob {
  /** Working folder (checkpoints, or the shard job directory); reused to resume. */
  readonly dir: string;
  /** Human-readable name, e.g. "g = 0.7, t ≤ 400". */
  readonly label: string;
  /** Samples per chunk (checkpoint granularity); does not change the result. */
  readonly chunkSize?: number;
}

export interface EnsembleBackend {
  /** "local", "slurm" (recorded nowhere in the results: they do not depend on it). */
  readonly kind: string;
  /** The plugins the ensembles are resolved against (built-ins, plus a config's). */
  readonly registry: Registry;
  run(spec: EnsembleSpec, job: EnsembleJob): Promise<EnsembleResult>;
  /** A study's independent samples (samples.ts): their values, in sample order. */
  samples(task: SampleTask, job: EnsembleJob): Promise<unknown[]>;
}

interface CommonOptions {
  /** Default: the built-in models, integrators and observables. */
  readonly registry?: Registry;
  /** Folder the config path is relative to, and where workers and tasks load plugins from. */
  readonly cwd?: string;
  /** A glassy.config.json whose plugins the registry holds (workers and tasks load it again). */
  readonly config?: string;
  readonly chunkSize?: number;
}

export interface LocalBackendOptions extends CommonOptions {
  /** Worker threads (default: every core). */
  readonly workers?: number;
  readonly onProgress?: (label: string, done: number, total: number) => void;
}

/** Worker threads on this machine, resumable from the job folder's chunk checkpoints. */
export function localBackend(options: LocalBackendOptions = {}): EnsembleBackend {
  const registry = options.registry ?? Registry.builtin();
  return {
    kind: 'local',
    registry,
    async run(spec, job) {
      const resolved = resolveEnsemble(registry, spec);
      const workers = options.workers ?? availableParallelism();
      const chunkSize = job.chunkSize ?? options.chunkSize ?? defaultChunk(spec.samples, workers);
      return runEnsemble({
        resolved,
        workers,
        workerModule: ensembleWorkerModule(),
        workerData: { spec: resolved.spec, cwd: options.cwd ?? process.cwd(), config: options.config },
        chunkSize,
        checkpointDir: job.dir,
        ...(options.onProgress ? { onProgress: (done: number, total: number) => options.onProgress!(job.label, done, total) } : {}),
      });
    },
    async samples(task, job) {
      const workers = options.workers ?? availableParallelism();
      const chunks = await runChunkPool<SampleChunk>({
        total: task.samples,
        hash: sampleTaskHash(task),
        manifest: { format: 'glassy-samples-checkpoint/1', task },
        workers,
        workerModule: sampleWorkerModule(),
        workerData: { task, cwd: options.cwd ?? process.cwd(), config: options.config },
        chunkSize: job.chunkSize ?? options.chunkSize ?? defaultChunk(task.samples, workers),
        checkpointDir: job.dir,
        runHere: (a, b) => runSampleChunk(task, registry, a, b),
        restore: restoreSampleChunk,
        ...(options.onProgress ? { onProgress: (done: number, total: number) => options.onProgress!(job.label, done, total) } : {}),
      });
      return sampleValues(task, chunks);
    },
  };
}

/** By default about four chunks per worker (so that all are busy), at most 16 samples each. */
function defaultChunk(samples: number, workers: number): number {
  return Math.max(1, Math.min(16, Math.ceil(samples / (4 * Math.max(1, workers)))));
}

export interface SlurmBackendOptions extends CommonOptions {
  /** Array tasks per ensemble (capped at its number of samples; the result does not depend on it). */
  readonly shards: number;
  /** Extra #SBATCH lines: --partition=…, --account=…, --time=…, --mem=…, --cpus-per-task=…. */
  readonly sbatchArgs?: readonly string[];
  /** Resubmissions of a failed or cancelled task before the run stops (default 2). */
  readonly maxResubmits?: number;
  /** Seconds between squeue polls (default 5). */
  readonly pollSeconds?: number;
  /**
   * The glassy CLI script the array tasks run (`glassy shard run DIR --index I`). Default: the
   * running script when it is glassy, else node_modules/.bin/glassy found from cwd upwards.
   */
  readonly glassy?: string;
  readonly log?: (line: string) => void;
}

function findGlassy(cwd: string): string {
  const main = process.argv[1];
  if (main && /(^|[\\/])glassy(\.js)?$/.test(main)) return main;
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', '@glassy', 'verify', 'bin', 'glassy.js');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new GlassyInputError('slurmBackend: cannot find the glassy CLI that the array tasks run; install @glassy/verify or pass { glassy: "path/to/bin/glassy.js" }');
}

/**
 * One SLURM array job per ensemble: the job folder holds the spec and its hash, the sbatch
 * script, one shard file per finished task and the checkpoints of running ones; failed or
 * cancelled tasks are resubmitted (up to maxResubmits); the shards are merged exactly.
 */
export function slurmBackend(options: SlurmBackendOptions): EnsembleBackend {
  if (!(Number.isInteger(options.shards) && options.shards >= 1)) throw new GlassyInputError('--shards: must be an integer ≥ 1');
  const registry = options.registry ?? Registry.builtin();
  const cwd = options.cwd ?? process.cwd();
  const glassy = options.glassy ?? findGlassy(cwd);
  const log = options.log ?? (() => undefined);
  /** Submit the job's shards that are not done, watch and resubmit, until every shard is done. */
  const onSlurm = (work: ShardWork, job: EnsembleJob): void => {
    const shards = Math.min(options.shards, work.spec.samples);
    const shardJob = createShardJob(job.dir, work, shards, job.chunkSize ?? options.chunkSize ?? 16, cwd, options.config);
    log(`${job.label}: ${shards} shards on SLURM (${job.dir})`);
    runOnSlurm(job.dir, shardJob, {
      sbatchArgs: options.sbatchArgs ?? [],
      maxResubmits: options.maxResubmits ?? 2,
      pollSeconds: options.pollSeconds ?? 5,
      log: (line) => log(`${job.label}: ${line}`),
      glassy,
    });
  };
  return {
    kind: 'slurm',
    registry,
    async run(spec, job) {
      const resolved = resolveEnsemble(registry, spec);
      onSlurm({ kind: 'ensemble', spec: resolved.spec }, job);
      // The tasks loaded the plugins from (cwd, config); the merge resolves the spec the same way.
      return mergeShards(job.dir, () => Registry.builtin());
    },
    async samples(task, job) {
      onSlurm({ kind: 'samples', spec: task }, job);
      return mergeSampleShards(job.dir).values;
    },
  };
}
