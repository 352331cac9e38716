import { describe, expect, it } from 'vitest';
import { Registry } from '@glassy/verify';
import { loadBudgets, type BudgetFile } from '../src/bench/budgets.js';
import { assessMeasurement, checkBudgets, describeViolation } from '../src/bench/check-budget.js';
import { DEFAULT_BUDGETS_PATH } from '../src/bench/paths.js';
import { buildStepCases } from '../src/bench/step-cases.js';
import { measured, slowedDown } from './synthetic.js';

const rotorSV64 = { model: 'rotor-chain', integrator: 'stormer-verlet', L: 64 };
const rotorSV4096 = { ...rotorSV64, L: 4096 };

const budgets: BudgetFile = {
  tolerance: 0.25,
  budgets: [
    { ...rotorSV64, maxNsPerSiteStep: 40 },
    { ...rotorSV4096, maxNsPerSiteStep: 50 },
  ],
};

describe('checkBudgets on synthetic data', () => {
  it('passes measurements within budget', () => {
    expect(checkBudgets([measured(rotorSV64, 20), measured(rotorSV4096, 49)], budgets)).toEqual([]);
  });

  it('fails when a 20× slowdown is injected, naming step, L, measured, budget and allowed', () => {
    const fast = [measured(rotorSV64, 20), measured(rotorSV4096, 21)];
    const slow = [slowedDown(fast[0]!, 20), fast[1]!];
    const violations = checkBudgets(slow, budgets);
    expect(violations).toHaveLength(1);
    const v = violations[0]!;
    expect(v).toMatchObject({ step: 'rotor-chain × stormer-verlet', L: 64, budgetNsPerSiteStep: 40, verdict: 'OVER BUDGET' });
    expect(v.measuredNsPerSiteStep).toBeCloseTo(400, 6);
    expect(v.allowedNsPerSiteStep).toBeCloseTo(50, 12);
    expect(describeViolation(v)).toMatch(/rotor-chain × stormer-verlet, L=64: measured 400\.00 .* > allowed 50\.00 \(budget 40\.00/);
  });

  it('lets noise within the tolerance pass and flags anything beyond it', () => {
    expect(assessMeasurement(measured(rotorSV64, 49.9), budgets).verdict).toBe('ok (within tolerance)');
    expect(checkBudgets([measured(rotorSV64, 49.9)], budgets)).toEqual([]);
    expect(checkBudgets([measured(rotorSV64, 50.1)], budgets)).toHaveLength(1);
  });

  it('fails a step that has no budget, so new plugins must come with one', () => {
    const unbudgeted = { model: 'rotor-chain', integrator: 'yoshida4', L: 64 };
    const [v] = checkBudgets([measured(unbudgeted, 1)], budgets);
    expect(v).toMatchObject({ step: 'rotor-chain × yoshida4', L: 64, verdict: 'NO BUDGET', budgetNsPerSiteStep: null });
    expect(describeViolation(v!)).toMatch(/no entry/);
  });

  it('reports the ratio to budget', () => {
    expect(assessMeasurement(measured(rotorSV4096, 25), budgets).ratioToBudget).toBeCloseTo(0.5, 9);
  });
});

describe('the committed tools/bench/budgets.json', () => {
  const committed = loadBudgets(DEFAULT_BUDGETS_PATH);
  const atBudget = committed.budgets.map((b) => measured(b, b.maxNsPerSiteStep));

  it('has a budget for every (model, integrator, L) that the bench enumerates', () => {
    const cases = buildStepCases(Registry.builtin()).map((c) => `${c.model} × ${c.integrator} @ ${c.L}`);
    const budgeted = new Set(committed.budgets.map((b) => `${b.model} × ${b.integrator} @ ${b.L}`));
    expect(cases.filter((c) => !budgeted.has(c))).toEqual([]);
  });

  it('accepts synthetic runs at exactly every budget', () => {
    expect(checkBudgets(atBudget, committed)).toEqual([]);
  });

  it('rejects every step after a 20× slowdown', () => {
    const violations = checkBudgets(atBudget.map((m) => slowedDown(m, 20)), committed);
    expect(violations).toHaveLength(committed.budgets.length);
    expect(violations.every((v) => v.verdict === 'OVER BUDGET')).toBe(true);
  });
});
