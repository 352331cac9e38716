/**
 * The SLURM backend: SLURM schedules, glassy shards, submits, watches and merges. For a shard job
 * directory (shards.ts) it writes an sbatch array script (one array task per shard, each running
 * `glassy shard run DIR --index $SLURM_ARRAY_TASK_ID`), submits it with `sbatch --parsable`,
 * watches the tasks with `squeue` (and the shard files, which are the ground truth: a task is done
 * when its shard file exists), resubmits a failed, cancelled or vanished task up to a limit, and
 * returns when every shard is done. No accounting database is needed (no sacct).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { GlassyInputError } from '@glassy/contracts';
import { writeFileAtomic } from './io.js';
import { describeJob, shardFile, type ShardJob } from './shards.js';

/** A SLURM run that gave up: a shard failed past its resubmissions (finished shards are kept). */
export class SlurmJobFailed extends Error {
  override readonly name = 'SlurmJobFailed';
}

export interface SlurmOptions {
  /** Passed to sbatch as #SBATCH lines, e.g. --partition=debug, --time=01:00:00, --mem=2G. */
  readonly sbatchArgs: readonly string[];
  /** Resubmissions allowed per shard after a failure (then the run stops and says which). */
  readonly maxResubmits: number;
  /** Seconds between polls of squeue. */
  readonly pollSeconds: number;
  readonly log: (line: string) => void;
  /** The glassy CLI script each array task runs (`node GLASSY shard run DIR --index I`). */
  readonly glassy: string;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** DIR/array.sbatch: one array task per shard. */
export function writeSbatchScript(dir: string, job: ShardJob, sbatchArgs: readonly string[], glassy: string): string {
  const abs = resolve(dir);
  mkdirSync(join(abs, 'logs'), { recursive: true });
  for (const a of sbatchArgs) {
    if (!/^--?[A-Za-z]/.test(a) || /[\n\r]/.test(a)) throw new GlassyInputError(`--sbatch-arg: "${a}" is not an sbatch option (write e.g. --sbatch-arg=--partition=debug)`);
    if (/^--array\b|^-a\b/.test(a)) throw new GlassyInputError('--sbatch-arg: --array is set by glassy (one task per shard; choose --shards)');
  }
  const script = [
    '#!/bin/bash',
    `# glassy as a SLURM array job: ${job.shards} shards of ${job.spec.samples} samples, ${describeJob(job)} (spec ${job.specHash.slice(0, 12)}…).`,
    '# Each task runs one shard; the result is merged by glassy when all are done (or: glassy shard merge DIR).',
    `#SBATCH --job-name=glassy-${job.specHash.slice(0, 8)}`,
    `#SBATCH --array=0-${job.shards - 1}`,
    `#SBATCH --output=${join(abs, 'logs', 'shard-%a.out')}`,
    `#SBATCH --error=${join(abs, 'logs', 'shard-%a.err')}`,
    ...sbatchArgs.map((a) => `#SBATCH ${a}`),
    'set -euo pipefail',
    `exec ${shellQuote(process.execPath)} ${shellQuote(resolve(glassy))} shard run ${shellQuote(abs)} --index "$SLURM_ARRAY_TASK_ID" --workers "\${SLURM_CPUS_PER_TASK:-1}" --quiet`,
    '',
  ].join('\n');
  const file = join(abs, 'array.sbatch');
  writeFileAtomic(file, script, file);
  return file;
}

function run(command: string, args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error) throw new GlassyInputError(`--backend slurm: cannot run ${command} (${r.error.message}); is SLURM installed and SLURM_CONF set?`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** sbatch --parsable [--array=LIST] SCRIPT → job id. */
export function submit(script: string, indices?: readonly number[]): string {
  const args = ['--parsable', ...(indices ? [`--array=${compact(indices)}`] : []), script];
  const r = run('sbatch', args);
  if (r.status !== 0) throw new GlassyInputError(`--backend slurm: sbatch failed: ${(r.stderr || r.stdout).trim().split('\n').pop()}`);
  return r.stdout.trim().split(';')[0]!;
}

/** State of each array task of a job still known to squeue: index → state (PENDING, RUNNING, …). */
export function taskStates(jobId: string): Map<number, string> {
  const r = run('squeue', ['-h', '-r', '-t', 'all', '-j', jobId, '-o', '%K %T']);
  const states = new Map<number, string>();
  if (r.status !== 0) return states; // a job that aged out of squeue: its tasks count as gone
  for (const line of r.stdout.split('\n')) {
    const [k, state] = line.trim().split(/\s+/);
    if (k !== undefined && state !== undefined && /^\d+$/.test(k)) states.set(Number(k), state);
  }
  return states;
}

const ACTIVE = new Set(['PENDING', 'CONFIGURING', 'RUNNING', 'COMPLETING', 'SUSPENDED', 'REQUEUED', 'RESIZING', 'SIGNALING', 'STAGE_OUT']);

const sleep = (seconds: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, seconds * 1000);
};

/**
 * Submit the job's shards that are not done, watch them, resubmit failures; return when every
 * shard file exists. Throws (exit 1 from the CLI) when a shard failed more than maxResubmits times.
 */
export function runOnSlurm(dir: string, job: ShardJob, options: SlurmOptions): void {
  const script = writeSbatchScript(dir, job, options.sbatchArgs, options.glassy);
  const done = (i: number): boolean => existsSync(shardFile(dir, i));
  const pending = (): number[] => job.ranges.map((_, i) => i).filter((i) => !done(i));
  let todo = pending();
  if (todo.length === 0) return;
  const jobOf = new Map<number, string>();
  const submitted = (indices: number[]): void => {
    const id = submit(script, indices.length === job.shards ? undefined : indices);
    for (const i of indices) jobOf.set(i, id);
    options.log(`slurm: submitted job ${id} (array tasks ${compact(indices)}) from ${script}`);
  };
  submitted(todo);
  const resubmits = new Map<number, number>();
  let last = '';
  for (;;) {
    sleep(options.pollSeconds);
    todo = pending();
    if (todo.length === 0) break;
    const states = new Map<number, string>();
    for (const id of new Set(todo.map((i) => jobOf.get(i)!))) for (const [k, s] of taskStates(id)) if (jobOf.get(k) === id) states.set(k, s);
    const failed: number[] = [];
    const counts = new Map<string, number>([['DONE', job.shards - todo.length]]);
    for (const i of todo) {
      const s = states.get(i);
      // Ended without a shard file (FAILED, CANCELLED, TIMEOUT, NODE_FAIL, … or COMPLETED without
      // output), or gone from squeue: failed. The shard's finished chunks stay in its checkpoint.
      const state = s !== undefined && ACTIVE.has(s) ? s : 'FAILED';
      if (state === 'FAILED') failed.push(i);
      counts.set(state, (counts.get(state) ?? 0) + 1);
    }
    const line = `slurm: ${[...counts].map(([k, n]) => `${n} ${k.toLowerCase()}`).join(', ')} (of ${job.shards} shards)`;
    if (line !== last) options.log(line);
    last = line;
    if (failed.length > 0) {
      // A task that completed writes its shard file before it ends; read again before resubmitting.
      const reallyFailed = failed.filter((i) => !done(i));
      const over = reallyFailed.filter((i) => (resubmits.get(i) ?? 0) >= options.maxResubmits);
      if (over.length > 0) {
        throw new SlurmJobFailed(
          `slurm: shard${over.length > 1 ? 's' : ''} ${compact(over)} failed ${options.maxResubmits + 1} times (${states.get(over[0]!) ?? 'gone from squeue'}); see ${join(resolve(dir), 'logs', `shard-${over[0]}.err`)}. Finished shards are kept: rerun the same command to continue`,
        );
      }
      if (reallyFailed.length > 0) {
        for (const i of reallyFailed) resubmits.set(i, (resubmits.get(i) ?? 0) + 1);
        options.log(`slurm: task${reallyFailed.length > 1 ? 's' : ''} ${compact(reallyFailed)} ended without a shard (${reallyFailed.map((i) => states.get(i) ?? 'gone').join(', ')}); resubmitting`);
        submitted(reallyFailed);
      }
    }
  }
  options.log(`slurm: all ${job.shards} shards done`);
}

/** 0,1,2,5,7,8 → "0-2,5,7-8" (sbatch's --array syntax, also for messages). */
export function compact(indices: readonly number[]): string {
  const xs = [...indices].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let k = 0; k < xs.length; ) {
    let j = k;
    while (j + 1 < xs.length && xs[j + 1] === xs[j]! + 1) j++;
    parts.push(j === k ? `${xs[k]}` : `${xs[k]}-${xs[j]}`);
    k = j + 1;
  }
  return parts.join(',');
}
