#!/usr/bin/env node
/**
 * `npm run bench:check`: run the C comparison and the quick per-pair bench (or read
 * --results FILE) and compare with tools/bench/budgets.json. Exit 0 within budget, 1 on any
 * violation (each printed on one line), 2 on bad input such as a malformed budget file.
 * `--quick` (CI, < 60 s) runs the comparison with 3 short rounds instead of 5.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadBudgets } from './budgets.js';
import { assessMeasurement, assessRatio, checkBudgets, checkRatioBudgets, describeRatioViolation, describeViolation } from './check-budget.js';
import { renderBudgetTable } from './budget-table.js';
import { runBenchSession } from './bench-session.js';
import { parsingFlags, roundsFlag, runCli, validateFlags } from './cli-support.js';
import { DEFAULT_BUDGETS_PATH, RESULTS_DIR } from './paths.js';
import { renderReferenceTable } from './reference-table.js';
import { loadBenchResults, type BenchResults } from './results-file.js';

const USAGE = `usage: node dist/bench/check.js [--quick] [--rounds N] [--budgets FILE] [--results FILE]
  --quick         CI variant: comparison in 3 rounds of ~0.3 s per side (< 60 s in all)
  --rounds N      comparison rounds (≥ 3; default 5, or 3 with --quick)
  --budgets FILE  budget file (default tools/bench/budgets.json)
  --results FILE  check a saved results JSON instead of measuring`;

const flagsSchema = z.strictObject({
  quick: z.boolean(),
  rounds: roundsFlag,
  budgets: z.string().min(1),
  results: z.string().min(1).optional(),
  help: z.boolean(),
});

runCli(async () => {
  const { values } = parsingFlags(() =>
    parseArgs({
      strict: true,
      options: {
        quick: { type: 'boolean', default: false },
        rounds: { type: 'string' },
        budgets: { type: 'string', default: DEFAULT_BUDGETS_PATH },
        results: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  const flags = validateFlags(flagsSchema, values);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const budgets = loadBudgets(flags.budgets);
  let results: BenchResults;
  if (flags.results !== undefined) {
    results = loadBenchResults(flags.results);
  } else {
    // The per-pair rows always use the quick sampling here (their budgets are loose); the
    // comparison, whose budgets are tight, gets the full rounds unless --quick.
    const session = await runBenchSession(flags.quick ? 'quick' : 'check', RESULTS_DIR, {
      reference: flags.quick ? 'quick' : 'full',
      pairs: 'quick',
      ...(flags.rounds === undefined ? {} : { rounds: flags.rounds }),
    });
    results = session.results;
    console.error(`results: ${session.path}`);
  }

  const ratioViolations = results.reference === undefined ? [] : checkRatioBudgets(results.reference.rows, budgets);
  if (results.reference === undefined) {
    console.log('no C reference comparison in these results (format 1 or --only pairs): ratio budgets not checked\n');
  } else {
    console.log(renderReferenceTable(results.reference, results.reference.rows.map((r) => assessRatio(r, budgets)), results.machine.cpuCount));
    console.log('');
  }
  const { measurements } = results;
  console.log(renderBudgetTable(measurements.map((m) => assessMeasurement(m, budgets))));
  const violations = checkBudgets(measurements, budgets);

  const ratioCount = results.reference?.rows.filter((r) => r.summary.ratio !== null).length ?? 0;
  if (violations.length === 0 && ratioViolations.length === 0) {
    const skipped = results.reference?.skipped;
    console.log(
      `\nbench:check: ${measurements.length} steps within budget (tolerance ${(100 * budgets.tolerance).toFixed(0)} %), ` +
        `${ratioCount} ours/C ratios within budget + noise` +
        (skipped ? ` (C reference skipped: ${skipped})` : ''),
    );
    return 0;
  }
  console.error(`\nbench:check: ${violations.length + ratioViolations.length} budget violation(s):`);
  for (const v of ratioViolations) console.error(`  ${describeRatioViolation(v)}`);
  for (const v of violations) console.error(`  ${describeViolation(v)}`);
  return 1;
});
