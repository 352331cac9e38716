#!/usr/bin/env node
/**
 * `npm run bench:gate`: the CI performance gate. For every case of `gate` in
 * tools/bench/budgets.json (a core step and its plain C reference at one L), K interleaved pairs
 * (ours then C, then C then ours, …), each side a fresh process timed for --seconds with a plain
 * clock; the statistic is the median paired ratio ours/C (gate-stats.ts), which a passing busy
 * spell does not move. Exit 0 when every case is within `maxRatio`, 1 otherwise, 2 on bad
 * input. Without a C compiler the gate says so and exits 0 (nothing to compare against).
 *
 * `--rates N` measures the gate itself: N pairs per case on this tree and N with an injected 2×
 * slowdown (ours runs twice the steps it is credited with), then the false-fail rate and the power
 * of K-pair runs at the committed thresholds, by resampling those pools; JSON to --out.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { GlassyInputError } from '@glassy/contracts';
import { Registry, writeFileAtomic } from '@glassy/verify';
import { loadBudgets, type GateEntry } from './budgets.js';
import { buildReferences, runReference, type CBuild } from './reference-c.js';
import { parsingFlags, runCli, validateFlags } from './cli-support.js';
import { median } from './ensemble-stats.js';
import { gateFailRate, gateFailRateExact, gateStatistic, gateVerdict } from './gate-stats.js';
import { DEFAULT_BUDGETS_PATH } from './paths.js';
import { runOurs } from './reference-session.js';
import { REFERENCE_SEED } from './reference-state.js';
import { resolveReference, type ResolvedReference } from './reference-steps.js';

const USAGE = `usage: node dist/bench/gate.js [--pairs K] [--seconds S] [--slowdown F] [--budgets FILE] [--rates N --out FILE]
  --pairs K      interleaved pairs (ours, C) per case, odd (default 7)
  --seconds S    timed seconds per side and pair (default 0.2)
  --slowdown F   inject a slowdown into ours (it runs F× the steps it is credited with): the gate must fail
  --budgets FILE budget file with the gate thresholds (default tools/bench/budgets.json)
  --rates N      measure the gate: N pairs per case clean and N at --slowdown 2, then the resampled
                 false-fail rate and power of K-pair runs; needs --out FILE (JSON)
  --pool FILE    the same rates from pairs saved by --rates (no measuring), at the current thresholds`;

const flagsSchema = z.strictObject({
  pairs: z.coerce.number().int().min(1).max(99).refine((k) => k % 2 === 1, { message: 'must be odd (the median is then one pair, and its false-fail rate is exact)' }),
  seconds: z.coerce.number().positive().max(10),
  slowdown: z.coerce.number().int().min(1).max(100),
  budgets: z.string().min(1),
  rates: z.coerce.number().int().min(5).max(10_000).optional(),
  pool: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  help: z.boolean(),
});

/** k interleaved pairs of one case: the paired ratios ours/C. */
async function measurePairs(build: CBuild, c: ResolvedReference, k: number, seconds: number, slowdown: number): Promise<number[]> {
  const ratios: number[] = [];
  for (let i = 0; i < k; i++) {
    let ours = 0;
    let cNs = 0;
    for (const side of i % 2 === 0 ? ['ours', 'c'] : ['c', 'ours']) {
      if (side === 'ours') ours = (await runOurs(c, seconds, 'ours', { timer: 'plain', paritySteps: 0, slowdown })).nsPerSiteStep;
      else cNs = (await runReference(build, c, seconds, 0, REFERENCE_SEED)).nsPerSiteStep;
    }
    ratios.push(ours / cNs);
  }
  return ratios;
}

const savedPoolSchema = z.object({
  rows: z.array(
    z.object({
      reference: z.string(),
      L: z.number().int().positive(),
      clean: z.object({ pairs: z.array(z.number().positive()).min(1) }),
      slowed: z.object({ pairs: z.array(z.number().positive()).min(1) }),
    }),
  ),
});

/** `--pool FILE`: the gate's rates at the current thresholds from pairs saved by `--rates`. */
function ratesFromPool(path: string, entries: readonly GateEntry[], k: number): number {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new GlassyInputError(`${path}: cannot read a pool of pairs (${(e as Error).message.split('\n')[0]})`);
  }
  const parsed = savedPoolSchema.safeParse(raw);
  if (!parsed.success) throw new GlassyInputError(`${path}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  for (const e of entries) {
    const row = parsed.data.rows.find((r) => r.reference === e.reference && r.L === e.L);
    if (row === undefined) {
      console.log(`${`${e.reference} L=${e.L}`.padEnd(22)} no saved pairs`);
      continue;
    }
    const clean = row.clean.pairs;
    const slowed = row.slowed.pairs;
    console.log(
      `${`${e.reference} L=${e.L}`.padEnd(22)} ${clean.length} clean pairs (median ${fmt(median(clean))}, max ${fmt(Math.max(...clean))}), ` +
        `${slowed.length} at 2x (median ${fmt(median(slowed))}, min ${fmt(Math.min(...slowed))}); threshold ${fmt(e.maxRatio)}: ` +
        `${k}-pair runs fail ${gateFailRateExact(clean, k, e.maxRatio).toExponential(2)} clean, ${gateFailRateExact(slowed, k, e.maxRatio).toFixed(6)} at 2x`,
    );
  }
  return 0;
}

function fmt(x: number): string {
  return x.toFixed(3);
}

runCli(async () => {
  const { values } = parsingFlags(() =>
    parseArgs({
      strict: true,
      options: {
        pairs: { type: 'string', default: '7' },
        seconds: { type: 'string', default: '0.2' },
        slowdown: { type: 'string', default: '1' },
        budgets: { type: 'string', default: DEFAULT_BUDGETS_PATH },
        rates: { type: 'string' },
        pool: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  const flags = validateFlags(flagsSchema, values);
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  if (flags.rates !== undefined && flags.out === undefined) throw new GlassyInputError('--out: required with --rates (see --help)');
  const budgets = loadBudgets(flags.budgets);
  const entries: readonly GateEntry[] = budgets.gate ?? [];
  if (entries.length === 0) {
    console.log(`bench:gate: ${flags.budgets} has no gate entries; nothing to check`);
    return 0;
  }
  if (flags.pool !== undefined) return ratesFromPool(flags.pool, entries, flags.pairs);
  const registry = Registry.builtin();
  const cases = entries.map((e) => ({ entry: e, c: resolveReference(registry, e.reference, e.L) }));
  for (const { entry, c } of cases) {
    if (c.build === null) {
      console.error(`bench:gate: ${entry.reference} at L=${entry.L}: ours is ${c.unavailable}`);
      return 1;
    }
  }
  const outcome = await buildReferences();
  if (!outcome.ok) {
    console.log(`bench:gate skipped: ${outcome.reason}`);
    return 0;
  }
  const build = outcome.build;
  try {
    if (flags.rates !== undefined) {
      const report = [];
      for (const { entry, c } of cases) {
        console.error(`${entry.reference} L=${entry.L}: ${flags.rates} clean pairs, then ${flags.rates} at slowdown 2 …`);
        const clean = await measurePairs(build, c, flags.rates, flags.seconds, 1);
        const slowed = await measurePairs(build, c, flags.rates, flags.seconds, 2);
        const falseFail = gateFailRate(clean, flags.pairs, entry.maxRatio);
        const power = gateFailRate(slowed, flags.pairs, entry.maxRatio);
        const row = {
          reference: entry.reference,
          L: entry.L,
          maxRatio: entry.maxRatio,
          pairsPerRun: flags.pairs,
          clean: { pairs: clean, median: median(clean), max: Math.max(...clean), falseFailRate: falseFail.rate, falseFailExact: gateFailRateExact(clean, flags.pairs, entry.maxRatio) },
          slowed: { pairs: slowed, median: median(slowed), min: Math.min(...slowed), power: power.rate, powerExact: gateFailRateExact(slowed, flags.pairs, entry.maxRatio) },
        };
        report.push(row);
        console.log(
          `${`${entry.reference} L=${entry.L}`.padEnd(22)} clean pairs: median ${fmt(row.clean.median)}, max ${fmt(row.clean.max)}; 2x slowdown: median ${fmt(row.slowed.median)}, min ${fmt(row.slowed.min)}; ` +
            `threshold ${fmt(entry.maxRatio)}: ${flags.pairs}-pair runs fail ${row.clean.falseFailExact.toExponential(1)} of the time clean (resampled ${falseFail.rate.toExponential(1)}), ` +
            `${row.slowed.powerExact.toFixed(4)} at 2x (resampled ${power.rate.toFixed(4)})`,
        );
      }
      writeFileAtomic(flags.out!, `${JSON.stringify({ pairsPerRun: flags.pairs, seconds: flags.seconds, rows: report }, null, 2)}\n`);
      console.log(`rates: ${flags.out}`);
      return 0;
    }
    let failed = 0;
    for (const { entry, c } of cases) {
      const ratios = await measurePairs(build, c, flags.pairs, flags.seconds, flags.slowdown);
      const verdict = gateVerdict(ratios, entry.maxRatio);
      if (verdict === 'FAIL') failed++;
      console.log(
        `${`${entry.reference} L=${entry.L}`.padEnd(22)} ours/C per pair ${ratios.map(fmt).join(' ')}  median ${fmt(gateStatistic(ratios))} ` +
          `${verdict === 'pass' ? '<=' : '>'} ${fmt(entry.maxRatio)}  ${verdict}`,
      );
    }
    const injected = flags.slowdown === 1 ? '' : ` (slowdown ${flags.slowdown}x injected)`;
    console.log(failed === 0 ? `bench:gate: ${cases.length} cases within their thresholds${injected}` : `bench:gate: ${failed} of ${cases.length} cases over their thresholds${injected}`);
    return failed === 0 ? 0 : 1;
  } finally {
    build.dispose();
  }
});
