import { describe, expect, it } from 'vitest';
import { Registry } from '@glassy/verify';
import { aggregatePower, binomialCdf, clopperPearson, renderControlTable, renderOffenders, renderPowerTable, thresholdLoad } from '../src/stats/power-aggregate.js';
import { controlledCheckIds, planPowerCells, pluginSet, runPlannedCell, selectChecks, type CellOutcome, type PlannedCell } from '../src/stats/power-plan.js';

/** A synthetic outcome: a p-value test at α = 0.001 unless overridden. */
function outcome(planned: PlannedCell, baseSeed: number, status: CellOutcome['status'], value = 0.5): CellOutcome {
  return { ...planned, baseSeed, cellSeed: 1000 + baseSeed, status, seconds: 0.1, value, threshold: 0.001, comparison: '>=' };
}

const builtinA: PlannedCell = { check: 'stationarity', role: 'builtin', model: 'rotor-chain', integrator: 'stormer-verlet' };
const builtinB: PlannedCell = { check: 'stationarity', role: 'builtin', model: 'rotor-chain', integrator: 'yoshida4' };
const control: PlannedCell = { check: 'stationarity', role: 'control', model: 'rotor-chain', integrator: 'large-step', control: 'large-step' };

describe('thresholdLoad', () => {
  it('is 1 at the threshold, above 1 when failing, whatever the comparison', () => {
    expect(thresholdLoad({ value: 0.5, threshold: 1, comparison: '<=' })).toBe(0.5);
    expect(thresholdLoad({ value: 0.0005, threshold: 0.001, comparison: '>=' })).toBe(2);
    expect(thresholdLoad({ value: 1.9, threshold: 0.15, comparison: 'within', target: 2 })).toBeCloseTo(2 / 3, 12);
    expect(thresholdLoad({ value: 0, threshold: 0.001, comparison: '>=' })).toBe(Number.POSITIVE_INFINITY);
    expect(thresholdLoad({ value: Number.NaN, threshold: 1, comparison: '<=' })).toBe(Number.POSITIVE_INFINITY);
    expect(thresholdLoad({})).toBeUndefined();
  });
});

describe('Clopper–Pearson', () => {
  it('matches the closed forms at k = 0 and k = n', () => {
    const zero = clopperPearson(0, 20);
    expect(zero.lower).toBe(0);
    expect(zero.upper).toBeCloseTo(1 - 0.025 ** (1 / 20), 9);
    const all = clopperPearson(20, 20);
    expect(all.upper).toBe(1);
    expect(all.lower).toBeCloseTo(0.025 ** (1 / 20), 9);
  });

  it('brackets k/n and solves the binomial tails', () => {
    const { lower, upper } = clopperPearson(3, 40);
    expect(lower).toBeLessThan(3 / 40);
    expect(upper).toBeGreaterThan(3 / 40);
    expect(1 - binomialCdf(2, 40, lower)).toBeCloseTo(0.025, 9);
    expect(binomialCdf(3, 40, upper)).toBeCloseTo(0.025, 9);
    expect(clopperPearson(0, 0)).toEqual({ lower: 0, upper: 1 });
  });

  it('binomialCdf sums to 1 and handles the edges', () => {
    expect(binomialCdf(10, 10, 0.3)).toBe(1);
    expect(binomialCdf(-1, 10, 0.3)).toBe(0);
    expect(binomialCdf(0, 10, 0.3)).toBeCloseTo(0.7 ** 10, 12);
    expect(binomialCdf(4, 10, 0.5)).toBeCloseTo(386 / 1024, 12);
  });
});

describe('aggregatePower', () => {
  // 2 built-in cells × 10 seeds: one false alarm; control × 10 seeds: 9 rejections, one miss; one error.
  const outcomes: CellOutcome[] = [];
  for (let s = 1; s <= 10; s++) {
    outcomes.push(outcome(builtinA, s, s === 4 ? 'fail' : 'pass', s === 4 ? 0.0002 : 0.01 * s));
    outcomes.push(outcome(builtinB, s, s === 7 ? 'error' : 'pass', 0.3));
    outcomes.push(outcome(control, s, s === 9 ? 'unexpected-pass' : 'expected-fail', s === 9 ? 0.002 : 1e-6 * s));
  }
  outcomes.push({ ...outcome(builtinB, 11, 'n.a.'), value: undefined, threshold: undefined, comparison: undefined } as CellOutcome);
  const [row] = aggregatePower(outcomes);

  it('counts false alarms over the built-in runs that reached a verdict', () => {
    expect(row!.check).toBe('stationarity');
    const b = row!.builtin;
    expect(b).toMatchObject({ cells: 2, runs: 19, failed: 1, errors: 1, notApplicable: 1 });
    expect(b.rate).toBeCloseTo(1 / 19, 12);
    expect(b.interval.lower).toBeLessThan(1 / 19);
    expect(b.interval.upper).toBeGreaterThan(1 / 19);
    expect(b.closest).toMatchObject({ model: 'rotor-chain', integrator: 'stormer-verlet', baseSeed: 4, load: 5 });
    expect(b.offenders.map((o) => [o.integrator, o.baseSeed])).toEqual([
      ['stormer-verlet', 4],
      ['yoshida4', 7],
    ]);
  });

  it('counts rejections of the controls as power, and lists the misses', () => {
    const c = row!.control!;
    expect(c).toMatchObject({ cells: 1, runs: 10, failed: 9, errors: 0 });
    expect(c.rate).toBeCloseTo(0.9, 12);
    expect(c.closest).toMatchObject({ baseSeed: 9, load: 0.5 });
    expect(c.offenders.map((o) => o.baseSeed)).toEqual([9]);
    expect(row!.perControl).toEqual([{ control: 'large-step', runs: 10, rejected: 9 }]);
  });

  it('leaves the control out for a check no control lists, and renders', () => {
    const rows = aggregatePower([outcome({ ...builtinA, check: 'other' }, 1, 'pass'), ...outcomes]);
    expect(rows.map((r) => r.check)).toEqual(['other', 'stationarity']);
    expect(rows[0]!.control).toBeUndefined();
    const table = renderPowerTable(rows);
    expect(table).toMatch(/stationarity\s+2\s+1\/19/);
    expect(table).toMatch(/9\/10\s+90\.0% \[/);
    const lines = renderOffenders(rows);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/false alarm on rotor-chain × stormer-verlet \(glassy verify --seed 4; cell seed 1004, load 5\.00\)/);
    expect(lines[2]).toMatch(/MISSED control on rotor-chain × large-step/);
    expect(renderControlTable(rows)).toMatch(/^large-step\s+stationarity 9\/10 \[55\.5%, 99\.7%\]$/m);
  });
});

describe('planPowerCells on the built-in registry', () => {
  const set = pluginSet(Registry.builtin());

  it('selects every quick-tier check some control lists (full tier only by name), and refuses unknown ids', () => {
    const ids = controlledCheckIds(set);
    expect(ids).toContain('stationarity');
    expect(ids).toContain('decoupled-limit');
    expect(ids).toContain('phi-t0-trend-full');
    expect(ids).toContain('level-statistics');
    const quick = ids.filter((id) => [...set.checks, ...(set.quantumChecks ?? [])].find((c) => c.id === id)!.tier === 'quick');
    expect(selectChecks(set, []).map((c) => c.id)).toEqual(quick);
    expect(selectChecks(set, ['phi-t0-trend-full']).map((c) => c.id)).toEqual(['phi-t0-trend-full']);
    expect(() => selectChecks(set, ['no-such-check'])).toThrow(/unknown check "no-such-check"/);
  });

  it('plans quantum checks: one built-in cell per quantum model, one control cell per control that lists the check', () => {
    const plan = planPowerCells(set, selectChecks(set, ['level-statistics', 'hermiticity']));
    expect(plan.cells).toContainEqual({ check: 'level-statistics', role: 'builtin', model: 'disordered-xxz', integrator: '(model)' });
    expect(plan.cells).toContainEqual({ check: 'level-statistics', role: 'control', model: 'disordered-xxz-unwired', integrator: '(model)', control: 'disordered-xxz-unwired' });
    expect(plan.cells).toContainEqual({ check: 'hermiticity', role: 'control', model: 'bose-hubbard-non-hermitian-2pc', integrator: '(model)', control: 'bose-hubbard-non-hermitian-2pc' });
    expect(plan.uncovered).toEqual([]);
    const outcome = runPlannedCell(set, plan.cells.find((c) => c.check === 'hermiticity' && c.role === 'control')!, 1);
    expect(outcome.status).toBe('expected-fail');
  });

  it('pairs controls with non-control partners only, honouring check@partner', () => {
    const plan = planPowerCells(set, selectChecks(set, ['decoupled-limit', 'stationarity', 'gibbs-marginals']));
    const controls = plan.cells.filter((c) => c.role === 'control');
    expect(controls).toContainEqual({ check: 'decoupled-limit', role: 'control', model: 'rotor-chain', integrator: 'yoshida4-typo', control: 'yoshida4-typo' });
    expect(controls.some((c) => c.check === 'decoupled-limit' && c.model === 'anharmonic-chain')).toBe(false);
    expect(controls).toContainEqual({ check: 'gibbs-marginals', role: 'control', model: 'rotor-chain-gibbs-hot', integrator: '(model)', control: 'rotor-chain-gibbs-hot' });
    const isControl = (id: string): boolean => Boolean(set.models.find((m) => m.id === id)?.control ?? set.integrators.find((i) => i.id === id)?.control);
    for (const c of controls) expect(isControl(c.model) && isControl(c.integrator)).toBe(false);
    for (const c of plan.cells.filter((x) => x.role === 'builtin')) expect(isControl(c.model) || isControl(c.integrator)).toBe(false);
    expect(plan.uncovered).toEqual([]);
  });

  it('runs a planned cell with the seed glassy verify would give it', () => {
    const cell: PlannedCell = { check: 'decoupled-limit', role: 'control', model: 'rotor-chain', integrator: 'yoshida4-typo', control: 'yoshida4-typo' };
    const o = runPlannedCell(set, cell, 1);
    expect(o.status).toBe('expected-fail');
    expect(o.baseSeed).toBe(1);
    expect(typeof o.cellSeed).toBe('number');
  });
});
