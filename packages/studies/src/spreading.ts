/**
 * The spreading study (`glassy run spreading`): wave-packet spreading in the disordered DNLS (refs [8], [35] of the
 * review; docs/physics.md §2). A single-site packet of norm 1 on the middle site of an open chain, one
 * disorder realisation per sample, evolved by a split-step integrator; the second moment m2 and
 * the participation number P recorded on a log-spaced time grid. Reported: the exponents of
 * m2 ~ t^{σ_m2} and P ~ t^{σ_P} fitted over the last decade of the run, per realisation, with
 * the mean and its standard error across realisations. The review's m2 ~ t^{1/3}, P ~ t^{1/6}
 * are asymptotic (t ≳ 10⁶–10⁸); whatever is measured over the accessible times is reported as
 * such, not compared with them. The realisations are independent samples: they run in parallel
 * (worker threads, or the shards of a SLURM array job), checkpointed, with the same result.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { estimateOf, fitLine, logTimeGrid } from '@glassy/observables';
import { claimRunDir, writeFileAtomic } from './io.js';
import { intAtLeast, numberFlag, parseFlags, positiveFinite, seedFlag, stepsOf } from './options.js';
import { writeHdf5Atomic } from './output/hdf5.js';
import './samplers.js';
import type { Realisation, SpreadingTaskSpec } from './samplers.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';


/** The parameters of the spreading study (CLI: the flags of `glassy run spreading`). */
export const spreadingSpec = z.object({
  L: intAtLeast(16).default(512),
  W: numberFlag.pipe(z.number().min(0, { message: 'must be ≥ 0' })).default(4),
  nonlinearity: numberFlag.default(1),
  dt: positiveFinite.default(0.05),
  tMax: positiveFinite.default(10000),
  realisations: intAtLeast(2).default(8),
  integrator: z.string().min(1).default('split-strang'),
  seed: seedFlag.default(1),
  perDecade: intAtLeast(1).default(8),
});

interface Fit {
  readonly mean: number;
  readonly stdError: number;
  readonly perRealisation: number[];
}

function exponentFit(times: readonly number[], rows: readonly (readonly number[])[], from: number): Fit {
  const idx = times.map((t, i) => [t, i] as const).filter(([t]) => t >= from);
  const x = idx.map(([t]) => Math.log(t));
  const perRealisation = rows.map((row) => fitLine(x, idx.map(([, i]) => Math.log(row[i]!))).slope);
  const e = estimateOf(perRealisation);
  return { mean: e.value, stdError: e.stdError, perRealisation };
}

async function runSpreading(raw: z.input<typeof spreadingSpec>, context: StudyContext): Promise<StudyOutcome<SpreadingSummary>> {
  const opts = parseFlags(spreadingSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  const registry = backend.registry;
  const model = registry.models.get('disordered-dnls');
  if (!model) throw new GlassyInputError('model "disordered-dnls" is not registered');
  const integrator = registry.integrators.get(opts.integrator);
  if (!integrator || integrator.properties.stochastic || !integrator.requires.includes('subFlows')) {
    const known = [...registry.integrators.values()].filter((i) => i.requires.includes('subFlows') && !i.properties.stochastic && !i.control).map((i) => i.id);
    throw new GlassyInputError(`--integrator: "${opts.integrator}" is not a split-step integrator (known: ${known.join(', ')})`);
  }
  // The record and the fits end exactly at the --t-max the summary reports.
  stepsOf(opts.tMax, opts.dt, '--t-max');
  if (!(opts.tMax > 1)) throw new GlassyInputError(`--t-max: ${opts.tMax} must exceed the first record time 1`);
  claimRunDir(out, 'run spreading', opts, force);
  const started = performance.now();
  const times = logTimeGrid(opts.dt, 1, opts.tMax, opts.perDecade);
  const task = {
    study: 'spreading',
    spec: { L: opts.L, W: opts.W, nonlinearity: opts.nonlinearity, dt: opts.dt, integrator: opts.integrator, seed: opts.seed, times } satisfies SpreadingTaskSpec,
    samples: opts.realisations,
  };
  const realisations = (await backend.samples(task, { dir: join(out, 'checkpoints'), label: 'spreading', chunkSize: 1 })) as Realisation[];
  const m2 = realisations.map((r) => r.m2);
  const P = realisations.map((r) => r.P);
  const edge = realisations.map((r) => r.edge);
  const seeds = realisations.map((r) => r.disorderSeed);
  log(`spreading: ${opts.realisations} realisations in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const from = opts.tMax / 10;
  const fitM2 = exponentFit(times, m2, from);
  const fitP = exponentFit(times, P, from);
  const maxEdge = Math.max(...edge);
  const parameters = { model: 'disordered-dnls', L: opts.L, W: opts.W, nonlinearity: opts.nonlinearity, norm: 1, dt: opts.dt, integrator: integrator.id, tMax: opts.tMax, realisations: opts.realisations, seed: opts.seed };
  const summary = {
    software: { glassy: VERSION },
    parameters,
    method: {
      exponents: `least squares of log m2 (log P) against log t over t ∈ [${from}, ${opts.tMax}], one fit per disorder realisation; mean over realisations ± its standard error (sd/√n)`,
      initialState: 'norm 1 on the middle site; open chain; disorder ε_l uniform on [−W/2, W/2], one realisation per sample (seeds in spreading.h5)',
      reference: 'the review reports m2 ~ t^{1/3} and P ~ t^{1/6} asymptotically (t ≳ 10^6–10^8); values here are over the accessible times only',
    },
    exponents: { m2: { value: fitM2.mean, stdError: fitM2.stdError }, P: { value: fitP.mean, stdError: fitP.stdError } },
    boundary: { maxNormWithin10SitesOfEnds: maxEdge, ok: maxEdge < 1e-6 },
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  await writeHdf5Atomic(join(out, 'spreading.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'wave-packet spreading in the disordered DNLS: m2 and participation number P', parameters: JSON.stringify(parameters), seed: BigInt(opts.seed) },
    datasets: {
      times,
      m2: { shape: [opts.realisations, times.length], data: m2.flat() },
      P: { shape: [opts.realisations, times.length], data: P.flat() },
      disorder_seeds: seeds,
      exponent_m2: fitM2.perRealisation,
      exponent_P: fitP.perRealisation,
    },
    groups: {},
  });
  const report = [`m2 ~ t^σ: σ = ${fitM2.mean.toFixed(3)} ± ${fitM2.stdError.toFixed(3)}; P ~ t^σ: σ = ${fitP.mean.toFixed(3)} ± ${fitP.stdError.toFixed(3)} (t ∈ [${from}, ${opts.tMax}], ${opts.realisations} realisations); results in ${out}/ (spreading.h5, summary.json)`];
  if (maxEdge >= 1e-6) log(`warning: norm ${maxEdge.toExponential(2)} within 10 sites of the ends: the packet reached the boundaries; use a larger --L`);
  return { summary, files: [join(out, 'summary.json'), join(out, 'spreading.h5')], report };
}

export type SpreadingSummary = Record<string, unknown>;

/** Wave-packet spreading in the disordered DNLS: exponents of m2 and P. */
export const spreadingStudy: Study<typeof spreadingSpec, SpreadingSummary> = {
  id: 'spreading',
  description: 'wave-packet spreading in the disordered DNLS: exponents of the second moment m2 and the participation number P',
  spec: spreadingSpec,
  run: runSpreading,
};
