#!/usr/bin/env node
/**
 * `npm run bench` (full, < 2 min) or `npm run bench -- --quick` (~20 s): time the core step of
 * every (model, integrator, L), save JSON to tools/bench/results/, print the budget table.
 * Reports only; `bench:check` is the one that fails on a budget violation.
 */
import { parseArgs } from 'node:util';
import { loadBudgets } from './budgets.js';
import { assessMeasurement } from './check-budget.js';
import { renderBudgetTable } from './budget-table.js';
import { runBenchSession } from './bench-session.js';
import { parsingFlags, runCli } from './cli-support.js';
import { DEFAULT_BUDGETS_PATH, RESULTS_DIR } from './paths.js';

const USAGE = `usage: node dist/bench/run.js [--quick] [--budgets FILE]
  --quick         short sampling (~20 s, wider error bars), as used by bench:check in CI
  --budgets FILE  budget file for the table (default tools/bench/budgets.json)`;

runCli(async () => {
  const { values: flags } = parsingFlags(() =>
    parseArgs({
      strict: true,
      options: {
        quick: { type: 'boolean', default: false },
        budgets: { type: 'string', default: DEFAULT_BUDGETS_PATH },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  // Load budgets first: a malformed file should fail in a second, not after the run.
  const budgets = loadBudgets(flags.budgets);
  const { results, path } = await runBenchSession(flags.quick ? 'quick' : 'full', RESULTS_DIR);
  console.log(renderBudgetTable(results.measurements.map((m) => assessMeasurement(m, budgets))));
  console.log(`\nresults: ${path}`);
  return 0;
});
