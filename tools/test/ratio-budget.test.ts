/** The ours / C ratio check on synthetic rounds: no clocks involved. */
import { describe, expect, it } from 'vitest';
import { loadBudgets, type BudgetFile } from '../src/bench/budgets.js';
import { assessRatio, checkRatioBudgets, describeRatioViolation } from '../src/bench/check-budget.js';
import { DEFAULT_BUDGETS_PATH } from '../src/bench/paths.js';
import { REFERENCE_IDS, REFERENCE_SIZES } from '../src/bench/reference-steps.js';
import { referenceRow, slowedDownOurs } from './synthetic.js';

const budgets: BudgetFile = {
  tolerance: 0.3,
  budgets: [{ model: 'rotor-chain', integrator: 'stormer-verlet', L: 64, maxNsPerSiteStep: 100 }],
  ratioBudgets: [
    { reference: 'rotor-sv', L: 64, target: 1, budget: 1.3 },
    { reference: 'anharmonic-sv', L: 64, target: 1.3, budget: 1.3 },
    { reference: 'dnls-split', L: 64, target: 1.3, budget: 1.3 },
  ],
};

/** Three rounds whose paired ratios are exactly `ratios` (C at 10 ns/site-step). */
const rotor = (...ratios: number[]) => referenceRow('rotor-sv', 64, ratios.map((r) => 10 * r), ratios.map(() => 10));

describe('assessRatio', () => {
  it('takes the median paired ratio and half its range as the noise', () => {
    const a = assessRatio(rotor(1.2, 1.1, 1.25), budgets);
    expect(a.ratio).toBeCloseTo(1.2, 12);
    expect(a.noise).toBeCloseTo(0.075, 12);
    expect(a.oursNsPerSiteStep).toBeCloseTo(12, 12);
    expect(a.cNsPerSiteStep).toBe(10);
    expect(a.verdict).toBe('ok');
  });

  it('calls a ratio at or below the target "meets target"', () => {
    expect(assessRatio(rotor(0.95, 1.0, 0.9), budgets).verdict).toBe('meets target');
  });

  it('fails when a deliberate slowdown is injected into every round', () => {
    const fast = rotor(1.2, 1.15, 1.25);
    expect(checkRatioBudgets([fast], budgets)).toEqual([]);
    const slow = slowedDownOurs(fast, 1.4); // ratios 1.68, 1.61, 1.75: noise 0.07
    const violations = checkRatioBudgets([slow], budgets);
    expect(violations).toHaveLength(1);
    const v = violations[0]!;
    expect(v).toMatchObject({ reference: 'rotor-sv', L: 64, budget: 1.3, target: 1, verdict: 'OVER BUDGET' });
    expect(v.ratio).toBeCloseTo(1.68, 12);
    expect(describeRatioViolation(v)).toMatch(/^rotor-sv \(model × integrator\), L=64: measured ours\/C = 1\.680 ± 0\.070 > budget 1\.300 \+ noise \(target 1\.000\)$/);
  });

  it('lets a ratio over budget by less than the measured noise pass', () => {
    const noisy = rotor(1.25, 1.35, 1.45); // median 1.35, noise 0.10: 1.35 ≤ 1.3 + 0.1
    expect(assessRatio(noisy, budgets).verdict).toBe('ok (within noise)');
    expect(checkRatioBudgets([noisy], budgets)).toEqual([]);
  });

  it('fails the same median when the rounds agree closely (noise smaller than the excess)', () => {
    const steady = rotor(1.34, 1.35, 1.36); // noise 0.01 < excess 0.05
    expect(assessRatio(steady, budgets).verdict).toBe('OVER BUDGET');
    expect(checkRatioBudgets([steady], budgets)).toHaveLength(1);
  });

  it('is robust to one disturbed round only through the noise it adds, not the median', () => {
    // One round slowed by a busy neighbour: the median stays, the range grows.
    const a = assessRatio(rotor(1.2, 1.22, 2.5), budgets);
    expect(a.ratio).toBeCloseTo(1.22, 12);
    expect(a.verdict).toBe('ok');
  });

  it('treats a row without C (no compiler) as n/a, not as a failure', () => {
    const noCompiler = referenceRow('rotor-sv', 64, [12, 12, 12], [null, null, null], { plain: [20, 20, 20] });
    expect(assessRatio(noCompiler, budgets)).toMatchObject({ verdict: 'n/a', note: 'C reference not measured', oursNsPerSiteStep: 12, plainNsPerSiteStep: 20, plainRatio: null });
    expect(checkRatioBudgets([noCompiler], budgets)).toEqual([]);
  });

  it('fails a row whose ours is not registered while a ratio budget holds it (a renamed integrator must not pass silently)', () => {
    const noIntegrator = referenceRow('dnls-split', 64, [null, null, null], [40, 41, 39], { unavailable: 'n/a (integrator "split-strang" is not registered or does not apply to dnls)' });
    const [v] = checkRatioBudgets([noIntegrator], budgets);
    expect(v).toMatchObject({ verdict: 'OURS MISSING', oursNsPerSiteStep: null, cNsPerSiteStep: 40, ratio: null });
    expect(describeRatioViolation(v!)).toMatch(/^dnls-split \(dnls × split-strang\), L=64: n\/a \(integrator "split-strang" is not registered .*\), but budgets\.json holds ours to a ratio budget here$/);
    // Without a ratio budget for it the row is only n/a.
    expect(assessRatio(referenceRow('dnls-split', 4096, [null], [40], { unavailable: 'n/a (x)' }), budgets).verdict).toBe('n/a');
  });

  it('budgets ours only: a slow plain variant is shown, not checked', () => {
    const row = referenceRow('rotor-sv', 64, [12, 12, 12], [10, 10, 10], { plain: [30, 31, 29] });
    const a = assessRatio(row, budgets);
    expect(a).toMatchObject({ verdict: 'ok', plainNsPerSiteStep: 30 });
    expect(a.plainRatio).toBeCloseTo(3, 12);
    expect(checkRatioBudgets([row], budgets)).toEqual([]);
  });

  it('fails a measured ratio without a budget, so a new comparison must come with one', () => {
    const row = referenceRow('rotor-sv', 4096, [12, 12, 12], [10, 10, 10]);
    const [v] = checkRatioBudgets([row], budgets);
    expect(v).toMatchObject({ verdict: 'NO BUDGET', L: 4096 });
    expect(describeRatioViolation(v!)).toMatch(/no ratio budget/);
  });

  it('fails a row whose two sides left the shared state on different trajectories', () => {
    const row = referenceRow('anharmonic-sv', 64, [5, 5, 5], [5, 5, 5], { parityDifference: 1e-3 });
    const [v] = checkRatioBudgets([row], budgets);
    expect(v).toMatchObject({ verdict: 'PARITY MISMATCH' });
    expect(describeRatioViolation(v!)).toMatch(/differ by 1\.0e-3 .*does not compute our step/);
    // Round-off differences (FMA, sin implementations) stay far below the tolerance.
    expect(checkRatioBudgets([referenceRow('anharmonic-sv', 64, [5, 5, 5], [5, 5, 5], { parityDifference: 1e-13 })], budgets)).toEqual([]);
  });

  it('checks ours against the -ffast-math C (the vectorised limit) where budgets.json sets a fast budget, and fails a 2x slowdown there', () => {
    const withFast: BudgetFile = { ...budgets, ratioBudgets: [{ reference: 'rotor-sv', L: 64, target: 1, budget: 1.3, fastTarget: 1.2, fastBudget: 2 }] };
    // ours 5 ns, plain C 10 ns, fast C 2.5-2.8 ns: ours/C 0.5 meets its target, ours/fast ≈ 1.8-2 within the fast budget
    const row = referenceRow('rotor-sv', 64, [5, 5, 5], [10, 10, 10], { cFast: [2.5, 2.7, 2.8] });
    const a = assessRatio(row, withFast);
    expect(a).toMatchObject({ verdict: 'meets target', fastVerdict: 'ok', fastTarget: 1.2, fastBudget: 2, cFastNsPerSiteStep: 2.7 });
    expect(a.fastRatio).toBeCloseTo(5 / 2.7, 12);
    expect(a.fastNoise).toBeCloseTo((5 / 2.5 - 5 / 2.8) / 2, 12);
    expect(checkRatioBudgets([row], withFast)).toEqual([]);
    // 2x slower: ours/C 1.0 still meets the plain target, but ours/fast ≈ 3.7 fails the fast budget.
    const [v] = checkRatioBudgets([slowedDownOurs(row, 2)], withFast);
    expect(v).toMatchObject({ verdict: 'meets target', fastVerdict: 'OVER BUDGET' });
    expect(describeRatioViolation(v!)).toMatch(/^rotor-sv \(model × integrator\), L=64: measured ours\/C -ffast-math = 3\.704 ± 0\.2\d\d > fastBudget 2\.000 \+ noise \(fastTarget 1\.200\)$/);
    // Without a fast budget the fast ratio is shown, not checked.
    expect(assessRatio(slowedDownOurs(row, 2), budgets).fastVerdict).toBe('n/a');
    // A fast build that left the shared state on another trajectory fails.
    const [m] = checkRatioBudgets([referenceRow('rotor-sv', 64, [5, 5, 5], [10, 10, 10], { cFast: [2.5, 2.5, 2.5], fastParityDifference: 1e-5 })], withFast);
    expect(m).toMatchObject({ fastVerdict: 'PARITY MISMATCH' });
    expect(describeRatioViolation(m!)).toMatch(/-ffast-math C leave the shared initial state on different trajectories/);
  });

  it('fails a row whose plain variant left the shared state on another trajectory than C', () => {
    const row = referenceRow('rotor-sv', 64, [5, 5, 5], [5, 5, 5], { plain: [9, 9, 9], plainParityDifference: 1e-6 });
    const [v] = checkRatioBudgets([row], budgets);
    expect(v).toMatchObject({ verdict: 'PARITY MISMATCH' });
    expect(describeRatioViolation(v!)).toMatch(/^rotor-sv \(model × integrator\), L=64: the plain variant \(model × plain-integrator\) and C .* differ by 1\.0e-6 /);
  });
});

describe('the committed ratio budgets in tools/bench/budgets.json', () => {
  const committed = loadBudgets(DEFAULT_BUDGETS_PATH);
  const ratioBudgets = committed.ratioBudgets ?? [];

  it('cover every reference step at every size, with the issue targets', () => {
    const keys = ratioBudgets.map((b) => `${b.reference}|${b.L}`).sort();
    expect(keys).toEqual(REFERENCE_IDS.flatMap((id) => REFERENCE_SIZES.map((L) => `${id}|${L}`)).sort());
    // Issue 16: rotor ≤ 0.35 × plain C and ≤ 1.2 × -ffast-math C; anharmonic ≤ 1.2 × -ffast-math C; DNLS ≤ 1.0 × plain C.
    const targets = { 'rotor-sv': [0.35, 1.2], 'anharmonic-sv': [1.3, 1.2], 'dnls-split': [1, undefined] } as const;
    for (const b of ratioBudgets) {
      expect(b.target, b.reference).toBe(targets[b.reference][0]);
      expect(b.fastTarget, b.reference).toBe(targets[b.reference][1]);
    }
  });

  it('accept steady synthetic runs at exactly each budget and reject them 20 % slower', () => {
    const atBudget = ratioBudgets.map((b) => referenceRow(b.reference, b.L, [b.budget, b.budget, b.budget], [1, 1, 1]));
    expect(checkRatioBudgets(atBudget, committed)).toEqual([]);
    const violations = checkRatioBudgets(atBudget.map((r) => slowedDownOurs(r, 1.2)), committed);
    expect(violations).toHaveLength(ratioBudgets.length);
    expect(violations.every((v) => v.verdict === 'OVER BUDGET')).toBe(true);
  });
});
