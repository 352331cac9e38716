/**
 * Pure aggregation of the power script: per check, the false alarms on built-in cells and the
 * rejections of negative controls over many base seeds, with exact (Clopper–Pearson) 95 %
 * intervals, the cells closest to their thresholds, and the table. Unit-tested on synthetic
 * outcomes (tools/test/power-aggregate.test.ts).
 */
import type { CellOutcome } from './power-plan.js';

/**
 * How far a result is from its threshold, on a common scale: 1 at the threshold, > 1 failing,
 * < 1 passing. '<=': value/threshold; '>=': threshold/value (for a p-value test, α/p);
 * 'within': |value − target|/threshold. A non-finite value counts as +∞ (it fails).
 */
export function thresholdLoad(o: Pick<CellOutcome, 'value' | 'threshold' | 'comparison' | 'target'>): number | undefined {
  const { value, threshold, comparison } = o;
  if (value === undefined || threshold === undefined || comparison === undefined) return undefined;
  if (!Number.isFinite(value)) return Number.POSITIVE_INFINITY;
  if (comparison === '<=') return threshold > 0 ? value / threshold : value <= threshold ? 0 : Number.POSITIVE_INFINITY;
  if (comparison === '>=') return value > 0 ? threshold / value : threshold <= 0 ? 0 : Number.POSITIVE_INFINITY;
  const d = Math.abs(value - (o.target ?? 0));
  return threshold > 0 ? d / threshold : d === 0 ? 0 : Number.POSITIVE_INFINITY;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const logFactorials: number[] = [0];
function logFactorial(n: number): number {
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  let s = 0;
  for (let j = 0; j <= k; j++) s += Math.exp(logChoose(n, j) + j * Math.log(p) + (n - j) * Math.log1p(-p));
  return Math.min(1, s);
}

/** Root of a decreasing function f on [0, 1] with f(x) = target, by bisection. */
function solveDecreasing(f: (x: number) => number, target: number): number {
  let lo = 0;
  let hi = 1;
  for (let it = 0; it < 100; it++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Exact two-sided Clopper–Pearson interval of a binomial proportion k/n (default 95 %). */
export function clopperPearson(k: number, n: number, confidence = 0.95): { lower: number; upper: number } {
  if (n <= 0) return { lower: 0, upper: 1 };
  const a = (1 - confidence) / 2;
  // lower: P(X ≥ k | p) = a, i.e. 1 − cdf(k − 1) = a; upper: cdf(k | p) = a. Both cdfs decrease in p.
  const lower = k === 0 ? 0 : solveDecreasing((p) => binomialCdf(k - 1, n, p), 1 - a);
  const upper = k === n ? 1 : solveDecreasing((p) => binomialCdf(k, n, p), a);
  return { lower, upper };
}

export interface CellRef {
  readonly model: string;
  readonly integrator: string;
  readonly baseSeed: number;
  readonly cellSeed: number;
  readonly load?: number;
  readonly reason?: string;
}

export interface RoleSummary {
  /** Distinct (model, integrator) cells. */
  readonly cells: number;
  /** Cell runs that produced a verdict (errors and n.a. excluded). */
  readonly runs: number;
  /** Built-ins: cells that failed (false alarms). Controls: cells that failed (rejections). */
  readonly failed: number;
  readonly errors: number;
  readonly notApplicable: number;
  /** failed / runs and its 95 % Clopper–Pearson interval (NaN, [0, 1] without runs). */
  readonly rate: number;
  readonly interval: { lower: number; upper: number };
  /** Built-ins: the run closest to failing (largest load); controls: closest to passing (smallest). */
  readonly closest?: CellRef;
  /** Built-ins: the false alarms; controls: the misses (unexpected passes). Plus every error. */
  readonly offenders: readonly CellRef[];
}

export interface CheckPower {
  readonly check: string;
  readonly builtin: RoleSummary;
  /** Undefined when no control lists this check. */
  readonly control?: RoleSummary;
  /** Rejection rate per control plugin (a check may catch one defect and not another). */
  readonly perControl: ReadonlyArray<{ control: string; runs: number; rejected: number }>;
}

function ref(o: CellOutcome, load?: number): CellRef {
  return {
    model: o.model,
    integrator: o.integrator,
    baseSeed: o.baseSeed,
    cellSeed: o.cellSeed,
    ...(load !== undefined ? { load } : {}),
    ...(o.reason !== undefined ? { reason: o.reason } : {}),
  };
}

function summarizeRole(outcomes: readonly CellOutcome[], role: 'builtin' | 'control'): RoleSummary {
  const failStatus = role === 'builtin' ? 'fail' : 'expected-fail';
  const okStatus = role === 'builtin' ? 'pass' : 'unexpected-pass';
  const decided = outcomes.filter((o) => o.status === failStatus || o.status === okStatus);
  const failed = decided.filter((o) => o.status === failStatus).length;
  let closest: CellRef | undefined;
  for (const o of decided) {
    const load = thresholdLoad(o);
    if (load === undefined) continue;
    const better = closest?.load === undefined || (role === 'builtin' ? load > closest.load : load < closest.load);
    if (better) closest = ref(o, load);
  }
  const bad = role === 'builtin' ? failStatus : okStatus;
  const offenders = outcomes.filter((o) => o.status === bad || o.status === 'error').map((o) => ref(o, thresholdLoad(o)));
  return {
    cells: new Set(outcomes.map((o) => `${o.model}\u0000${o.integrator}`)).size,
    runs: decided.length,
    failed,
    errors: outcomes.filter((o) => o.status === 'error').length,
    notApplicable: outcomes.filter((o) => o.status === 'n.a.').length,
    rate: decided.length > 0 ? failed / decided.length : Number.NaN,
    interval: clopperPearson(failed, decided.length),
    ...(closest ? { closest } : {}),
    offenders,
  };
}

/** Aggregate outcomes per check, in the order the checks first appear. */
export function aggregatePower(outcomes: readonly CellOutcome[]): CheckPower[] {
  const checks = [...new Set(outcomes.map((o) => o.check))];
  return checks.map((check) => {
    const mine = outcomes.filter((o) => o.check === check);
    const controls = mine.filter((o) => o.role === 'control');
    const perControl = [...new Set(controls.map((o) => o.control ?? '?'))].map((control) => {
      const c = controls.filter((o) => (o.control ?? '?') === control && (o.status === 'expected-fail' || o.status === 'unexpected-pass'));
      return { control, runs: c.length, rejected: c.filter((o) => o.status === 'expected-fail').length };
    });
    return {
      check,
      builtin: summarizeRole(
        mine.filter((o) => o.role === 'builtin'),
        'builtin',
      ),
      ...(controls.length > 0 ? { control: summarizeRole(controls, 'control') } : {}),
      perControl,
    };
  });
}

const pct = (x: number): string => (Number.isFinite(x) ? `${(100 * x).toFixed(x === 0 || x === 1 ? 0 : 1)}%` : '—');
const load = (r: RoleSummary | undefined): string => {
  const l = r?.closest?.load;
  if (l === undefined) return '—';
  if (l === 0) return '0';
  return Number.isFinite(l) ? (l >= 100 || l < 0.01 ? l.toExponential(1) : l.toFixed(2)) : '∞';
};

/** The per-check table: false alarms on built-ins, rejections of controls. */
export function renderPowerTable(rows: readonly CheckPower[]): string {
  const header = ['check', 'built-in cells', 'false alarms', 'rate [95% CI]', 'worst load', 'control cells', 'rejected', 'power [95% CI]', 'weakest load', 'errors'];
  const body = rows.map((r) => {
    const b = r.builtin;
    const c = r.control;
    return [
      r.check,
      String(b.cells),
      `${b.failed}/${b.runs}`,
      b.runs > 0 ? `${pct(b.rate)} [${pct(b.interval.lower)}, ${pct(b.interval.upper)}]` : '—',
      load(b),
      c ? String(c.cells) : '—',
      c ? `${c.failed}/${c.runs}` : '—',
      c && c.runs > 0 ? `${pct(c.rate)} [${pct(c.interval.lower)}, ${pct(c.interval.upper)}]` : '—',
      load(c),
      String(b.errors + (c?.errors ?? 0)),
    ];
  });
  const all = [header, ...body];
  const widths = header.map((_, col) => Math.max(...all.map((r) => r[col]!.length)));
  const line = (r: readonly string[]): string => r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** One line per false alarm, miss or error, with what is needed to replay it. */
export function renderOffenders(rows: readonly CheckPower[]): string[] {
  const lines: string[] = [];
  for (const r of rows) {
    for (const [role, s] of [['false alarm', r.builtin], ['MISSED control', r.control]] as const) {
      for (const o of s?.offenders ?? []) {
        const what = o.reason !== undefined ? `error: ${o.reason}` : role;
        const l = o.load === undefined ? '' : `, load ${Number.isFinite(o.load) ? o.load.toPrecision(3) : '∞'}`;
        lines.push(`${r.check}: ${what} on ${o.model} × ${o.integrator} (glassy verify --seed ${o.baseSeed}; cell seed ${o.cellSeed}${l})`);
      }
    }
  }
  return lines;
}

/**
 * The per-control table: for each negative control, every check that lists it and the rejection
 * rate with its 95 % interval (the power of that check against that one defect).
 */
export function renderControlTable(rows: readonly CheckPower[]): string {
  const byControl = new Map<string, string[]>();
  for (const r of rows) {
    for (const c of r.perControl) {
      const ci = clopperPearson(c.rejected, c.runs);
      const text = `${r.check} ${c.rejected}/${c.runs} [${pct(ci.lower)}, ${pct(ci.upper)}]`;
      byControl.set(c.control, [...(byControl.get(c.control) ?? []), text]);
    }
  }
  const width = Math.max('control'.length, ...[...byControl.keys()].map((k) => k.length));
  return [`${'control'.padEnd(width)}  rejected by (runs rejected / runs [95% CI of the power])`, `${'-'.repeat(width)}  ${'-'.repeat(56)}`, ...[...byControl].map(([k, v]) => `${k.padEnd(width)}  ${v.join('; ')}`)].join('\n');
}
