/**
 * Figures of `glassy run phi` (src/output/plots.ts, render.ts) from synthetic data shaped like
 * the review's Figures 1 and 2: the SVG holds the axis titles, legend entries and one mark per
 * series; the PNG is a PNG of the expected size. Set GLASSY_FIGURE_DIR to keep the figures.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GlassyInputError } from '@glassy/contracts';
import {
  chaoticTripleSites,
  formatNumber,
  logTicks,
  phiCollapsePlot,
  SERIES_COLOURS,
  snapshotsPlot,
  spaceTimePlot,
  spaceTimeSpec,
  t0Plot,
  trendPlot,
  type PhiSeries,
  type Snapshot,
} from '../src/output/plots.js';
import { figureFontFiles, svgToPng, writeFigure } from '../src/output/render.js';

const keep = process.env['GLASSY_FIGURE_DIR'];
const dir = keep ?? mkdtempSync(join(tmpdir(), 'glassy-figures-'));
beforeAll(() => mkdirSync(dir, { recursive: true }));
afterAll(() => {
  if (keep === undefined) rmSync(dir, { recursive: true, force: true });
});

// ------------------------------------------------------------------ synthetic data

/** mulberry32 with a Box–Muller normal: deterministic, good enough for pictures. */
function rng(seed: number): { uniform: () => number; normal: () => number } {
  let a = seed >>> 0;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

const L = 64;
const G = [0.1, 0.15, 0.2, 0.3, 0.5];
const t0Of = (g: number): number => 3 * g ** -5.5;
/** A master curve with φ(1) = 0.9, φ → 1 - 1/L and 1 - φ ~ τ^(-1/2) late (docs/physics.md §1). */
const limit = 1 - 1 / L;
const c = (1 / (1 - 0.9 / limit)) ** 2 - 1;
const master = (tau: number): number => limit * (1 - 1 / Math.sqrt(1 + c * tau));

function phiSeries(): PhiSeries[] {
  const r = rng(7);
  return G.map((g) => {
    const n = 160;
    const tau = Array.from({ length: n }, (_, i) => (i === 0 ? 0 : 1e-3 * 1e5 ** (i / (n - 1))));
    const stderr = tau.map((t) => 0.004 + 0.02 * Math.sqrt(master(t) * (1 - master(t))) * (g / 0.5));
    const phi = tau.map((t, i) => master(t * (1 + 0.05 * (g - 0.3))) + stderr[i]! * 0.5 * r.normal());
    return { g, tau, phi, stderr };
  });
}

function t0Points(): { g: number; t0: number; lo: number; hi: number }[] {
  const r = rng(11);
  return G.map((g) => {
    const t0 = t0Of(g) * Math.exp(0.08 * r.normal());
    return { g, t0, lo: t0 / 1.2, hi: t0 * 1.25 };
  });
}

/** ω snapshots with most sites frozen and a few hot spots that move (g = 0.07, β = 1). */
function snapshots(): Snapshot[] {
  const r = rng(3);
  const base = Array.from({ length: L }, () => r.normal());
  return [0, 2000, 4000].map((t, k) => {
    const omega = base.map((w) => w + 0.01 * r.normal());
    for (const centre of [6 + 9 * k, 30 - 4 * k]) {
      for (let d = -1; d <= 1; d++) omega[centre + d] = 0.3 + 0.05 * r.normal();
    }
    return { t, omega };
  });
}

function spaceTime(nt: number): { times: number[]; rows: Float64Array[] } {
  const s = snapshots()[0]!.omega;
  const r = rng(5);
  const times = Array.from({ length: nt }, (_, i) => 25 * i);
  const rows = times.map((_, i) => {
    const row = Float64Array.from(s);
    const spot = Math.round(20 + 12 * Math.sin(i / 20));
    for (let d = -2; d <= 2; d++) row[(spot + d + L) % L] = 0.2 * r.normal();
    return row;
  });
  return { times, rows };
}

// ------------------------------------------------------------------ helpers

function svgSize(svg: string): [number, number] {
  const m = /^<svg[^>]* width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  expect(m).not.toBeNull();
  return [Number(m![1]), Number(m![2])];
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, after checking the signature. */
function pngSize(png: Uint8Array): [number, number] {
  const b = Buffer.from(png);
  expect(b.subarray(0, 8)).toEqual(PNG_SIGNATURE);
  expect(b.toString('latin1', 12, 16)).toBe('IHDR');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

/** The text of every <text> element (one entry per line of a multi-line text), entities decoded. */
function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*?(?:\/>|>(.*?)<\/text>)/gs)]
    .flatMap((m) => (m[1] ?? '').split(/<tspan[^>]*>|<\/tspan>/))
    .filter((t) => t !== '')
    .map((t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, '&'));
}

/** Count the marks of one type (`line`, `area`, `rect`, `rule`, `symbol`) drawn with `colour`. */
function marksWithColour(svg: string, type: string, attr: 'stroke' | 'fill', colour: string): number {
  const groups = svg.split(`class="mark-${type} role-mark`).slice(1);
  return groups.reduce((n, g) => n + (g.split('</g>')[0]!.match(new RegExp(`${attr}="${colour}"`, 'gi'))?.length ?? 0), 0);
}

async function writeAndCheck(name: string, svg: string): Promise<void> {
  const files = writeFigure(join(dir, name), svg);
  const [w, h] = svgSize(svg);
  expect(readFileSync(files.svg, 'utf8')).toBe(svg);
  expect(pngSize(readFileSync(files.png))).toEqual([Math.ceil(2 * w), Math.ceil(2 * h)]);
  expect([files.pngWidth, files.pngHeight]).toEqual([Math.ceil(2 * w), Math.ceil(2 * h)]);
}

// ------------------------------------------------------------------ tests

describe('figures', () => {
  it('Figure 2(a): φ against τ, one line and one band per g, log τ axis', async () => {
    const warnings: string[] = [];
    const svg = await phiCollapsePlot(phiSeries(), { subtitle: 'β = 1, L = 64, Δt = 0.01, 8000 samples per g', onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['τ = t / t₀(g)', 'φ(g, β, t)', ...G.map((g) => `g = ${g}`)]));
    expect(t.some((s) => s.includes('defines t₀(g)'))).toBe(true);
    expect(t).toEqual(expect.arrayContaining(['0.01', '0.1', '1', '10', '100'])); // decades on the log axis
    G.forEach((_, i) => {
      expect(marksWithColour(svg, 'line', 'stroke', SERIES_COLOURS[i]!)).toBe(1);
      expect(marksWithColour(svg, 'area', 'fill', SERIES_COLOURS[i]!)).toBe(1);
    });
    await writeAndCheck('fig2a-phi-collapse', svg);
  });

  it('Figure 2(b): t0 against g on log-log axes with error bars, fit and slope guide', async () => {
    const warnings: string[] = [];
    const svg = await t0Plot(t0Points(), { exponent: -5.5, prefactor: 3, lo: -5.8, hi: -5.2 }, -5, { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    const t = texts(svg);
    expect(t).toEqual(
      expect.arrayContaining([
        'coupling g',
        't₀(g): first time with φ = 0.9',
        'fit: slope −5.5',
        'guide: slope −5',
        'points: t₀(g) with 95% bootstrap intervals; solid line: fit t₀ = 3·g^(−5.5),',
        'exponent 95% CI [−5.8, −5.2]; dashed line: guide of slope −5',
      ]),
    );
    expect(t).toEqual(expect.arrayContaining(['0.1', '0.2', '0.3', '0.5', '10²', '10³', '10⁴', '10⁵', '10⁶'])); // g ticks; decades of t0
    expect(marksWithColour(svg, 'rule', 'stroke', '#0072B2')).toBe(G.length); // one error bar per g
    expect(marksWithColour(svg, 'symbol', 'fill', '#0072B2')).toBe(G.length);
    expect(marksWithColour(svg, 'line', 'stroke', '#D55E00')).toBe(1);
    expect(marksWithColour(svg, 'line', 'stroke', '#444444')).toBe(1);
    await writeAndCheck('fig2b-t0', svg);
  });

  it('κ/(g²λ) against g: log-log points with error bars, the fitted power law and the flat reference', async () => {
    const warnings: string[] = [];
    const points = [0.2, 0.1, 0.05].map((g) => ({ x: g, y: 2 * g ** -0.5, stdError: 0.2 * g ** -0.5 }));
    const svg = await trendPlot(points, {
      xTitle: 'coupling g',
      yTitle: 'κ̃ / (g²λ)',
      fit: { prefactor: 2, exponent: -0.5, label: 'fit ∝ g^−a, a = 0.50 ± 0.05' },
      guide: { exponent: 0, label: 'flat: the review\'s bound' },
      onWarning: (m) => warnings.push(m),
    });
    expect(warnings).toEqual([]);
    expect(texts(svg)).toEqual(expect.arrayContaining(['coupling g', 'κ̃ / (g²λ)', 'solid: fit ∝ g^−a, a = 0.50 ± 0.05', "dashed: flat: the review's bound", '0.05', '0.1', '0.2']));
    expect(marksWithColour(svg, 'rule', 'stroke', '#0072B2')).toBe(3);
    expect(marksWithColour(svg, 'symbol', 'fill', '#0072B2')).toBe(3);
    expect(marksWithColour(svg, 'line', 'stroke', '#D55E00')).toBe(1);
    expect(marksWithColour(svg, 'line', 'stroke', '#444444')).toBe(1);
    await writeAndCheck('kappa-trend', svg);
    await expect(trendPlot([{ x: 0, y: 1, stdError: 0.1 }], { xTitle: 'x', yTitle: 'y' })).rejects.toThrow(GlassyInputError);
  });

  it('Figure 1: ω_x against x at three times, chaotic triples highlighted', async () => {
    const snaps = snapshots();
    const svg = await snapshotsPlot(snaps, { g: 0.07, subtitle: 'L = 64, β = 1, g = 0.07, sites 1–40' });
    const t = texts(svg);
    expect(t).toEqual(expect.arrayContaining(['site x', 'ωₓ', 't = 0', 't = 2000', 't = 4000', 'in a chaotic triple (spread < √g)', 'other sites']));
    expect(t).toEqual(expect.arrayContaining(['1', '5', '10', '40']));
    expect(svg.split('class="mark-rule role-mark').length - 1).toBe(2 * 3); // zero line and stems, per panel
    expect(svg.split('class="mark-symbol role-mark').length - 1).toBe(3); // points, one group per panel
    const highlighted = snaps.reduce((n, s) => n + chaoticTripleSites(s.omega, Math.sqrt(0.07)).slice(0, 40).filter(Boolean).length, 0);
    expect(highlighted).toBeGreaterThan(0);
    expect(marksWithColour(svg, 'symbol', 'fill', '#D55E00')).toBe(highlighted);
    expect(marksWithColour(svg, 'symbol', 'fill', '#0072B2')).toBe(3 * 40 - highlighted);
    await writeAndCheck('fig1-snapshots', svg);
  });

  it('space-time map of ω_x(t) and of chaotic triples', async () => {
    const field = spaceTime(80);
    const svg = await spaceTimePlot(field, { subtitle: 'L = 64, β = 1, g = 0.07' });
    expect(texts(svg)).toEqual(expect.arrayContaining(['site x', 'time t', 'ωₓ(t)']));
    expect(svg.split('class="mark-rect role-mark')[1]!.split('</g>')[0]!.match(/<path/g)).toHaveLength(80 * L);
    await writeAndCheck('space-time-omega', svg);

    const indicator = { times: field.times, rows: field.rows.map((r) => Float64Array.from(chaoticTripleSites(r, Math.sqrt(0.07)), Number)) };
    const svg2 = await spaceTimePlot(indicator, { quantity: 'indicator' });
    expect(texts(svg2)).toEqual(expect.arrayContaining(['chaotic triple']));
    await writeAndCheck('space-time-triples', svg2);
  });

  it('thins long time series to at most maxCells cells', () => {
    const spec = spaceTimeSpec(spaceTime(400), { maxCells: 64 * 100 }) as { layer: { data: { values: unknown[] } }[]; title: { subtitle: string } };
    expect(spec.layer[0]!.data.values).toHaveLength(64 * 100);
    expect(spec.title.subtitle).toBe('one time in 4 shown');
  });

  it('refuses malformed input with a GlassyInputError', async () => {
    await expect(phiCollapsePlot([])).rejects.toThrow(GlassyInputError);
    await expect(phiCollapsePlot([{ g: 0.1, tau: [1, 2], phi: [0.5], stderr: [0.1] }])).rejects.toThrow(/differ in length/);
    await expect(t0Plot([{ g: 0, t0: 1, lo: 1, hi: 1 }], { exponent: -5, prefactor: 1, lo: -6, hi: -4 })).rejects.toThrow(/no point/);
    await expect(spaceTimePlot({ times: [0, 1], rows: [[1, 2]] })).rejects.toThrow(/2 times but 1 rows/);
    await expect(snapshotsPlot([{ t: 0, omega: [1, 2, 3] }], { sites: [1, 40] })).rejects.toThrow(/need 40/);
  });

  it('writes no file when the PNG cannot be rendered', () => {
    const before = readdirSync(dir).length;
    expect(() => writeFigure(join(dir, 'broken'), 'not svg')).toThrow();
    expect(readdirSync(dir)).toHaveLength(before);
  });
});

describe('helpers', () => {
  it('puts log ticks on decades over wide ranges and on 1-2-5 steps over narrow ones', () => {
    expect(logTicks(1e-3, 150)).toEqual([0.001, 0.01, 0.1, 1, 10, 100]);
    expect(logTicks(0.08, 0.6)).toEqual([0.1, 0.2, 0.3, 0.5]);
    expect(logTicks(3, 90)).toEqual([5, 10, 20, 50]);
    expect(logTicks(0.25, 0.65)).toEqual([0.3, 0.4, 0.5, 0.6]); // 1-2-3-5 gives two: all multiples
  });

  it('finds chaotic triples, periodic or not', () => {
    expect(chaoticTripleSites([0, 0.1, 0.2, 5, 9, 0.05], 0.3)).toEqual([true, true, true, false, false, true]); // (0.05, 0, 0.1) wraps
    expect(chaoticTripleSites([0, 0.1, 0.2, 5, 9, 0.05], 0.3, false)).toEqual([true, true, true, false, false, false]);
    expect(chaoticTripleSites([0, 5, 9, 0.1, 0.2], 0.3, true)).toEqual([true, false, false, true, true]);
    expect(chaoticTripleSites([0, 5, 9, 0.1, 0.2], 0.3, false)).toEqual([false, false, false, false, false]);
    expect(chaoticTripleSites([0, 0], 1)).toEqual([false, false]);
  });

  it('formats numbers for labels', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(0.1)).toBe('0.1');
    expect(formatNumber(0.30000000000000004)).toBe('0.3');
    expect(formatNumber(-5.5)).toBe('−5.5');
    expect(formatNumber(123456)).toBe('1.23e+5');
    expect(formatNumber(2.5e-5)).toBe('2.5e−5');
  });

  it('renders text with the DejaVu Sans files found here (or reports none)', () => {
    const files = figureFontFiles();
    if (files.length === 0) return; // PNG text then falls back to system fonts: see render.ts
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"><text x="2" y="15" font-family="DejaVu Sans" font-size="14">φ τ t₀</text></svg>';
    const blank = '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"></svg>';
    const a = svgToPng(svg, { scale: 1 });
    expect([a.width, a.height]).toEqual([80, 20]);
    expect(Buffer.from(a.data).equals(Buffer.from(svgToPng(blank, { scale: 1 }).data))).toBe(false);
  });
});
