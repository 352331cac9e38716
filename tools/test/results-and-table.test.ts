import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderBudgetTable } from '../src/bench/budget-table.js';
import type { BudgetFile } from '../src/bench/budgets.js';
import { assessMeasurement } from '../src/bench/check-budget.js';
import { describeMachine } from '../src/bench/machine.js';
import { BENCH_RESULTS_FORMAT, loadBenchResults, saveBenchResults, type BenchResults } from '../src/bench/results-file.js';
import { assessRatio } from '../src/bench/check-budget.js';
import { renderReferenceTable } from '../src/bench/reference-table.js';
import type { ReferenceResults } from '../src/bench/reference-stats.js';
import { measured, referenceRow, slowedDown } from './synthetic.js';

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

  it('round-trips the C reference comparison, and still loads format 1 files', () => {
    const results: BenchResults = {
      format: BENCH_RESULTS_FORMAT,
      profile: 'check',
      machine: describeMachine(new Date('2026-01-02T03:04:06.000Z')),
      sampling: { maxTime: 1, minSamples: 5 },
      siteStepsPerOp: 1e5,
      initialStateSeed: 7,
      measurements: [],
      reference: comparison,
    };
    const path = saveBenchResults(results, dir);
    expect(path).toMatch(/check-2026-01-02T03-04-06-000Z\.json$/);
    expect(loadBenchResults(path)).toEqual(results);
    const { reference: _reference, ...old } = results;
    const oldPath = saveBenchResults({ ...old, format: 'glassy-bench/1', profile: 'full' }, dir);
    expect(loadBenchResults(oldPath).reference).toBeUndefined();
  });

  it('loads a comparison saved before the plain variant was timed, with the plain fields null', () => {
    const strip = <T extends object>(x: T, ...keys: string[]): T => Object.fromEntries(Object.entries(x).filter(([k]) => !keys.includes(k))) as T;
    const before = {
      ...comparison,
      rows: comparison.rows.map((r) => ({
        ...strip(r, 'plain', 'plainParity'),
        rounds: r.rounds.map((x) => strip(x, 'plainNsPerSiteStep', 'plainRatio')),
        summary: strip(r.summary, 'plainNsPerSiteStep', 'plainRatio'),
      })),
    };
    const results = {
      format: BENCH_RESULTS_FORMAT,
      profile: 'check',
      machine: describeMachine(new Date('2026-01-02T03:04:07.000Z')),
      sampling: { maxTime: 1, minSamples: 5 },
      siteStepsPerOp: 1e5,
      initialStateSeed: 7,
      measurements: [],
      reference: before,
    } as BenchResults;
    const loaded = loadBenchResults(saveBenchResults(results, dir)).reference!;
    expect(loaded.rows[0]).toMatchObject({ plain: null, plainParity: null, summary: { plainNsPerSiteStep: null, plainRatio: null } });
    expect(loaded.rows[0]!.rounds[0]).toMatchObject({ plainNsPerSiteStep: null, plainRatio: null });
    expect(loaded.rows[1]!.summary.ratio).toBeNull();
  });
});

const comparison: ReferenceResults = {
  compiler: { command: 'gcc', version: 'gcc (Debian 12.2.0-14) 12.2.0', flags: ['-O3', '-march=native', '-Wall'], fastFlags: ['-O3', '-march=native', '-Wall', '-ffast-math'] },
  skipped: null,
  rounds: 3,
  minSeconds: 0.3,
  seed: 20_261_127,
  paritySteps: 20,
  rows: [
    referenceRow('rotor-sv', 64, [24, 23, 25], [16, 16, 16], { plain: [40, 36, 38], cFast: [8, 10, 10] }),
    referenceRow('dnls-split', 4096, [null, null, null], [27, 28, 26], { unavailable: 'n/a (no dnls model registered)' }),
  ],
};

describe('renderReferenceTable', () => {
  it('shows step, L, ours, ours plain, C, C -ffast-math, both ratios ± noise, plain/C, budgets (targets) and verdicts, with n/a for a missing side', () => {
    const budgets: BudgetFile = {
      tolerance: 0.3,
      budgets: [{ ...key, maxNsPerSiteStep: 100 }],
      ratioBudgets: [{ reference: 'rotor-sv', L: 64, target: 1, budget: 1.6, fastTarget: 1.2, fastBudget: 2.5 }],
    };
    const table = renderReferenceTable(comparison, comparison.rows.map((r) => assessRatio(r, budgets)), 2);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(
      /^step\s+L\s+ns\/site-step ours\s+ours plain\s+C reference\s+C -ffast-math\s+ours\/C\s+plain\/C\s+budget\s+verdict\s+ours\/C fast\s+fast budget\s+fast verdict$/,
    );
    // ours/C fast per round: 3, 2.3, 2.5 → median 2.5 ± 0.35
    expect(lines[2]).toMatch(
      /^model × integrator\s+64\s+24\.0\s+38\.0\s+16\.0\s+10\.0\s+1\.50 ± 0\.06\s+2\.38\s+1\.60 \(target 1\.00\)\s+ok\s+2\.50 ± 0\.35\s+2\.50 \(target 1\.20\)\s+ok$/,
    );
    // No budget for dnls-split in this file: its missing ours is n/a, not a failure.
    expect(lines[3]).toMatch(/^dnls × split-strang\s+4096\s+n\/a \(no dnls model registered\)\s+—\s+27\.0\s+n\/a\s+—\s+—\s+—\s+n\/a\s+—\s+—\s+n\/a$/);
    expect(table).toMatch(/C: gcc \(Debian 12\.2\.0-14\) 12\.2\.0, -O3 -march=native -Wall -lm/);
    expect(table).toMatch(/C -ffast-math \(the vectorised limit: .*\): -O3 -march=native -Wall -ffast-math -lm/);
    expect(table).toMatch(/^ours plain: model × plain-integrator, timed in the same rounds/m);
    expect(table).toMatch(/parity: 3\/3 comparisons \(ours and plain against C, ours against C -ffast-math\) run the same trajectory for 20 steps/);
    expect(table).toMatch(/load average \(1 min\) during the rounds: 1\.0–1\.0 on 2 cores$/m);
    const busy = { ...comparison, rows: comparison.rows.map((r) => ({ ...r, rounds: r.rounds.map((x) => ({ ...x, loadAverage1: 5.3 })) })) };
    expect(renderReferenceTable(busy, [], 2)).toMatch(/5\.3–5\.3 on 2 cores: BUSY machine/);
  });

  it('says why the C side was skipped', () => {
    const skipped: ReferenceResults = { ...comparison, compiler: null, skipped: 'no C compiler found (neither gcc nor cc is on PATH)', rows: [] };
    expect(renderReferenceTable(skipped, [], 2)).toMatch(/C reference skipped: no C compiler found/);
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
