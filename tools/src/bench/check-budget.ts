/**
 * The budget checker: a pure function of measurements and budgets, so it is unit-tested on
 * synthetic numbers and never on live (noisy) timings.
 */
import { findBudget, type BudgetFile } from './budgets.js';
import type { StepMeasurement } from './measurement.js';
import { stepName } from './step-cases.js';

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
