/**
 * Runs the catalogue over (model × integrator × check) and decides each cell:
 * - pass / FAIL for ordinary plugins (a FAIL fails the run);
 * - expected-fail / UNEXPECTED-PASS for a control's listed checks (an unexpected pass fails the
 *   run: a check that cannot reject its control is a defect);
 * - info for a control's other checks: measured and shown, but a broken plugin may fail them
 *   incidentally (e.g. a 3.8× too long step loses accuracy), so they do not decide the run;
 * - n.a. when the check does not apply (with the reason), error when a check threw.
 */
import { missingCapability, type CheckPlugin, type CheckResult, type IntegratorPlugin, type ModelPlugin, type Tier } from '@glassy/contracts';
import { instance } from './checks/harness.js';

export type CellStatus = 'pass' | 'fail' | 'expected-fail' | 'unexpected-pass' | 'info' | 'n.a.' | 'error';

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
  readonly tier: Tier;
  readonly seed: number;
  readonly onCell?: (cell: Cell, index: number, total: number) => void;
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

export function expectedVerdict(model: ModelPlugin, integrator: IntegratorPlugin, check: CheckPlugin): 'pass' | 'fail' | 'any' {
  if (listsCheck(model.control, check.id, integrator.id) || listsCheck(integrator.control, check.id, model.id)) return 'fail';
  return model.control || integrator.control ? 'any' : 'pass';
}

export function tierIncludes(tier: Tier, check: CheckPlugin): boolean {
  return tier === 'full' || check.tier === 'quick';
}

export function runVerify(opts: VerifyOptions): Cell[] {
  const cells: Cell[] = [];
  const checks = opts.checks.filter((c) => tierIncludes(opts.tier, c));
  const total = opts.models.length * opts.integrators.length * checks.length;
  for (const model of opts.models) {
    const m = instance(model);
    for (const integrator of opts.integrators) {
      const missing = missingCapability(integrator, m);
      for (const check of checks) {
        const seed = cellSeed(opts.seed, model.id, integrator.id, check.id);
        const base = { model: model.id, integrator: integrator.id, check: check.id, seed };
        const reason = missing ? `model has no ${missing} capability` : check.notApplicable(model, integrator);
        let cell: Cell;
        if (reason !== undefined) {
          cell = { ...base, status: 'n.a.', expected: 'n.a.', seconds: 0, reason };
        } else {
          const expected = expectedVerdict(model, integrator, check);
          const t0 = performance.now();
          try {
            const result = check.run({ model, integrator, seed });
            const seconds = (performance.now() - t0) / 1000;
            const status: CellStatus =
              expected === 'any'
                ? 'info'
                : expected === 'pass'
                  ? result.verdict === 'pass' ? 'pass' : 'fail'
                  : result.verdict === 'fail' ? 'expected-fail' : 'unexpected-pass';
            cell = { ...base, status, expected, seconds, result };
          } catch (e) {
            cell = { ...base, status: 'error', expected, seconds: (performance.now() - t0) / 1000, reason: (e as Error).message };
          }
        }
        cells.push(cell);
        opts.onCell?.(cell, cells.length, total);
      }
    }
  }
  return cells;
}

/** True iff every applicable cell met its expectation. */
export function allGood(cells: readonly Cell[]): boolean {
  return cells.every((c) => c.status === 'pass' || c.status === 'expected-fail' || c.status === 'info' || c.status === 'n.a.');
}
