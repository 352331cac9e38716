/**
 * Figures of the quantum studies (Vega-Lite, rendered like every other figure of glassy):
 * the mean gap ratio against a swept parameter with the Poisson and GOE lines, and P(r)
 * histograms against the two surmises.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG, SERIES_COLOURS, type FigureOptions } from './plots.js';
import { GOE_MEAN_GAP_RATIO as GOE, POISSON_MEAN_GAP_RATIO as POISSON } from '@glassy/quantum';
import { renderVegaLite } from './render.js';

export interface GapRatioSeries {
  readonly name: string;
  readonly points: readonly { readonly x: number; readonly y: number; readonly stdError: number }[];
}

export interface GapRatioPlotOptions extends FigureOptions {
  readonly xTitle: string;
  readonly logX?: boolean;
}

/** ⟨r⟩ ± 1 SE against x, one coloured series per name, with dashed Poisson and GOE lines. */
export function gapRatioSpec(series: readonly GapRatioSeries[], options: GapRatioPlotOptions): TopLevelSpec {
  const rows = series.flatMap((s) => s.points.map((p) => ({ series: s.name, x: p.x, y: p.y, lo: p.y - p.stdError, hi: p.y + p.stdError })));
  const xs = rows.map((r) => r.x);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const domain = options.logX ? [lo / 1.4, hi * 1.4] : [lo - 0.05 * (hi - lo || 1), hi + 0.05 * (hi - lo || 1)];
  const x = { field: 'x', type: 'quantitative', scale: { type: options.logX ? 'log' : 'linear', domain, nice: false }, axis: { title: options.xTitle, format: '~g', grid: true } } as const;
  const ys = rows.flatMap((r) => [r.lo, r.hi]);
  const y = { field: 'y', type: 'quantitative', scale: { domain: [Math.min(0.3, ...ys) - 0.01, Math.max(0.6, ...ys) + 0.01], nice: false, zero: false }, axis: { title: 'mean gap ratio ⟨r⟩', grid: true } } as const;
  const colour = { field: 'series', type: 'nominal', title: null, scale: { range: [...SERIES_COLOURS] }, legend: series.length > 1 ? { orient: 'bottom-right' } : null } as const;
  const refs = [
    { y: GOE, label: `GOE ${GOE}` },
    { y: POISSON, label: `Poisson ${POISSON.toFixed(4)}` },
  ];
  return {
    config: FIGURE_CONFIG,
    title: { text: options.title ?? 'Level statistics: mean gap ratio', subtitle: [...(options.subtitle ? [options.subtitle] : []), 'points: ⟨r⟩ ± 1 standard error; dashed: GOE (top) and Poisson (bottom)'] },
    width: options.width ?? 480,
    height: options.height ?? 340,
    layer: [
      {
        data: { values: refs },
        layer: [
          { mark: { type: 'rule', strokeDash: [6, 4], color: '#666' }, encoding: { y } },
          { mark: { type: 'text', align: 'left', dx: 4, dy: -7, color: '#444', fontSize: 11 }, encoding: { y, x: { value: 0 }, text: { field: 'label' } } },
        ],
      },
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'line', strokeWidth: 1.5, clip: true }, encoding: { x, y, color: colour } },
          { mark: { type: 'rule', strokeWidth: 1.5, clip: true }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color: colour } },
          { mark: { type: 'point', filled: true, size: 55, opacity: 1, clip: true }, encoding: { x, y, color: colour } },
        ],
      },
    ],
  } as unknown as TopLevelSpec;
}

export async function gapRatioPlot(series: readonly GapRatioSeries[], options: GapRatioPlotOptions): Promise<string> {
  return await renderVegaLite(gapRatioSpec(series, options), options);
}

export interface GapRatioHistogram {
  readonly name: string;
  readonly edges: readonly number[];
  readonly density: readonly number[];
}

export interface GapRatioHistogramOptions extends FigureOptions {
  readonly poisson: (r: number) => number;
  readonly goe: (r: number) => number;
}

/** P(r) per point (step lines) with the Poisson and GOE surmises (dashed, black and grey). */
export function gapRatioHistogramSpec(histograms: readonly GapRatioHistogram[], options: GapRatioHistogramOptions): TopLevelSpec {
  const rows = histograms.flatMap((h) => h.density.flatMap((d, i) => [
    { series: h.name, r: h.edges[i]!, p: d },
    { series: h.name, r: h.edges[i + 1]!, p: d },
  ]));
  const grid = Array.from({ length: 101 }, (_, i) => i / 100);
  const surmises = [
    ...grid.map((r) => ({ law: 'Poisson 2/(1+r)²', r, p: options.poisson(r) })),
    ...grid.map((r) => ({ law: 'GOE surmise', r, p: options.goe(r) })),
  ];
  const x = { field: 'r', type: 'quantitative', scale: { domain: [0, 1], nice: false }, axis: { title: 'gap ratio r', grid: true } } as const;
  const y = { field: 'p', type: 'quantitative', scale: { domain: [0, 2.2], nice: false }, axis: { title: 'P(r)', grid: true } } as const;
  return {
    config: FIGURE_CONFIG,
    title: { text: options.title ?? 'Distribution of gap ratios', subtitle: [...(options.subtitle ? [options.subtitle] : []), 'solid: histograms; dashed: Poisson and GOE surmises'] },
    width: options.width ?? 480,
    height: options.height ?? 340,
    layer: [
      { data: { values: rows }, mark: { type: 'line', interpolate: 'linear', strokeWidth: 1.8, clip: true }, encoding: { x, y, color: { field: 'series', type: 'nominal', title: null, scale: { range: [...SERIES_COLOURS] }, legend: { orient: 'top-right' } }, detail: { field: 'series' } } },
      { data: { values: surmises }, mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.8, clip: true }, encoding: { x, y, strokeDash: { field: 'law', type: 'nominal', title: null, legend: { orient: 'top-left' } }, detail: { field: 'law' }, color: { value: '#333' } } },
    ],
  } as unknown as TopLevelSpec;
}

export async function gapRatioHistogramPlot(histograms: readonly GapRatioHistogram[], options: GapRatioHistogramOptions): Promise<string> {
  return await renderVegaLite(gapRatioHistogramSpec(histograms, options), options);
}

export interface RelaxationCurve {
  readonly name: string;
  readonly t: readonly number[];
  readonly phi: readonly number[];
  /** The long-time plateau, drawn dashed in the curve's colour. */
  readonly plateau: number;
}

/** φ_q(t) on a log time axis, one curve per point, each with its plateau (dashed) and the level crossed (dotted). */
export function relaxationSpec(curves: readonly RelaxationCurve[], options: FigureOptions & { readonly level: number }): TopLevelSpec {
  const rows = curves.flatMap((c) => c.t.map((t, i) => ({ series: c.name, t, phi: c.phi[i]! })));
  const plateaus = curves.flatMap((c) => [
    { series: c.name, t: c.t[0]!, phi: c.plateau },
    { series: c.name, t: c.t.at(-1)!, phi: c.plateau },
  ]);
  const x = { field: 't', type: 'quantitative', scale: { type: 'log', nice: false }, axis: { title: 'time t (units of 1/U)', format: '~g', grid: true } } as const;
  const y = { field: 'phi', type: 'quantitative', scale: { domain: [-0.05, 1.05], nice: false }, axis: { title: 'φ_q(t)', grid: true } } as const;
  const colour = { field: 'series', type: 'nominal', title: null, scale: { range: [...SERIES_COLOURS] }, legend: { orient: 'top-left' } } as const;
  return {
    config: FIGURE_CONFIG,
    title: {
      text: options.title ?? 'Quantum relaxation at infinite temperature',
      subtitle: [...(options.subtitle ? [options.subtitle] : []), `solid: φ_q(t) = 1 − Σ_x Re C_x(t) / Σ_x C_x(0); dashed: its plateau; τ where φ_q first reaches ${options.level} × plateau`],
    },
    width: options.width ?? 520,
    height: options.height ?? 340,
    layer: [
      { data: { values: plateaus }, mark: { type: 'line', strokeDash: [6, 4], strokeWidth: 1.2 }, encoding: { x, y, color: colour, detail: { field: 'series' } } },
      { data: { values: rows }, mark: { type: 'line', strokeWidth: 1.8, clip: true }, encoding: { x, y, color: colour, detail: { field: 'series' } } },
    ],
  } as unknown as TopLevelSpec;
}

export async function relaxationPlot(curves: readonly RelaxationCurve[], options: FigureOptions & { readonly level: number }): Promise<string> {
  return await renderVegaLite(relaxationSpec(curves, options), options);
}
