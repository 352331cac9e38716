import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderBudgetTable } from '../src/bench/budget-table.js';
import type { BudgetFile } from '../src/bench/budgets.js';
import { assessMeasurement } from '../src/bench/check-budget.js';
import { describeMachine } from '../src/bench/machine.js';
import { BENCH_RESULTS_FORMAT, loadBenchResults, saveBenchResults, type BenchResults } from '../src/bench/results-file.js';
import { measured, slowedDown } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'glassy-bench-results-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = { model: 'anharmonic-chain', integrator: 'yoshida4', L: 4096 };

describe('bench results file', () => {
  it('round-trips through an atomic write, with the machine description', () => {
    const results: BenchResults = {
      format: BENCH_RESULTS_FORMAT,
      profile: 'quick',
      machine: describeMachine(new Date('2026-01-02T03:04:05.678Z')),
      sampling: { maxTime: 1, minSamples: 5 },
      siteStepsPerOp: 1e5,
      initialStateSeed: 7,
      measurements: [measured(key, 30)],
    };
    const path = saveBenchResults(results, dir);
    expect(path).toMatch(/quick-2026-01-02T03-04-05-678Z\.json$/);
    expect(loadBenchResults(path)).toEqual(results);
    expect(loadBenchResults(join(dir, 'latest-quick.json'))).toEqual(results);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
    expect(results.machine.cpuCount).toBeGreaterThan(0);
    expect(results.machine.node).toBe(process.version);
  });
});

describe('renderBudgetTable', () => {
  it('shows step, L, ns ± uncertainty, budget, ratio and verdict', () => {
    const budgets: BudgetFile = { tolerance: 0.3, budgets: [{ ...key, maxNsPerSiteStep: 100 }] };
    const table = renderBudgetTable([measured(key, 30, 0.04), slowedDown(measured(key, 30), 20)].map((m) => assessMeasurement(m, budgets)));
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/step \(model × integrator\)\s+L\s+ns\/site-step\s+budget\s+ratio\s+verdict/);
    expect(lines[2]).toMatch(/anharmonic-chain × yoshida4\s+4096\s+30\.0 ± 4\.0%\s+100\s+0\.30\s+ok$/);
    expect(lines[3]).toMatch(/600 ± 5\.0%\s+100\s+6\.00\s+OVER BUDGET$/);
  });
});
