/**
 * The quantum-relaxation study (`glassy run quantum-relaxation`): the quantum analogue of φ for
 * a quantum chain at infinite temperature in its charge sector (N bosons),
 *   φ_q(t) = 1 − Σ_x Re C_x(t) / Σ_x C_x(0),   C_x(t) = Tr[n_x(t) n_x]/D − (Tr n_x / D)²,
 * exact by the full eigendecomposition (no sampling: no error bars), over a sweep of parameters
 * as in level-stats (each flag a comma list). A finite chain does not relax fully: φ_q rises to
 * a plateau φ_q(∞) < 1 (the diagonal ensemble), stated per point. The relaxation time τ is the
 * first time φ_q reaches `level` × φ_q(∞) (log-linear interpolation between grid times); the
 * slow dynamics of the review's section 5 is τ growing as g/U → 0. With two or more finite τ
 * against a swept parameter, the exponent of τ ∝ x^a (least squares in log-log, unweighted).
 *
 * Outputs: summary.json, quantum-relaxation.h5, quantum-relaxation.svg/png (φ_q(t) per point),
 * quantum-relaxation-tau.svg/png (τ against the swept parameter); points checkpointed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { GlassyInputError, type QuantumModelPlugin } from '@glassy/contracts';
import { fitLine } from '@glassy/observables';
import { densityRelaxation, MAX_RELAXATION_DIMENSION, quantumParams } from '@glassy/quantum';
import { flagOf } from './flags.js';
import { claimRunDir, writeFileAtomic } from './io.js';
import { lookupPlugin } from './lookup.js';
import { intAtLeast, numberFlag, parseFlags, positiveFinite } from './options.js';
import { writeHdf5Atomic } from './output/hdf5.js';
import { trendPlot } from './output/plots.js';
import { relaxationPlot } from './output/quantum-plots.js';
import { writeFigure } from './output/render.js';
import { describePoint, SWEEP_KEYS, sweepAxes, sweepFlags, sweepPoints } from './quantum-sweep.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';

export const quantumRelaxationSpec = z.object({
  model: z.string().min(1).default('bose-hubbard'),
  ...sweepFlags,
  tMin: positiveFinite.default(0.01),
  tMax: positiveFinite.default(1e5),
  points: intAtLeast(10).default(161),
  level: numberFlag.pipe(z.number().gt(0, { message: 'must be in (0, 1)' }).lt(1, { message: 'must be in (0, 1)' })).default(0.5),
});

interface RelaxationPoint {
  readonly params: Record<string, number>;
  readonly dimension: number;
  readonly phi: number[];
  readonly plateau: number;
  readonly tau: number | null;
  readonly seconds: number;
}

/** First time φ reaches `target` (log-linear interpolation), or null. */
function crossing(times: readonly number[], phi: readonly number[], target: number): number | null {
  if (phi[0]! >= target) return times[0]!;
  for (let i = 1; i < times.length; i++) {
    if (phi[i]! >= target) {
      const f = (target - phi[i - 1]!) / (phi[i]! - phi[i - 1]!);
      return Math.exp(Math.log(times[i - 1]!) + f * (Math.log(times[i]!) - Math.log(times[i - 1]!)));
    }
  }
  return null;
}

async function runQuantumRelaxation(raw: z.input<typeof quantumRelaxationSpec>, context: StudyContext): Promise<StudyOutcome<QuantumRelaxationSummary>> {
  const opts = parseFlags(quantumRelaxationSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  if (opts.tMax <= opts.tMin) throw new GlassyInputError(`--t-max: ${opts.tMax} must exceed --t-min (${opts.tMin})`);
  const model: QuantumModelPlugin = lookupPlugin(backend.registry.quantumModels, opts.model, '--model', 'quantum model');
  if (model.disorder) throw new GlassyInputError(`--model: ${model.id} has quenched disorder; quantum-relaxation takes one clean system per point (use bose-hubbard)`);
  const points = sweepPoints(opts);
  const parsed = points.map((p) => quantumParams(model, p, flagOf));
  for (const p of parsed) {
    const d = model.create(p).dimension;
    if (d > MAX_RELAXATION_DIMENSION) throw new GlassyInputError(`--L: the space holds ${d} states; the full eigendecomposition is limited to ${MAX_RELAXATION_DIMENSION} here`);
  }
  const times = Array.from({ length: opts.points }, (_, i) => opts.tMin * (opts.tMax / opts.tMin) ** (i / (opts.points - 1)));
  claimRunDir(out, 'run quantum-relaxation', opts, force);
  const started = performance.now();
  const results: RelaxationPoint[] = [];
  for (const [k, p] of parsed.entries()) {
    const file = join(out, 'checkpoints', `point-${k}.json`);
    if (existsSync(file)) {
      results.push(JSON.parse(readFileSync(file, 'utf8')) as RelaxationPoint);
      log(`point ${k + 1}/${parsed.length}: resumed from ${file}`);
      continue;
    }
    const t0 = performance.now();
    const r = densityRelaxation(model.create(p), times);
    const phi = [...r.phi];
    const point: RelaxationPoint = { params: points[k]!, dimension: r.dimension, phi, plateau: r.plateau, tau: crossing(times, phi, opts.level * r.plateau), seconds: (performance.now() - t0) / 1000 };
    writeFileAtomic(file, JSON.stringify(point), '--out');
    results.push(point);
    log(`point ${k + 1}/${parsed.length}: ${describePoint(point.params)}: plateau ${point.plateau.toFixed(4)}, τ = ${point.tau?.toPrecision(4) ?? `not reached by t = ${opts.tMax}`} (dimension ${point.dimension}, ${point.seconds.toFixed(1)} s)`);
  }
  const { keys, varying, xKey, fixed } = sweepAxes(points);
  const finite = results.filter((r) => r.tau !== null && (r.params[xKey] ?? 0) > 0);
  const fit = varying.length === 1 && finite.length >= 2 ? fitLine(finite.map((r) => Math.log(r.params[xKey]!)), finite.map((r) => Math.log(r.tau!))) : undefined;
  const parameters = { model: model.id, sweep: Object.fromEntries(SWEEP_KEYS.filter((key) => opts[key] !== undefined).map((key) => [key, opts[key]])), tMin: opts.tMin, tMax: opts.tMax, points: opts.points, level: opts.level };
  const summary = {
    software: { glassy: VERSION },
    parameters,
    definition: 'φ_q(t) = 1 − Σ_x Re C_x(t) / Σ_x C_x(0), C_x(t) = Tr[n_x(t) n_x]/D − (Tr n_x/D)², trace over the fixed-N space (infinite temperature); exact by the full eigendecomposition',
    plateau: 'φ_q(∞) = 1 − Σ_x C_x(∞)/Σ_x C_x(0), C_x(∞) from the diagonal ensemble (degenerate levels counted as resonant): the finite-size plateau',
    tau: `first time φ_q(t) reaches ${opts.level} × φ_q(∞), log-linear interpolation on ${opts.points} log-spaced times in [${opts.tMin}, ${opts.tMax}]; null if not reached`,
    points: results.map((r) => ({ ...r.params, dimension: r.dimension, plateau: r.plateau, tau: r.tau, seconds: r.seconds })),
    fit: fit ? { quantity: `a in τ ∝ ${xKey}^a`, value: fit.slope, stdError: Number.isFinite(fit.slopeStdError) ? fit.slopeStdError : null, method: 'least squares on (ln x, ln τ), unweighted (τ is exact; the error is the scatter about the line)' } : null,
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  await writeHdf5Atomic(join(out, 'quantum-relaxation.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'infinite-temperature density relaxation φ_q(t) per parameter point', parameters: JSON.stringify(parameters), definition: summary.definition, plateau: summary.plateau, tau: summary.tau },
    datasets: {
      t: times,
      plateau: results.map((r) => r.plateau),
      tau: results.map((r) => r.tau ?? NaN),
      ...Object.fromEntries(keys.map((key) => [key, results.map((r) => r.params[key]!)])),
    },
    groups: Object.fromEntries(results.map((r, k) => [`point_${k}`, { attrs: { ...r.params, plateau: r.plateau, tau: r.tau ?? NaN, dimension: r.dimension }, datasets: { phi: r.phi } }])),
  });
  const subtitle = `${model.id}${fixed.length ? `, ${fixed.join(', ')}` : ''}`;
  const curves = writeFigure(
    join(out, 'quantum-relaxation'),
    await relaxationPlot(results.map((r) => ({ name: varying.map((key) => `${key} = ${r.params[key]}`).join(', ') || model.id, t: times, phi: r.phi, plateau: r.plateau })), { subtitle, level: opts.level }),
  );
  const files = [join(out, 'summary.json'), join(out, 'quantum-relaxation.h5'), curves.svg, curves.png];
  if (finite.length >= 1 && varying.length === 1) {
    const tauFig = writeFigure(
      join(out, 'quantum-relaxation-tau'),
      await trendPlot(finite.map((r) => ({ x: r.params[xKey]!, y: r.tau!, stdError: 0 })), {
        xTitle: xKey,
        yTitle: `τ (φ_q = ${opts.level} φ_q(∞))`,
        title: `Relaxation time against ${xKey}`,
        subtitle,
        ...(fit ? { fit: { prefactor: Math.exp(fit.intercept), exponent: fit.slope, label: `fit τ ∝ ${xKey}^a, a = ${fit.slope.toFixed(2)}` } } : {}),
      }),
    );
    files.push(tauFig.svg, tauFig.png);
  }
  const report = [
    ...results.map((r) => `${describePoint(r.params)}: plateau φ_q(∞) = ${r.plateau.toFixed(4)}, τ = ${r.tau?.toPrecision(4) ?? `not reached by t = ${opts.tMax}`} (dimension ${r.dimension})`),
    ...(fit ? [`τ ∝ ${xKey}^a: a = ${fit.slope.toFixed(3)}${Number.isFinite(fit.slopeStdError) ? ` ± ${fit.slopeStdError.toFixed(3)}` : ''} (${finite.length} points)`] : []),
    `results in ${out}/ (quantum-relaxation.h5, summary.json, figures)`,
  ];
  return { summary, files, report };
}

export type QuantumRelaxationSummary = Record<string, unknown>;

/** Infinite-temperature density relaxation φ_q(t) of a quantum chain, its plateau and relaxation time. */
export const quantumRelaxationStudy: Study<typeof quantumRelaxationSpec, QuantumRelaxationSummary> = {
  id: 'quantum-relaxation',
  description: 'infinite-temperature density relaxation φ_q(t) of a quantum chain by exact diagonalisation, its finite-size plateau and relaxation time over a sweep (the quantum analogue of φ)',
  spec: quantumRelaxationSpec,
  run: runQuantumRelaxation,
};
