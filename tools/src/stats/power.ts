#!/usr/bin/env node
/**
 * `npm run power [-- --runs N] [-- --check ID ...]`: false-alarm rate and power of the checks.
 * For each selected check (default: every quick-tier check some negative control lists) and
 * each of N base seeds, runs the check's built-in cells (must pass: a fail is a false alarm)
 * and its control cells (must fail: the rejection rate is the power), exactly as
 * `glassy verify --seed S` runs them. Prints a table, saves JSON to
 * tools/bench/results/power-<timestamp>.json (and latest-power.json), progress on stderr.
 *
 * Report only: exit 0 whatever the rates, 2 on bad flags, 1 if a worker crashed.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { GlassyInputError } from '@glassy/contracts';
import { Registry } from '@glassy/verify';
import { parsingFlags, runCli } from '../bench/cli-support.js';
import { saveJsonResults } from '../bench/json-results.js';
import { describeMachine } from '../bench/machine.js';
import { RESULTS_DIR } from '../bench/paths.js';
import { aggregatePower, renderControlTable, renderOffenders, renderPowerTable } from './power-aggregate.js';
import { planPowerCells, pluginSet, selectChecks } from './power-plan.js';
import { runSeeds } from './seed-pool.js';

export const POWER_RESULTS_FORMAT = 'glassy-power/1';
const DEFAULT_RUNS = 20;

const USAGE = `usage: node dist/stats/power.js [--runs N] [--check ID]... [--seed S] [--jobs N] [--list]
  --runs N     base seeds per cell (default ${DEFAULT_RUNS}): S, S+1, …, S+N−1
  --check ID   a check to measure (repeatable; default: every quick-tier check a negative control lists)
  --seed S     first base seed (default 1, the default of glassy verify)
  --jobs N     worker threads, one base seed per job (default: available cores; 0 = this thread)
  --list       print the planned cells and exit`;

function intFlag(value: string | undefined, flag: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new GlassyInputError(`--${flag}: expected an integer ≥ ${min}, got "${value}"`);
  return n;
}

const minutes = (s: number): string => (s >= 90 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);

runCli(async () => {
  const { values: flags } = parsingFlags(() =>
    parseArgs({
      strict: true,
      options: {
        runs: { type: 'string' },
        check: { type: 'string', multiple: true, default: [] },
        seed: { type: 'string' },
        jobs: { type: 'string' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const runs = intFlag(flags.runs, 'runs', DEFAULT_RUNS, 1);
  const firstSeed = intFlag(flags.seed, 'seed', 1, 0);
  const jobs = Math.min(runs, intFlag(flags.jobs, 'jobs', availableParallelism(), 0));
  const set = pluginSet(Registry.builtin());
  const checks = selectChecks(set, flags.check);
  const plan = planPowerCells(set, checks);
  const builtinCells = plan.cells.filter((c) => c.role === 'builtin').length;
  const controlCells = plan.cells.length - builtinCells;

  if (flags.list) {
    for (const c of plan.cells) console.log(`${c.check}\t${c.role}\t${c.model}\t${c.integrator}${c.control ? `\t(control: ${c.control})` : ''}`);
    for (const u of plan.uncovered) console.log(`${u.check}\tUNCOVERED\t${u.control} lists it but no applicable cell exists`);
    return 0;
  }

  const machine = describeMachine();
  const seeds = Array.from({ length: runs }, (_, k) => firstSeed + k);
  console.error(
    `power: ${checks.length} check(s) (${checks.map((c) => c.id).join(', ')}); per base seed ${builtinCells} built-in + ${controlCells} control cells; ` +
      `${runs} base seeds ${seeds[0]}…${seeds[seeds.length - 1]}, ${jobs === 0 ? 'in this thread' : `${jobs} worker thread(s)`}`,
  );
  const t0 = performance.now();
  let done = 0;
  let falseAlarms = 0;
  let misses = 0;
  let errors = 0;
  const outcomes = await runSeeds({
    cells: plan.cells,
    seeds,
    jobs,
    set,
    onSeed(seed, cellOutcomes, seconds) {
      done++;
      const fa = cellOutcomes.filter((o) => o.role === 'builtin' && o.status === 'fail').length;
      const mi = cellOutcomes.filter((o) => o.role === 'control' && o.status === 'unexpected-pass').length;
      const er = cellOutcomes.filter((o) => o.status === 'error').length;
      falseAlarms += fa;
      misses += mi;
      errors += er;
      const elapsed = (performance.now() - t0) / 1000;
      const eta = (elapsed / done) * (runs - done);
      console.error(
        `  seed ${seed} (${done}/${runs}): ${seconds.toFixed(1)} s, ${fa} false alarm(s), ${mi} miss(es), ${er} error(s); ` +
          `totals ${falseAlarms}/${misses}/${errors}; elapsed ${minutes(elapsed)}, ETA ${minutes(eta)}`,
      );
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const rows = aggregatePower(outcomes);

  console.log(renderPowerTable(rows));
  console.log(
    `\n${runs} base seeds (${seeds[0]}…${seeds[seeds.length - 1]}), ${outcomes.length} cell runs in ${minutes(seconds)}. ` +
      'false alarms: built-in cells that failed / runs; power: control cells rejected / runs; [95% Clopper–Pearson].\n' +
      'load = distance to the threshold (1 = at it, > 1 fails; α/p for p-value tests): worst = largest on built-ins, weakest = smallest on controls.',
  );
  console.log(`\nPower per negative control:\n${renderControlTable(rows)}`);
  const offenders = renderOffenders(rows);
  if (offenders.length > 0) console.log(`\n${offenders.join('\n')}`);
  for (const u of plan.uncovered) console.log(`\nUNCOVERED: control ${u.control} lists ${u.check}, but no applicable cell pairs it with a non-control plugin`);

  const path = saveJsonResults(RESULTS_DIR, 'power', machine.date, {
    format: POWER_RESULTS_FORMAT,
    machine,
    runs,
    seeds,
    jobs,
    seconds,
    checks: checks.map((c) => c.id),
    plannedCells: plan.cells,
    uncovered: plan.uncovered,
    summary: rows,
    outcomes,
  });
  console.log(`\nresults: ${path}`);
  return 0;
});
