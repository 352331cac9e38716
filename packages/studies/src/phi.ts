/**
 * The phi study (`glassy run phi`): the review's relaxation observable φ(g, β, t) of the rotor chain (section 2,
 * Figure 2), t0(g) with bootstrap intervals, the power law of t0(g), the collapse of φ against
 * τ = t/t0(g) and the late-time approach to the plateau; HDF5 data, summary.json and figures.
 */
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import {
  collapseQuality,
  crossingTime,
  ensembleSpec,
  firstCrossing,
  lateTimeFit,
  logTimeGrid,
  powerLawFit,
  smoothWindow,
  serializeStates,
  type CrossingEstimate,
  type EnsembleResult,
  type ObservableSeries,
} from '@glassy/observables';
import type { EnsembleBackend } from './backend.js';
import { claimRunDir, writeFileAtomic } from './io.js';
import { intAtLeast, numberFlag, parseFlags, parseStudySpec, positiveFinite, positiveList, seedFlag, stepsOf } from './options.js';
import { writeHdf5Atomic } from './output/hdf5.js';
import { phiCollapsePlot, t0Plot } from './output/plots.js';
import { writeFigure } from './output/render.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';

/**
 * Störmer–Verlet through the model's fused kernel (one sweep per step, polynomial sine within
 * 2.5 ulp): the same method as `stormer-verlet`, covered by the same catalogue cells, about 2.5×
 * faster on the rotor chain (issue 6; tools/README.md).
 */
const PHI_INTEGRATOR = 'stormer-verlet-fused';

const positiveInt = intAtLeast(1);

const gList = positiveList('couplings');

/** The parameters of the phi study (CLI: the flags of `glassy run phi`, kebab-case). */
export const phiSpec = z.object({
  g: gList,
  samples: numberFlag.pipe(z.number().int({ message: 'must be an integer' }).min(8, { message: 'must be ≥ 8 (bootstrap over samples)' })).default(512),
  L: intAtLeast(3).default(64),
  beta: positiveFinite.default(1),
  dt: positiveFinite.default(0.01),
  tMax: z.union([z.literal('auto'), positiveFinite]).default('auto'),
  tCap: positiveFinite.default(20000),
  tMin: positiveFinite.default(0.1),
  perDecade: positiveInt.default(12),
  init: z.enum(['langevin', 'gibbs'], { message: 'expected "langevin" or "gibbs"' }).default('langevin'),
  tTherm: numberFlag.pipe(z.number().min(0, { message: 'must be ≥ 0' })).default(1000),
  gamma: positiveFinite.default(1),
  seed: seedFlag.default(1),
  bootstrap: positiveInt.default(1000),
  level: numberFlag.pipe(z.number().gt(0, { message: 'must be in (0, 1)' }).lt(1, { message: 'must be in (0, 1)' })).default(0.9),
  smooth: intAtLeast(0).default(1),
});
export type PhiSpec = z.output<typeof phiSpec>;
type PhiFlags = PhiSpec;

interface PerG {
  readonly g: number;
  readonly tMax: number;
  readonly tMaxReason: string;
  readonly series: ObservableSeries;
  readonly specHashes: readonly string[];
  readonly t0: CrossingEstimate;
  readonly late: ReturnType<typeof lateTimeFit>;
}

/** The ensemble of one segment of one coupling: from `initial`, recording φ at `times`. */
function phiEnsemble(opts: PhiFlags, g: number, times: number[], initial: Record<string, unknown>) {
  return parseStudySpec(ensembleSpec, {
    model: 'rotor-chain',
    params: { L: opts.L, g, boundary: 'periodic' },
    integrator: PHI_INTEGRATOR,
    dt: opts.dt,
    times,
    samples: opts.samples,
    seed: opts.seed,
    observables: ['phi'],
    initial,
    keepSamples: true,
    keepStates: true,
  });
}

/** The φ series of consecutive segments of one ensemble, joined in time. */
function joinSegments(segments: readonly EnsembleResult[]): ObservableSeries {
  const parts = segments.map((r) => r.observables[0]!);
  return {
    ...parts[0]!,
    times: parts.flatMap((s) => s.times),
    value: parts.flatMap((s) => s.value),
    stdError: parts.flatMap((s) => s.stdError),
    samples: parts.flatMap((s) => s.samples),
    perSample: parts.flatMap((s) => s.perSample!),
  };
}

/**
 * One coupling's ensemble, run in segments that continue each other exactly (the engine's
 * states files): a fixed --t-max is one segment; --t-max auto starts at t = 100 and extends the
 * same trajectories (×4 each time) until the smoothed φ passes the level, then once more to
 * 4·t0 so that the relaxation and the late-time approach are on record, never beyond --t-cap.
 * Every horizon is a point of the log grid, so the segments' grids join into the grid of one
 * run to the final horizon, and the per-sample values are bit-identical to that run's.
 */
async function runCoupling(
  backend: EnsembleBackend,
  out: string,
  opts: PhiFlags,
  g: number,
  log: (line: string) => void,
): Promise<{ series: ObservableSeries; tMax: number; reason: string; specHashes: string[] }> {
  const cap = opts.tMax === 'auto' ? opts.tCap : opts.tMax;
  const grid = logTimeGrid(opts.dt, opts.tMin, cap, opts.perDecade);
  const atLeast = (t: number): number => grid.find((x) => x >= t * (1 - 1e-12)) ?? cap;
  const dir = join(out, 'checkpoints', `g_${g}`);
  const first =
    opts.init === 'gibbs' ? { kind: 'gibbs', beta: opts.beta } : { kind: 'langevin', beta: opts.beta, gamma: opts.gamma, tTherm: opts.tTherm };
  const segments: EnsembleResult[] = [];
  const notes: string[] = [];
  let horizon = opts.tMax === 'auto' ? atLeast(100) : cap;
  let from: Record<string, unknown> = first;
  let done = 0;
  for (;;) {
    const times = grid.filter((t) => t > done && t <= horizon);
    const label = `g = ${g}, t ≤ ${horizon}`;
    const result = await backend.run(phiEnsemble(opts, g, times, from), { dir: join(dir, `to_${horizon}`), label, chunkSize: 8 });
    segments.push(result);
    done = horizon;
    if (opts.tMax !== 'auto') return { series: joinSegments(segments), tMax: cap, reason: 'given with --t-max', specHashes: [result.specHash] };
    const series = joinSegments(segments);
    const t0 = firstCrossing(series.times, smoothWindow([...series.value], opts.smooth), opts.level);
    let next: number;
    if (Number.isFinite(t0)) {
      next = atLeast(4 * t0);
      if (!notes.some((m) => m.startsWith('φ passed'))) notes.push(`φ passed ${opts.level} at t ≈ ${t0.toPrecision(3)} by t = ${horizon}`);
    } else {
      next = atLeast(4 * horizon);
      notes.push(`φ below ${opts.level} up to t = ${horizon}`);
    }
    if (next <= horizon || horizon >= cap) {
      const capped = !Number.isFinite(t0) || next > horizon;
      const end = capped ? `stopped at the cap --t-cap ${cap}${Number.isFinite(t0) ? ' (short of 4·t0)' : ` without φ reaching ${opts.level}`}` : `t_max = ${horizon} ≥ 4·t0`;
      return { series, tMax: horizon, reason: `auto: ${notes.join('; ')}; ${end}`, specHashes: segments.map((r) => r.specHash) };
    }
    // Absolute: an array task on a cluster may run in another folder.
    const path = resolve(dir, `states_to_${horizon}.json`);
    const { text, sha256 } = serializeStates(result.states!);
    writeFileAtomic(path, text, '--out');
    from = { kind: 'continue', beta: opts.beta, states: path, sha256 };
    log(`g = ${g}: ${notes[notes.length - 1]}; extending the same trajectories to t = ${next}`);
    horizon = next;
  }
}

/** Bootstrap resamples that never crossed the level, above which an interval is flagged. */
const MISSING_TOLERATED = 0.025;

/** Why t0 at this coupling is missing or its interval unreliable, with what to change; undefined if fine. */
function t0Warning(g: number, t0: CrossingEstimate, tMax: number, level: number): string | undefined {
  if (!Number.isFinite(t0.value)) return `g = ${g}: φ never reached ${level} by t_max = ${tMax}: t0 not measured; raise --t-max (or --t-cap with --t-max auto)`;
  if (t0.missing > MISSING_TOLERATED) {
    return `g = ${g}: ${(100 * t0.missing).toFixed(1)}% of the bootstrap resamples never reached ${level} by t_max = ${tMax}: the 95% interval of t0 is unreliable (its upper end is too low); raise --t-max`;
  }
  return undefined;
}

/**
 * Every combination of flags that the ensembles would refuse, refused before anything is
 * written: one line naming the flag, exit 2 (a run that fails validation writes nothing).
 */
function preflight(opts: PhiFlags): void {
  if (opts.init === 'langevin' && opts.tTherm > 0) stepsOf(opts.tTherm, opts.dt, '--t-therm');
  stepsOf(opts.tMin, opts.dt, '--t-min');
  const cap = opts.tMax === 'auto' ? opts.tCap : opts.tMax;
  const capFlag = opts.tMax === 'auto' ? '--t-cap' : '--t-max';
  // The record ends exactly at the horizon the summary reports.
  stepsOf(cap, opts.dt, capFlag);
  if (!(cap > opts.tMin)) throw new GlassyInputError(`${capFlag}: ${cap} must exceed --t-min ${opts.tMin}`);
  const first = opts.init === 'gibbs' ? { kind: 'gibbs', beta: opts.beta } : { kind: 'langevin', beta: opts.beta, gamma: opts.gamma, tTherm: opts.tTherm };
  phiEnsemble(opts, opts.g[0]!, logTimeGrid(opts.dt, opts.tMin, cap, opts.perDecade), first);
}

async function runPhi(raw: z.input<typeof phiSpec>, context: StudyContext): Promise<StudyOutcome<PhiSummary>> {
  const opts = parseFlags(phiSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  preflight(opts);
  claimRunDir(out, 'run phi', opts, force);
  const started = performance.now();
  const perG: PerG[] = [];
  const phiInfinity = 1 - 1 / opts.L;
  for (const g of opts.g) {
    const { series, tMax, reason, specHashes } = await runCoupling(backend, out, opts, g, log);
    log(`g = ${g}: ${reason}`);
    const times = [...series.times];
    const t0 = crossingTime(times, series.perSample!, { level: opts.level, halfWidth: opts.smooth, replicates: opts.bootstrap, seed: opts.seed });
    const late = lateTimeFit(times, series.value, phiInfinity, opts.level);
    perG.push({ g, tMax, tMaxReason: reason, series, specHashes, t0, late });
    if (Number.isFinite(t0.value)) log(`g = ${g}: t0 = ${t0.value.toPrecision(4)} [${t0.lo.toPrecision(4)}, ${t0.hi.toPrecision(4)}]`);
    const warning = t0Warning(g, t0, tMax, opts.level);
    if (warning) log(`glassy: warning: ${warning}`);
  }
  const withT0 = perG.filter((p) => Number.isFinite(p.t0.value));
  const fit = withT0.length >= 2 ? powerLawFit(withT0.map((p) => p.g), withT0.map((p) => p.t0)) : undefined;
  const onTau = withT0.map((p) => {
    const s = p.series;
    return { tau: s.times.map((t) => t / p.t0.value), phi: s.value, stdError: s.stdError };
  });
  // The slow relaxation (τ ≥ 0.1) is what the review's collapse is about; the early, g-dependent
  // transient (oscillations of resonant pairs) does not collapse and is reported separately.
  const collapse = { relaxation: collapseQuality(onTau, 0.1), allTimes: collapseQuality(onTau, 0) };
  const parameters = {
    model: 'rotor-chain',
    L: opts.L,
    beta: opts.beta,
    dt: opts.dt,
    integrator: PHI_INTEGRATOR,
    samples: opts.samples,
    init: opts.init,
    tTherm: opts.init === 'langevin' ? opts.tTherm : null,
    gamma: opts.init === 'langevin' ? opts.gamma : null,
    seed: opts.seed,
    level: opts.level,
    smoothHalfWidth: opts.smooth,
    bootstrap: opts.bootstrap,
  };
  const summary = {
    software: { glassy: VERSION },
    parameters,
    method: {
      t0: `first time the mean φ, smoothed by a running mean over ±${opts.smooth} points of the log-spaced grid, reaches ${opts.level} (linear interpolation in log t)`,
      interval: `percentile bootstrap (2.5%, 97.5%) over ${opts.bootstrap} resamplings of the ${opts.samples} samples; stdError = bootstrap standard deviation`,
      exponent: 'least squares of log t0 against log g; interval: percentile bootstrap, replicate b fitting the b-th bootstrap t0 of every g',
      collapse: 'χ²/dof of pairwise differences of φ(τ = t/t0) between couplings, interpolated in log τ, with combined standard errors; relaxation: τ ≥ 0.1, allTimes: every τ',
      lateTime: `least squares of log(1 − 1/L − φ) against log t for φ ≥ ${opts.level}; the review finds exponent −1/2`,
    },
    couplings: perG.map((p) => ({
      g: p.g,
      tMax: p.tMax,
      tMaxChoice: p.tMaxReason,
      t0: {
        value: Number.isFinite(p.t0.value) ? p.t0.value : null,
        lo: Number.isFinite(p.t0.lo) ? p.t0.lo : null,
        hi: Number.isFinite(p.t0.hi) ? p.t0.hi : null,
        stdError: Number.isFinite(p.t0.stdError) ? p.t0.stdError : null,
        bootstrapMissing: p.t0.missing,
        reliable: t0Warning(p.g, p.t0, p.tMax, opts.level) === undefined,
        warning: t0Warning(p.g, p.t0, p.tMax, opts.level) ?? null,
      },
      lateTime: { exponent: p.late.exponent, stdError: p.late.exponentStdError, c: p.late.c, points: p.late.points },
    })),
    t0PowerLaw: fit ? { exponent: fit.exponent, lo: fit.lo, hi: fit.hi, stdError: fit.stdError, prefactor: fit.prefactor } : null,
    collapse,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  await writeHdf5Atomic(join(out, 'phi.h5'), {
    attrs: {
      software: `glassy ${VERSION}`,
      description: 'relaxation observable phi(g, beta, t) of the rotor chain (De Roeck & Huveneers, section 2)',
      parameters: JSON.stringify(parameters),
      seed: BigInt(opts.seed), // int64, not float64
    },
    datasets: {
      g: perG.map((p) => p.g),
      t0: perG.map((p) => p.t0.value),
      t0_lo: perG.map((p) => p.t0.lo),
      t0_hi: perG.map((p) => p.t0.hi),
    },
    groups: Object.fromEntries(
      perG.map((p) => {
        const s = p.series;
        const per = s.perSample!;
        return [
          `g_${p.g}`,
          {
            attrs: { g: p.g, t0: p.t0.value, t0_lo: p.t0.lo, t0_hi: p.t0.hi, t0_stderr: p.t0.stdError, t_max: p.tMax, spec_hash: p.specHashes.join(',') },
            datasets: {
              times: s.times,
              phi: s.value,
              phi_stderr: s.stdError,
              samples: Int32Array.from(s.samples),
              tau: s.times.map((t) => t / p.t0.value),
              phi_per_sample: { shape: [per.length, per[0]!.length], data: per.flat(), compression: 4 },
            },
          },
        ];
      }),
    ),
  });
  const figures: string[] = [];
  if (withT0.length > 0) {
    const unreliable = perG.filter((p) => Number.isFinite(p.t0.value) && t0Warning(p.g, p.t0, p.tMax, opts.level) !== undefined).map((p) => p.g);
    const subtitle =
      `L = ${opts.L}, β = ${opts.beta}, Δt = ${opts.dt}, ${opts.samples} samples per g, ${opts.init === 'langevin' ? `Langevin t_th = ${opts.tTherm}` : 'exact Gibbs'} initial states` +
      (unreliable.length > 0 ? `; UNRELIABLE t0 interval at g = ${unreliable.join(', ')} (bootstrap resamples that never crossed: raise --t-max)` : '');
    const a = writeFigure(
      join(out, 'fig2a'),
      await phiCollapsePlot(
        withT0.map((p) => {
          const s = p.series;
          return { g: p.g, tau: s.times.map((t) => t / p.t0.value), phi: s.value, stderr: s.stdError };
        }),
        { subtitle, threshold: opts.level },
      ),
    );
    figures.push(a.svg, a.png);
    if (fit) {
      const b = writeFigure(
        join(out, 'fig2b'),
        await t0Plot(
          withT0.map((p) => ({ g: p.g, t0: p.t0.value, lo: p.t0.lo, hi: p.t0.hi })),
          { exponent: fit.exponent, prefactor: fit.prefactor, lo: fit.lo, hi: fit.hi },
          -5,
          { subtitle },
        ),
      );
      figures.push(b.svg, b.png);
    }
  }
  const report: string[] = [];
  {
    if (figures.length > 0) report.push(`figures: ${figures.join(', ')}`);
    for (const p of perG) {
      if (Number.isFinite(p.t0.value)) {
        const flag = t0Warning(p.g, p.t0, p.tMax, opts.level) ? ' (UNRELIABLE interval, see the warning)' : '';
        report.push(`g = ${p.g}: t0 = ${p.t0.value.toPrecision(4)} (95% CI ${p.t0.lo.toPrecision(4)} – ${p.t0.hi.toPrecision(4)})${flag}, t_max = ${p.tMax}`);
      } else report.push(`g = ${p.g}: t0 not measured (φ stayed below ${opts.level} up to t_max = ${p.tMax}; raise --t-max)`);
    }
    if (fit) report.push(`t0 ~ g^ν: ν = ${fit.exponent.toFixed(2)} (95% CI ${fit.lo.toFixed(2)} – ${fit.hi.toFixed(2)})`);
    report.push(
      withT0.length >= 2
        ? `collapse χ²/dof = ${collapse.relaxation.chi2PerDof.toFixed(2)} for τ ≥ 0.1 (${collapse.relaxation.dof} points), ${collapse.allTimes.chi2PerDof.toFixed(2)} over all τ; results in ${out}/ (phi.h5, summary.json)`
        : `collapse: not measured (it compares φ(t/t0) across couplings; t0 measured at ${withT0.length} of them); results in ${out}/ (phi.h5, summary.json)`,
    );
  }
  return { summary, files: [join(out, 'summary.json'), join(out, 'phi.h5'), ...figures], report };
}

export type PhiSummary = Record<string, unknown>;

/** φ(g, β, t) of the rotor chain, t0(g), its power law, the collapse (the review's Figure 2). */
export const phiStudy: Study<typeof phiSpec, PhiSummary> = {
  id: 'phi',
  description: "the review's relaxation observable phi(g, beta, t) of the rotor chain: t0(g), its power law and the collapse (Figure 2)",
  spec: phiSpec,
  run: runPhi,
};
