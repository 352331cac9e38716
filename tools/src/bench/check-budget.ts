/**
 * The budget checker: a pure function of measurements and budgets, so it is unit-tested on
 * synthetic numbers and never on live (noisy) timings.
 */
import { findBudget, findRatioBudget, type BudgetFile } from './budgets.js';
import type { StepMeasurement } from './measurement.js';
import { stepName } from './step-cases.js';
import { PARITY_TOLERANCE, type ReferenceRow } from './reference-stats.js';
import type { ReferenceId } from './reference-steps.js';

export type Verdict = 'ok' | 'ok (within tolerance)' | 'OVER BUDGET' | 'NO BUDGET';

export interface BudgetAssessment {
  /** "model × integrator". */
  readonly step: string;
  readonly L: number;
  readonly measuredNsPerSiteStep: number;
  readonly relativeUncertainty: number;
  /** null when the budget file has no entry for this step and L. */
  readonly budgetNsPerSiteStep: number | null;
  /** budget · (1 + tolerance): the line a measurement must not cross. */
  readonly allowedNsPerSiteStep: number | null;
  readonly ratioToBudget: number | null;
  readonly verdict: Verdict;
}

export type BudgetViolation = BudgetAssessment & { readonly verdict: 'OVER BUDGET' | 'NO BUDGET' };

export function assessMeasurement(m: StepMeasurement, budgets: BudgetFile): BudgetAssessment {
  const base = { step: stepName(m), L: m.L, measuredNsPerSiteStep: m.nsPerSiteStep, relativeUncertainty: m.relativeUncertainty };
  const budget = findBudget(budgets, m);
  // A step without a budget fails: a new model or integrator must come with its budget.
  if (budget === undefined) return { ...base, budgetNsPerSiteStep: null, allowedNsPerSiteStep: null, ratioToBudget: null, verdict: 'NO BUDGET' };
  const allowed = budget.maxNsPerSiteStep * (1 + budgets.tolerance);
  const verdict: Verdict =
    m.nsPerSiteStep <= budget.maxNsPerSiteStep ? 'ok' : m.nsPerSiteStep <= allowed ? 'ok (within tolerance)' : 'OVER BUDGET';
  return {
    ...base,
    budgetNsPerSiteStep: budget.maxNsPerSiteStep,
    allowedNsPerSiteStep: allowed,
    ratioToBudget: m.nsPerSiteStep / budget.maxNsPerSiteStep,
    verdict,
  };
}

function isViolation(a: BudgetAssessment): a is BudgetViolation {
  return a.verdict === 'OVER BUDGET' || a.verdict === 'NO BUDGET';
}

/** Every measurement slower than its budget allows (or without a budget); empty means pass. */
export function checkBudgets(measurements: readonly StepMeasurement[], budgets: BudgetFile): BudgetViolation[] {
  return measurements.map((m) => assessMeasurement(m, budgets)).filter(isViolation);
}

export function describeViolation(v: BudgetViolation): string {
  const measured = `${v.measuredNsPerSiteStep.toFixed(2)} ns/site-step (±${(100 * v.relativeUncertainty).toFixed(1)} %)`;
  if (v.verdict === 'NO BUDGET') return `${v.step}, L=${v.L}: measured ${measured} but budgets.json has no entry for it`;
  return (
    `${v.step}, L=${v.L}: measured ${measured} > allowed ${v.allowedNsPerSiteStep!.toFixed(2)} ` +
    `(budget ${v.budgetNsPerSiteStep!.toFixed(2)} + tolerance)`
  );
}

// ---- ours / C reference ratios -------------------------------------------------------------

export type RatioVerdict = 'meets target' | 'ok' | 'ok (within noise)' | 'OVER BUDGET' | 'NO BUDGET' | 'PARITY MISMATCH' | 'OURS MISSING' | 'n/a';

export interface RatioAssessment {
  readonly reference: ReferenceId;
  /** "model × integrator" of ours (or the generic step when ours is unavailable). */
  readonly step: string;
  readonly L: number;
  /** Medians over rounds; null when that side was not measured. */
  readonly oursNsPerSiteStep: number | null;
  readonly cNsPerSiteStep: number | null;
  /** Median paired ratio ours / C and its noise (half the range over rounds). */
  readonly ratio: number | null;
  readonly noise: number | null;
  /** The plain variant timed alongside (informational, no budget): medians of ns/site-step and of plain / C. */
  readonly plainNsPerSiteStep: number | null;
  readonly plainRatio: number | null;
  readonly target: number | null;
  readonly budget: number | null;
  readonly verdict: RatioVerdict;
  /** The same against the -ffast-math C (the vectorised limit): medians, the ratio's noise, its budget and verdict. */
  readonly cFastNsPerSiteStep: number | null;
  readonly fastRatio: number | null;
  readonly fastNoise: number | null;
  readonly fastTarget: number | null;
  readonly fastBudget: number | null;
  readonly fastVerdict: RatioVerdict;
  /** Why a side is missing, or the parity difference. */
  readonly note: string | null;
}

export type RatioViolation = RatioAssessment;

const FAILING: readonly RatioVerdict[] = ['OVER BUDGET', 'NO BUDGET', 'PARITY MISMATCH', 'OURS MISSING'];

function verdictOf(ratio: number, noise: number | null, target: number, budget: number): RatioVerdict {
  return ratio <= target ? 'meets target' : ratio <= budget ? 'ok' : ratio <= budget + (noise ?? 0) ? 'ok (within noise)' : 'OVER BUDGET';
}

/**
 * ours / C -ffast-math against `fastTarget`/`fastBudget`: n/a without that C, and n/a (shown,
 * not checked) where budgets.json sets no fast budget (the issue sets none for the DNLS step,
 * whose C does not vectorise).
 */
function fastVerdictOf(row: ReferenceRow, budget: { fastTarget?: number; fastBudget?: number } | undefined): RatioVerdict {
  const { fastRatio, fastRatioNoise } = row.summary;
  if (row.fastParity !== null && !row.fastParity.agrees) return 'PARITY MISMATCH';
  if (fastRatio === null) return 'n/a';
  if (budget?.fastTarget === undefined || budget.fastBudget === undefined) return 'n/a';
  return verdictOf(fastRatio, fastRatioNoise, budget.fastTarget, budget.fastBudget);
}

/**
 * One comparison row against its ratio budget. Fails (OVER BUDGET) only when the median ratio
 * exceeds the budget by more than the measured noise; a row where ours, or the plain variant
 * timed next to it, computed another trajectory than C fails too (PARITY MISMATCH: the numbers
 * would compare different work); a row with a ratio budget whose ours is not registered any
 * more fails (OURS MISSING: a renamed or removed integrator must not drop its budget silently);
 * a row without C (no compiler) is n/a and does not fail.
 */
export function assessRatio(row: ReferenceRow, budgets: BudgetFile): RatioAssessment {
  const budget = findRatioBudget(budgets, row.reference, row.L);
  const { ratio, ratioNoise } = row.summary;
  const base = {
    reference: row.reference,
    step: row.step,
    L: row.L,
    oursNsPerSiteStep: row.summary.oursNsPerSiteStep,
    cNsPerSiteStep: row.summary.cNsPerSiteStep,
    ratio,
    noise: ratioNoise,
    plainNsPerSiteStep: row.summary.plainNsPerSiteStep,
    plainRatio: row.summary.plainRatio,
    target: budget?.target ?? null,
    budget: budget?.budget ?? null,
    cFastNsPerSiteStep: row.summary.cFastNsPerSiteStep,
    fastRatio: row.summary.fastRatio,
    fastNoise: row.summary.fastRatioNoise,
    fastTarget: budget?.fastTarget ?? null,
    fastBudget: budget?.fastBudget ?? null,
    fastVerdict: fastVerdictOf(row, budget),
  };
  if (row.ours === null && budget !== undefined) {
    return { ...base, verdict: 'OURS MISSING', note: `${row.unavailable ?? 'n/a'}, but budgets.json holds ours to a ratio budget here` };
  }
  const mismatch = [
    { who: 'ours', parity: row.parity, step: row.step },
    { who: 'the plain variant', parity: row.plainParity, step: row.plain === null ? '' : `${row.plain.model} × ${row.plain.integrator}` },
  ].find((x) => x.parity !== null && !x.parity.agrees);
  if (mismatch !== undefined) {
    const diff = mismatch.parity!.relativeDifference;
    const by = diff === null ? 'a non-finite checksum' : `${diff.toExponential(1)} (tolerance ${PARITY_TOLERANCE.toExponential(0)})`;
    const note =
      `${mismatch.who} (${mismatch.step}) and C leave the shared initial state on different trajectories (checksums differ by ${by}): ` +
      'the C reference does not compute our step';
    return { ...base, verdict: 'PARITY MISMATCH', note };
  }
  if (ratio === null) return { ...base, verdict: 'n/a', note: row.unavailable ?? 'C reference not measured' };
  if (budget === undefined) return { ...base, verdict: 'NO BUDGET', note: null };
  return { ...base, verdict: verdictOf(ratio, ratioNoise, budget.target, budget.budget), note: null };
}

/** Fails on either ratio: ours / C, or ours / C -ffast-math. */
function isRatioViolation(a: RatioAssessment): boolean {
  return FAILING.includes(a.verdict) || FAILING.includes(a.fastVerdict);
}

/** Every comparison row that fails its ratio budget; empty means pass. */
export function checkRatioBudgets(rows: readonly ReferenceRow[], budgets: BudgetFile): RatioViolation[] {
  return rows.map((r) => assessRatio(r, budgets)).filter(isRatioViolation);
}

export function describeRatioViolation(v: RatioViolation): string {
  const where = `${v.reference} (${v.step}), L=${v.L}`;
  if (v.verdict === 'PARITY MISMATCH' || v.verdict === 'OURS MISSING') return `${where}: ${v.note}`;
  if (FAILING.includes(v.verdict)) {
    const ratio = `ours/C = ${v.ratio!.toFixed(3)} ± ${(v.noise ?? 0).toFixed(3)}`;
    if (v.verdict === 'NO BUDGET') return `${where}: measured ${ratio} but budgets.json has no ratio budget for it`;
    return `${where}: measured ${ratio} > budget ${v.budget!.toFixed(3)} + noise (target ${v.target!.toFixed(3)})`;
  }
  if (v.fastVerdict === 'PARITY MISMATCH') {
    return `${where}: ours and the -ffast-math C leave the shared initial state on different trajectories: that build does not compute our step`;
  }
  const ratio = `ours/C -ffast-math = ${v.fastRatio!.toFixed(3)} ± ${(v.fastNoise ?? 0).toFixed(3)}`;
  return `${where}: measured ${ratio} > fastBudget ${v.fastBudget!.toFixed(3)} + noise (fastTarget ${v.fastTarget!.toFixed(3)})`;
}
