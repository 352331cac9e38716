/**
 * Pure logic of the ensemble throughput benchmark: run order, medians, the 2-worker / 1-worker
 * ratio with its spread, the machine-load window read from /proc/stat, the identity check of
 * the results, and the table. Unit-tested on synthetic numbers (tools/test/ensemble-stats.test.ts);
 * the timing itself lives in ensemble-throughput.ts.
 */

/** The worker counts compared, and the acceptance target of the issue. */
export const WORKER_COUNTS = [1, 2] as const;
export type WorkerCount = (typeof WORKER_COUNTS)[number];
export const TARGET_RATIO = 1.8;

export interface EnsembleRun {
  /** 0-based round; each round times every worker count once. */
  readonly round: number;
  readonly workers: WorkerCount;
  readonly samples: number;
  /** Wall time of runEnsemble, worker start-up included. */
  readonly seconds: number;
  readonly samplesPerSecond: number;
  /** From the call until the first finished chunk: start-up plus one chunk. */
  readonly firstChunkSeconds: number;
  /** CPU time of this process (all threads) during the run, in seconds. */
  readonly cpuSeconds: number;
  /** cpuSeconds / seconds: cores this process kept busy on average (ideal: the worker count). */
  readonly processCores: number;
  /** Cores busy machine-wide (from /proc/stat), or null where /proc/stat is unavailable. */
  readonly machineBusyCores: number | null;
  /** machineBusyCores − processCores: load from everything else, or null. */
  readonly otherCores: number | null;
  /** Cores' worth of time stolen by the hypervisor, or null. */
  readonly stealCores: number | null;
  /** 1-minute load average when the run started. */
  readonly loadAverage1: number;
}

/**
 * Interleaved order, 1-2, 2-1, 1-2, …: both worker counts see the same drift in machine load,
 * and neither always runs first (first in a round inherits the previous run's warm caches).
 */
export function runOrder(rounds: number): Array<{ round: number; workers: WorkerCount }> {
  const order: Array<{ round: number; workers: WorkerCount }> = [];
  for (let round = 0; round < rounds; round++) {
    const counts = round % 2 === 0 ? WORKER_COUNTS : [...WORKER_COUNTS].reverse();
    for (const workers of counts) order.push({ round, workers });
  }
  return order;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of an empty list');
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface ThroughputSummary {
  /** Median samples/s of the 1-worker and 2-worker runs. */
  readonly medianOne: number;
  readonly medianTwo: number;
  /** medianTwo / medianOne: the headline speed-up. */
  readonly ratio: number;
  /** Speed-up within each round (2-worker / 1-worker of the same round), by round. */
  readonly pairedRatios: readonly number[];
  readonly pairedMin: number;
  readonly pairedMax: number;
  /** Extreme ratios from any 2-worker run over any 1-worker run: the widest honest spread. */
  readonly worstCase: number;
  readonly bestCase: number;
  readonly target: number;
  /** ratio ≥ target. */
  readonly meetsTarget: boolean;
  /** Every round's paired ratio ≥ target as well (not a noise-borne pass). */
  readonly meetsTargetEveryRound: boolean;
}

export function summarizeThroughput(runs: readonly EnsembleRun[], target: number = TARGET_RATIO): ThroughputSummary {
  const of = (w: WorkerCount): EnsembleRun[] => runs.filter((r) => r.workers === w);
  const one = of(1);
  const two = of(2);
  if (one.length === 0 || two.length === 0) throw new Error('need at least one run with 1 worker and one with 2 workers');
  const medianOne = median(one.map((r) => r.samplesPerSecond));
  const medianTwo = median(two.map((r) => r.samplesPerSecond));
  const rounds = [...new Set(runs.map((r) => r.round))].sort((a, b) => a - b);
  const pairedRatios: number[] = [];
  for (const round of rounds) {
    const a = one.find((r) => r.round === round);
    const b = two.find((r) => r.round === round);
    if (a && b) pairedRatios.push(b.samplesPerSecond / a.samplesPerSecond);
  }
  const oneRates = one.map((r) => r.samplesPerSecond);
  const twoRates = two.map((r) => r.samplesPerSecond);
  const ratio = medianTwo / medianOne;
  const pairedMin = pairedRatios.length > 0 ? Math.min(...pairedRatios) : Number.NaN;
  return {
    medianOne,
    medianTwo,
    ratio,
    pairedRatios,
    pairedMin,
    pairedMax: pairedRatios.length > 0 ? Math.max(...pairedRatios) : Number.NaN,
    worstCase: Math.min(...twoRates) / Math.max(...oneRates),
    bestCase: Math.max(...twoRates) / Math.min(...oneRates),
    target,
    meetsTarget: ratio >= target,
    meetsTargetEveryRound: pairedRatios.length > 0 && pairedMin >= target,
  };
}

/** Aggregate CPU counters of the first line of /proc/stat, in clock ticks. */
export interface CpuTicks {
  readonly total: number;
  /** idle + iowait. */
  readonly idle: number;
  readonly steal: number;
}

/** Parse the aggregate "cpu  user nice system idle iowait irq softirq steal guest guest_nice" line. */
export function parseProcStat(text: string): CpuTicks | null {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (!line) return null;
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  if (f.length < 4 || f.some((x) => !Number.isFinite(x))) return null;
  // guest and guest_nice are already counted in user and nice.
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return { total, idle: f[3]! + (f[4] ?? 0), steal: f[7] ?? 0 };
}

/** Machine-wide busy and stolen cores between two readings, on a machine of `cores` CPUs. */
export function cpuWindow(before: CpuTicks, after: CpuTicks, cores: number): { busyCores: number; stealCores: number } | null {
  const total = after.total - before.total;
  if (!(total > 0)) return null;
  const busy = total - (after.idle - before.idle);
  return { busyCores: (cores * busy) / total, stealCores: (cores * (after.steal - before.steal)) / total };
}

/**
 * The ensemble engine promises bit-identical results for any number of workers. Given each
 * run's observables as canonical JSON, name the first run that differs from the first one.
 */
export function firstMismatch(results: ReadonlyArray<{ label: string; json: string }>): string | undefined {
  const ref = results[0];
  if (!ref) return undefined;
  for (const r of results.slice(1)) {
    if (r.json === ref.json) continue;
    let i = 0;
    while (i < r.json.length && r.json[i] === ref.json[i]) i++;
    const around = (s: string): string => s.slice(Math.max(0, i - 40), i + 40);
    return `${r.label} differs from ${ref.label} at character ${i}: …${around(r.json)}… vs …${around(ref.json)}…`;
  }
  return undefined;
}

const fixed = (x: number | null, digits: number): string => (x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** Per-run lines, in the order they ran. */
export function renderRunTable(runs: readonly EnsembleRun[]): string {
  const header = ['round', 'workers', 'samples', 'seconds', 'samples/s', 'first chunk s', 'process cores', 'other load', 'steal', 'load avg'];
  const rows = runs.map((r) => [
    String(r.round + 1),
    String(r.workers),
    String(r.samples),
    fixed(r.seconds, 2),
    fixed(r.samplesPerSecond, 1),
    fixed(r.firstChunkSeconds, 2),
    fixed(r.processCores, 2),
    fixed(r.otherCores, 2),
    fixed(r.stealCores, 2),
    fixed(r.loadAverage1, 2),
  ]);
  return alignRight([header, ...rows]);
}

/** The verdict block: medians, ratio, spread, target. */
export function renderSummary(s: ThroughputSummary): string {
  const verdict = s.meetsTarget
    ? s.meetsTargetEveryRound
      ? `MEETS the target (≥ ${s.target}× in every round)`
      : `meets the target on the medians, but not in every round (noise: re-run on a quieter machine)`
    : `BELOW the target of ${s.target}×`;
  return [
    `median throughput, 1 worker : ${s.medianOne.toFixed(1)} samples/s`,
    `median throughput, 2 workers: ${s.medianTwo.toFixed(1)} samples/s`,
    `speed-up (ratio of medians) : ${s.ratio.toFixed(3)}×  — ${verdict}`,
    `  per-round ratios          : ${s.pairedRatios.map((r) => r.toFixed(3)).join(', ')} (min ${fixed(s.pairedMin, 3)}, max ${fixed(s.pairedMax, 3)})`,
    `  any-run spread            : ${s.worstCase.toFixed(3)} … ${s.bestCase.toFixed(3)} (slowest 2-worker / fastest 1-worker … fastest / slowest)`,
  ].join('\n');
}

function alignRight(rows: readonly string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const line = (r: readonly string[]): string => r.map((cell, col) => cell.padStart(widths[col]!)).join('  ');
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}
