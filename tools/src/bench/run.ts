#!/usr/bin/env node
/**
 * `npm run bench` (full, ~2.5 min) or `npm run bench -- --quick` (~45 s): compare our core steps
 * with the plain C reference steps (interleaved rounds), time the core step of every
 * (model, integrator, L), save JSON to tools/bench/results/, print both tables.
 * Reports only; `bench:check` is the one that fails on a budget violation.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadBudgets } from './budgets.js';
import { assessMeasurement, assessRatio } from './check-budget.js';
import { renderBudgetTable } from './budget-table.js';
import { runBenchSession } from './bench-session.js';
import { parsingFlags, roundsFlag, runCli, validateFlags } from './cli-support.js';
import { DEFAULT_BUDGETS_PATH, RESULTS_DIR } from './paths.js';
import { renderReferenceTable } from './reference-table.js';

const USAGE = `usage: node dist/bench/run.js [--quick] [--rounds N] [--only reference|pairs] [--budgets FILE]
  --quick         short sampling (comparison: 3 rounds of ~0.3 s per side; pairs ~20 s)
  --rounds N      comparison rounds (≥ 3; default 5, or 3 with --quick)
  --only PART     run only the C comparison (reference) or only the per-pair rows (pairs)
  --budgets FILE  budget file for the tables (default tools/bench/budgets.json)`;

const flagsSchema = z.strictObject({
  quick: z.boolean(),
  rounds: roundsFlag,
  only: z.enum(['reference', 'pairs']).optional(),
  budgets: z.string().min(1),
  help: z.boolean(),
});

runCli(async () => {
  const { values } = parsingFlags(() =>
    parseArgs({
      strict: true,
      options: {
        quick: { type: 'boolean', default: false },
        rounds: { type: 'string' },
        only: { type: 'string' },
        budgets: { type: 'string', default: DEFAULT_BUDGETS_PATH },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  const flags = validateFlags(flagsSchema, values);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  // Load budgets first: a malformed file should fail in a second, not after the run.
  const budgets = loadBudgets(flags.budgets);
  const profile = flags.quick ? 'quick' : 'full';
  const { results, path } = await runBenchSession(profile, RESULTS_DIR, {
    reference: flags.only === 'pairs' ? null : profile,
    pairs: flags.only === 'reference' ? null : profile,
    ...(flags.rounds === undefined ? {} : { rounds: flags.rounds }),
  });
  if (results.reference !== undefined) {
    console.log(renderReferenceTable(results.reference, results.reference.rows.map((r) => assessRatio(r, budgets)), results.machine.cpuCount));
  }
  if (results.measurements.length > 0) {
    if (results.reference !== undefined) console.log('');
    console.log(renderBudgetTable(results.measurements.map((m) => assessMeasurement(m, budgets))));
  }
  console.log(`\nresults: ${path}`);
  return 0;
});
