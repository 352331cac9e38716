/**
 * The Lyapunov study (`glassy run lyapunov`): the maximal Lyapunov exponent (mLCE) of a chain in
 * equilibrium, for several couplings g, from the tangent map of a symplectic integrator.
 *
 * Per coupling, `samples` independent samples: an exact Gibbs draw at β, a Gaussian deviation
 * vector, and Benettin's method (the deviation vector advanced by the integrator's tangent map,
 * the exact Jacobian of its step, renormalised every τ): λ(t) = (1/t) Σ ln α_j on a log-spaced
 * grid of times. Reported per g: the mean of λ(t) over samples ± its standard error at each
 * recorded time (the convergence in t), λ(T) with its standard error, and the relative change of
 * the mean between T/10 and T (a converged estimate changes little); across g, the least-squares
 * exponent of λ(g) ~ g^a over the couplings (log-log), with the standard error of the slope.
 * Samples run in parallel (worker threads or SLURM shards), checkpointed; the result does not
 * depend on how they were split.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { GlassyInputError, missingCapability, hasUnitMass } from '@glassy/contracts';
import { estimateOf, fitLine, logIndices } from '@glassy/observables';
import { claimRunDir, writeFileAtomic } from './io.js';
import { lookupPlugin } from './lookup.js';
import { intAtLeast, parseFlags, parseStudySpec, positiveFinite, positiveList, seedFlag, stepsOf } from './options.js';
import { parameterGroupName, writeHdf5Atomic, type Hdf5Group } from './output/hdf5.js';
import { curvesPlot, trendPlot } from './output/plots.js';
import { writeFigure } from './output/render.js';
import './samplers.js';
import type { LyapunovSample, LyapunovTaskSpec } from './samplers.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';

/** The parameters of the Lyapunov study (CLI: the flags of `glassy run lyapunov`). */
export const lyapunovSpec = z.object({
  model: z.string().min(1).default('rotor-chain'),
  g: positiveList('couplings'),
  beta: positiveFinite.default(1),
  L: intAtLeast(2).default(64),
  integrator: z.string().min(1).default('stormer-verlet'),
  dt: positiveFinite.default(0.02),
  tau: positiveFinite.default(1),
  tEnd: positiveFinite.default(10000),
  samples: intAtLeast(2).default(16),
  perDecade: intAtLeast(1).default(10),
  seed: seedFlag.default(1),
  spectrum: z.boolean().default(false),
});

/** Largest chain for --spectrum: 2L deviation vectors, so the cost grows like L². */
const SPECTRUM_MAX_L = 32;
export type LyapunovSpec = z.output<typeof lyapunovSpec>;

export interface LyapunovPerG {
  readonly g: number;
  readonly lambda: { readonly value: number; readonly stdError: number };
  readonly lambdaAtTenth: { readonly value: number; readonly stdError: number };
  readonly relativeChangeLastDecade: number;
  /** With --spectrum: the full spectrum at T, mean over samples ± standard error, decreasing. */
  readonly spectrum?: { readonly mean: number[]; readonly stdError: number[]; readonly sum: number };
}

export type LyapunovSummary = Record<string, unknown> & { readonly couplings: readonly LyapunovPerG[] };

async function runLyapunov(raw: z.input<typeof lyapunovSpec>, context: StudyContext): Promise<StudyOutcome<LyapunovSummary>> {
  const opts = parseFlags(lyapunovSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  const registry = backend.registry;
  const model = lookupPlugin(registry.models, opts.model, '--model', 'model');
  const integrator = lookupPlugin(registry.integrators, opts.integrator, '--integrator', 'integrator');
  const probe = model.create(parseStudySpec(model.params, { L: opts.L, g: opts.g[0] }));
  if (probe.gibbs === undefined) throw new GlassyInputError(`--model: "${model.id}" has no exact Gibbs sampler (the initial states are Gibbs draws at --beta)`);
  if (probe.separable?.forceJacobian === undefined || !hasUnitMass(probe)) throw new GlassyInputError(`--model: "${model.id}" declares no force Jacobian with T = |p|²/2 (tangent dynamics)`);
  const missing = missingCapability(integrator, probe);
  if (integrator.createTangent === undefined || integrator.properties.stochastic || missing !== undefined) {
    const known = [...registry.integrators.values()].filter((i) => i.createTangent !== undefined && !i.control && !i.properties.stochastic).map((i) => i.id);
    throw new GlassyInputError(`--integrator: "${integrator.id}" has no tangent map for this model (known: ${known.join(', ')})`);
  }
  if (opts.spectrum && opts.L > SPECTRUM_MAX_L) throw new GlassyInputError(`--spectrum: needs --L ≤ ${SPECTRUM_MAX_L} (2L deviation vectors re-orthonormalised every τ; the cost grows like L²), got ${opts.L}`);
  const every = stepsOf(opts.tau, opts.dt, '--tau');
  const renorms = Math.round(opts.tEnd / opts.tau);
  if (renorms < 10 || Math.abs(renorms * opts.tau - opts.tEnd) > 1e-9 * opts.tEnd) throw new GlassyInputError(`--t-end: ${opts.tEnd} must be a whole multiple (≥ 10) of --tau ${opts.tau}`);
  const record = [...logIndices(renorms, opts.perDecade)].sort((a, b) => a - b);
  const times = record.map((k) => k * every * opts.dt);
  claimRunDir(out, 'run lyapunov', opts, force);
  const started = performance.now();
  const perG: LyapunovPerG[] = [];
  const meanCurves: { g: number; mean: number[]; se: number[]; final: number[] }[] = [];
  const spectra: { g: number; perSample: number[][] }[] = [];
  for (const g of opts.g) {
    const params = { L: opts.L, g };
    parseStudySpec(model.params, params);
    const spec: LyapunovTaskSpec = { model: model.id, params, beta: opts.beta, integrator: integrator.id, dt: opts.dt, every, renorms, record, seed: opts.seed, ...(opts.spectrum ? { spectrum: true as const } : {}) };
    const samples = (await backend.samples({ study: 'lyapunov', spec, samples: opts.samples }, { dir: join(out, 'checkpoints', `g-${g}`), label: `lyapunov g = ${g}`, chunkSize: 1 })) as LyapunovSample[];
    const mean: number[] = [];
    const se: number[] = [];
    for (let k = 0; k < times.length; k++) {
      const e = estimateOf(samples.map((s) => s.lambda[k]!));
      mean.push(e.value);
      se.push(e.stdError);
    }
    const last = times.length - 1;
    const tenth = times.findIndex((t) => t >= times[last]! / 10);
    let spectrum: LyapunovPerG['spectrum'];
    if (opts.spectrum) {
      const k = samples[0]!.spectrum!.length;
      const est = Array.from({ length: k }, (_, i) => estimateOf(samples.map((s) => s.spectrum![i]!)));
      spectrum = { mean: est.map((e) => e.value), stdError: est.map((e) => e.stdError), sum: est.reduce((a, e) => a + e.value, 0) };
      spectra.push({ g, perSample: samples.map((s) => s.spectrum!) });
    }
    perG.push({
      g,
      lambda: { value: mean[last]!, stdError: se[last]! },
      lambdaAtTenth: { value: mean[tenth]!, stdError: se[tenth]! },
      relativeChangeLastDecade: (mean[last]! - mean[tenth]!) / mean[last]!,
      ...(spectrum ? { spectrum } : {}),
    });
    meanCurves.push({ g, mean, se, final: samples.map((s) => s.lambda[last]!) });
    log(`lyapunov g = ${g}: λ(${opts.tEnd}) = ${mean[last]!.toPrecision(4)} ± ${se[last]!.toPrecision(2)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  const fit = perG.length >= 2 && perG.every((p) => p.lambda.value > 0) ? fitLine(perG.map((p) => Math.log(p.g)), perG.map((p) => Math.log(p.lambda.value))) : undefined;
  const parameters = { model: model.id, L: opts.L, beta: opts.beta, g: opts.g, integrator: integrator.id, dt: opts.dt, tau: opts.tau, tEnd: opts.tEnd, samples: opts.samples, seed: opts.seed };
  const summary: LyapunovSummary = {
    software: { glassy: VERSION },
    parameters,
    method: {
      estimator:
        'Benettin: deviation vector advanced by the integrator\'s tangent map (exact Jacobian of its step), Euclidean norm in (q, p), renormalised every tau; lambda(t) = (1/t) sum ln alpha_j',
      initialState: 'exact Gibbs draw at beta per sample (stream (seed, i, 1)); Gaussian deviation vector (stream (seed, i, 3))',
      errors: 'mean over samples ± standard error (sd/sqrt(samples)) at each recorded time',
      convergence: 'relativeChangeLastDecade = (lambda(T) − lambda(T/10)) / lambda(T): finite-time estimates approach the limit like ln(t)/t from above or below',
      fit: 'least squares of ln lambda(T) against ln g over the couplings; stdError of the slope from the residuals (n > 2)',
      ...(opts.spectrum
        ? { spectrum: 'full spectrum (2L exponents) by the tangent map with modified Gram-Schmidt every tau, from the same Gibbs state over the same time, decreasing; mean over samples ± standard error; symplectic maps give sum = 0 and pairs lambda_i = -lambda_{2L+1-i}' }
        : {}),
    },
    couplings: perG,
    ...(fit ? { exponent: { value: fit.slope, stdError: fit.slopeStdError } } : {}),
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  const groups: Record<string, Hdf5Group> = {};
  for (const c of meanCurves) {
    const sp = spectra.find((x) => x.g === c.g);
    const pg = perG.find((x) => x.g === c.g)!;
    groups[parameterGroupName('g', c.g)] = {
      attrs: { g: c.g },
      datasets: {
        lambda_mean: c.mean,
        lambda_stderr: c.se,
        lambda_final_per_sample: c.final,
        ...(sp && pg.spectrum
          ? { spectrum_mean: pg.spectrum.mean, spectrum_stderr: pg.spectrum.stdError, spectrum_per_sample: { shape: [sp.perSample.length, sp.perSample[0]!.length], data: sp.perSample.flat() } }
          : {}),
      },
    };
  }
  await writeHdf5Atomic(join(out, 'lyapunov.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'maximal Lyapunov exponent lambda(t) by the tangent map, per coupling g', parameters: JSON.stringify(parameters), seed: BigInt(opts.seed) },
    datasets: { times },
    groups,
  });
  const subtitle = `${model.id}, β = ${opts.beta}, L = ${opts.L}, ${integrator.id} Δt = ${opts.dt}, τ = ${opts.tau}, ${opts.samples} samples per g`;
  const tFig = writeFigure(
    join(out, 'lyapunov-t'),
    await curvesPlot(
      meanCurves.map((c) => ({ name: `g = ${c.g}`, x: times, y: c.mean, lo: c.mean.map((m, k) => m - c.se[k]!), hi: c.mean.map((m, k) => m + c.se[k]!) })),
      { title: 'finite-time maximal Lyapunov exponent λ(t)', subtitle, xTitle: 't', yTitle: 'λ(t)', logX: true, logY: true },
    ),
  );
  const files = [join(out, 'summary.json'), join(out, 'lyapunov.h5'), tFig.svg, tFig.png];
  if (perG.length >= 2 && perG.every((p) => p.lambda.value > 0)) {
    const gFig = writeFigure(
      join(out, 'lyapunov-g'),
      await trendPlot(
        perG.map((p) => ({ x: p.g, y: p.lambda.value, stdError: p.lambda.stdError })),
        {
          title: `λ(T = ${opts.tEnd}) against g`,
          subtitle,
          xTitle: 'g',
          yTitle: 'λ',
          ...(fit ? { fit: { prefactor: Math.exp(fit.intercept), exponent: fit.slope, label: `fit λ ~ g^${fit.slope.toFixed(2)}` } } : {}),
        },
      ),
    );
    files.push(gFig.svg, gFig.png);
  }
  const report = [
    ...perG.map((p) => `g = ${p.g}: λ(${opts.tEnd}) = ${p.lambda.value.toPrecision(4)} ± ${p.lambda.stdError.toPrecision(2)} (λ(${opts.tEnd / 10}) = ${p.lambdaAtTenth.value.toPrecision(4)}; change over the last decade ${(100 * p.relativeChangeLastDecade).toFixed(1)} %)`),
    ...perG
      .filter((p) => p.spectrum)
      .map((p) => `g = ${p.g}: spectrum λ₁ … λ_${p.spectrum!.mean.length} = ${p.spectrum!.mean.map((x) => x.toPrecision(3)).join(', ')} (Σλ = ${p.spectrum!.sum.toExponential(1)})`),
    ...(fit ? [`λ ~ g^a: a = ${fit.slope.toFixed(3)}${Number.isFinite(fit.slopeStdError) ? ` ± ${fit.slopeStdError.toFixed(3)}` : ''} over g = ${opts.g.join(', ')}`] : []),
    `results in ${out}/ (lyapunov.h5, summary.json, lyapunov-t.svg/png${perG.length >= 2 ? ', lyapunov-g.svg/png' : ''})`,
  ];
  return { summary, files, report };
}

/** Maximal Lyapunov exponents of a chain in equilibrium, by the tangent map, for several couplings. */
export const lyapunovStudy: Study<typeof lyapunovSpec, LyapunovSummary> = {
  id: 'lyapunov',
  description: 'maximal Lyapunov exponent λ(t) and λ(g) by the tangent map (Benettin), Gibbs initial states',
  spec: lyapunovSpec,
  run: runLyapunov,
};
