/**
 * The figures of `glassy run phi`, after De Roeck & Huveneers' review (rotor chain, eq. (3)-(4)):
 *
 * - Figure 1, `snapshotsPlot`: ω_x against the site x at a few times (few sites move, most are frozen).
 * - Figure 2(a), `phiCollapsePlot`: φ(g, β, t) against τ = t / t0(g); the curves for all g collapse.
 * - Figure 2(b), `t0Plot`: t0(g) on log-log axes with its power-law fit and a slope -5 guide.
 * - `spaceTimePlot`: a heatmap of ω_x(t), or of chaotic-triple indicators, over x and t.
 *
 * Each `...Spec` function builds a plain vega-lite spec (data inline); each `...Plot` renders it
 * to an SVG string. `writeFigure` (./render.ts) adds the PNG.
 */
import { GlassyInputError } from '@glassy/contracts';
import type { TopLevelSpec } from 'vega-lite';
import { FIGURE_FONT, renderVegaLite, type RenderOptions } from './render.js';

/** Okabe–Ito colours (distinguishable with colour-vision deficiencies), then Tableau's. */
export const SERIES_COLOURS: readonly string[] = [
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
  '#56B4E9',
  '#000000',
  '#8C564B',
  '#7F7F7F',
  '#BCBD22',
];

export const FIGURE_CONFIG = {
  font: FIGURE_FONT,
  background: 'white',
  padding: 10,
  view: { stroke: '#777' },
  axis: {
    labelFontSize: 12,
    titleFontSize: 14,
    titleFontWeight: 'normal',
    titlePadding: 8,
    labelColor: '#222',
    titleColor: '#111',
    domainColor: '#444',
    tickColor: '#444',
    gridColor: '#e6e6e6',
  },
  legend: {
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    labelLimit: 600,
    symbolStrokeWidth: 2.5,
    fillColor: 'rgba(255,255,255,0.85)',
    strokeColor: '#bbb',
    padding: 6,
  },
  title: { fontSize: 15, fontWeight: 'normal', subtitleFontSize: 12, subtitleColor: '#444', anchor: 'start', offset: 10 },
  header: { labelFontSize: 13, titleFontSize: 13 },
} as const;

export interface FigureOptions extends RenderOptions {
  readonly title?: string;
  /** Second title line: the run's parameters, e.g. "β = 1, L = 64, Δt = 0.01, 8000 samples per g". */
  readonly subtitle?: string;
  /** Size of the plotting area (one panel), in SVG units. */
  readonly width?: number;
  readonly height?: number;
}

/** Compact number for labels: 4 significant digits, no trailing zeros, true minus sign. */
export function formatNumber(v: number, digits = 4): string {
  if (v === 0) return '0';
  const s = Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 2).replace(/\.?0+e/, 'e');
  return s.replace(/-/g, '−');
}

/**
 * Tick values for a log axis over [lo, hi]: decades over a wide range, 1-2-5 or 1-2-3-5 steps
 * over a narrow one (vega's own log ticks label 0.1 and 0.2 but not 0.002 on the same axis).
 */
export function logTicks(lo: number, hi: number): number[] {
  const ratio = hi / lo;
  const ticks = (steps: readonly number[]): number[] => {
    const out: number[] = [];
    for (let d = Math.floor(Math.log10(lo)); d <= Math.ceil(Math.log10(hi)); d++) {
      for (const m of steps) {
        const v = Number((m * 10 ** d).toPrecision(12));
        if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };
  const out = ticks(ratio >= 100 ? [1] : ratio >= 10 ? [1, 2, 5] : [1, 2, 3, 5]);
  return out.length >= 3 ? out : ticks([1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', '−': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/**
 * vega `labelExpr` for a log axis over [lo, hi]: decades only (ticks between stay unlabelled),
 * as plain decimals when the range lies within [0.001, 10 000], otherwise all as 10ⁿ with
 * Unicode superscripts.
 */
export function decadeLabelExpr(lo: number, hi: number): string {
  const e = 'log(datum.value) / LN10';
  let label = `format(datum.value, '~g')`;
  if (!(lo >= 1e-3 && hi <= 1e4)) {
    label = `format(round(${e}), 'd')`;
    for (const [from, to] of Object.entries(SUPERSCRIPT)) label = `replace(${label}, regexp('${from}', 'g'), '${to}')`;
    label = `'10' + ${label}`;
  }
  return `abs(${e} - round(${e})) > 1e-6 ? '' : ${label}`;
}

function colours(n: number): string[] {
  return Array.from({ length: n }, (_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]!);
}

function titleOf(options: FigureOptions, fallback: string): { text: string; subtitle?: string } {
  const text = options.title ?? fallback;
  return options.subtitle === undefined ? { text } : { text, subtitle: options.subtitle };
}

function requireInput(ok: boolean, message: string): void {
  if (!ok) throw new GlassyInputError(message);
}

// ------------------------------------------------------------------------- Figure 2(a)

export interface PhiSeries {
  readonly g: number;
  /** τ = t / t0(g); points with τ ≤ 0 (t = 0) are left out on the log axis. */
  readonly tau: ArrayLike<number>;
  readonly phi: ArrayLike<number>;
  /** Standard error of φ at each τ (NaN: no band there). */
  readonly stderr: ArrayLike<number>;
}

export interface PhiCollapseOptions extends FigureOptions {
  /** Band half-width in standard errors; default 1. */
  readonly band?: number;
  /** Level defining t0 (drawn as a dashed line); default 0.9, null for none. */
  readonly threshold?: number | null;
}

/** Figure 2(a): φ against τ = t / t0(g), one colour per g, a ±band·stderr band, log τ axis. */
export function phiCollapseSpec(series: readonly PhiSeries[], options: PhiCollapseOptions = {}): TopLevelSpec {
  requireInput(series.length > 0, 'phiCollapsePlot: no series');
  const k = options.band ?? 1;
  const threshold = options.threshold === undefined ? 0.9 : options.threshold;
  const sorted = [...series].sort((a, b) => a.g - b.g);
  const labels = sorted.map((s) => `g = ${formatNumber(s.g)}`);
  requireInput(new Set(labels).size === labels.length, `phiCollapsePlot: repeated g values (${labels.join(', ')})`);
  const rows: { label: string; tau: number; phi: number; lo: number; hi: number }[] = [];
  sorted.forEach((s, i) => {
    requireInput(s.tau.length === s.phi.length && s.phi.length === s.stderr.length, `phiCollapsePlot: g = ${s.g}: tau, phi and stderr differ in length`);
    for (let j = 0; j < s.tau.length; j++) {
      const tau = s.tau[j]!;
      const phi = s.phi[j]!;
      if (!(tau > 0 && Number.isFinite(tau) && Number.isFinite(phi))) continue;
      const e = Number.isFinite(s.stderr[j]!) ? k * s.stderr[j]! : 0;
      rows.push({ label: labels[i]!, tau, phi, lo: phi - e, hi: phi + e });
    }
  });
  requireInput(rows.length > 0, 'phiCollapsePlot: no point with τ > 0 and finite φ');
  const tauMin = Math.min(...rows.map((r) => r.tau));
  const tauMax = Math.max(...rows.map((r) => r.tau));
  const domain = tauMax > tauMin ? [tauMin, tauMax] : [tauMin / 2, tauMin * 2];
  const x = {
    field: 'tau',
    type: 'quantitative',
    scale: { type: 'log', domain, nice: false },
    axis: { title: 'τ = t / t₀(g)', grid: true, values: logTicks(domain[0]!, domain[1]!), labelExpr: decadeLabelExpr(domain[0]!, domain[1]!) },
  } as const;
  const yScale = { domain: [0, 1], clamp: true } as const;
  const color = {
    field: 'label',
    type: 'nominal',
    scale: { domain: labels, range: colours(labels.length) },
    legend: { title: null, orient: 'bottom-right', symbolType: 'stroke', symbolOpacity: 1 },
  } as const;
  const layers: object[] = [
    { mark: { type: 'area', opacity: 0.22, clip: true }, encoding: { x, y: { field: 'lo', type: 'quantitative', scale: yScale }, y2: { field: 'hi' }, color } },
    {
      mark: { type: 'line', strokeWidth: 1.6, clip: true },
      encoding: { x, y: { field: 'phi', type: 'quantitative', scale: yScale, axis: { title: 'φ(g, β, t)', values: [0, 0.2, 0.4, 0.6, 0.8, 1] } }, color },
    },
  ];
  if (threshold !== null) {
    layers.push(
      { data: { values: [{ y: threshold }] }, mark: { type: 'rule', strokeDash: [5, 4], color: '#555' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
      { data: { values: [{ x: 1 }] }, mark: { type: 'rule', strokeDash: [2, 4], color: '#888' }, encoding: { x: { field: 'x', type: 'quantitative' } } },
      {
        data: { values: [{ y: threshold, text: `φ = ${formatNumber(threshold)} at τ = 1 defines t₀(g)` }] },
        mark: { type: 'text', align: 'left', baseline: 'bottom', dx: 6, dy: -3, fontSize: 12, color: '#333' },
        encoding: { x: { value: 0 }, y: { field: 'y', type: 'quantitative' }, text: { field: 'text' } },
      },
    );
  }
  const subtitle = [options.subtitle, `bands: ±${formatNumber(k)} standard error`].filter((s) => s !== undefined).join('; ');
  return {
    config: FIGURE_CONFIG,
    title: titleOf({ ...options, subtitle }, 'Relaxation of the rotor chain: φ against τ = t / t₀(g)'),
    width: options.width ?? 560,
    height: options.height ?? 360,
    data: { values: rows },
    layer: layers,
  } as TopLevelSpec;
}

export async function phiCollapsePlot(series: readonly PhiSeries[], options: PhiCollapseOptions = {}): Promise<string> {
  return await renderVegaLite(phiCollapseSpec(series, options), options);
}

// ------------------------------------------------------------------------- Figure 2(b)

export interface T0Point {
  readonly g: number;
  readonly t0: number;
  /** Confidence interval of t0 (bootstrap). */
  readonly lo: number;
  readonly hi: number;
}

/** t0 ≈ prefactor · g^exponent, with a confidence interval [lo, hi] on the exponent. */
export interface PowerLawFit {
  readonly exponent: number;
  readonly prefactor: number;
  readonly lo: number;
  readonly hi: number;
}

export interface T0PlotOptions extends FigureOptions {
  /** Where the guide line sits: a factor times the fit at the (geometric) centre of the data; default 0.25 (below). */
  readonly guideOffset?: number;
  /** Confidence level of the intervals, for the subtitle; default 0.95. */
  readonly level?: number;
}

/** Figure 2(b): t0 against g, log-log, with error bars, the fitted power law and a slope guide. */
export function t0Spec(points: readonly T0Point[], fit: PowerLawFit, guideSlope = -5, options: T0PlotOptions = {}): TopLevelSpec {
  const usable = points.filter((p) => p.g > 0 && p.t0 > 0 && Number.isFinite(p.g) && Number.isFinite(p.t0));
  requireInput(usable.length > 0, 't0Plot: no point with g > 0 and t0 > 0');
  requireInput(Number.isFinite(fit.exponent) && fit.prefactor > 0, `t0Plot: fit needs a finite exponent and a positive prefactor`);
  const pct = `${formatNumber(100 * (options.level ?? 0.95))}%`;
  const gs = usable.map((p) => p.g);
  // the data with a margin, and at least a factor 3 in g
  const margin = Math.max(1.15, Math.sqrt(3 / (Math.max(...gs) / Math.min(...gs))));
  const gMin = Math.min(...gs) / margin;
  const gMax = Math.max(...gs) * margin;
  const gCentre = Math.exp(gs.reduce((a, g) => a + Math.log(g), 0) / gs.length);
  const tFit = (g: number): number => fit.prefactor * g ** fit.exponent;
  const guideAt = tFit(gCentre) * (options.guideOffset ?? 0.25);
  const tGuide = (g: number): number => guideAt * (g / gCentre) ** guideSlope;
  /** The g a fraction `f` of the way across the (log) g axis. */
  const gAt = (f: number): number => gMin * (gMax / gMin) ** f;
  const grid = Array.from({ length: 41 }, (_, i) => gAt(i / 40));
  const line = (f: (g: number) => number) => grid.map((g) => ({ g, t: f(g) }));
  const x = {
    field: 'g',
    type: 'quantitative',
    scale: { type: 'log', domain: [gMin, gMax], nice: false },
    axis: { title: 'coupling g', values: logTicks(gMin, gMax), format: '~g', grid: true },
  } as const;
  const ts = [...usable.flatMap((p) => [p.t0, p.lo, p.hi]), ...grid.flatMap((g) => [tFit(g), tGuide(g)])].filter((t) => t > 0 && Number.isFinite(t));
  const y = {
    field: 't',
    type: 'quantitative',
    scale: { type: 'log' },
    axis: { title: 't₀(g): first time with φ = 0.9', labelExpr: decadeLabelExpr(Math.min(...ts) / 10, Math.max(...ts) * 10), grid: true },
  } as const;
  // Labelled on the plot and in the subtitle rather than in a legend: vega-lite draws one legend
  // symbol shape for points and lines alike.
  const fitText = `t₀ = ${formatNumber(fit.prefactor, 3)}·g^(${formatNumber(fit.exponent, 3)})`;
  const subtitle = [
    ...(options.subtitle !== undefined ? [options.subtitle] : []),
    `points: t₀(g) with ${pct} bootstrap intervals; solid line: fit ${fitText},`,
    `exponent ${pct} CI [${formatNumber(fit.lo, 3)}, ${formatNumber(fit.hi, 3)}]; dashed line: guide of slope ${formatNumber(guideSlope)}`,
  ];
  // fit label above-right of the fit line, guide label below-left of the guide: both clear of their lines
  const label = (g: number, t: number, text: string, color: string, side: 'above right' | 'below left') => ({
    data: { values: [{ g, t, text }] },
    mark: side === 'above right'
      ? { type: 'text', align: 'left', baseline: 'bottom', dx: 8, dy: -8, fontSize: 13, color }
      : { type: 'text', align: 'right', baseline: 'top', dx: -8, dy: 8, fontSize: 13, color },
    encoding: { x: { field: 'g', type: 'quantitative' }, y: { field: 't', type: 'quantitative' }, text: { field: 'text' } },
  });
  return {
    config: FIGURE_CONFIG,
    title: { text: options.title ?? 'Relaxation time t₀(g) of the rotor chain', subtitle },
    width: options.width ?? 480,
    height: options.height ?? 380,
    layer: [
      { data: { values: line(tFit) }, mark: { type: 'line', strokeWidth: 2, color: FIT_COLOUR, clip: true }, encoding: { x, y } },
      { data: { values: line(tGuide) }, mark: { type: 'line', strokeWidth: 1.5, strokeDash: [7, 5], color: GUIDE_COLOUR, clip: true }, encoding: { x, y } },
      {
        data: { values: usable.map((p) => ({ g: p.g, t: p.t0, lo: p.lo > 0 ? p.lo : p.t0, hi: p.hi > 0 ? p.hi : p.t0 })) },
        layer: [
          { mark: { type: 'rule', strokeWidth: 1.5, color: DATA_COLOUR, clip: true }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
          { mark: { type: 'point', filled: true, size: 55, opacity: 1, color: DATA_COLOUR, clip: true }, encoding: { x, y } },
        ],
      },
      label(gAt(0.6), tFit(gAt(0.6)), `fit: slope ${formatNumber(fit.exponent, 3)}`, FIT_COLOUR, 'above right'),
      label(gAt(0.4), tGuide(gAt(0.4)), `guide: slope ${formatNumber(guideSlope)}`, GUIDE_COLOUR, 'below left'),
    ],
  } as TopLevelSpec;
}

const DATA_COLOUR = '#0072B2';
const FIT_COLOUR = '#D55E00';
const GUIDE_COLOUR = '#444444';

export async function t0Plot(points: readonly T0Point[], fit: PowerLawFit, guideSlope = -5, options: T0PlotOptions = {}): Promise<string> {
  return await renderVegaLite(t0Spec(points, fit, guideSlope, options), options);
}

// ------------------------------------------------------------------------- Figure 1

export interface Snapshot {
  readonly t: number;
  /** ω over the whole chain, ω[0] is site 1. */
  readonly omega: ArrayLike<number>;
}

export interface SnapshotsOptions extends FigureOptions {
  /** Sites shown, 1-based inclusive; default [1, min(40, L)]. */
  readonly sites?: readonly [number, number];
  /**
   * Coupling g: when given, sites in a chaotic triple (three consecutive sites with
   * max ω - min ω < √g, docs/physics.md §1) are drawn in a second colour.
   */
  readonly g?: number;
  /** Periodic chain (triples wrap around); default true. */
  readonly periodic?: boolean;
}

/**
 * Sites belonging to at least one chaotic triple: three consecutive sites whose ω lie in a band
 * of width `width` (√g in the review). `mask[x]` is for ω[x].
 */
export function chaoticTripleSites(omega: ArrayLike<number>, width: number, periodic = true): boolean[] {
  const n = omega.length;
  const mask = new Array<boolean>(n).fill(false);
  const last = periodic ? n : n - 2;
  for (let c = 0; c < last && n >= 3; c++) {
    const a = omega[c]!;
    const b = omega[(c + 1) % n]!;
    const d = omega[(c + 2) % n]!;
    if (Math.max(a, b, d) - Math.min(a, b, d) < width) mask[c] = mask[(c + 1) % n] = mask[(c + 2) % n] = true;
  }
  return mask;
}

/** Site labels: the first site, then multiples of 5 (or 10, 20... on long chains). */
function siteTicks(first: number, last: number): number[] {
  const step = [5, 10, 20, 50, 100, 200, 500, 1000].find((s) => (last - first) / s <= 12) ?? Math.ceil((last - first) / 10);
  const out = [first];
  for (let v = Math.ceil((first + 1) / step) * step; v <= last; v += step) out.push(v);
  return out;
}

/** Figure 1: one panel per time, ω_x against x as stems. */
export function snapshotsSpec(snapshots: readonly Snapshot[], options: SnapshotsOptions = {}): TopLevelSpec {
  requireInput(snapshots.length > 0, 'snapshotsPlot: no snapshot');
  const L = snapshots[0]!.omega.length;
  const [first, lastSite] = options.sites ?? [1, Math.min(40, L)];
  requireInput(Number.isInteger(first) && Number.isInteger(lastSite) && first >= 1 && first <= lastSite, `snapshotsPlot: bad site range [${first}, ${lastSite}]`);
  const labels = snapshots.map((s) => `t = ${formatNumber(s.t, 6)}`);
  const kinds = ['in a chaotic triple (spread < √g)', 'other sites'];
  const rows: { label: string; x: number; omega: number; kind: string }[] = [];
  snapshots.forEach((s, i) => {
    requireInput(s.omega.length >= lastSite, `snapshotsPlot: snapshot at t = ${s.t} has ${s.omega.length} sites, need ${lastSite}`);
    const mask = options.g !== undefined ? chaoticTripleSites(s.omega, Math.sqrt(options.g), options.periodic ?? true) : null;
    for (let site = first; site <= lastSite; site++) {
      rows.push({ label: labels[i]!, x: site, omega: s.omega[site - 1]!, kind: mask?.[site - 1] ? kinds[0]! : kinds[1]! });
    }
  });
  const x = {
    field: 'x',
    type: 'quantitative',
    scale: { domain: [first - 0.5, lastSite + 0.5], nice: false, zero: false },
    axis: { title: 'site x', values: siteTicks(first, lastSite), format: 'd' },
  } as const;
  const y = { field: 'omega', type: 'quantitative', axis: { title: 'ωₓ', tickCount: 5 } } as const;
  const color =
    options.g !== undefined
      ? ({ field: 'kind', type: 'nominal', scale: { domain: kinds, range: ['#D55E00', '#0072B2'] }, legend: { title: null, orient: 'top' } } as const)
      : ({ value: '#0072B2' } as const);
  return {
    config: FIGURE_CONFIG,
    title: titleOf(options, 'Snapshots of the angular velocities ωₓ'),
    data: { values: rows },
    facet: {
      row: {
        field: 'label',
        type: 'nominal',
        sort: labels,
        header: { title: null, labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontSize: 13, labelPadding: 4 },
      },
    },
    spacing: 16,
    spec: {
      width: options.width ?? 560,
      height: options.height ?? 130,
      layer: [
        { data: { values: [{ y: 0 }] }, mark: { type: 'rule', color: '#999' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
        { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y, y2: { datum: 0 }, color } },
        { mark: { type: 'point', filled: true, size: 30, opacity: 1 }, encoding: { x, y, color } },
      ],
    },
  } as TopLevelSpec;
}

export async function snapshotsPlot(snapshots: readonly Snapshot[], options: SnapshotsOptions = {}): Promise<string> {
  return await renderVegaLite(snapshotsSpec(snapshots, options), options);
}

// ------------------------------------------------------------------------- space-time

export interface SpaceTimeField {
  readonly times: ArrayLike<number>;
  /** rows[i][x]: the value at time times[i] on site x + firstSite. */
  readonly rows: readonly ArrayLike<number>[];
}

export interface SpaceTimeOptions extends FigureOptions {
  /** 'omega': diverging colours centred on 0; 'indicator': 0 white to 1 dark (chaotic triples). */
  readonly quantity?: 'omega' | 'indicator' | 'weight';
  /** Legend title; default 'ωₓ(t)' or 'chaotic triple'. */
  readonly valueTitle?: string;
  /** Label of site 0 of each row; default 1. */
  readonly firstSite?: number;
  /** At most this many cells are drawn: time rows are thinned evenly beyond it (a kept row stands for the rows up to the next one); default 25 000 (about 5 MB of SVG). */
  readonly maxCells?: number;
}

/** Heatmap of a field over site x (horizontal) and time t (vertical, upwards). */
export function spaceTimeSpec(field: SpaceTimeField, options: SpaceTimeOptions = {}): TopLevelSpec {
  const nt = field.times.length;
  requireInput(nt > 0 && nt === field.rows.length, `spaceTimePlot: ${nt} times but ${field.rows.length} rows`);
  const nx = field.rows[0]!.length;
  requireInput(nx > 0 && field.rows.every((r) => r.length === nx), 'spaceTimePlot: rows must be non-empty and of equal length');
  for (let i = 1; i < nt; i++) requireInput(field.times[i]! > field.times[i - 1]!, 'spaceTimePlot: times must increase');
  const quantity = options.quantity ?? 'omega';
  const stride = Math.max(1, Math.ceil((nt * nx) / (options.maxCells ?? 25_000)));
  const first = options.firstSite ?? 1;
  const shown = Array.from({ length: Math.ceil(nt / stride) }, (_, k) => k * stride);
  const edge = (k: number): number => {
    // cell k spans from the midpoint with the previous shown time to the midpoint with the next
    const t = (j: number) => field.times[shown[j]!]!;
    if (shown.length === 1) return k === 0 ? t(0) - 0.5 : t(0) + 0.5;
    if (k === 0) return t(0) - (t(1) - t(0)) / 2;
    if (k === shown.length) return t(k - 1) + (t(k - 1) - t(k - 2)) / 2;
    return (t(k - 1) + t(k)) / 2;
  };
  const rows: { x0: number; x1: number; t0: number; t1: number; v: number }[] = [];
  let vmax = 0;
  shown.forEach((i, k) => {
    const r = field.rows[i]!;
    const t0 = edge(k);
    const t1 = edge(k + 1);
    for (let x = 0; x < nx; x++) {
      const v = r[x]!;
      if (!Number.isFinite(v)) continue;
      vmax = Math.max(vmax, Math.abs(v));
      rows.push({ x0: first + x - 0.5, x1: first + x + 0.5, t0, t1, v });
    }
  });
  const m = vmax > 0 ? vmax : 1;
  const scale =
    quantity === 'omega'
      ? { scheme: 'redblue', reverse: true, domain: [-m, m], domainMid: 0 }
      : { domain: [0, quantity === 'weight' ? m : 1], range: ['#ffffff', '#7f0000'], interpolate: 'lab' };
  const valueTitle = options.valueTitle ?? (quantity === 'omega' ? 'ωₓ(t)' : quantity === 'weight' ? 'deviation weight' : 'chaotic triple');
  const colorEnc = { field: 'v', type: 'quantitative', scale, legend: { title: valueTitle, gradientLength: Math.min(200, (options.height ?? 360) - 40) } };
  const thinned = stride > 1 ? `one time in ${stride} shown` : undefined;
  const subtitle = [options.subtitle, thinned].filter((s) => s !== undefined).join('; ');
  return {
    config: FIGURE_CONFIG,
    title: titleOf(
      { ...options, ...(subtitle !== '' ? { subtitle } : {}) },
      quantity === 'omega' ? 'Space-time map of ωₓ(t)' : quantity === 'weight' ? 'Space-time map of the deviation vector (weight per site)' : 'Space-time map of chaotic triples',
    ),
    width: options.width ?? 480,
    height: options.height ?? 360,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'x0', type: 'quantitative', scale: { domain: [first - 0.5, first + nx - 0.5], nice: false, zero: false }, axis: { title: 'site x', values: siteTicks(first, first + nx - 1), format: 'd', grid: false } },
          x2: { field: 'x1' },
          y: { field: 't0', type: 'quantitative', scale: { domain: [edge(0), edge(shown.length)], nice: false, zero: false }, axis: { title: 'time t', grid: false } },
          y2: { field: 't1' },
          color: colorEnc,
        },
      },
      // a frame on top: the cells cover the view's own border
      { data: { values: [{}] }, mark: { type: 'rect', fill: null, stroke: '#777', x: 0, y: 0, x2: { expr: 'width' }, y2: { expr: 'height' } } },
    ],
  } as TopLevelSpec;
}

export async function spaceTimePlot(field: SpaceTimeField, options: SpaceTimeOptions = {}): Promise<string> {
  return await renderVegaLite(spaceTimeSpec(field, options), options);
}

// ------------------------------------------------------------------------- Green–Kubo

export interface RunningIntegralCurve {
  readonly lags: ArrayLike<number>;
  readonly running: ArrayLike<number>;
  readonly stdError: ArrayLike<number>;
}

/** The Green–Kubo running integral K(τ) with its ±1 standard-error band and the plateau window. */
export function greenKuboSpec(curve: RunningIntegralCurve, plateau: { from: number; to: number; kappa: number; stdError: number }, options: FigureOptions = {}): TopLevelSpec {
  const rows = Array.from(curve.lags, (tau, i) => ({ tau, k: curve.running[i]!, lo: curve.running[i]! - curve.stdError[i]!, hi: curve.running[i]! + curve.stdError[i]! }));
  return {
    config: FIGURE_CONFIG,
    title: titleOf(options, 'Green–Kubo running integral κ̃(τ) = (β²/L) ∫ ⟨J(t)J(0)⟩ dt over 0 ≤ t ≤ τ'),
    width: options.width ?? 560,
    height: options.height ?? 340,
    layer: [
      { data: { values: rows }, mark: { type: 'area', opacity: 0.25 }, encoding: { x: { field: 'tau', type: 'quantitative', title: 'τ' }, y: { field: 'lo', type: 'quantitative', title: 'κ̃(τ)' }, y2: { field: 'hi' } } },
      { data: { values: rows }, mark: { type: 'line' }, encoding: { x: { field: 'tau', type: 'quantitative' }, y: { field: 'k', type: 'quantitative' } } },
      {
        data: { values: [{ from: plateau.from, to: plateau.to, lo: plateau.kappa - plateau.stdError, hi: plateau.kappa + plateau.stdError }] },
        mark: { type: 'rect', opacity: 0.35, color: '#d62728' },
        encoding: { x: { field: 'from', type: 'quantitative' }, x2: { field: 'to' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
    ],
  } as TopLevelSpec;
}

export async function greenKuboPlot(curve: RunningIntegralCurve, plateau: { from: number; to: number; kappa: number; stdError: number }, options: FigureOptions = {}): Promise<string> {
  return await renderVegaLite(greenKuboSpec(curve, plateau, options), options);
}

// ------------------------------------------------------------------------- power-law trends

export interface TrendPoint {
  readonly x: number;
  readonly y: number;
  /** ±1 standard error of y. */
  readonly stdError: number;
}

export interface TrendPlotOptions extends FigureOptions {
  readonly xTitle: string;
  readonly yTitle: string;
  /** The fitted power law y ≈ prefactor · x^exponent (drawn solid), with its label. */
  readonly fit?: { readonly prefactor: number; readonly exponent: number; readonly label: string };
  /** A reference power law through the first point (drawn dashed), e.g. the review's bound. */
  readonly guide?: { readonly exponent: number; readonly label: string };
}

/**
 * Points with ±1 SE bars on log-log axes, an optional fitted power law and an optional
 * reference slope through the first point (κ/(g²λ) against g; κ against λ).
 */
export function trendSpec(points: readonly TrendPoint[], options: TrendPlotOptions): TopLevelSpec {
  const usable = points.filter((p) => p.x > 0 && p.y > 0 && Number.isFinite(p.x) && Number.isFinite(p.y));
  requireInput(usable.length > 0, 'trendPlot: no point with x > 0 and y > 0');
  const xs = usable.map((p) => p.x);
  const margin = Math.max(1.15, Math.sqrt(3 / (Math.max(...xs) / Math.min(...xs))));
  const xMin = Math.min(...xs) / margin;
  const xMax = Math.max(...xs) * margin;
  const grid = Array.from({ length: 41 }, (_, i) => xMin * (xMax / xMin) ** (i / 40));
  const first = usable[0]!;
  const fitY = (x: number): number => options.fit!.prefactor * x ** options.fit!.exponent;
  const guideY = (x: number): number => first.y * (x / first.x) ** options.guide!.exponent;
  const rows = usable.map((p) => ({ x: p.x, y: p.y, lo: p.y - p.stdError > 0 ? p.y - p.stdError : p.y, hi: p.y + p.stdError }));
  const ys = [...rows.flatMap((r) => [r.lo, r.hi]), ...(options.fit ? grid.map(fitY) : []), ...(options.guide ? grid.map(guideY) : [])].filter((y) => y > 0 && Number.isFinite(y));
  const yMin = Math.min(...ys) / 1.3;
  const yMax = Math.max(...ys) * 1.3;
  const x = { field: 'x', type: 'quantitative', scale: { type: 'log', domain: [xMin, xMax] as number[], nice: false }, axis: { title: options.xTitle, values: logTicks(xMin, xMax), format: '~g', grid: true } } as const;
  const y = { field: 'y', type: 'quantitative', scale: { type: 'log', domain: [yMin, yMax] as number[], nice: false }, axis: { title: options.yTitle, values: logTicks(yMin, yMax), format: '~g', grid: true } } as const;
  const lines = [
    ...(options.fit ? [{ data: { values: grid.map((v) => ({ x: v, y: fitY(v) })) }, mark: { type: 'line', strokeWidth: 2, color: FIT_COLOUR, clip: true }, encoding: { x, y } }] : []),
    ...(options.guide ? [{ data: { values: grid.map((v) => ({ x: v, y: guideY(v) })) }, mark: { type: 'line', strokeWidth: 1.5, strokeDash: [7, 5], color: GUIDE_COLOUR, clip: true }, encoding: { x, y } }] : []),
  ];
  const legend = [
    ...(options.fit ? [`solid: ${options.fit.label}`] : []),
    ...(options.guide ? [`dashed: ${options.guide.label}`] : []),
  ];
  return {
    config: FIGURE_CONFIG,
    title: { text: options.title ?? `${options.yTitle} against ${options.xTitle}`, subtitle: [...(options.subtitle !== undefined ? [options.subtitle] : []), 'points: mean ± 1 standard error', ...legend] },
    width: options.width ?? 480,
    height: options.height ?? 360,
    layer: [
      ...lines,
      {
        data: { values: rows },
        layer: [
          { mark: { type: 'rule', strokeWidth: 1.5, color: DATA_COLOUR, clip: true }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } } },
          { mark: { type: 'point', filled: true, size: 55, opacity: 1, color: DATA_COLOUR, clip: true }, encoding: { x, y } },
        ],
      },
    ],
  } as TopLevelSpec;
}

export async function trendPlot(points: readonly TrendPoint[], options: TrendPlotOptions): Promise<string> {
  return await renderVegaLite(trendSpec(points, options), options);
}

/** One named curve of a multi-curve figure, with an optional ±band. */
export interface Curve {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly lo?: readonly number[];
  readonly hi?: readonly number[];
}

export interface CurvesPlotOptions extends FigureOptions {
  readonly xTitle: string;
  readonly yTitle: string;
  readonly logX?: boolean;
  readonly logY?: boolean;
}

/**
 * Several curves, one colour each, with points and lines and optional error bars: λ(t) for each
 * coupling (`run lyapunov`), error against cost for each integrator (`bench work-precision`).
 * On log axes, non-positive values are left out.
 */
export function curvesSpec(curves: readonly Curve[], options: CurvesPlotOptions): TopLevelSpec {
  const ok = (v: number, log: boolean | undefined): boolean => Number.isFinite(v) && (!log || v > 0);
  const rows = curves.flatMap((c, k) =>
    c.x
      .map((x, i) => ({ curve: c.name, order: k, i, x, y: c.y[i]!, lo: c.lo?.[i] ?? c.y[i]!, hi: c.hi?.[i] ?? c.y[i]! }))
      .filter((r) => ok(r.x, options.logX) && ok(r.y, options.logY))
      .map((r) => ({ ...r, lo: ok(r.lo, options.logY) ? r.lo : r.y, hi: ok(r.hi, options.logY) ? r.hi : r.y })),
  );
  requireInput(rows.length > 0, 'curvesPlot: no finite point to draw');
  const xs = rows.map((r) => r.x);
  const ys = rows.flatMap((r) => [r.lo, r.hi, r.y]);
  const pad = (lo: number, hi: number, log: boolean | undefined): [number, number] => (log ? [lo / 1.3, hi * 1.3] : [lo - 0.05 * (hi - lo || 1), hi + 0.05 * (hi - lo || 1)]);
  const [xMin, xMax] = pad(Math.min(...xs), Math.max(...xs), options.logX);
  const [yMin, yMax] = pad(Math.min(...ys), Math.max(...ys), options.logY);
  const axis = (title: string, log: boolean | undefined, lo: number, hi: number) => ({
    title,
    grid: true,
    format: '~g',
    ...(log ? { values: logTicks(lo, hi) } : {}),
  });
  const x = { field: 'x', type: 'quantitative', scale: { type: options.logX ? 'log' : 'linear', domain: [xMin, xMax], nice: false }, axis: axis(options.xTitle, options.logX, xMin, xMax) } as const;
  const y = { field: 'y', type: 'quantitative', scale: { type: options.logY ? 'log' : 'linear', domain: [yMin, yMax], nice: false }, axis: axis(options.yTitle, options.logY, yMin, yMax) } as const;
  const color = { field: 'curve', type: 'nominal', sort: curves.map((c) => c.name), scale: { domain: curves.map((c) => c.name), range: curves.map((_, k) => SERIES_COLOURS[k % SERIES_COLOURS.length]!) }, legend: { title: null, orient: 'top-right' } } as const;
  return {
    config: FIGURE_CONFIG,
    title: { text: options.title ?? `${options.yTitle} against ${options.xTitle}`, ...(options.subtitle !== undefined ? { subtitle: [options.subtitle] } : {}) },
    width: options.width ?? 520,
    height: options.height ?? 380,
    data: { values: rows },
    layer: [
      { mark: { type: 'line', strokeWidth: 1.8, clip: true }, encoding: { x, y, color, order: { field: 'i' } } },
      { mark: { type: 'point', filled: true, size: 36, clip: true }, encoding: { x, y, color } },
      { mark: { type: 'rule', strokeWidth: 1.2, clip: true }, encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
    ],
  } as unknown as TopLevelSpec;
}

export async function curvesPlot(curves: readonly Curve[], options: CurvesPlotOptions): Promise<string> {
  return await renderVegaLite(curvesSpec(curves, options), options);
}
