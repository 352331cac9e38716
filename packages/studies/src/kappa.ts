/**
 * The kappa study (`glassy run kappa`): Green–Kubo conductivity of a chain with energy currents (docs/physics.md §1;
 * review eq. (2)), optionally with the energy-conserving velocity-flip noise of eq. (7).
 *
 * M independent equilibrium samples (exact Gibbs draws where the model has a sampler, else
 * Langevin thermalisation) are run by the ensemble engine (workers, checkpoints, bit-identical
 * for any number of workers); each records the total current J = Σ j_x every Δτ up to t_run.
 * Per sample: C(τ) by FFT, running integral K(τ) = (β²/L) ∫_0^τ C, plateau κ̃ = mean of K over
 * [τ_c/2, τ_c]; reported: the mean over samples ± its standard error (samples independent).
 * Convention: κ̃ = (β²/L) ∫_0^∞ ⟨J(t)J(0)⟩ dt, heat flux = −κ̃ ∂_x T (the review's κ, flux = κ∇β,
 * is κ̃/β² up to its own normalisation).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { ensembleSpec, greenKubo, seriesBySample } from '@glassy/observables';
import { claimRunDir, writeFileAtomic } from './io.js';
import { lookupPlugin } from './lookup.js';
import { intAtLeast, nonNegativeFinite, numberFlag, parseFlags, parseStudySpec, positiveFinite, seedFlag, stepsOf } from './options.js';
import { writeHdf5Atomic } from './output/hdf5.js';
import { greenKuboPlot } from './output/plots.js';
import { writeFigure } from './output/render.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';

/** The parameters of the kappa study (CLI: the flags of `glassy run kappa`). */
export const kappaSpec = z.object({
  model: z.string().min(1).default('rotor-chain'),
  g: nonNegativeFinite.optional(),
  L: intAtLeast(3).default(64),
  beta: positiveFinite.default(1),
  flipRate: numberFlag.pipe(z.number().min(0, { message: 'must be ≥ 0' })).default(0),
  samples: intAtLeast(4).default(64),
  tRun: positiveFinite.default(2000),
  tCorr: positiveFinite.default(100),
  dtau: positiveFinite.default(0.1),
  dt: positiveFinite.default(0.01),
  tTherm: numberFlag.pipe(z.number().min(0, { message: 'must be ≥ 0' })).default(200),
  seed: seedFlag.default(1),
});

async function runKappa(raw: z.input<typeof kappaSpec>, context: StudyContext): Promise<StudyOutcome<KappaSummary>> {
  const opts = parseFlags(kappaSpec, raw);
  const { out, force, backend } = withDefaults(context);
  if (opts.tCorr * 4 > opts.tRun) throw new GlassyInputError(`--t-corr: ${opts.tCorr} must be at most a quarter of --t-run (${opts.tRun}) for a usable time average`);
  const nDtau = stepsOf(opts.dtau, opts.dt, '--dtau');
  const model = lookupPlugin(backend.registry.models, opts.model, '--model', 'model');
  const params: Record<string, unknown> = { L: opts.L, ...(opts.g !== undefined ? { g: opts.g } : {}) };
  const probe = model.create(parseStudySpec(model.params, params));
  if (!probe.localEnergy) throw new GlassyInputError(`--model: "${opts.model}" declares no energy currents (LocalEnergyCapability)`);
  const integrator = opts.flipRate > 0 ? 'velocity-flip' : probe.separable?.verletKernel ? 'stormer-verlet-fused' : 'stormer-verlet';
  const N = Math.floor(opts.tRun / opts.dtau) + 1;
  const times = Array.from({ length: N }, (_, k) => Number((k * nDtau * opts.dt).toPrecision(15)));
  const spec = parseStudySpec(ensembleSpec, {
    model: opts.model,
    params,
    integrator,
    integratorParams: opts.flipRate > 0 ? { lambda: opts.flipRate } : {},
    dt: opts.dt,
    times,
    samples: opts.samples,
    seed: opts.seed,
    observables: ['total-current'],
    initial: probe.gibbs ? { kind: 'gibbs', beta: opts.beta } : { kind: 'langevin', beta: opts.beta, gamma: 1, tTherm: opts.tTherm },
    keepSamples: true,
  });
  claimRunDir(out, 'run kappa', opts, force);
  const started = performance.now();
  const result = await backend.run(spec, { dir: join(out, 'checkpoints'), label: 'kappa' });
  const gk = greenKubo(seriesBySample(result.observables[0]!.perSample!), opts.dtau, opts.beta, opts.L, opts.tCorr);
  const parameters = { model: opts.model, params: result.spec.params, beta: opts.beta, flipRate: opts.flipRate, integrator, dt: opts.dt, samples: opts.samples, tRun: opts.tRun, tCorr: opts.tCorr, dtau: opts.dtau, init: spec.initial.kind, seed: opts.seed };
  const summary = {
    software: { glassy: VERSION },
    parameters,
    convention: 'κ̃ = (β²/L) ∫_0^∞ ⟨J(t)J(0)⟩ dt, J = Σ_x j_x, heat flux = −κ̃ ∂_x T; the review\'s κ (flux = κ∇β) is κ̃/β² up to its normalisation of eq. (2)',
    method: `per sample: C(τ) = time-averaged J(t+τ)J(t) by FFT over t ∈ [0, ${opts.tRun}], running integral by the trapezoid rule, plateau = mean over τ ∈ [${opts.tCorr / 2}, ${opts.tCorr}]; κ̃ = mean over the ${opts.samples} independent samples ± standard error (sd/√M)`,
    kappa: { value: gk.kappa, stdError: gk.kappaStdError, relativeError: gk.kappaStdError / Math.abs(gk.kappa) },
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  await writeHdf5Atomic(join(out, 'kappa.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'Green–Kubo: total-current autocorrelation and running integral', parameters: JSON.stringify(parameters), convention: summary.convention, seed: BigInt(opts.seed) },
    datasets: {
      lags: gk.lags,
      correlation: gk.correlation,
      correlation_stderr: gk.correlationStdError,
      running_integral: gk.running,
      running_integral_stderr: gk.runningStdError,
      kappa_per_sample: gk.perSample,
      kappa: [gk.kappa],
      kappa_stderr: [gk.kappaStdError],
    },
    groups: {},
  });
  const fig = writeFigure(
    join(out, 'kappa'),
    await greenKuboPlot({ lags: gk.lags, running: gk.running, stdError: gk.runningStdError }, { from: opts.tCorr / 2, to: opts.tCorr, kappa: gk.kappa, stdError: gk.kappaStdError }, { subtitle: `${opts.model}, L = ${opts.L}, β = ${opts.beta}${opts.g !== undefined ? `, g = ${opts.g}` : ''}${opts.flipRate > 0 ? `, flip rate λ = ${opts.flipRate}` : ''}; ${opts.samples} samples of t = ${opts.tRun}` }),
  );
  const report = [`κ̃ = ${gk.kappa.toPrecision(4)} ± ${gk.kappaStdError.toPrecision(2)} (${((100 * gk.kappaStdError) / Math.abs(gk.kappa)).toFixed(1)} %), plateau τ ∈ [${opts.tCorr / 2}, ${opts.tCorr}]; results in ${out}/ (kappa.h5, summary.json, ${fig.svg.split('/').pop()}, ${fig.png.split('/').pop()})`];
  return { summary, files: [join(out, 'summary.json'), join(out, 'kappa.h5'), fig.svg, fig.png], report };
}

export type KappaSummary = Record<string, unknown>;

/** Green–Kubo conductivity from equilibrium current correlations, optionally with velocity flips. */
export const kappaStudy: Study<typeof kappaSpec, KappaSummary> = {
  id: 'kappa',
  description: 'Green–Kubo conductivity from equilibrium current correlations (review eq. (2)), optionally with velocity-flip noise (eq. (7))',
  spec: kappaSpec,
  run: runKappa,
};
