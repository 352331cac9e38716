/**
 * `glassy shard run|merge|status DIR`: the pieces of a sharded ensemble (shards.ts). `run` is what
 * a SLURM array task executes, and works by hand or under any other batch system; `merge` checks
 * and combines the shards into the file `glassy ensemble` would write; `status` says where each
 * shard stands.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { checkOutputPath, describeJob, intAtLeast, mergeSampleShards, mergeShards, outFlag, parseFlags, quietFlag, readShardJob, runShard, shardStatus, VERSION, workersFlag, writeEnsembleFile, writeFileAtomic } from '@glassy/studies';
import { Registry } from '../registry.js';
import type { Io } from './commands.js';

const runFlags = z.object({ index: intAtLeast(0), workers: workersFlag, quiet: quietFlag });
const mergeFlags = z.object({ out: outFlag });


export async function shardRunCommand(dir: string, rawOpts: unknown, io: Io): Promise<number> {
  const opts = parseFlags(runFlags, rawOpts);
  let last = -1;
  const file = await runShard(dir, opts.index, () => Registry.builtin(), {
    workers: opts.workers ?? availableParallelism(),
    onProgress: (done, total) => {
      const decile = Math.floor((10 * done) / total);
      if (!opts.quiet && decile !== last) io.err(`shard ${opts.index}: ${done}/${total} samples`);
      last = decile;
    },
  });
  if (!opts.quiet) io.out(`shard ${opts.index} written to ${file}`);
  return 0;
}

export async function shardMergeCommand(dir: string, rawOpts: unknown, io: Io): Promise<number> {
  const opts = parseFlags(mergeFlags, rawOpts);
  checkOutputPath(opts.out, '--out');
  if (readShardJob(dir).kind === 'samples') {
    // A study's samples: their values in sample order (the study itself merges them when it runs).
    const { task, values } = mergeSampleShards(dir);
    writeFileAtomic(opts.out, `${JSON.stringify({ software: { glassy: VERSION }, format: 'glassy-samples/1', task, values })}\n`, '--out');
    io.out(`merged ${task.samples} samples of study ${task.study} into ${opts.out}`);
    return 0;
  }
  const result = await mergeShards(dir, () => Registry.builtin());
  writeEnsembleFile(opts.out, result);
  io.out(`merged ${result.spec.samples} samples into ${opts.out}`);
  return 0;
}

export function shardStatusCommand(dir: string, io: Io): number {
  const { job, states, samplesDone } = shardStatus(dir);
  const done = states.filter((s) => s === 'done').length;
  io.out(`${dir}: ${job.shards} shards of ${job.spec.samples} samples (${describeJob(job)}, spec ${job.specHash.slice(0, 12)}…): ${done} done`);
  job.ranges.forEach(([a, b], i) => io.out(`  shard ${i}: samples ${a}–${b - 1}: ${states[i]}${states[i] === 'done' ? '' : ` (${samplesDone[i]}/${b - a} samples checkpointed)`}`));
  return done === job.shards ? 0 : 1;
}
