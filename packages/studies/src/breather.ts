/**
 * The breather study (`glassy run breather`): the review's eq. (14). A pinned chain
 * H = Σ [p²/2 + |q|^a/a] + Σ (q_{x+1} − q_x)²/2 of L sites with Langevin baths (friction γ,
 * temperature T ≥ 0) on its two end sites, and energy E0 on one middle site; its energy leaks
 * into the baths as dH/dt ~ −H^{−f(L)}, f(L) = (1 − 2/a)(L − 1) − 1 (Hairer & Mattingly 2009).
 *
 * Per (a, L): `samples` runs (one at T = 0, where the dynamics is deterministic) record the first
 * time H falls to each level E_k = E0 · 10^{−k/perDecade} down to eEnd, with a time step that
 * follows the breather's period (@glassy/observables analysis/breather.ts). The dissipation rate
 * between two levels is (E_k − E_{k+1}) / (t̄_{k+1} − t̄_k) at E = √(E_k E_{k+1}), t̄ the mean
 * over samples; the exponent is the least-squares slope of log rate against log E, to be compared
 * with −f(L).
 */
import { join } from 'node:path';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { bootstrapResample, bootstrapSpread, breatherExponent, dissipationSlope, energyLevels, type BreatherDecay } from '@glassy/observables';
import { claimRunDir, writeFileAtomic } from './io.js';
import { lookupPlugin } from './lookup.js';
import { intAtLeast, nonNegativeFinite, parseFlags, parseStudySpec, positiveFinite, positiveList, seedFlag } from './options.js';
import { writeHdf5Atomic, type Hdf5Group } from './output/hdf5.js';
import { curvesPlot } from './output/plots.js';
import { writeFigure } from './output/render.js';
import './samplers.js';
import type { BreatherTaskSpec } from './samplers.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';

export const breatherSpec = z.object({
  model: z.string().min(1).default('anharmonic-chain'),
  a: positiveList('pinning exponents').default([4, 6]),
  L: positiveList('chain lengths').default([3, 4, 5]),
  energy: positiveFinite.default(1000),
  eEnd: positiveFinite.optional(),
  temperature: nonNegativeFinite.default(0),
  gamma: positiveFinite.default(1),
  samples: intAtLeast(1).default(8),
  perDecade: intAtLeast(2).default(10),
  skip: intAtLeast(0).default(1),
  stepsPerPeriod: intAtLeast(10).default(100),
  periodsPerSegment: intAtLeast(1).default(10),
  dtMax: positiveFinite.default(0.05),
  tMax: positiveFinite.default(1e6),
  bootstrap: intAtLeast(10).default(1000),
  tolerance: positiveFinite.default(0.1),
  seed: seedFlag.default(1),
});
export type BreatherSpec = z.output<typeof breatherSpec>;

/** Mean over runs of each level's first-passage time, over the levels every run reached. */
function meanCrossing(runs: readonly BreatherDecay[], pick?: Int32Array): number[] {
  const n = runs[0]!.crossing.length;
  const m = pick ? pick.length : runs.length;
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < m; j++) s += runs[pick ? pick[j]! : j]!.crossing[k]!;
    if (!Number.isFinite(s)) break;
    out.push(s / m);
  }
  return out;
}

/** Slope of log rate against log E over the reached levels from index `skip` on (dissipationSlope of the mean first-passage times). */
export function breatherSlope(levels: readonly number[], runs: readonly BreatherDecay[], skip: number, pick?: Int32Array): { slope: number; stdError: number; upperHalf: number; points: number; energy: number[]; rate: number[] } {
  const times = meanCrossing(runs, pick);
  const r = dissipationSlope(levels.slice(0, times.length), times, skip);
  return { ...r, points: r.energy.length };
}

/** Percentile bootstrap of the slope over bath-noise samples (replicate b: stream (seed, b)). */
function bootstrapSlope(levels: readonly number[], runs: readonly BreatherDecay[], skip: number, replicates: number, seed: number): { stdError: number; lo: number; hi: number } {
  return bootstrapSpread(bootstrapResample(runs.length, replicates, seed, (pick) => breatherSlope(levels, runs, skip, pick).slope));
}

/** The energy levels of a run, refused in one line when too few for a slope. */
function levelsFor(opts: { energy: number; eEnd?: number | undefined; perDecade: number; skip: number }): { levels: number[]; eEnd: number } {
  const eEnd = opts.eEnd ?? opts.energy / 10;
  if (!(eEnd < opts.energy)) throw new GlassyInputError(`--e-end: ${eEnd} must be below --energy ${opts.energy}`);
  const levels = energyLevels(opts.energy, eEnd, opts.perDecade);
  if (levels.length - opts.skip < 4) throw new GlassyInputError(`--e-end: ${eEnd} leaves ${levels.length} levels at --per-decade ${opts.perDecade} (${opts.skip} skipped); at least 4 are needed for a slope`);
  return { levels, eEnd };
}

async function runBreather(raw: z.input<typeof breatherSpec>, context: StudyContext): Promise<StudyOutcome<Record<string, unknown>>> {
  const opts = parseFlags(breatherSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  const model = lookupPlugin(backend.registry.models, opts.model, '--model', 'model');
  const { levels, eEnd } = levelsFor(opts);
  const nLevels = levels.length;
  for (const a of opts.a) if (!(a > 2)) throw new GlassyInputError(`--a: pinning exponents must exceed the coupling exponent b = 2, got ${a}`);
  for (const L of opts.L) if (!Number.isInteger(L) || L < 3) throw new GlassyInputError(`--L: chain lengths must be whole numbers ≥ 3 (two bath sites and the breather), got ${L}`);
  const probe = model.create(parseStudySpec(model.params, { L: opts.L[0], a: opts.a[0], b: 2, g: 1 }));
  if (probe.separable === undefined) throw new GlassyInputError(`--model: "${model.id}" is not separable (the Langevin baths act on p)`);
  const samples = opts.temperature === 0 ? 1 : opts.samples;
  claimRunDir(out, 'run breather', opts, force);
  const started = performance.now();
  const cases: Record<string, unknown>[] = [];
  const groups: Record<string, Hdf5Group> = {};
  const rateCurves: { name: string; x: number[]; y: number[] }[] = [];
  const decayCurves: { name: string; x: number[]; y: number[] }[] = [];
  for (const a of opts.a) {
    for (const L of opts.L) {
      const params = parseStudySpec(model.params, { L, a, b: 2, g: 1 });
      const site = Math.floor((L - 1) / 2);
      const spec: BreatherTaskSpec = { model: model.id, params, a, site, energy: opts.energy, temperature: opts.temperature, gamma: opts.gamma, levels, stepsPerPeriod: opts.stepsPerPeriod, periodsPerSegment: opts.periodsPerSegment, dtMax: opts.dtMax, tMax: opts.tMax, seed: opts.seed };
      const runs = (await backend.samples({ study: 'breather', spec, samples }, { dir: join(out, 'checkpoints', `a-${a}-L-${L}`), label: `breather a = ${a}, L = ${L}`, chunkSize: 1 })) as BreatherDecay[];
      const meanTimes = meanCrossing(runs);
      const reached = meanTimes.length;
      const fit = breatherSlope(levels, runs, opts.skip);
      const boot = samples > 1 && Number.isFinite(fit.slope) ? bootstrapSlope(levels, runs, opts.skip, opts.bootstrap, opts.seed) : undefined;
      const stdError = boot ? boot.stdError : fit.stdError;
      const lo = boot ? boot.lo : fit.slope - 1.96 * stdError;
      const hi = boot ? boot.hi : fit.slope + 1.96 * stdError;
      const f = breatherExponent(a, L);
      const d = Math.min(site, L - 1 - site);
      const fNearest = breatherExponent(a, 2 * d + 1);
      const measured = Number.isFinite(fit.slope);
      const agrees = measured && Math.abs(fit.slope + f) <= Math.max(2 * stdError, opts.tolerance);
      const row = {
        a,
        L,
        site: site + 1,
        f,
        predictedSlope: -f,
        nearestBathDistance: d,
        fNearestBath: fNearest,
        measuredSlope: fit.slope,
        stdError,
        interval: [lo, hi],
        uncertainty: samples > 1 ? 'bootstrap over bath-noise samples' : 'least-squares standard error (T = 0: one deterministic run)',
        upperHalfSlope: fit.upperHalf,
        points: fit.points,
        energyRange: fit.energy.length ? [fit.energy[fit.energy.length - 1], fit.energy[0]] : [],
        levelsReached: reached,
        levels: nLevels,
        reachedEnd: reached === nLevels,
        verdict: measured ? (agrees ? 'agrees' : 'disagrees') : 'not measured',
        agrees,
        tEnd: Math.max(...runs.map((r) => r.tEnd)),
      };
      cases.push(row);
      groups[`a_${a}_L_${L}`] = {
        attrs: { a, L, site: site + 1, f, measured_slope: fit.slope, std_error: stdError },
        datasets: { levels: levels.slice(0, reached), mean_crossing_time: meanTimes, rate_energy: fit.energy, rate: fit.rate, trace_t: runs[0]!.trace.t, trace_H: runs[0]!.trace.H },
      };
      rateCurves.push({ name: `a = ${a}, L = ${L} (−f = ${(-f).toFixed(2)})`, x: fit.energy, y: fit.rate });
      decayCurves.push({ name: `a = ${a}, L = ${L}`, x: meanTimes.map((t) => Math.max(t, 1e-3)), y: levels.slice(0, reached) });
      log(`breather a = ${a}, L = ${L}: slope ${fit.slope.toFixed(3)} ± ${stdError.toPrecision(2)} over ${fit.points} rates (−f(L) = ${(-f).toFixed(3)}), ${reached}/${nLevels} levels by t = ${row.tEnd.toPrecision(3)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  }
  const parameters = { model: model.id, a: opts.a, L: opts.L, energy: opts.energy, eEnd, temperature: opts.temperature, gamma: opts.gamma, samples, perDecade: opts.perDecade, skip: opts.skip, stepsPerPeriod: opts.stepsPerPeriod, periodsPerSegment: opts.periodsPerSegment, dtMax: opts.dtMax, tMax: opts.tMax, tolerance: opts.tolerance, seed: opts.seed };
  const summary = {
    software: { glassy: VERSION },
    parameters,
    method: {
      chain: 'H = sum_x [p_x^2/2 + |q_x|^a/a] + sum_x (q_{x+1} - q_x)^2/2, free ends; Langevin baths (friction gamma, temperature T) on sites 1 and L (BAOAB, O step on the end sites)',
      initialState: 'all q, p zero except q on the breather site floor((L+1)/2) (1-based), set by bisection so that H = energy',
      timeStep: 'per segment of periodsPerSegment periods: dt = min(dtMax, P(H)/stepsPerPeriod), P(H) = 4 (aH)^(1/a) (2H)^(-1/2) Gamma(1/a) Gamma(1/2) / (a Gamma(1/a + 1/2)), the exact period of p^2/2 + |q|^a/a at the current energy H (the breather frequency grows like H^(1/2 - 1/a))',
      levels: `E_k = energy * 10^(-k/perDecade) down to eEnd; first time H <= E_k interpolated linearly in the segment; mean over samples`,
      rate: 'between successive levels: (E_k - E_{k+1}) / (tbar_{k+1} - tbar_k) at E = sqrt(E_k E_{k+1})',
      slope: `least squares of log rate against log E over the reached levels after the first ${opts.skip}; upperHalfSlope over the higher-energy half only (closer to the asymptotic regime)`,
      prediction: 'review eq. (14): dH/dt ~ -H^(-f(L)), f(L) = (1 - 2/a)(L - 1) - 1, for fixed L and large H; the slope is -f(L). fNearestBath = f(2d + 1), d the distance from the breather to the nearer bath (for even L the breather cannot sit in the middle)',
      agreement: `agrees iff |slope + f(L)| <= max(2 stdError, tolerance ${opts.tolerance}); not measured where fewer than ${opts.skip + 4} levels were reached by tMax`,
    },
    cases,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  await writeHdf5Atomic(join(out, 'breather.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'breather dissipation into boundary baths: first-passage times of energy levels and dissipation rates per (a, L)', parameters: JSON.stringify(parameters), seed: BigInt(opts.seed) },
    datasets: {},
    groups,
  });
  const subtitle = `E0 = ${opts.energy}, T = ${opts.temperature}, γ = ${opts.gamma}, ${samples} run${samples > 1 ? 's' : ''} per case`;
  // Cases that reached too few levels have no rates: they are left out of the figure.
  const drawn = rateCurves.filter((c) => c.x.length > 0);
  const rFig = drawn.length ? writeFigure(join(out, 'rate'), await curvesPlot(drawn, { title: 'dissipation rate −dH/dt against H (eq. (14): slope −f(L))', subtitle, xTitle: 'H', yTitle: '−dH/dt', logX: true, logY: true })) : undefined;
  const hFig = writeFigure(join(out, 'decay'), await curvesPlot(decayCurves, { title: 'breather energy H(t)', subtitle, xTitle: 't', yTitle: 'H', logX: true, logY: true }));
  const report = [
    ...cases.map((c) => {
      const r = c as { a: number; L: number; f: number; measuredSlope: number; stdError: number; upperHalfSlope: number; levelsReached: number; levels: number; agrees: boolean; fNearestBath: number; verdict: string; tEnd: number };
      if (r.verdict === 'not measured') return `a = ${r.a}, L = ${r.L}: not measured: ${r.levelsReached}/${r.levels} levels reached by t = ${r.tEnd.toPrecision(3)} (at least ${opts.skip + 4} needed); the decay is slower than --t-max allows: raise --t-max or lower --energy (−f(L) = ${(-r.f).toFixed(3)})`;
      return `a = ${r.a}, L = ${r.L}: slope ${r.measuredSlope.toFixed(3)} ± ${r.stdError.toPrecision(2)} (upper half ${r.upperHalfSlope.toFixed(3)}) against −f(L) = ${(-r.f).toFixed(3)}: ${r.agrees ? 'agrees' : 'DISAGREES'}${r.fNearestBath !== r.f ? ` (−f of the nearer bath's odd chain: ${(-r.fNearestBath).toFixed(3)})` : ''}; ${r.levelsReached}/${r.levels} levels reached`;
    }),
    `results in ${out}/ (breather.h5, summary.json, ${rFig ? 'rate.svg/png, ' : ''}decay.svg/png)${rFig ? '' : ': no case reached enough levels for a rate figure'}`,
  ];
  return { summary, files: [join(out, 'summary.json'), join(out, 'breather.h5'), ...(rFig ? [rFig.svg, rFig.png] : []), hFig.svg, hFig.png], report };
}

/** Breather dissipation into boundary baths, the review's eq. (14). */
export const breatherStudy: Study<typeof breatherSpec, Record<string, unknown>> = {
  id: 'breather',
  description: 'breather energy H(t) decaying into Langevin baths on the end sites; slope of log(−dH/dt) against log H vs −f(L) (review eq. (14))',
  spec: breatherSpec,
  run: runBreather,
};

export const rotorFrictionSpec = z.object({
  model: z.string().min(1).default('rotor-chain'),
  L: positiveList('chain lengths').default([2, 3]),
  g: positiveFinite.default(1),
  energy: positiveFinite.default(100),
  eEnd: positiveFinite.optional(),
  temperature: nonNegativeFinite.default(0),
  gamma: positiveFinite.default(1),
  samples: intAtLeast(1).default(8),
  perDecade: intAtLeast(2).default(10),
  skip: intAtLeast(0).default(1),
  stepsPerPeriod: intAtLeast(10).default(100),
  periodsPerSegment: intAtLeast(1).default(10),
  dtMax: positiveFinite.default(0.05),
  tMax: positiveFinite.default(1e6),
  bootstrap: intAtLeast(10).default(1000),
  seed: seedFlag.default(1),
});

/**
 * Perturbative dissipation exponent of a fast rotor d sites from the damped one: each rotor in
 * between divides the forcing at frequency ω by ω², so the damped rotor moves with velocity
 * ~ g^d/ω^{2d−1} and dissipates γ⟨p₁²⟩ ~ ω^{−(4d−2)} = E^{−(2d−1)}: dH/dt ~ −H^{−(2d−1)}.
 */
export function rotorFrictionExponent(d: number): number {
  return 2 * d - 1;
}

async function runRotorFriction(raw: z.input<typeof rotorFrictionSpec>, context: StudyContext): Promise<StudyOutcome<Record<string, unknown>>> {
  const opts = parseFlags(rotorFrictionSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  const model = lookupPlugin(backend.registry.models, opts.model, '--model', 'model');
  const { levels, eEnd } = levelsFor(opts);
  const nLevels = levels.length;
  for (const L of opts.L) if (!Number.isInteger(L) || L < 2) throw new GlassyInputError(`--L: chain lengths must be whole numbers ≥ 2 (the damped rotor and the fast one), got ${L}`);
  const probe = model.create(parseStudySpec(model.params, { L: opts.L[0], g: opts.g, boundary: 'open' }));
  if (probe.separable === undefined) throw new GlassyInputError(`--model: "${model.id}" is not separable (the Langevin bath acts on p)`);
  const samples = opts.temperature === 0 ? 1 : opts.samples;
  claimRunDir(out, 'run rotor-friction', opts, force);
  const started = performance.now();
  const cases: Record<string, unknown>[] = [];
  const groups: Record<string, Hdf5Group> = {};
  const rateCurves: { name: string; x: number[]; y: number[] }[] = [];
  for (const L of opts.L) {
    const params = parseStudySpec(model.params, { L, g: opts.g, boundary: 'open' });
    const spec: BreatherTaskSpec = { model: model.id, params, a: 'rotor', site: L - 1, bathSites: [0], energy: opts.energy, temperature: opts.temperature, gamma: opts.gamma, levels, stepsPerPeriod: opts.stepsPerPeriod, periodsPerSegment: opts.periodsPerSegment, dtMax: opts.dtMax, tMax: opts.tMax, seed: opts.seed };
    const runs = (await backend.samples({ study: 'breather', spec, samples }, { dir: join(out, 'checkpoints', `L-${L}`), label: `rotor friction L = ${L}`, chunkSize: 1 })) as BreatherDecay[];
    const fit = breatherSlope(levels, runs, opts.skip);
    const se = samples > 1 ? bootstrapSlope(levels, runs, opts.skip, opts.bootstrap, opts.seed) : { stdError: fit.stdError };
    const f = rotorFrictionExponent(L - 1);
    const meanTimes = meanCrossing(runs);
    const upperHalfSlope = fit.upperHalf;
    const row = { L, distance: L - 1, fPerturbative: f, predictedSlope: -f, measuredSlope: fit.slope, upperHalfSlope, stdError: se.stdError, points: fit.points, energyRange: fit.energy.length ? [fit.energy[fit.energy.length - 1], fit.energy[0]] : [], levelsReached: meanTimes.length, levels: nLevels, tEnd: Math.max(...runs.map((r) => r.tEnd)) };
    cases.push(row);
    groups[`L_${L}`] = { attrs: { L, f_perturbative: f, measured_slope: fit.slope, std_error: se.stdError }, datasets: { levels: levels.slice(0, meanTimes.length), mean_crossing_time: meanTimes, rate_energy: fit.energy, rate: fit.rate, trace_t: runs[0]!.trace.t, trace_H: runs[0]!.trace.H } };
    rateCurves.push({ name: `L = ${L} (perturbative slope ${-f})`, x: fit.energy, y: fit.rate });
    log(`rotor friction L = ${L}: slope ${fit.slope.toFixed(3)} ± ${se.stdError.toPrecision(2)} over ${fit.points} rates (perturbative −(2d − 1) = ${-f}), ${meanTimes.length}/${nLevels} levels by t = ${row.tEnd.toPrecision(3)} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  const parameters = { model: model.id, L: opts.L, g: opts.g, energy: opts.energy, eEnd, temperature: opts.temperature, gamma: opts.gamma, samples, perDecade: opts.perDecade, skip: opts.skip, stepsPerPeriod: opts.stepsPerPeriod, periodsPerSegment: opts.periodsPerSegment, dtMax: opts.dtMax, tMax: opts.tMax, seed: opts.seed };
  const summary = {
    software: { glassy: VERSION },
    parameters,
    method: {
      reference: 'N. Cuneo, J.-P. Eckmann and C. E. Wayne, Energy dissipation in Hamiltonian chains of rotators, Nonlinearity 30, R81 (2017) (the review\'s ref. [20])',
      chain: 'open rotor chain H = sum p^2/2 + g sum (1 - cos(theta_{x+1} - theta_x)); Langevin bath (friction gamma, temperature T) on rotor 1 only; the energy starts on rotor L as p_L = sqrt(2 E0), all angles zero',
      timeStep: 'per segment: dt = min(dtMax, (2 pi / sqrt(2H)) / stepsPerPeriod), the period of the fast rotor at the current energy',
      levels: 'E_k = energy * 10^(-k/perDecade) down to eEnd; first-passage times, mean over samples; rates between successive levels as in run breather',
      slope: `least squares of log(-dH/dt) against log H over the reached levels after the first ${opts.skip}; upperHalfSlope over the higher-energy half only`,
      prediction: 'perturbative estimate (averaging): each rotor between the fast one and the damped one divides the forcing at frequency omega by omega^2, so dH/dt ~ -H^(-(2d - 1)), d = L - 1',
    },
    cases,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  await writeHdf5Atomic(join(out, 'rotor-friction.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'fast rotor dissipating through a chain into friction on rotor 1: first-passage times of energy levels and dissipation rates per L', parameters: JSON.stringify(parameters), seed: BigInt(opts.seed) },
    datasets: {},
    groups,
  });
  const drawn = rateCurves.filter((c) => c.x.length > 0);
  const rFig = drawn.length === 0 ? undefined : writeFigure(join(out, 'rate'), await curvesPlot(drawn, { title: 'dissipation rate −dH/dt of a fast rotor against H', subtitle: `g = ${opts.g}, γ = ${opts.gamma}, T = ${opts.temperature}, E0 = ${opts.energy}`, xTitle: 'H', yTitle: '−dH/dt', logX: true, logY: true }));
  const report = [
    ...cases.map((c) => {
      const r = c as { L: number; fPerturbative: number; measuredSlope: number; upperHalfSlope: number; stdError: number; levelsReached: number; levels: number; tEnd: number };
      if (!Number.isFinite(r.measuredSlope)) return `L = ${r.L}: not measured: ${r.levelsReached}/${r.levels} levels reached by t = ${r.tEnd.toPrecision(3)}; raise --t-max or lower --energy`;
      return `L = ${r.L}: slope ${r.measuredSlope.toFixed(3)} ± ${r.stdError.toPrecision(2)} (upper half ${r.upperHalfSlope.toFixed(3)}) against the perturbative −(2d − 1) = ${-r.fPerturbative}; ${r.levelsReached}/${r.levels} levels reached`;
    }),
    `results in ${out}/ (rotor-friction.h5, summary.json${rFig ? ', rate.svg/png' : ''})`,
  ];
  return { summary, files: [join(out, 'summary.json'), join(out, 'rotor-friction.h5'), ...(rFig ? [rFig.svg, rFig.png] : [])], report };
}

/** A fast rotor losing its energy through the chain into friction on the first rotor (ref. [20]). */
export const rotorFrictionStudy: Study<typeof rotorFrictionSpec, Record<string, unknown>> = {
  id: 'rotor-friction',
  description: 'fast rotor at one end of an open rotor chain, friction on the other end: slope of log(−dH/dt) against log H (review ref. [20])',
  spec: rotorFrictionSpec,
  run: runRotorFriction,
};
