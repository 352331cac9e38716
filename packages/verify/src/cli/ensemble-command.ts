/**
 * `glassy ensemble`: M independent samples (initial state, optional thermalisation, integrate,
 * record observables at requested times) over worker threads, resumable from checkpoints,
 * bit-identical for any number of workers.
 */
import { existsSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { ensembleSpec, runEnsemble, SampleFailure, type EnsembleSpec } from '@glassy/observables';
import { checkOutputPath, createShardJob, ENSEMBLE_WORKER_MODULE, intAtLeast, numberFlag, outFlag, parseFlags, parseSetPairs, positiveFinite, quietFlag, resolveEnsemble, seedFlag, slurmBackend, workersFlag, writeEnsembleFile, writeSbatchScript } from '@glassy/studies';
import { Registry } from '../registry.js';
import { GLASSY_BIN } from './run-study.js';
import type { Io } from './commands.js';

const listOfNumbers = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(',').map((x) => x.trim()).filter((x) => x.length > 0);
    const values = parts.map(Number);
    const bad = parts.find((x, i) => !Number.isFinite(values[i]!));
    if (parts.length === 0 || bad !== undefined) {
      ctx.addIssue({ code: 'custom', message: bad !== undefined ? `"${bad}" is not a finite number` : 'expected a comma-separated list of times' });
      return z.NEVER;
    }
    return values;
  });

const positiveInt = intAtLeast(1);

const ensembleFlags = z.object({
  model: z.string({ message: 'is required' }).min(1),
  set: z.array(z.string()).default([]),
  integrator: z.string({ message: 'is required' }).min(1),
  integratorSet: z.array(z.string()).default([]),
  samples: positiveInt,
  dt: positiveFinite,
  times: listOfNumbers,
  observable: z.array(z.string()).min(1, { message: 'name at least one observable' }),
  seed: seedFlag.default('1' as never),
  workers: workersFlag,
  beta: positiveFinite.default('1' as never),
  init: z.enum(['gibbs', 'langevin', 'hmc'], { message: 'expected "gibbs", "langevin" or "hmc"' }).default('gibbs'),
  hmcTrajectories: positiveInt.optional(),
  tTherm: numberFlag.pipe(z.number().finite().min(0, { message: 'must be ≥ 0' })).optional(),
  gamma: positiveFinite.default('1' as never),
  zeroMomentum: z.boolean().default(false),
  chunkSize: positiveInt.default('16' as never),
  quiet: quietFlag,
  keepCheckpoint: z.boolean().default(false),
  backend: z.enum(['local', 'slurm', 'manual'], { message: 'expected "local", "slurm" or "manual"' }).default('local'),
  shards: positiveInt.optional(),
  sbatchArg: z.array(z.string()).default([]),
  maxResubmits: intAtLeast(0).default('2' as never),
  out: outFlag,
});

function progressReporter(io: Io, quiet: boolean): { update(done: number, total: number): void; stop(): void } {
  if (quiet) return { update: () => undefined, stop: () => undefined };
  const t0 = performance.now();
  let first: number | undefined;
  if (io.isTTY) {
    const bar = new SingleBar({
      format: 'ensemble [{bar}] {percentage}% | {value}/{total} samples | {rate} samples/s | ETA {eta_formatted}',
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    });
    let started = false;
    return {
      update(done, total) {
        first ??= done;
        const seconds = (performance.now() - t0) / 1000;
        const rate = seconds > 0 ? ((done - first) / seconds).toFixed(1) : '…';
        if (!started) {
          bar.start(total, done, { rate });
          started = true;
        } else bar.update(done, { rate });
      },
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    update(done, total) {
      first ??= done;
      const decile = Math.floor((10 * done) / total);
      if (decile === lastDecile) return;
      lastDecile = decile;
      const seconds = (performance.now() - t0) / 1000;
      const rate = seconds > 0 ? (done - first) / seconds : 0;
      const eta = rate > 0 ? `${((total - done) / rate).toFixed(0)} s` : '?';
      io.err(`ensemble: ${done}/${total} samples (${Math.round((100 * done) / total)}%), ${rate.toFixed(1)} samples/s, ETA ${eta}`);
    },
    stop: () => undefined,
  };
}

export async function ensembleCommand(registry: Registry, rawOpts: unknown, io: Io, config: string | undefined): Promise<number> {
  const opts = parseFlags(ensembleFlags, rawOpts);
  // A thermalisation time has no default that fits every model: zero would silently skip it.
  if (opts.init === 'langevin' && opts.tTherm === undefined) throw new GlassyInputError('--t-therm: is required with --init langevin (the Langevin thermalisation time before t = 0)');
  if (opts.init !== 'langevin' && opts.tTherm !== undefined) throw new GlassyInputError('--t-therm: only with --init langevin');
  if (opts.init !== 'hmc' && opts.hmcTrajectories !== undefined) throw new GlassyInputError('--hmc-trajectories: only with --init hmc');
  const raw = {
    model: opts.model,
    params: parseSetPairs(opts.set),
    integrator: opts.integrator,
    integratorParams: parseSetPairs(opts.integratorSet, '--integrator-set'),
    dt: opts.dt,
    times: opts.times,
    samples: opts.samples,
    seed: opts.seed,
    observables: opts.observable,
    initial:
      opts.init === 'gibbs'
        ? { kind: 'gibbs' as const, beta: opts.beta, zeroMomentum: opts.zeroMomentum }
        : opts.init === 'hmc'
          ? { kind: 'hmc' as const, beta: opts.beta, ...(opts.hmcTrajectories !== undefined ? { burnIn: opts.hmcTrajectories, trajectories: opts.hmcTrajectories } : {}) }
          : { kind: 'langevin' as const, beta: opts.beta, gamma: opts.gamma, tTherm: opts.tTherm! },
  };
  const parsed = ensembleSpec.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.map(String).join('.');
    const flag = field.startsWith('times') ? '--times' : field === 'initial.tTherm' ? '--t-therm' : field;
    throw new GlassyInputError(`${flag}: ${issue.message}`);
  }
  const spec: EnsembleSpec = parsed.data;
  checkOutputPath(opts.out, '--out');
  if (opts.backend === 'local' && (opts.shards !== undefined || opts.sbatchArg.length > 0)) throw new GlassyInputError(`${opts.shards !== undefined ? '--shards' : '--sbatch-arg'}: only with --backend slurm or manual`);
  const resolved = resolveEnsemble(registry, spec);
  if (opts.backend !== 'local') {
    if (opts.shards === undefined) throw new GlassyInputError(`--shards: is required with --backend ${opts.backend} (one ${opts.backend === 'slurm' ? 'array task' : 'job'} per shard)`);
    const dir = `${opts.out}.slurm`;
    const job = createShardJob(dir, { kind: 'ensemble', spec: resolved.spec }, opts.shards, opts.chunkSize, process.cwd(), config);
    if (opts.backend === 'manual') {
      const script = writeSbatchScript(dir, job, opts.sbatchArg, GLASSY_BIN);
      io.out(`shard job written to ${dir}/ (${opts.shards} shards of ${spec.samples} samples). Run each shard anywhere this glassy and ${dir}/ are visible:`);
      io.out(`  glassy shard run ${dir} --index I        for I = 0 … ${opts.shards - 1} (or: sbatch ${script})`);
      io.out(`  glassy shard status ${dir}`);
      io.out(`  glassy shard merge ${dir} --out ${opts.out}`);
      return 0;
    }
    let merged;
    try {
      const backend = slurmBackend({
        registry,
        shards: opts.shards,
        sbatchArgs: opts.sbatchArg,
        maxResubmits: opts.maxResubmits,
        pollSeconds: Number(process.env['GLASSY_SLURM_POLL'] ?? 5),
        glassy: GLASSY_BIN,
        chunkSize: opts.chunkSize,
        cwd: process.cwd(),
        ...(config ? { config } : {}),
        log: (l) => (opts.quiet ? undefined : io.err(l)),
      });
      merged = await backend.run(resolved.spec, { dir, label: 'ensemble' });
    } catch (e) {
      if (e instanceof GlassyInputError) throw e;
      io.err(`glassy: ${(e as Error).message}`);
      return 1;
    }
    writeEnsembleFile(opts.out, merged);
    if (!opts.keepCheckpoint) rmSync(dir, { recursive: true, force: true });
    if (!opts.quiet) io.out(`results written to ${opts.out} (${opts.shards} shards on SLURM, merged exactly)`);
    return 0;
  }
  const workers = opts.workers ?? availableParallelism();
  const checkpointDir = `${opts.out}.checkpoint`;
  const hadCheckpoint = existsSync(checkpointDir);
  const progress = progressReporter(io, opts.quiet);
  let result;
  try {
    result = await runEnsemble({
      resolved,
      workers,
      workerModule: ENSEMBLE_WORKER_MODULE,
      workerData: { spec: resolved.spec, cwd: process.cwd(), config },
      chunkSize: opts.chunkSize,
      checkpointDir,
      onProgress: (d, t) => progress.update(d, t),
    });
  } catch (e) {
    progress.stop();
    if (e instanceof SampleFailure || (e as Error).message.startsWith('sample ')) {
      io.err(`glassy: ${(e as Error).message}; finished chunks are kept in ${checkpointDir} and will be reused by the same command`);
      return 1;
    }
    // A run refused as invalid (e.g. an integrator the model cannot take) leaves nothing behind.
    if (e instanceof GlassyInputError && !hadCheckpoint) rmSync(checkpointDir, { recursive: true, force: true });
    throw e;
  }
  progress.stop();
  writeEnsembleFile(opts.out, result);
  if (!opts.keepCheckpoint) rmSync(checkpointDir, { recursive: true, force: true });
  if (!opts.quiet) {
    for (const o of result.observables) {
      const last = o.value.length - 1;
      io.out(`${o.id}: t = ${o.times[last]} → ${o.value[last]} ± ${o.stdError[last]} (${o.samples[last]} samples)`);
    }
    io.out(`results written to ${opts.out}`);
  }
  return 0;
}
