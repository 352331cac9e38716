#!/usr/bin/env node
/**
 * `npm run bench:check`: run the quick bench (or read --results FILE) and compare with
 * tools/bench/budgets.json. Exit 0 within budget, 1 on any violation (each printed on one
 * line), 2 on bad input such as a malformed budget file.
 */
import { parseArgs } from 'node:util';
import { loadBudgets } from './budgets.js';
import { assessMeasurement, checkBudgets, describeViolation } from './check-budget.js';
import { renderBudgetTable } from './budget-table.js';
import { runBenchSession } from './bench-session.js';
import { parsingFlags, runCli } from './cli-support.js';
import { DEFAULT_BUDGETS_PATH, RESULTS_DIR } from './paths.js';
import { loadBenchResults } from './results-file.js';

const USAGE = `usage: node dist/bench/check.js [--budgets FILE] [--results FILE]
  --budgets FILE  budget file (default tools/bench/budgets.json)
  --results FILE  check a saved results JSON instead of running the quick bench`;

runCli(async () => {
  const { values: flags } = parsingFlags(() =>
    parseArgs({
      strict: true,
      options: {
        budgets: { type: 'string', default: DEFAULT_BUDGETS_PATH },
        results: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const budgets = loadBudgets(flags.budgets);
  let measurements;
  if (flags.results !== undefined) {
    measurements = loadBenchResults(flags.results).measurements;
  } else {
    const session = await runBenchSession('quick', RESULTS_DIR);
    console.error(`results: ${session.path}`);
    measurements = session.results.measurements;
  }

  console.log(renderBudgetTable(measurements.map((m) => assessMeasurement(m, budgets))));
  const violations = checkBudgets(measurements, budgets);
  if (violations.length === 0) {
    console.log(`\nbench:check: ${measurements.length} steps within budget (tolerance ${(100 * budgets.tolerance).toFixed(0)} %)`);
    return 0;
  }
  console.error(`\nbench:check: ${violations.length} budget violation(s):`);
  for (const v of violations) console.error(`  ${describeViolation(v)}`);
  return 1;
});
