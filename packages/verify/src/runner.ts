/**
 * Runs the catalogue over (model × integrator × check) and decides each cell:
 * - pass / FAIL for ordinary plugins (a FAIL fails the run);
 * - expected-fail / UNEXPECTED-PASS for a control's listed checks (an unexpected pass fails the
 *   run: a check that cannot reject its control is a defect);
 * - n.a. for a control's unlisted checks, unless `controlsFully`: then they run as info, shown
 *   but not deciding the run (a broken plugin may fail them incidentally, e.g. a 3.8× too long
 *   step loses accuracy);
 * - n.a. when the check does not apply (with the reason), error when a check threw;
 * - timeout when a cell ran past its wall-clock budget; a state that turned non-finite or ran
 *   away beyond the model's declared scales fails the cell (see guard.ts). Either way the run
 *   goes on with the next cell.
 */
import {
  missingCapability,
  NonFiniteStateError,
  type CheckPlugin,
  type CheckResult,
  type IntegratorPlugin,
  type ModelPlugin,
  type QuantumCheckPlugin,
  type QuantumModelPlugin,
  type Tier,
} from '@glassy/contracts';
import { instance } from './checks/harness.js';
import { CellTimeoutError, DEFAULT_CELL_TIMEOUT, RunawayStateError, cellBudget, guardPlugins } from './guard.js';

export type CellStatus = 'pass' | 'fail' | 'expected-fail' | 'unexpected-pass' | 'info' | 'n.a.' | 'error' | 'timeout';

/** What a cell must show: ordinary cells must pass, a control's listed checks must fail. */
export type Expectation = 'pass' | 'fail' | 'any' | 'n.a.';

export interface Cell {
  readonly model: string;
  readonly integrator: string;
  readonly check: string;
  readonly status: CellStatus;
  readonly expected: Expectation;
  readonly seed: number;
  readonly seconds: number;
  readonly reason?: string;
  readonly result?: CheckResult;
}

export interface VerifyOptions {
  readonly models: readonly ModelPlugin[];
  readonly integrators: readonly IntegratorPlugin[];
  readonly checks: readonly CheckPlugin[];
  /** Quantum models and their checks: one cell per (quantum model, quantum check), column "(model)". */
  readonly quantumModels?: readonly QuantumModelPlugin[];
  readonly quantumChecks?: readonly QuantumCheckPlugin[];
  readonly tier: Tier;
  readonly seed: number;
  readonly onCell?: (cell: Cell, index: number, total: number) => void;
  /** Also run each control's unlisted checks, reported as 'info' (default: skipped as n.a.). */
  readonly controlsFully?: boolean;
  /** Wall-clock budget per cell in seconds (default: DEFAULT_CELL_TIMEOUT of the tier). */
  readonly cellTimeout?: number;
  /** Called before each cell that runs (the CLI's watchdog listens). */
  readonly onCellStart?: (cell: { model: string; integrator: string; check: string; seed: number }) => void;
}

/** FNV-1a over the cell's ids and the base seed: every cell has its own reproducible seed. */
export function cellSeed(base: number, ...ids: string[]): number {
  let h = 0x811c9dc5 ^ (base >>> 0);
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) {
      h ^= id.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
    h ^= 0xff;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 0x7fffffff;
}

/** Does a control list this check (as "check" or "check@otherPluginId")? */
function listsCheck(control: { mustFail: readonly string[] } | undefined, check: string, other: string): boolean {
  if (!control) return false;
  return control.mustFail.some((entry) => entry === check || entry === `${check}@${other}`);
}

/** Label of the integrator column for checks of the model alone. */
export const MODEL_ONLY = '(model)';

/**
 * The command that replays one cell: the cell's own seed derives from the base `--seed` and the
 * ids, so the base seed (not the cell seed) is what to pass.
 */
export function replayCommand(cell: { model: string; integrator: string; check: string }, baseSeed: number, controls: boolean): string {
  const pair = cell.integrator === MODEL_ONLY ? '' : ` --integrator ${cell.integrator}`;
  return `glassy verify --model ${cell.model}${pair} --check ${cell.check} --seed ${baseSeed}${controls ? ' --include-controls' : ''} --verbose`;
}

export function expectedVerdict(model: ModelPlugin, integrator: IntegratorPlugin | undefined, check: CheckPlugin): 'pass' | 'fail' | 'any' {
  const partner = integrator?.id ?? MODEL_ONLY;
  if (listsCheck(model.control, check.id, partner) || listsCheck(integrator?.control, check.id, model.id)) return 'fail';
  return model.control || integrator?.control ? 'any' : 'pass';
}

export function tierIncludes(tier: Tier, check: { readonly tier: Tier }): boolean {
  return tier === 'full' || check.tier === 'quick';
}

/** A cell's status from what it must show and the check's verdict. */
function verdictStatus(expected: Exclude<Expectation, 'n.a.'>, verdict: 'pass' | 'fail'): CellStatus {
  if (expected === 'any') return 'info';
  if (expected === 'pass') return verdict === 'pass' ? 'pass' : 'fail';
  return verdict === 'fail' ? 'expected-fail' : 'unexpected-pass';
}

function runCell(
  model: ModelPlugin,
  integrator: IntegratorPlugin | undefined,
  check: CheckPlugin,
  seed: number,
  reason: string | undefined,
  controlsFully: boolean,
  timeoutSeconds: number,
  onStart?: VerifyOptions['onCellStart'],
): Cell {
  const base = { model: model.id, integrator: integrator?.id ?? MODEL_ONLY, check: check.id, seed };
  if (reason !== undefined) return { ...base, status: 'n.a.', expected: 'n.a.', seconds: 0, reason };
  const expected = expectedVerdict(model, integrator, check);
  if (expected === 'any' && !controlsFully) {
    return { ...base, status: 'n.a.', expected: 'n.a.', seconds: 0, reason: 'negative control: run only against the checks it lists' };
  }
  onStart?.(base);
  const t0 = performance.now();
  try {
    const guarded = guardPlugins(model, integrator, cellBudget(timeoutSeconds));
    const result = check.run({ model: guarded.model, integrator: guarded.integrator, seed });
    const seconds = (performance.now() - t0) / 1000;
    return { ...base, status: verdictStatus(expected, result.verdict), expected, seconds, result };
  } catch (e) {
    const seconds = (performance.now() - t0) / 1000;
    if (e instanceof CellTimeoutError) return { ...base, status: 'timeout', expected, seconds, reason: e.message };
    if (e instanceof NonFiniteStateError || e instanceof RunawayStateError) {
      // A blown-up state is a physics failure of the plugin, not an error of the check.
      const status = expected === 'any' ? 'info' : expected === 'fail' ? 'expected-fail' : 'fail';
      return { ...base, status, expected, seconds, reason: `${e.message} (stopped by the state guard)` };
    }
    return { ...base, status: 'error', expected, seconds, reason: (e as Error).message };
  }
}

/** One cell of a run before it runs: which plugins, its seed, and why it does not apply (if not). */
export interface PlannedCell {
  readonly model: ModelPlugin;
  readonly integrator: IntegratorPlugin | undefined;
  readonly check: CheckPlugin;
  readonly seed: number;
  readonly reason: string | undefined;
}

/** Every cell of a selection, in run order, with its n.a. reason; nothing is run. */
export function planCells(opts: Pick<VerifyOptions, 'models' | 'integrators' | 'checks' | 'tier' | 'seed'>): PlannedCell[] {
  const planned: PlannedCell[] = [];
  const checks = opts.checks.filter((c) => tierIncludes(opts.tier, c));
  const modelChecks = checks.filter((c) => c.scope === 'model');
  const pairChecks = checks.filter((c) => c.scope !== 'model');
  for (const model of opts.models) {
    const m = instance(model);
    for (const check of modelChecks) {
      planned.push({ model, integrator: undefined, check, seed: cellSeed(opts.seed, model.id, MODEL_ONLY, check.id), reason: check.notApplicable(model, undefined) });
    }
    for (const integrator of opts.integrators) {
      const missing = missingCapability(integrator, m);
      const bothControls = model.control !== undefined && integrator.control !== undefined;
      for (const check of pairChecks) {
        const reason = bothControls
          ? 'two negative controls together: a rejection would not say which defect was caught'
          : missing
            ? `model has no ${missing} capability`
            : check.notApplicable(model, integrator);
        planned.push({ model, integrator, check, seed: cellSeed(opts.seed, model.id, integrator.id, check.id), reason });
      }
    }
  }
  return planned;
}

/** One cell of a quantum model before it runs. */
export interface PlannedQuantumCell {
  readonly model: QuantumModelPlugin;
  readonly check: QuantumCheckPlugin;
  readonly seed: number;
  readonly reason: string | undefined;
}

/** Every (quantum model × quantum check) cell of a selection, in run order. */
export function planQuantumCells(opts: Pick<VerifyOptions, 'quantumModels' | 'quantumChecks' | 'tier' | 'seed'>): PlannedQuantumCell[] {
  const checks = (opts.quantumChecks ?? []).filter((c) => tierIncludes(opts.tier, c));
  return (opts.quantumModels ?? []).flatMap((model) =>
    checks.map((check) => ({ model, check, seed: cellSeed(opts.seed, model.id, MODEL_ONLY, check.id), reason: check.notApplicable(model) })),
  );
}

/**
 * A quantum cell. Its work is exact diagonalisation and Krylov products in library code, not a
 * plugin's inner loop, so the state guard has nothing to wrap; the CLI's watchdog still stops a
 * cell past its budget (shown as TIMEOUT).
 */
function runQuantumCell(p: PlannedQuantumCell, controlsFully: boolean, onStart?: VerifyOptions['onCellStart']): Cell {
  const base = { model: p.model.id, integrator: MODEL_ONLY, check: p.check.id, seed: p.seed };
  if (p.reason !== undefined) return { ...base, status: 'n.a.', expected: 'n.a.', seconds: 0, reason: p.reason };
  const expected: Expectation = listsCheck(p.model.control, p.check.id, MODEL_ONLY) ? 'fail' : p.model.control ? 'any' : 'pass';
  if (expected === 'any' && !controlsFully) {
    return { ...base, status: 'n.a.', expected: 'n.a.', seconds: 0, reason: 'negative control: run only against the checks it lists' };
  }
  onStart?.(base);
  const t0 = performance.now();
  try {
    const result = p.check.run({ model: p.model, seed: p.seed });
    const seconds = (performance.now() - t0) / 1000;
    return { ...base, status: verdictStatus(expected, result.verdict), expected, seconds, result };
  } catch (e) {
    return { ...base, status: 'error', expected, seconds: (performance.now() - t0) / 1000, reason: (e as Error).message };
  }
}

export function runVerify(opts: VerifyOptions): Cell[] {
  const fully = opts.controlsFully ?? false;
  const timeout = opts.cellTimeout ?? DEFAULT_CELL_TIMEOUT[opts.tier];
  const planned = planCells(opts);
  const quantum = planQuantumCells(opts);
  const total = planned.length + quantum.length;
  const cells: Cell[] = [];
  for (const p of planned) {
    const cell = runCell(p.model, p.integrator, p.check, p.seed, p.reason, fully, timeout, opts.onCellStart);
    cells.push(cell);
    opts.onCell?.(cell, cells.length, total);
  }
  for (const p of quantum) {
    const cell = runQuantumCell(p, fully, opts.onCellStart);
    cells.push(cell);
    opts.onCell?.(cell, cells.length, total);
  }
  return cells;
}

/** True iff every applicable cell met its expectation (and at least one cell ran: see emptyReason). */
export function allGood(cells: readonly Cell[]): boolean {
  return emptyReason(cells, [], 'full') === undefined && cells.every((c) => c.status === 'pass' || c.status === 'expected-fail' || c.status === 'info' || c.status === 'n.a.');
}

/**
 * Why a selection ran no cell, or undefined if some cell ran. A gate that checked nothing must
 * not be green: the CLI exits 1 with this line, and JSON and JUnit carry it.
 */
export function emptyReason(cells: readonly Cell[], selectedChecks: readonly { readonly id: string; readonly tier: Tier }[], tier: Tier): string | undefined {
  if (cells.some((c) => c.status !== 'n.a.')) return undefined;
  const skippedByTier = selectedChecks.filter((c) => !tierIncludes(tier, c));
  if (skippedByTier.length > 0 && skippedByTier.length === selectedChecks.length) {
    const ids = skippedByTier.map((c) => c.id);
    return `no cell ran: ${ids.join(', ')} ${ids.length === 1 ? 'is a full-tier check' : 'are full-tier checks'}; add --tier full`;
  }
  if (cells.length === 0) return 'no cell ran: the selection (models × integrators × checks) is empty';
  const reasons = [...new Set(cells.map((c) => c.reason ?? 'not applicable'))];
  const tierNote = skippedByTier.length > 0 ? ` (${skippedByTier.map((c) => c.id).join(', ')} not run: full tier; add --tier full)` : '';
  return `no cell ran: all ${cells.length} selected cells are n.a. (${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? '; …' : ''})${tierNote}`;
}
