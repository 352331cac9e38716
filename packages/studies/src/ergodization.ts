/**
 * The ergodization study (`glassy run ergodization`): the ergodization time T_E(g) of Mithun,
 * Danieli, Kati & Flach (PRL 122, 054102 (2019), the review's ref. [61]) beside the review's
 * relaxation time t0(g) and the Lyapunov time T_Λ = 1/λ(g), on the same chain and the same
 * trajectories.
 *
 * Per coupling, `samples` exact Gibbs draws at β, each run once to T_max: along the run the
 * finite-time averages f̄_x(T) of a local observable (p_x²/2 by default) give the fluctuation
 * index q(T) and T_E (the plateau of T·q(T)), see @glassy/observables analysis/ergodization.ts;
 * the same trajectories give φ(t) of the review and t0 = its first crossing of 0.9. Optionally
 * (`--lyapunov-samples`, default 8) the mLCE by the integrator's tangent map gives T_Λ. Across
 * the couplings, power laws of T_E, t0 and T_Λ in g with bootstrap intervals.
 * Samples run in parallel (worker threads or SLURM shards), checkpointed per sample.
 */
import { join } from 'node:path';
import { z } from 'zod';
import { GlassyInputError, hasUnitMass, type HamiltonianModel, type ModelPlugin } from '@glassy/contracts';
import { crossingTime, ergodizationTime, estimateOf, fitLine, logTimeGrid, powerLawFit, type CrossingEstimate, type ErgodizationEstimate, type FluctuationRun } from '@glassy/observables';
import { claimRunDir, writeFileAtomic } from './io.js';
import { lookupPlugin } from './lookup.js';
import { intAtLeast, parseFlags, parseStudySpec, positiveFinite, positiveList, seedFlag, stepsOf } from './options.js';
import { parameterGroupName, writeHdf5Atomic, type Hdf5Group } from './output/hdf5.js';
import { curvesPlot } from './output/plots.js';
import { writeFigure } from './output/render.js';
import './samplers.js';
import type { ErgodizationTaskSpec, LyapunovSample, LyapunovTaskSpec } from './samplers.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';

export const ergodizationSpec = z.object({
  model: z.string().min(1).default('rotor-chain'),
  g: positiveList('couplings'),
  beta: positiveFinite.optional(),
  h: positiveFinite.optional(),
  L: intAtLeast(2).default(64),
  integrator: z.string().min(1).default('stormer-verlet-fused'),
  dt: positiveFinite.default(0.01),
  sampleDt: positiveFinite.default(0.1),
  /** One T_max for every coupling, or one per coupling. */
  tMax: positiveList('T_max', false).default([30000]),
  samples: intAtLeast(2).default(32),
  perDecade: intAtLeast(1).default(10),
  observable: z.enum(['kinetic', 'energy']).default('kinetic'),
  bootstrap: intAtLeast(10).default(1000),
  level: positiveFinite.default(0.9),
  smooth: intAtLeast(0).default(1),
  lyapunovSamples: intAtLeast(0).default(8),
  lyapunovTEnd: positiveFinite.default(2000),
  seed: seedFlag.default(1),
});
export type ErgodizationSpec = z.output<typeof ergodizationSpec>;

/** |slope of log(T·q) over the last decade| below this: the plateau is reached. */
export const PLATEAU_SLOPE = 0.15;

export interface ErgodizationPerG {
  readonly g: number;
  readonly beta: number;
  /** u(β, g) = ⟨H⟩/L of the Gibbs state (NaN where the model has no exact value). */
  readonly energyDensity: number;
  readonly tMax: number;
  readonly TE: { readonly value: number; readonly lo: number; readonly hi: number; readonly stdError: number };
  readonly tailSlope: { readonly value: number; readonly lo: number; readonly hi: number };
  readonly qSlope: number;
  readonly levelled: boolean;
  readonly t0: { readonly value: number; readonly lo: number; readonly hi: number; readonly stdError: number };
  readonly lyapunovTime?: { readonly value: number; readonly stdError: number; readonly lambda: number; readonly lambdaStdError: number };
}

export type ErgodizationSummary = Record<string, unknown> & { readonly couplings: readonly ErgodizationPerG[] };

function instanceAt(model: ModelPlugin, L: number, g: number): HamiltonianModel {
  return model.create(parseStudySpec(model.params, { L, g })) as HamiltonianModel;
}

/** u(β, g) per site from the model's exact Gibbs oracle (NaN without one). */
function probeEnergy(model: ModelPlugin, L: number, g: number, beta: number): number {
  return instanceAt(model, L, g).gibbs?.energyPerSite?.(beta) ?? Number.NaN;
}

/** β with u(β, g) = h, by bisection in log β (u falls as β grows). */
function betaForDensity(model: ModelPlugin, L: number, g: number, h: number): number {
  const gibbs = instanceAt(model, L, g).gibbs!;
  const u = (b: number): number => gibbs.energyPerSite!(b);
  let lo = 1e-6;
  let hi = 1e6;
  if (!(u(hi) < h && h < u(lo))) throw new GlassyInputError(`--h: no inverse temperature gives energy density ${h} at g = ${g} (u ranges over ${u(hi).toPrecision(3)} … ${u(lo).toPrecision(3)})`);
  for (let it = 0; it < 200; it++) {
    const mid = Math.sqrt(lo * hi);
    if (u(mid) > h) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

const interval = (e: { value: number; lo: number; hi: number; stdError: number }): { value: number; lo: number; hi: number; stdError: number } => ({ value: e.value, lo: e.lo, hi: e.hi, stdError: e.stdError });

async function runErgodization(raw: z.input<typeof ergodizationSpec>, context: StudyContext): Promise<StudyOutcome<ErgodizationSummary>> {
  const opts = parseFlags(ergodizationSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  const registry = backend.registry;
  const model = lookupPlugin(registry.models, opts.model, '--model', 'model');
  const integrator = lookupPlugin(registry.integrators, opts.integrator, '--integrator', 'integrator');
  const probe = model.create(parseStudySpec(model.params, { L: opts.L, g: opts.g[0] }));
  if (probe.gibbs === undefined) throw new GlassyInputError(`--model: "${model.id}" has no exact Gibbs sampler (the initial states are Gibbs draws at --beta)`);
  if (probe.dof !== probe.sites || !hasUnitMass(probe)) throw new GlassyInputError(`--model: "${model.id}" is not a chain of unit-mass oscillators (one q, p per site), which q(T) and φ assume`);
  if (opts.observable === 'energy' && probe.localEnergy === undefined) throw new GlassyInputError(`--observable: "${model.id}" has no local energy; use --observable kinetic`);
  if (integrator.properties.stochastic) throw new GlassyInputError(`--integrator: "${integrator.id}" is stochastic; the ergodization time is a property of the Hamiltonian dynamics`);
  if (opts.tMax.length !== 1 && opts.tMax.length !== opts.g.length) throw new GlassyInputError(`--t-max: give one value or one per coupling (${opts.g.length}), got ${opts.tMax.length}`);
  if (opts.beta !== undefined && opts.h !== undefined) throw new GlassyInputError('--h: give --beta (fixed temperature) or --h (fixed energy density, as in Mithun et al.), not both');
  if (opts.h !== undefined && probe.gibbs.energyPerSite === undefined) throw new GlassyInputError(`--h: "${model.id}" has no exact energy per site to solve u(β, g) = h; use --beta`);
  const betaOf = (g: number): number => (opts.h === undefined ? (opts.beta ?? 1) : betaForDensity(model, opts.L, g, opts.h));
  const tMaxOf = (k: number): number => opts.tMax[opts.tMax.length === 1 ? 0 : k]!;
  for (let k = 0; k < opts.g.length; k++) if (tMaxOf(k) < 100 * opts.dt || tMaxOf(k) < 10) throw new GlassyInputError(`--t-max: ${tMaxOf(k)} is too short (at least 10 and 100 steps of --dt: the plateau is read over the last decade)`);
  const lyap = opts.lyapunovSamples > 0;
  if (lyap && opts.lyapunovSamples < 2) throw new GlassyInputError('--lyapunov-samples: 0 (off) or at least 2 (a standard error needs two samples)');
  const lyapunovIntegrator = lyap ? (integrator.createTangent ? integrator : lookupPlugin(registry.integrators, 'stormer-verlet', '--integrator', 'integrator')) : undefined;
  if (lyap && probe.separable?.forceJacobian === undefined) throw new GlassyInputError(`--lyapunov-samples: "${model.id}" declares no force Jacobian (tangent dynamics); use --lyapunov-samples 0`);
  const lyapEvery = lyap ? stepsOf(1, opts.dt, '--dt') : 0;
  const sampleEvery = stepsOf(opts.sampleDt, opts.dt, '--sample-dt');
  if (opts.sampleDt > 1) throw new GlassyInputError(`--sample-dt: ${opts.sampleDt} is longer than the first recorded T = 1`);
  claimRunDir(out, 'run ergodization', opts, force);
  const started = performance.now();
  const perG: ErgodizationPerG[] = [];
  const curves: { g: number; times: number[]; est: ErgodizationEstimate; phi: number[]; phiSe: number[]; runs: FluctuationRun[]; t0: CrossingEstimate }[] = [];
  for (let k = 0; k < opts.g.length; k++) {
    const g = opts.g[k]!;
    const tMax = tMaxOf(k);
    const params = { L: opts.L, g };
    parseStudySpec(model.params, params);
    const beta = betaOf(g);
    const times = logTimeGrid(opts.sampleDt, 1, tMax, opts.perDecade);
    const record = times.map((t) => Math.round(t / opts.sampleDt));
    const spec: ErgodizationTaskSpec = { model: model.id, params, beta, integrator: integrator.id, dt: opts.dt, record, every: sampleEvery, observable: opts.observable, seed: opts.seed };
    const runs = (await backend.samples({ study: 'ergodization', spec, samples: opts.samples }, { dir: join(out, 'checkpoints', `g-${g}`), label: `ergodization g = ${g}`, chunkSize: 1 })) as FluctuationRun[];
    const est = ergodizationTime(times, runs, { replicates: opts.bootstrap, seed: opts.seed });
    const phiPerSample = times.map((_, i) => runs.map((r) => beta * r.phiOverBeta[i]!));
    const t0 = crossingTime(times, phiPerSample, { level: opts.level, halfWidth: opts.smooth, replicates: opts.bootstrap, seed: opts.seed });
    const phiEst = phiPerSample.map((row) => estimateOf(row));
    let lyapunovTime: ErgodizationPerG['lyapunovTime'];
    if (lyap) {
      const renorms = Math.round(opts.lyapunovTEnd);
      const ls: LyapunovTaskSpec = { model: model.id, params, beta, integrator: lyapunovIntegrator!.id, dt: opts.dt, every: lyapEvery, renorms, record: [renorms], seed: opts.seed };
      const samples = (await backend.samples({ study: 'lyapunov', spec: ls, samples: opts.lyapunovSamples }, { dir: join(out, 'checkpoints', `lyapunov-g-${g}`), label: `lyapunov g = ${g}`, chunkSize: 1 })) as LyapunovSample[];
      const e = estimateOf(samples.map((s) => s.lambda[0]!));
      lyapunovTime = { value: 1 / e.value, stdError: e.stdError / (e.value * e.value), lambda: e.value, lambdaStdError: e.stdError };
    }
    const levelled = Math.abs(est.tailSlope.value) < PLATEAU_SLOPE;
    perG.push({ g, beta, energyDensity: probeEnergy(model, opts.L, g, beta), tMax, TE: interval(est), tailSlope: est.tailSlope, qSlope: est.qSlope, levelled, t0: interval(t0), ...(lyapunovTime ? { lyapunovTime } : {}) });
    curves.push({ g, times, est, phi: phiEst.map((e) => e.value), phiSe: phiEst.map((e) => e.stdError), runs, t0 });
    log(
      `ergodization g = ${g}: T_E = ${est.value.toPrecision(4)} [${est.lo.toPrecision(4)}, ${est.hi.toPrecision(4)}], t0 = ${t0.value.toPrecision(4)}${lyapunovTime ? `, T_Λ = ${lyapunovTime.value.toPrecision(3)}` : ''} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
  }
  const gs = perG.map((p) => p.g);
  const fitOk = (xs: readonly { value: number }[]): boolean => xs.length >= 2 && xs.every((x) => Number.isFinite(x.value) && x.value > 0);
  const teFit = fitOk(curves.map((c) => c.est)) ? powerLawFit(gs, curves.map((c) => c.est)) : undefined;
  const t0Fit = fitOk(curves.map((c) => c.t0)) ? powerLawFit(gs, curves.map((c) => c.t0)) : undefined;
  const tl = perG.map((p) => p.lyapunovTime);
  const tlFit = lyap && fitOk(tl.map((x) => ({ value: x!.value }))) ? fitLine(gs.map(Math.log), tl.map((x) => Math.log(x!.value))) : undefined;
  const warnings = perG
    .filter((p) => !p.levelled)
    .map((p) => `g = ${p.g}: T·q(T) still changes over the last half decade (log-log slope ${p.tailSlope.value.toFixed(2)}, |slope| ≥ ${PLATEAU_SLOPE}): T_E is ${p.tailSlope.value > 0 ? 'a lower bound' : 'not on its plateau'}; raise --t-max`);
  for (const p of perG) if (!Number.isFinite(p.t0.value)) warnings.push(`g = ${p.g}: φ never reached ${opts.level} by T_max = ${p.tMax}: t0 not measured; raise --t-max`);
  for (const w of warnings) log(`warning: ${w}`);
  const parameters = { model: model.id, L: opts.L, ...(opts.h === undefined ? { beta: opts.beta ?? 1 } : { h: opts.h }), g: opts.g, integrator: integrator.id, dt: opts.dt, sampleDt: opts.sampleDt, tMax: opts.g.map((_, k) => tMaxOf(k)), samples: opts.samples, observable: opts.observable, perDecade: opts.perDecade, bootstrap: opts.bootstrap, level: opts.level, smooth: opts.smooth, lyapunovSamples: opts.lyapunovSamples, lyapunovTEnd: opts.lyapunovTEnd, seed: opts.seed };
  const fitJson = (f: typeof teFit): Record<string, number> | undefined => (f ? { exponent: f.exponent, prefactor: f.prefactor, lo: f.lo, hi: f.hi, stdError: f.stdError } : undefined);
  const summary: ErgodizationSummary = {
    software: { glassy: VERSION },
    parameters,
    method: {
      reference: 'T. Mithun, C. Danieli, Y. Kati and S. Flach, Dynamical glass and ergodization times in classical Josephson junction chains, PRL 122, 054102 (2019)',
      observable: opts.observable === 'kinetic' ? 'f_x = p_x^2 / 2 (local kinetic energy)' : "f_x = e_x, the model's local energy (summing to H)",
      finiteTimeAverage: `fbar_x(T) = (1/T) int_0^T f_x(t) dt, trapezoid rule on samples of f every sampleDt = ${opts.sampleDt}`,
      fluctuationIndex:
        'q(T) = <(fbar_x(T) - fbar(T))^2> / <(f_x - f)^2>: numerator the site variance of fbar_x within each trajectory, averaged over trajectories; denominator the instantaneous site variance averaged over the run and the trajectories (q(0) = 1; ergodic: q -> 0; uncoupled sites: q = 1)',
      ergodizationTime:
        'T_E = mean of T q(T) over the recorded T in [T_max/sqrt(10), T_max] (T q approaches its plateau from below); ergodic dynamics has q(T) -> T_E / T with T_E = 2 int_0^inf C(s) ds (C the normalised autocorrelation of f_x); interval: percentile bootstrap (2.5 %, 97.5 %) over trajectories',
      plateau: `tailSlope = least-squares slope of log(T q) against log T over the same window; levelled iff |tailSlope| < ${PLATEAU_SLOPE}; qSlope the slope of log q itself (-1 ergodic tail, 0 frozen)`,
      t0: `phi(t) = (beta / 2L) sum_x (p_x(t) - p_x(0))^2 averaged over the same trajectories; t0 = first crossing of ${opts.level} of its running mean over +-${opts.smooth} grid points, interpolated in log t; percentile bootstrap over trajectories`,
      lyapunovTime: lyap ? `T_Lambda = 1/lambda, lambda the mLCE at t = ${opts.lyapunovTEnd} by the tangent map of ${lyapunovIntegrator!.id} (tau = 1), mean over ${opts.lyapunovSamples} Gibbs draws; standard error propagated` : 'not computed (--lyapunov-samples 0)',
      powerLaws: 'least squares of log T_E (log t0) against log g; interval: percentile bootstrap, replicate b fitting the b-th bootstrap value of every coupling; T_Lambda: least squares with the slope standard error',
      initialStates: opts.h === undefined ? 'exact Gibbs draws at beta (stream (seed, i, 1)); no thermostat' : `exact Gibbs draws (stream (seed, i, 1)) at the beta per coupling whose energy density u(beta, g) = <H>/L equals h = ${opts.h} (as Mithun et al. fix the energy density); no thermostat`,
    },
    couplings: perG,
    ...(teFit ? { exponentTE: fitJson(teFit) } : {}),
    ...(t0Fit ? { exponentT0: fitJson(t0Fit) } : {}),
    ...(tlFit ? { exponentLyapunovTime: { exponent: tlFit.slope, stdError: tlFit.slopeStdError } } : {}),
    warnings,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  const groups: Record<string, Hdf5Group> = {};
  for (const c of curves) {
    const pg = perG.find((p) => p.g === c.g)!;
    groups[parameterGroupName('g', c.g)] = {
      attrs: { g: c.g, T_E: pg.TE.value, T_E_lo: pg.TE.lo, T_E_hi: pg.TE.hi, t0: pg.t0.value, t0_lo: pg.t0.lo, t0_hi: pg.t0.hi, t_max: pg.tMax, tail_slope: pg.tailSlope.value },
      datasets: {
        times: c.times,
        q: c.est.q,
        q_stderr: c.est.qStdError,
        Tq: c.times.map((t, i) => t * c.est.q[i]!),
        phi: c.phi,
        phi_stderr: c.phiSe,
        site_variance_per_sample: { shape: [c.times.length, c.runs.length], data: c.times.flatMap((_, i) => c.runs.map((r) => r.siteVariance[i]!)) },
        equilibrium_variance_per_sample: c.runs.map((r) => r.equilibriumVariance),
      },
    };
  }
  await writeHdf5Atomic(join(out, 'ergodization.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'fluctuation index q(T), ergodization time T_E, relaxation time t0 and Lyapunov time per coupling g', parameters: JSON.stringify(parameters), seed: BigInt(opts.seed) },
    datasets: {
      g: gs,
      T_E: perG.map((p) => p.TE.value),
      T_E_lo: perG.map((p) => p.TE.lo),
      T_E_hi: perG.map((p) => p.TE.hi),
      t0: perG.map((p) => p.t0.value),
      t0_lo: perG.map((p) => p.t0.lo),
      t0_hi: perG.map((p) => p.t0.hi),
      ...(lyap ? { T_lyapunov: perG.map((p) => p.lyapunovTime!.value), T_lyapunov_stderr: perG.map((p) => p.lyapunovTime!.stdError) } : {}),
    },
    groups,
  });
  const subtitle = `${model.id}, ${opts.h === undefined ? `β = ${opts.beta ?? 1}` : `h = ${opts.h}`}, L = ${opts.L}, ${integrator.id} Δt = ${opts.dt}, ${opts.samples} trajectories per g, f = ${opts.observable === 'kinetic' ? 'p²/2' : 'e_x'}`;
  const qFig = writeFigure(
    join(out, 'q-of-T'),
    await curvesPlot(
      curves.map((c) => ({ name: `g = ${c.g}`, x: c.times, y: c.est.q, lo: c.est.q.map((v, i) => v - c.est.qStdError[i]!), hi: c.est.q.map((v, i) => v + c.est.qStdError[i]!) })),
      { title: 'fluctuation index q(T) of the finite-time averages', subtitle, xTitle: 'T', yTitle: 'q(T)', logX: true, logY: true },
    ),
  );
  const tqFig = writeFigure(
    join(out, 'Tq-of-T'),
    await curvesPlot(
      curves.map((c) => ({ name: `g = ${c.g}`, x: c.times, y: c.times.map((t, i) => t * c.est.q[i]!) })),
      { title: 'T·q(T): its plateau is the ergodization time T_E', subtitle, xTitle: 'T', yTitle: 'T·q(T)', logX: true, logY: true },
    ),
  );
  const files = [join(out, 'summary.json'), join(out, 'ergodization.h5'), qFig.svg, qFig.png, tqFig.svg, tqFig.png];
  const label = (name: string, f: { exponent: number } | undefined): string => (f ? `${name} ~ g^${f.exponent.toFixed(2)}` : name);
  const scales = [
    { name: label('T_E', teFit), x: gs, y: perG.map((p) => p.TE.value), lo: perG.map((p) => p.TE.lo), hi: perG.map((p) => p.TE.hi) },
    { name: label('t0', t0Fit), x: gs, y: perG.map((p) => p.t0.value), lo: perG.map((p) => p.t0.lo), hi: perG.map((p) => p.t0.hi) },
    ...(lyap ? [{ name: tlFit ? `T_Λ ~ g^${tlFit.slope.toFixed(2)}` : 'T_Λ', x: gs, y: perG.map((p) => p.lyapunovTime!.value), lo: perG.map((p) => p.lyapunovTime!.value - p.lyapunovTime!.stdError), hi: perG.map((p) => p.lyapunovTime!.value + p.lyapunovTime!.stdError) }] : []),
  ];
  const sFig = writeFigure(join(out, 'timescales'), await curvesPlot(scales, { title: 'ergodization time T_E, relaxation time t0 and Lyapunov time T_Λ against g', subtitle, xTitle: 'g', yTitle: 'time', logX: true, logY: true }));
  files.push(sFig.svg, sFig.png);
  const fmt = (f: NonNullable<typeof teFit>): string => `${f.exponent.toFixed(2)} (95 % interval ${f.lo.toFixed(2)} … ${f.hi.toFixed(2)})`;
  const report = [
    ...perG.map(
      (p) =>
        `g = ${p.g}${opts.h === undefined ? '' : ` (β = ${p.beta.toPrecision(4)})`}: T_E = ${p.TE.value.toPrecision(4)} (95 % interval ${p.TE.lo.toPrecision(4)} … ${p.TE.hi.toPrecision(4)}; tail slope ${p.tailSlope.value.toFixed(2)}${p.levelled ? '' : ', NOT levelled'}), t0 = ${p.t0.value.toPrecision(4)} (${p.t0.lo.toPrecision(4)} … ${p.t0.hi.toPrecision(4)})${p.lyapunovTime ? `, T_Λ = ${p.lyapunovTime.value.toPrecision(3)} ± ${p.lyapunovTime.stdError.toPrecision(2)}, T_E/T_Λ = ${(p.TE.value / p.lyapunovTime.value).toPrecision(3)}` : ''}`,
    ),
    ...(teFit ? [`T_E ~ g^${fmt(teFit)}`] : []),
    ...(t0Fit ? [`t0 ~ g^${fmt(t0Fit)}`] : []),
    ...(tlFit ? [`T_Λ ~ g^${tlFit.slope.toFixed(2)}${Number.isFinite(tlFit.slopeStdError) ? ` ± ${tlFit.slopeStdError.toFixed(2)}` : ''}`] : []),
    ...warnings.map((w) => `warning: ${w}`),
    `results in ${out}/ (ergodization.h5, summary.json, q-of-T, Tq-of-T, timescales .svg/.png)`,
  ];
  return { summary, files, report };
}

/** Ergodization times (ref. [61] of the review) beside t0 and the Lyapunov time, per coupling. */
export const ergodizationStudy: Study<typeof ergodizationSpec, ErgodizationSummary> = {
  id: 'ergodization',
  description: 'fluctuation index q(T) of finite-time averages and ergodization time T_E(g) (Mithun et al. 2019), beside t0(g) and T_Λ = 1/λ(g)',
  spec: ergodizationSpec,
  run: runErgodization,
};
