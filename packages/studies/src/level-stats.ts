/**
 * The level-stats study (`glassy run level-stats`): the mean gap ratio ⟨r⟩ of a quantum chain's
 * spectrum, r_n = min(s_n, s_{n+1}) / max(s_n, s_{n+1}) over the middle half of one sector
 * (levels with index in [⌊n/4⌋, ⌊3n/4⌋)), against the Poisson (2 ln 2 − 1 ≈ 0.3863) and GOE
 * (≈ 0.5307) values, over a sweep of parameters.
 *
 * Every model parameter flag takes a comma list; the sweep is the product of the lists, in the
 * order given (e.g. `--L 5,6,7,8 --N L` for unit filling: a value naming another parameter
 * copies it). Per point: the dense spectrum of the sector (or of the whole space) for each
 * disorder realisation, ⟨r⟩ pooled over realisations with its standard error (the spread of the
 * realisation means for R ≥ 5; batch means over 10 blocks of consecutive r for a clean model),
 * and the histogram P(r) against the two surmises.
 *
 * Outputs: summary.json, level-stats.h5 (per point: the levels, the ratios, the histogram),
 * level-stats.svg/png (⟨r⟩ against the swept parameter, one curve per value of the others) and
 * level-stats-histograms.svg/png. Points are checkpointed (checkpoints/point-k.json): an
 * interrupted run resumes where it stopped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { GlassyInputError, type QuantumModelPlugin } from '@glassy/contracts';
import { gapRatioEstimate, gapRatioHistogram, gapRatios, goeGapRatioDensity, GOE_MEAN_GAP_RATIO, poissonGapRatioDensity, POISSON_MEAN_GAP_RATIO, quantumParams, realisationSeed, realisationSpectra, requireRealisations, spectrumDimension } from '@glassy/quantum';
import { flagOf } from './flags.js';
import { claimRunDir, writeFileAtomic } from './io.js';
import { describePoint as describe, SWEEP_KEYS, sweepAxes, sweepFlags, sweepPoints } from './quantum-sweep.js';
import { lookupPlugin } from './lookup.js';
import { intAtLeast, parseFlags, seedFlag } from './options.js';
import { writeHdf5Atomic } from './output/hdf5.js';
import { gapRatioPlot, gapRatioHistogramPlot } from './output/quantum-plots.js';
import { writeFigure } from './output/render.js';
import { withDefaults, type Study, type StudyContext, type StudyOutcome } from './study.js';
import { VERSION } from './version.js';

export const levelStatsSpec = z.object({
  model: z.string().min(1).default('bose-hubbard'),
  ...sweepFlags,
  sector: z.string().min(1).optional(),
  realisations: intAtLeast(1).optional(),
  bins: intAtLeast(4).default(20),
  seed: seedFlag.default(1),
});

interface PointResult {
  readonly params: Record<string, number>;
  readonly dimension: number;
  readonly mean: number;
  readonly stdError: number;
  readonly count: number;
  readonly realisations: number;
  readonly errorMethod: string;
  readonly disorderSeeds: number[];
  readonly levels: number[][];
  readonly ratios: number[];
  readonly histogram: { edges: number[]; density: number[] };
  readonly seconds: number;
}

async function runLevelStats(raw: z.input<typeof levelStatsSpec>, context: StudyContext): Promise<StudyOutcome<LevelStatsSummary>> {
  const opts = parseFlags(levelStatsSpec, raw);
  const { out, force, backend, log } = withDefaults(context);
  const model: QuantumModelPlugin = lookupPlugin(backend.registry.quantumModels, opts.model, '--model', 'quantum model');
  const realisations = opts.realisations ?? (model.disorder ? 20 : 1);
  const points = sweepPoints(opts);
  // Validate every point before any work: one line naming the flag.
  const parsed = points.map((p) => quantumParams(model, p, flagOf));
  for (const p of parsed) realisationSpectraProbe(model, p, opts.sector, realisations);
  claimRunDir(out, 'run level-stats', opts, force);
  const started = performance.now();
  const results: PointResult[] = [];
  for (const [k, p] of parsed.entries()) {
    const file = join(out, 'checkpoints', `point-${k}.json`);
    if (existsSync(file)) {
      results.push(JSON.parse(readFileSync(file, 'utf8')) as PointResult);
      log(`point ${k + 1}/${parsed.length}: resumed from ${file}`);
      continue;
    }
    const t0 = performance.now();
    const spectra = realisationSpectra(model, p, opts.sector, realisations, opts.seed);
    const est = gapRatioEstimate(spectra);
    const swept = points[k]!;
    const result: PointResult = {
      params: swept,
      dimension: spectra[0]!.length,
      mean: est.mean,
      stdError: est.stdError,
      count: est.count,
      realisations: est.realisations,
      errorMethod: est.errorMethod,
      disorderSeeds: model.disorder ? Array.from({ length: realisations }, (_, r) => realisationSeed(opts.seed, r)) : [],
      levels: spectra.map((s) => [...s]),
      ratios: spectra.flatMap((s) => gapRatios(s)),
      histogram: gapRatioHistogram(spectra, opts.bins),
      seconds: (performance.now() - t0) / 1000,
    };
    writeFileAtomic(file, JSON.stringify(result), '--out');
    results.push(result);
    log(`point ${k + 1}/${parsed.length}: ${describe(swept)}: ⟨r⟩ = ${est.mean.toFixed(4)} ± ${est.stdError.toFixed(4)} (dimension ${result.dimension}, ${realisations} spectra, ${result.seconds.toFixed(1)} s)`);
  }
  const { keys: sweptKeys, varying, xKey, fixed } = sweepAxes(points);
  const parameters = { model: model.id, sweep: Object.fromEntries(SWEEP_KEYS.filter((key) => opts[key] !== undefined).map((key) => [key, opts[key]])), sector: opts.sector ?? null, realisations, bins: opts.bins, seed: opts.seed };
  const summary = {
    software: { glassy: VERSION },
    parameters,
    definition:
      'r_n = min(s_n, s_{n+1}) / max(s_n, s_{n+1}), s_n = E_{n+1} − E_n, over levels with index in [⌊n/4⌋, ⌊3n/4⌋) of the sector (ascending, by the dense symmetric solver); pairs of exactly degenerate gaps skipped',
    reference: { poisson: POISSON_MEAN_GAP_RATIO, goe: GOE_MEAN_GAP_RATIO, surmises: 'P(r) = 2/(1+r)² (Poisson); (27/4)(r+r²)/(1+r+r²)^{5/2} (GOE, Atas et al. 2013), on [0, 1]' },
    error:
      'standard error of ⟨r⟩: spread of the per-realisation means / √R for R ≥ 5 disorder realisations; for fewer (one clean spectrum), batch means over 10 blocks of consecutive r; floored by sd(r)/√count',
    points: results.map((r) => ({ ...r.params, dimension: r.dimension, meanGapRatio: r.mean, stdError: r.stdError, ratios: r.count, realisations: r.realisations, errorMethod: r.errorMethod, seconds: r.seconds })),
    seconds: (performance.now() - started) / 1000,
  };
  writeFileAtomic(join(out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  await writeHdf5Atomic(join(out, 'level-stats.h5'), {
    attrs: { software: `glassy ${VERSION}`, description: 'mean gap ratio of the middle half of the spectrum, per parameter point', parameters: JSON.stringify(parameters), definition: summary.definition, error: summary.error, seed: BigInt(opts.seed) },
    datasets: {
      mean_gap_ratio: results.map((r) => r.mean),
      mean_gap_ratio_stderr: results.map((r) => r.stdError),
      dimension: results.map((r) => r.dimension),
      ...Object.fromEntries(sweptKeys.map((key) => [key, results.map((r) => r.params[key]!)])),
    },
    groups: Object.fromEntries(
      results.map((r, k) => [
        `point_${k}`,
        {
          attrs: { ...r.params, mean_gap_ratio: r.mean, stderr: r.stdError, realisations: r.realisations },
          datasets: {
            ratios: r.ratios,
            histogram_edges: r.histogram.edges,
            histogram_density: r.histogram.density,
            ...(r.disorderSeeds.length > 0 ? { disorder_seeds: r.disorderSeeds } : {}),
            ...Object.fromEntries(r.levels.map((lv, i) => [`levels_${i}`, lv])),
          },
        },
      ]),
    ),
  });
  const others = sweptKeys.filter((key) => key !== xKey && varying.includes(key));
  const series = new Map<string, { x: number; y: number; stdError: number }[]>();
  for (const r of results) {
    const name = others.length > 0 ? others.map((key) => `${key} = ${r.params[key]}`).join(', ') : model.id;
    series.set(name, [...(series.get(name) ?? []), { x: r.params[xKey] ?? 0, y: r.mean, stdError: r.stdError }]);
  }
  const subtitle = `${model.id}${fixed.length ? `, ${fixed.join(', ')}` : ''}${opts.sector ? `, ${opts.sector} sector` : ''}${model.disorder ? `, ${realisations} disorder realisations` : ''}`;
  const logX = results.every((r) => (r.params[xKey] ?? 0) > 0) && Math.max(...results.map((r) => r.params[xKey]!)) / Math.min(...results.map((r) => r.params[xKey]!)) >= 8;
  const fig = writeFigure(join(out, 'level-stats'), await gapRatioPlot([...series].map(([name, pts]) => ({ name, points: pts })), { xTitle: xKey, logX, subtitle }));
  const hist = writeFigure(
    join(out, 'level-stats-histograms'),
    await gapRatioHistogramPlot(
      results.map((r) => ({ name: describe(r.params), edges: r.histogram.edges, density: r.histogram.density })),
      { poisson: poissonGapRatioDensity, goe: goeGapRatioDensity, subtitle },
    ),
  );
  const report = [
    ...results.map((r) => `${describe(r.params)}: ⟨r⟩ = ${r.mean.toFixed(4)} ± ${r.stdError.toFixed(4)} (dimension ${r.dimension}, ${r.count} ratios, ${r.realisations} spectra)`),
    `Poisson ${POISSON_MEAN_GAP_RATIO.toFixed(4)}, GOE ${GOE_MEAN_GAP_RATIO.toFixed(4)}; results in ${out}/ (level-stats.h5, summary.json, level-stats.svg/png, level-stats-histograms.svg/png)`,
  ];
  return { summary, files: [join(out, 'summary.json'), join(out, 'level-stats.h5'), fig.svg, fig.png, hist.svg, hist.png], report };
}

/** Refuse what would fail later (an unknown sector, a space too large or too small) before the run starts. */
function realisationSpectraProbe(model: QuantumModelPlugin, params: Record<string, unknown>, sector: string | undefined, realisations: number): void {
  requireRealisations(model, realisations);
  const d = spectrumDimension(model.create(params), sector);
  if (d < 12) throw new GlassyInputError(`--L: the ${sector ?? 'whole'} space holds ${d} states, too few levels for gap ratios`);
}

export type LevelStatsSummary = Record<string, unknown>;

/** Mean gap ratio of a quantum chain's spectrum against Poisson and GOE, over a parameter sweep. */
export const levelStatsStudy: Study<typeof levelStatsSpec, LevelStatsSummary> = {
  id: 'level-stats',
  description: 'mean gap ratio ⟨r⟩ of a quantum chain (bose-hubbard, disordered-xxz) over a parameter sweep, against Poisson and GOE (section 5 of the review)',
  spec: levelStatsSpec,
  run: runLevelStats,
};
