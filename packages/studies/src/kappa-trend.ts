/**
 * The kappa-trend study (`glassy run kappa-trend`): the conductivity under the review's energy-conserving noise
 * (eq. (7)-(10)), as a trend, with a plot.
 *
 * - Default: along the review's curve λ = g^{1/2}(βg)^r (eq. (8)) for the couplings `--g`:
 *   R(g) = κ̃/(g²λ) with its standard error, the exponent a of R ∝ g^{−a} (weighted fit of ln R
 *   on ln g), and the reduced conductivity κ̄ = g^{−1/2}κ̃ against βg (the review's κ̄ =
 *   g^{−1/2}β²κ with κ = κ̃/β²). The review's bound (9) reads a ≤ 0 as βg → 0.
 * - `--flip-rate λ1,λ2,…` with one `--g`: κ̃ against λ at fixed g, and the exponent b of κ̃ ∝ λ^b
 *   (b = 1 where the noise dominates; b → 0 where the isolated dynamics carries the current).
 *
 * Every point is one Green–Kubo ensemble (as `glassy run kappa`, bit-identical for any number
 * of workers), with the timing of transport.ts: plateau over [2/λ, 4/λ], runs of 16/λ.
 * Outputs: summary.json, kappa-trend.h5, kappa-trend.svg/png; checkpoints per point (resumable).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { ensembleSpec, fitWeightedLine, greenKubo, seriesBySample } from '@glassy/observables';
import { claimRunDir, writeFileAtomic } from './io.js';
import { lookupPlugin } from './lookup.js';
import { intAtLeast, numberFlag, parseFlags, parseStudySpec, positiveFinite, positiveList, seedFlag } from './options.js';
import { writeHdf5Atomic } from './output/hdf5.js';
import { trendPlot } from './output/plots.js';
import { writeFigure } from './output/render.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { bondRatio, type KappaPoint, noiseKappaTiming, noiseTrend, reviewNoiseRate } from './transport.js';
import { VERSION } from './version.js';

/** The parameters of the kappa-trend study (CLI: the flags of `glassy run kappa-trend`). */
export const kappaTrendSpec = z.object({
  model: z.string().min(1).default('rotor-chain'),
  g: positiveList('couplings').default([0.2, 0.1, 0.05]),
  beta: positiveFinite.default(1),
  r: numberFlag.pipe(z.number().min(0, { message: 'must be ≥ 0' })).default(2),
  flipRate: positiveList('flip rates').optional(),
  L: intAtLeast(3).default(32),
  samples: intAtLeast(4).default(128),
  dt: positiveFinite.default(0.05),
  seed: seedFlag.default(1),
});

async function runKappaTrend(raw: z.input<typeof kappaTrendSpec>, context: StudyContext): Promise<StudyOutcome<KappaTrendSummary>> {
  const opts = parseFlags(kappaTrendSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  const alongLambda = opts.flipRate !== undefined;
  if (alongLambda && opts.g.length !== 1) throw new GlassyInputError(`--g: give one coupling with --flip-rate (κ against λ at fixed g); got ${opts.g.length}`);
  if (!alongLambda && opts.g.length < 2) throw new GlassyInputError('--g: the trend needs at least two couplings');
  if (alongLambda && opts.flipRate!.length < 2) throw new GlassyInputError('--flip-rate: κ against λ needs at least two rates');
  const model = lookupPlugin(backend.registry.models, opts.model, '--model', 'model');
  const probe = model.create(parseStudySpec(model.params, { L: opts.L, g: opts.g[0] }));
  if (!probe.localEnergy) throw new GlassyInputError(`--model: "${opts.model}" declares no energy currents (LocalEnergyCapability)`);
  const plan = alongLambda
    ? opts.flipRate!.map((lambda) => ({ g: opts.g[0]!, lambda }))
    : opts.g.map((g) => ({ g, lambda: reviewNoiseRate(g, opts.beta, opts.r) }));
  claimRunDir(out, 'run kappa-trend', opts, force);
  const started = performance.now();
  const points: Array<KappaPoint & { tCorr: number; tRun: number; dtau: number; perSample: number[] }> = [];
  for (const [k, { g, lambda }] of plan.entries()) {
    const timing = noiseKappaTiming(lambda, opts.dt);
    const spec = parseStudySpec(ensembleSpec, {
      model: opts.model,
      params: { L: opts.L, g },
      integrator: 'velocity-flip',
      integratorParams: { lambda },
      dt: opts.dt,
      times: timing.times,
      samples: opts.samples,
      // one seed per point, derived from --seed: the points are independent ensembles
      seed: (opts.seed + 7919 * (k + 1)) >>> 0,
      observables: ['total-current'],
      initial: probe.gibbs ? { kind: 'gibbs', beta: opts.beta } : { kind: 'langevin', beta: opts.beta, gamma: 1, tTherm: 200 },
      keepSamples: true,
    });
    log(`point ${k + 1}/${plan.length}: g = ${g}, λ = ${lambda.toPrecision(4)} (plateau over [${(timing.tCorr / 2).toPrecision(4)}, ${timing.tCorr.toPrecision(4)}], runs of ${timing.tRun.toPrecision(4)})`);
    const result = await backend.run(spec, { dir: join(out, 'checkpoints', `point-${k}`), label: `g = ${g}, λ = ${lambda.toPrecision(3)}` });
    const gk = greenKubo(seriesBySample(result.observables[0]!.perSample!), timing.dtau, opts.beta, opts.L, timing.tCorr);
    points.push({ g, lambda, kappa: gk.kappa, stdError: gk.kappaStdError, tCorr: timing.tCorr, tRun: timing.tRun, dtau: timing.dtau, perSample: [...gk.perSample] });
  }
  const positive = points.filter((p) => p.kappa > 0);
  let fitSummary: Record<string, number | string> | undefined;
  let plot: Parameters<typeof trendPlot>[1];
  let plotPoints: Array<{ x: number; y: number; stdError: number }>;
  if (alongLambda) {
    const fit = positive.length >= 2 ? fitWeightedLine(positive.map((p) => Math.log(p.lambda)), positive.map((p) => Math.log(p.kappa)), positive.map((p) => p.stdError / p.kappa)) : undefined;
    if (fit) fitSummary = { quantity: 'b in κ̃ ∝ λ^b', value: fit.slope, stdError: fit.slopeStdError, chi2: fit.chi2, dof: fit.dof };
    plotPoints = points.map((p) => ({ x: p.lambda, y: p.kappa, stdError: p.stdError }));
    plot = {
      xTitle: 'flip rate λ',
      yTitle: 'κ̃ (Green–Kubo)',
      title: `Conductivity against the noise rate at g = ${opts.g[0]}`,
      subtitle: `${opts.model}, β = ${opts.beta}, L = ${opts.L}, ${opts.samples} samples per point`,
      ...(fit ? { fit: { prefactor: Math.exp(fit.intercept), exponent: fit.slope, label: `fit κ̃ ∝ λ^b, b = ${fit.slope.toFixed(2)} ± ${fit.slopeStdError.toFixed(2)} (χ² = ${fit.chi2.toFixed(1)} on ${fit.dof} dof)` } } : {}),
      guide: { exponent: 1, label: 'κ̃ ∝ λ (noise-dominated)' },
    };
  } else {
    const fit = positive.length >= 2 ? noiseTrend(positive) : undefined;
    if (fit) fitSummary = { quantity: 'a in κ̃/(g²λ) ∝ g^(−a)', value: fit.exponent, stdError: fit.stdError, chi2: fit.chi2, dof: fit.dof, reviewBound: 'a ≤ 0 as βg → 0 (eq. (9))' };
    plotPoints = points.map((p) => ({ x: p.g, y: bondRatio(p).value, stdError: bondRatio(p).stdError }));
    plot = {
      xTitle: 'coupling g',
      yTitle: 'κ̃ / (g²λ)',
      title: `κ/(g²λ) along the review's noise curve λ = g^1/2 (βg)^${opts.r}`,
      subtitle: `${opts.model}, β = ${opts.beta}, L = ${opts.L}, ${opts.samples} samples per g`,
      ...(fit ? { fit: { prefactor: fit.prefactor, exponent: -fit.exponent, label: `fit ∝ g^−a, a = ${fit.exponent.toFixed(2)} ± ${fit.stdError.toFixed(2)} (χ² = ${fit.chi2.toFixed(1)} on ${fit.dof} dof)` } } : {}),
      guide: { exponent: 0, label: 'flat: the review\'s bound (9), "does not grow"' },
    };
  }
  const parameters = { model: opts.model, beta: opts.beta, r: alongLambda ? undefined : opts.r, L: opts.L, samples: opts.samples, dt: opts.dt, seed: opts.seed, integrator: 'velocity-flip' };
  const summary = {
    software: { glassy: VERSION },
    parameters,
    convention: 'κ̃ = (β²/L) ∫_0^∞ ⟨J(t)J(0)⟩ dt (heat flux = −κ̃ ∂_x T); the review\'s κ (flux = κ∇β) is κ̃/β²; reduced κ̄ = g^{−1/2} β² κ = g^{−1/2} κ̃',
    method: 'per point: Green–Kubo as `glassy run kappa` with velocity flips at rate λ; plateau = mean of the running integral over [τc/2, τc], τc = max(4/λ, 50), runs of 4τc; mean ± standard error over independent samples; fit: weighted least squares in log-log with the stated errors',
    mode: alongLambda ? 'kappa against lambda at fixed g' : 'along lambda = g^{1/2} (beta g)^r',
    points: points.map((p) => ({
      g: p.g,
      betaG: opts.beta * p.g,
      lambda: p.lambda,
      kappa: p.kappa,
      stdError: p.stdError,
      ratio: bondRatio(p).value,
      ratioStdError: bondRatio(p).stdError,
      reducedKappa: p.kappa / Math.sqrt(p.g),
      reducedKappaStdError: p.stdError / Math.sqrt(p.g),
      tCorr: p.tCorr,
      tRun: p.tRun,
      dtau: p.dtau,
    })),
    fit: fitSummary ?? null,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  await writeHdf5Atomic(join(out, 'kappa-trend.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: `conductivity under velocity-flip noise: ${summary.mode}`, parameters: JSON.stringify(parameters), convention: summary.convention, seed: BigInt(opts.seed) },
    datasets: {
      g: points.map((p) => p.g),
      lambda: points.map((p) => p.lambda),
      kappa: points.map((p) => p.kappa),
      kappa_stderr: points.map((p) => p.stdError),
      ratio: points.map((p) => bondRatio(p).value),
      ratio_stderr: points.map((p) => bondRatio(p).stdError),
    },
    groups: Object.fromEntries(points.map((p, k) => [`point_${k}`, { attrs: { g: p.g, lambda: p.lambda, t_corr: p.tCorr, t_run: p.tRun, dtau: p.dtau }, datasets: { kappa_per_sample: p.perSample } }])),
  });
  const fig = writeFigure(join(out, 'kappa-trend'), await trendPlot(plotPoints, plot));
  const report: string[] = [];
  {
    for (const p of summary.points) report.push(`g = ${p.g}, λ = ${p.lambda.toPrecision(4)}: κ̃ = ${p.kappa.toPrecision(4)} ± ${p.stdError.toPrecision(2)}, κ̃/(g²λ) = ${p.ratio.toPrecision(4)} ± ${p.ratioStdError.toPrecision(2)}, κ̄ = ${p.reducedKappa.toPrecision(4)} (βg = ${p.betaG})`);
    if (fitSummary) report.push(`${fitSummary['quantity']} = ${(fitSummary['value'] as number).toFixed(3)} ± ${(fitSummary['stdError'] as number).toFixed(3)} (χ² = ${(fitSummary['chi2'] as number).toFixed(2)} on ${fitSummary['dof']} dof)`);
    report.push(`results in ${out}/ (summary.json, kappa-trend.h5, ${fig.svg.split('/').pop()}, ${fig.png.split('/').pop()})`);
  }
  return { summary, files: [join(out, 'summary.json'), join(out, 'kappa-trend.h5'), fig.svg, fig.png], report };
}

export type KappaTrendSummary = Record<string, unknown>;

/** The conductivity under the review's energy-conserving noise, as a trend in g (or in λ). */
export const kappaTrendStudy: Study<typeof kappaTrendSpec, KappaTrendSummary> = {
  id: 'kappa-trend',
  description: "conductivity under the review's velocity-flip noise along lambda = g^(1/2) (beta g)^r (eq. (8)), or against lambda at fixed g",
  spec: kappaTrendSpec,
  run: runKappaTrend,
};
