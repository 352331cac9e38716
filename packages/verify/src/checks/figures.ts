/**
 * Figures of checks (CheckResult.figure): the pictures behind the numbers, as data that
 * `glassy verify --html` draws. Each keeps at most a few hundred points, so reports stay small.
 */
import type { CheckFigure, FigureSeries } from '@glassy/contracts';

/** Error against step on log-log axes, with the declared slope through the largest step, and a floor. */
export function orderFigure(title: string, yLabel: string, dts: readonly number[], errors: readonly number[], order: number, floor?: number): CheckFigure {
  const ok = errors.map((e, k) => [dts[k]!, e] as const).filter(([h, e]) => Number.isFinite(e) && e > 0 && Number.isFinite(h));
  const series: FigureSeries[] = [{ name: 'measured', x: ok.map(([h]) => h), y: ok.map(([, e]) => e), style: 'points' }];
  if (ok.length > 0) {
    const [h0, e0] = ok[0]!;
    series.push({ name: `declared order: slope ${order}`, x: [...dts], y: dts.map((h) => e0 * (h / h0) ** order), style: 'dashed' });
  }
  if (floor !== undefined && floor > 0) series.push({ name: 'round-off floor', x: [Math.min(...dts), Math.max(...dts)], y: [floor, floor], style: 'line' });
  return { title, x: { label: 'dt', log: true }, y: { label: yLabel, log: true }, series };
}

/** Indices 0 … n−1 thinned to at most `max`, always keeping the first and the last. */
export function thin(n: number, max = 400): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: max }, (_, k) => Math.round((k * (n - 1)) / (max - 1)));
}

/** The empirical CDF of `values` against the analytic `cdf`, on a common grid of quantiles. */
export function ecdfFigure(title: string, xLabel: string, values: ArrayLike<number>, cdf: (x: number) => number, max = 200): CheckFigure {
  const sorted = Float64Array.from(values).sort();
  const idx = thin(sorted.length, max);
  const x = idx.map((i) => sorted[i]!);
  return {
    title,
    x: { label: xLabel },
    y: { label: 'cumulative probability' },
    series: [
      { name: `empirical (n = ${sorted.length})`, x, y: idx.map((i) => (i + 1) / sorted.length), style: 'points' },
      { name: 'analytic', x, y: x.map(cdf), style: 'line' },
    ],
  };
}
