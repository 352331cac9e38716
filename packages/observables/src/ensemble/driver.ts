/**
 * Running an ensemble: splits the samples into chunks, runs them in worker threads (or in this
 * thread with workers = 0), checkpoints every finished chunk atomically, and merges exactly.
 *
 * Resume: chunk files in the checkpoint directory carry the spec hash; a restarted run loads
 * those of its own configuration, runs only the missing sample ranges, and merges. Because the
 * sums are exact, the result is bit-identical to an uninterrupted run, whatever the workers and
 * chunking. A checkpoint of a different configuration is refused, never mixed in.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { GlassyInputError } from '@glassy/contracts';
import { meanEstimate, scaledVarianceEstimate } from './moments.js';
import { emptyAccumulators, mergeInto, runChunk, type ChunkResult, type ResolvedEnsemble } from './run-chunk.js';
import { specHash, type EnsembleSpec } from './spec.js';
import { statesFile, type StatesFile } from './states.js';

/** Samples [start, end) of a run. */
export interface ChunkRange {
  readonly start: number;
  readonly end: number;
}

export interface EnsembleRunOptions {
  readonly resolved: ResolvedEnsemble;
  /** 0 runs in this thread; n ≥ 1 uses n worker threads. */
  readonly workers: number;
  /** Module run by each worker; it receives `workerData` and answers chunk jobs (see ensemble-worker in verify). */
  readonly workerModule?: URL;
  readonly workerData?: unknown;
  readonly chunkSize: number;
  readonly checkpointDir?: string;
  readonly onProgress?: (samplesDone: number, samplesTotal: number) => void;
  /** Run only samples [start, end) (a cluster shard); default: all of them. */
  readonly range?: readonly [number, number];
}

export interface ObservableSeries {
  readonly id: string;
  readonly estimator: 'mean' | 'scaled-variance';
  readonly times: readonly number[];
  readonly value: readonly number[];
  readonly stdError: readonly number[];
  readonly samples: readonly number[];
  /** With spec.keepSamples: perSample[time][sample], in sample order. */
  readonly perSample?: readonly (readonly number[])[];
}

export interface EnsembleResult {
  readonly format: 'glassy-ensemble/1';
  readonly specHash: string;
  readonly spec: EnsembleSpec;
  readonly observables: readonly ObservableSeries[];
  /** With spec.keepStates: where every sample stands at the last time, to continue the run. */
  readonly states?: StatesFile;
}

function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, path);
}

/** Load this configuration's finished chunks; refuse a checkpoint of another configuration. */
function loadCheckpoint<C extends ChunkRange>(dir: string, manifest: Readonly<Record<string, unknown>>, hash: string, restore: (raw: Record<string, unknown>) => C): C[] {
  const manifestPath = join(dir, 'manifest.json');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  if (existsSync(manifestPath)) {
    let held: { specHash?: unknown };
    try {
      held = JSON.parse(readFileSync(manifestPath, 'utf8')) as { specHash?: unknown };
    } catch {
      throw new GlassyInputError(`${manifestPath}: not valid JSON; remove the checkpoint directory ${dir} to start afresh`);
    }
    if (held.specHash !== hash) {
      throw new GlassyInputError(
        `checkpoint ${dir} belongs to a different configuration (spec hash ${String(held.specHash).slice(0, 12)}…, this run ${hash.slice(0, 12)}…); remove it or write to another --out`,
      );
    }
  } else {
    writeJsonAtomic(manifestPath, { ...manifest, specHash: hash });
  }
  const chunks: C[] = [];
  for (const name of readdirSync(dir)) {
    if (!/^chunk-\d+-\d+\.json$/.test(name)) {
      if (name.includes('.tmp-')) rmSync(join(dir, name), { force: true }); // a write cut short by a kill
      continue;
    }
    let c: Record<string, unknown> & { specHash?: unknown };
    try {
      c = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Record<string, unknown>;
    } catch {
      throw new GlassyInputError(`${join(dir, name)}: checkpoint chunk is not valid JSON; remove it (its samples will be rerun)`);
    }
    if (c.specHash !== hash) throw new GlassyInputError(`${join(dir, name)}: chunk of a different configuration; remove ${dir}`);
    chunks.push(restore(c));
  }
  return chunks.sort((a, b) => a.start - b.start);
}

/** An ensemble chunk as read back from its checkpoint: per-sample values and states too (a resumed run must give what an uninterrupted one gives). */
function restoreEnsembleChunk(c: Record<string, unknown>): ChunkResult {
  const r = c as unknown as ChunkResult;
  return { start: r.start, end: r.end, accumulators: r.accumulators, ...(r.values ? { values: r.values } : {}), ...(r.states ? { states: r.states } : {}) };
}

/**
 * Sample ranges not covered by the loaded chunks, cut into pieces of at most chunkSize; the last
 * `tail` samples are cut four times finer, so that workers finish together instead of one idling
 * while another runs a last full chunk. (Chunking never changes the result: sums are exact.)
 */
export function missingRanges(total: number, have: readonly ChunkRange[], chunkSize: number, tail = 0): Array<[number, number]> {
  const covered = new Uint8Array(total);
  for (const c of have) covered.fill(1, c.start, c.end);
  const ranges: Array<[number, number]> = [];
  const fine = Math.max(1, Math.ceil(chunkSize / 4));
  let i = 0;
  while (i < total) {
    if (covered[i]) {
      i++;
      continue;
    }
    const start = i;
    const size = i >= total - tail ? fine : chunkSize;
    while (i < total && !covered[i] && i - start < size) i++;
    ranges.push([start, i]);
  }
  return ranges;
}

async function runInWorkers<C extends ChunkRange>(
  options: Pick<ChunkPoolOptions<C>, 'workers' | 'workerModule' | 'workerData'>,
  jobs: Array<[number, number]>,
  onChunk: (c: C) => void,
): Promise<void> {
  if (!options.workerModule) throw new Error('runEnsemble: workers > 0 needs a workerModule');
  const n = Math.min(options.workers, Math.max(1, jobs.length));
  const queue = [...jobs];
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      let failed = false;
      let finished = false;
      const feed = (w: Worker): void => {
        const job = queue.shift();
        if (!job) {
          if (--active === 0) {
            finished = true;
            resolve();
          }
          return;
        }
        w.postMessage({ start: job[0], end: job[1] });
      };
      for (let k = 0; k < n; k++) {
        const w = new Worker(options.workerModule!, { workerData: options.workerData });
        workers.push(w);
        active++;
        w.on('message', (msg: { result?: C; error?: { name: string; message: string } }) => {
          if (failed) return;
          if (msg.error) {
            failed = true;
            const e = msg.error.name === 'GlassyInputError' ? new GlassyInputError(msg.error.message) : new Error(msg.error.message);
            reject(e);
            return;
          }
          onChunk(msg.result!);
          feed(w);
        });
        w.on('error', (e) => {
          failed = true;
          reject(e);
        });
        // A worker that exits on its own (process.exit in plugin code) must not leave the run hanging.
        w.on('exit', (code) => {
          if (!failed && !finished) {
            failed = true;
            reject(new Error(`ensemble worker exited unexpectedly (code ${code}) before the run finished`));
          }
        });
        feed(w); // messages queue until the worker listens: no need to wait for 'online'
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** A worker pool over sample ranges, with checkpoints: what runs an ensemble, and any other set of independent samples. */
export interface ChunkPoolOptions<C extends ChunkRange> {
  /** Number of samples; chunks are ranges of [0, total). */
  readonly total: number;
  /** Identifies the configuration: checkpoints of another hash are refused, never mixed in. */
  readonly hash: string;
  /** Written to the checkpoint's manifest.json (with the hash). */
  readonly manifest: Readonly<Record<string, unknown>>;
  /** 0 runs in this thread (runHere); n ≥ 1 uses n worker threads of workerModule. */
  readonly workers: number;
  readonly workerModule?: URL;
  readonly workerData?: unknown;
  readonly chunkSize: number;
  readonly checkpointDir?: string;
  readonly onProgress?: (samplesDone: number, samplesTotal: number) => void;
  /** Run only samples [start, end) (a cluster shard); default: all of them. */
  readonly range?: readonly [number, number];
  /** A chunk computed in this thread (workers = 0). */
  readonly runHere: (start: number, end: number) => C;
  /** A chunk as read back from its checkpoint file. */
  readonly restore: (raw: Record<string, unknown>) => C;
}

/**
 * Every chunk of samples [start, end) (default: all): those the checkpoint already holds, and the
 * missing ones, run now (each checkpointed atomically as it finishes). Sorted by start.
 */
export async function runChunkPool<C extends ChunkRange>(options: ChunkPoolOptions<C>): Promise<C[]> {
  const { hash } = options;
  const [from, to] = options.range ?? [0, options.total];
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from < to && to <= options.total)) {
    throw new Error(`runEnsembleChunks: range [${from}, ${to}) is not inside [0, ${options.total})`);
  }
  const inRange = (c: C): boolean => c.start >= from && c.end <= to;
  const chunks = (options.checkpointDir ? loadCheckpoint(options.checkpointDir, options.manifest, hash, options.restore) : []).filter(inRange);
  const total = to - from;
  let done = chunks.reduce((n, c) => n + c.end - c.start, 0);
  options.onProgress?.(done, total);
  const onChunk = (c: C): void => {
    if (options.checkpointDir) writeJsonAtomic(join(options.checkpointDir, `chunk-${c.start}-${c.end}.json`), { specHash: hash, ...c });
    chunks.push(c);
    done += c.end - c.start;
    options.onProgress?.(done, total);
  };
  // Ranges are computed on [0, total) and shifted: the chunk boundaries of a shard are its own.
  const shifted = chunks.map((c) => ({ start: c.start - from, end: c.end - from }));
  const jobs = missingRanges(total, shifted, options.chunkSize, options.workers > 1 ? 2 * options.workers * options.chunkSize : 0).map(([a, b]): [number, number] => [a + from, b + from]);
  if (options.workers <= 0) for (const [a, b] of jobs) onChunk(options.runHere(a, b));
  else await runInWorkers(options, jobs, onChunk);
  return chunks.sort((a, b) => a.start - b.start);
}

/**
 * Every chunk of the ensemble's samples [start, end) (default: all), from the checkpoint or run
 * now. Sorted by start.
 */
export async function runEnsembleChunks(options: EnsembleRunOptions): Promise<ChunkResult[]> {
  const { spec } = options.resolved;
  return runChunkPool<ChunkResult>({
    total: spec.samples,
    hash: specHash(spec),
    manifest: { format: 'glassy-ensemble-checkpoint/1', spec },
    workers: options.workers,
    ...(options.workerModule ? { workerModule: options.workerModule } : {}),
    workerData: options.workerData,
    chunkSize: options.chunkSize,
    ...(options.checkpointDir ? { checkpointDir: options.checkpointDir } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.range ? { range: options.range } : {}),
    runHere: (a, b) => runChunk(options.resolved, a, b),
    restore: restoreEnsembleChunk,
  });
}

/**
 * The ensemble's result from chunks that cover every sample exactly once (from one run, or from
 * the shards of a cluster job, in any order: the sums are exact, so the result is the same).
 */
export function ensembleResult(resolved: ResolvedEnsemble, chunks: readonly ChunkResult[]): EnsembleResult {
  const { spec } = resolved;
  const hash = specHash(spec);
  const covered = new Uint8Array(spec.samples);
  for (const c of chunks) {
    for (let i = c.start; i < c.end; i++) {
      if (covered[i]) throw new Error(`ensembleResult: sample ${i} is in two chunks`);
      covered[i] = 1;
    }
  }
  const gap = covered.indexOf(0);
  if (gap >= 0) throw new Error(`ensembleResult: sample ${gap} is in no chunk`);
  const acc = emptyAccumulators(resolved.observables.length, spec.times.length);
  const perSample = spec.keepSamples
    ? resolved.observables.map(() => spec.times.map(() => new Array<number>(spec.samples).fill(Number.NaN)))
    : undefined;
  const states = spec.keepStates
    ? { q0: new Array<number[]>(spec.samples), p0: new Array<number[]>(spec.samples), q: new Array<number[]>(spec.samples), p: new Array<number[]>(spec.samples), rng: new Array<number[]>(spec.samples) }
    : undefined;
  for (const c of [...chunks].sort((a, b) => a.start - b.start)) {
    mergeInto(acc, c);
    if (perSample && c.values) c.values.forEach((rows, o) => rows.forEach((row, k) => row.forEach((v, j) => (perSample[o]![k]![c.start + j] = v))));
    if (states && c.states) {
      for (const key of ['q0', 'p0', 'q', 'p', 'rng'] as const) c.states[key].forEach((row, j) => (states[key][c.start + j] = row));
    }
  }
  const observables = resolved.observables.map((o, k): ObservableSeries => {
    const scale = o.estimator === 'scaled-variance' ? (o.scale?.(resolved.instance, { beta: spec.initial.beta }) ?? 1) : 1;
    const estimates = acc[k]!.map((m) => (o.estimator === 'mean' ? meanEstimate(m) : scaledVarianceEstimate(m, scale)));
    return {
      id: o.id,
      estimator: o.estimator,
      times: spec.times,
      value: estimates.map((e) => e.value),
      stdError: estimates.map((e) => e.stdError),
      samples: acc[k]!.map((m) => m.n),
      ...(perSample ? { perSample: perSample[k]! } : {}),
    };
  });
  if (states && states.q.some((row) => row === undefined)) throw new Error('ensembleResult: a chunk came back without its states (keepStates)');
  const finalStates: StatesFile | undefined = states ? statesFile(spec, hash, resolved.instance.dof, states) : undefined;
  return { format: 'glassy-ensemble/1', specHash: hash, spec, observables, ...(finalStates ? { states: finalStates } : {}) };
}

export async function runEnsemble(options: EnsembleRunOptions): Promise<EnsembleResult> {
  return ensembleResult(options.resolved, await runEnsembleChunks({ ...options, range: undefined }));
}
