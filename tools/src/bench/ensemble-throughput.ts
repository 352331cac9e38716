#!/usr/bin/env node
/**
 * `npm run bench:ensemble` (full, ~1.5–2 min) or `npm run bench:ensemble -- --quick` (~15 s):
 * ensemble throughput (samples/s) of a Figure-2-like workload with 1 and 2 worker threads,
 * the way `glassy ensemble` runs it (runEnsemble + verify's dist/ensemble-worker.js, no
 * checkpoints). Runs alternate 1-2, 2-1, … so both see the same machine load; the speed-up is
 * the ratio of median throughputs, shown with its per-round and any-run spread. Every run's
 * observables must be bit-identical, or the script fails. Saves JSON to tools/bench/results/.
 *
 * Exit codes: 0 done (whatever the ratio, unless --check), 1 results differ between runs or
 * (with --check) the ratio of medians is below the 1.8× target, 2 bad flags.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { GlassyInputError } from '@glassy/contracts';
import { canonicalJson, ensembleSpec, runEnsemble, type EnsembleResult, type ResolvedEnsemble } from '@glassy/observables';
import { Registry } from '@glassy/verify';
import { parsingFlags, runCli } from './cli-support.js';
import {
  cpuWindow,
  firstMismatch,
  parseProcStat,
  renderRunTable,
  renderSummary,
  runOrder,
  summarizeThroughput,
  TARGET_RATIO,
  type CpuTicks,
  type EnsembleRun,
  type WorkerCount,
} from './ensemble-stats.js';
import { DEFAULT_CHUNK_SIZE, ENSEMBLE_PROFILES, locateVerifyEnsemble, workloadSpec, type EnsembleProfileName } from './ensemble-workload.js';
import { saveJsonResults } from './json-results.js';
import { describeMachine } from './machine.js';
import { RESULTS_DIR, TOOLS_ROOT } from './paths.js';

export const ENSEMBLE_RESULTS_FORMAT = 'glassy-bench-ensemble/1';

const USAGE = `usage: node dist/bench/ensemble-throughput.js [--quick] [--samples N] [--rounds N] [--chunk-size N] [--check]
  --quick         ${ENSEMBLE_PROFILES.quick.samples} samples × ${ENSEMBLE_PROFILES.quick.rounds} rounds (~15 s): a smoke test, too short for the acceptance figure
  --samples N     samples per run (default ${ENSEMBLE_PROFILES.full.samples}, quick ${ENSEMBLE_PROFILES.quick.samples})
  --rounds N      rounds of (1 worker, 2 workers) (default ${ENSEMBLE_PROFILES.full.rounds}, quick ${ENSEMBLE_PROFILES.quick.rounds})
  --chunk-size N  samples per worker job (default ${DEFAULT_CHUNK_SIZE}, as glassy ensemble)
  --check         exit 1 if the 2-worker / 1-worker ratio of medians is below ${TARGET_RATIO}`;

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new GlassyInputError(`--${flag}: expected a positive integer, got "${value}"`);
  return n;
}

function readProcStat(): CpuTicks | null {
  try {
    return parseProcStat(readFileSync('/proc/stat', 'utf8'));
  } catch {
    return null;
  }
}

interface TimedRun {
  readonly run: EnsembleRun;
  readonly result: EnsembleResult;
}

async function timeRun(
  resolved: ResolvedEnsemble,
  workerModule: URL,
  workers: WorkerCount,
  round: number,
  chunkSize: number,
  cores: number,
): Promise<TimedRun> {
  const samples = resolved.spec.samples;
  const loadAverage1 = loadavg()[0]!;
  const stat0 = readProcStat();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let firstChunk: number | undefined;
  const result = await runEnsemble({
    resolved,
    workers,
    workerModule,
    // What `glassy ensemble` sends; cwd has no glassy.config.json, so workers load the built-ins only.
    workerData: { spec: resolved.spec, cwd: TOOLS_ROOT },
    chunkSize,
    onProgress: (done) => {
      if (done > 0 && firstChunk === undefined) firstChunk = performance.now();
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const stat1 = readProcStat();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const processCores = cpuSeconds / seconds;
  const window = stat0 && stat1 ? cpuWindow(stat0, stat1, cores) : null;
  const run: EnsembleRun = {
    round,
    workers,
    samples,
    seconds,
    samplesPerSecond: samples / seconds,
    firstChunkSeconds: ((firstChunk ?? performance.now()) - t0) / 1000,
    cpuSeconds,
    processCores,
    machineBusyCores: window?.busyCores ?? null,
    otherCores: window ? Math.max(0, window.busyCores - processCores) : null,
    stealCores: window?.stealCores ?? null,
    loadAverage1,
  };
  return { run, result };
}

runCli(async () => {
  const { values: flags } = parsingFlags(() =>
    parseArgs({
      strict: true,
      options: {
        quick: { type: 'boolean', default: false },
        samples: { type: 'string' },
        rounds: { type: 'string' },
        'chunk-size': { type: 'string' },
        check: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }),
  );
  if (flags.help) {
    console.log(USAGE);
    return 0;
  }
  const profile: EnsembleProfileName = flags.quick ? 'quick' : 'full';
  const samples = positiveInt(flags.samples, 'samples', ENSEMBLE_PROFILES[profile].samples);
  const rounds = positiveInt(flags.rounds, 'rounds', ENSEMBLE_PROFILES[profile].rounds);
  const chunkSize = positiveInt(flags['chunk-size'], 'chunk-size', DEFAULT_CHUNK_SIZE);

  const machine = describeMachine();
  const { resolveEnsemble, workerModule } = await locateVerifyEnsemble();
  const registry = Registry.builtin();
  const resolved = resolveEnsemble(registry, ensembleSpec.parse(workloadSpec(samples)));
  const spec = resolved.spec;
  console.error(
    `bench:ensemble (${profile}): ${spec.model} L=${String(spec.params['L'])} g=${String(spec.params['g'])} β=${spec.initial.beta}, ` +
      `${spec.integrator} dt=${spec.dt}, φ at t = ${spec.times.join(', ')}; ${samples} samples per run, chunks of ${chunkSize}, ${rounds} rounds`,
  );
  console.error(`machine: ${machine.cpuModel} ×${machine.cpuCount}, node ${machine.node}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  // Untimed warm-up: loads every module once (disk cache) and checks the worker module runs.
  const warm = resolveEnsemble(registry, ensembleSpec.parse(workloadSpec(2 * chunkSize)));
  await runEnsemble({ resolved: warm, workers: 2, workerModule, workerData: { spec: warm.spec, cwd: TOOLS_ROOT }, chunkSize });

  const timed: TimedRun[] = [];
  for (const { round, workers } of runOrder(rounds)) {
    const t = await timeRun(resolved, workerModule, workers, round, chunkSize, machine.cpuCount);
    timed.push(t);
    const r = t.run;
    console.error(
      `  round ${round + 1}, ${workers} worker${workers > 1 ? 's' : ' '}: ${r.seconds.toFixed(2)} s, ${r.samplesPerSecond.toFixed(1)} samples/s ` +
        `(first chunk after ${r.firstChunkSeconds.toFixed(2)} s; this process ${r.processCores.toFixed(2)} cores, others ${r.otherCores?.toFixed(2) ?? '?'})`,
    );
  }

  // The engine's promise: bit-identical results whatever the number of workers.
  const jsons = timed.map((t) => ({ label: `round ${t.run.round + 1} (${t.run.workers} worker(s))`, json: canonicalJson(t.result.observables) }));
  const mismatch = firstMismatch(jsons);
  const runs = timed.map((t) => t.run);
  console.log(renderRunTable(runs));
  console.log('');
  if (mismatch !== undefined) {
    console.error(`bench:ensemble: RESULTS DIFFER BETWEEN RUNS — the ensemble is not reproducible across worker counts:\n  ${mismatch}`);
    return 1;
  }
  const summary = summarizeThroughput(runs);
  console.log(renderSummary(summary));
  const phi = timed[0]!.result.observables[0]!;
  const last = phi.times.length - 1;
  const observablesSha256 = createHash('sha256').update(jsons[0]!.json).digest('hex');
  console.log(
    `results identical across all ${runs.length} runs (sha256 ${observablesSha256.slice(0, 16)}…); φ(t = ${phi.times[last]}) = ${phi.value[last]!.toFixed(5)} ± ${phi.stdError[last]!.toFixed(5)}`,
  );
  if (profile === 'quick') console.log('(quick profile: worker start-up weighs heavily at this size; use the full run for the 1.8× acceptance figure)');

  const path = saveJsonResults(RESULTS_DIR, `ensemble-${profile}`, machine.date, {
    format: ENSEMBLE_RESULTS_FORMAT,
    profile,
    machine,
    workload: { spec, chunkSize, rounds, workerModule: workerModule.href },
    runs,
    summary,
    identicalResults: true,
    observablesSha256,
    observables: phi,
  });
  console.log(`\nresults: ${path}`);
  return flags.check && !summary.meetsTarget ? 1 : 0;
});
