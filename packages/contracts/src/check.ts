/**
 * The check plugin contract. A check is a thin entry over a pure core: it says whether it
 * applies to a (model, integrator) pair, and its run returns a value, never throws for a
 * physics failure (it throws only for invalid input).
 */
import type { IntegratorPlugin } from './integrator.js';
import type { ModelPlugin } from './model.js';

export type Tier = 'quick' | 'full';

export type Verdict = 'pass' | 'fail';

/** One curve of a check's figure: points (x[i], y[i]), with an optional band [lower, upper]. */
export interface FigureSeries {
  readonly name: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  /** 'points': markers (measurements); 'line': a curve (a fit, an analytic law); 'dashed': a reference. */
  readonly style: 'points' | 'line' | 'dashed';
  readonly lower?: readonly number[];
  readonly upper?: readonly number[];
}

/**
 * The picture behind a check's number, as data (the HTML report draws it): e.g. the energy error
 * against dt on log-log axes with the declared slope, or an empirical CDF against the analytic one.
 */
export interface CheckFigure {
  readonly title: string;
  readonly x: { readonly label: string; readonly log?: boolean };
  readonly y: { readonly label: string; readonly log?: boolean };
  readonly series: readonly FigureSeries[];
}

export interface CheckResult {
  readonly check: string;
  /** What was measured, e.g. "max |MᵀJM − J|". */
  readonly statistic: string;
  readonly value: number;
  /** The verdict is pass iff value `comparison` threshold. */
  readonly comparison: '<=' | '>=' | 'within';
  readonly threshold: number;
  /** For 'within': the target the value must lie within ±threshold of. */
  readonly target?: number;
  /** Standard uncertainty of `value`, for statistical checks. */
  readonly uncertainty?: number;
  readonly verdict: Verdict;
  readonly explanation: string;
  /** Seeds of every random draw, so any cell can be replayed. */
  readonly seeds: readonly number[];
  /** Further measured numbers worth reporting (e.g. drift slope, per-dt errors). */
  readonly details?: Readonly<Record<string, number | string | readonly number[]>>;
  /** The picture behind the number, where one says more (drawn by `glassy verify --html`). */
  readonly figure?: CheckFigure;
}

/**
 * How `glassy verify --baseline` compares a check's statistic with a recorded run (same seed):
 * - 'grows': a deterministic statistic (round-off level) may not grow by more than `factor`:
 *   regression iff new > factor · max(old, 1e-3 · threshold); improvement iff old > factor · max(new, 1e-3 · threshold);
 * - 'order': a fitted order (deterministic given the seed) may not move by more than `tolerance`;
 * - 'verdict' (default, and for every statistical check: p-values are random by design): only
 *   the verdict is compared.
 */
export type RegressionRule = { readonly kind: 'grows'; readonly factor: number } | { readonly kind: 'order'; readonly tolerance: number } | { readonly kind: 'verdict' };

export interface CheckContext {
  readonly model: ModelPlugin;
  /** For scope 'model' checks: undefined. */
  readonly integrator?: IntegratorPlugin;
  /** Base seed for this cell; checks derive all their randomness from it. */
  readonly seed: number;
}

export interface CheckPlugin {
  readonly type: 'check';
  readonly id: string;
  readonly title: string;
  /** One line: what a pass proves. */
  readonly purpose: string;
  readonly tier: Tier;
  /**
   * 'pair' (default): runs for every (model, integrator); 'model': a property of the model
   * alone (e.g. its Gibbs sampler), run once per model.
   */
  readonly scope?: 'pair' | 'model';
  /** How --baseline compares its statistic between runs (default: the verdict only). */
  readonly regression?: RegressionRule;
  /** undefined if the check applies, else a short reason why not (shown as n.a.). */
  notApplicable(model: ModelPlugin, integrator?: IntegratorPlugin): string | undefined;
  run(ctx: CheckContext): CheckResult;
}

/**
 * A discrepancy that is NaN, as an infinite one. Worst cases are taken with `>` or compared after
 * Math.max, and `>` is false for NaN: without this a NaN local energy, matrix entry or trajectory
 * was skipped and passed (found by mutation testing).
 */
export function nanAsInfinite(x: number): number {
  return Number.isNaN(x) ? Number.POSITIVE_INFINITY : x;
}

/** Build a result whose verdict follows from value, comparison and threshold. */
export function judge(
  r: Omit<CheckResult, 'verdict'>,
): CheckResult {
  let ok: boolean;
  if (!Number.isFinite(r.value)) ok = false;
  else if (r.comparison === '<=') ok = r.value <= r.threshold;
  else if (r.comparison === '>=') ok = r.value >= r.threshold;
  else ok = Math.abs(r.value - (r.target ?? 0)) <= r.threshold;
  return { ...r, verdict: ok ? 'pass' : 'fail' };
}
