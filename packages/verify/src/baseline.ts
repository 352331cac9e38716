/**
 * Regression baselines: `glassy verify --save-baseline FILE` records every cell's verdict and
 * statistic; `glassy verify --baseline FILE` compares a run (same seed) against it, cell by cell
 * (model, integrator, check), with each check's RegressionRule (contracts/check.ts):
 * - verdict: a cell that passed (or, for a negative control, was rejected) and now does not is a
 *   regression; the reverse is an improvement;
 * - 'grows' (deterministic round-off statistics: symplecticity, reversibility, invariants,
 *   scaling, derivative consistency, …): new > factor · max(old, 1e-3 · threshold) is a
 *   regression, the mirror image an improvement. This catches a plugin that got 100× worse but
 *   still passes its threshold;
 * - 'order' (fitted orders): a move of more than the rule's tolerance is a regression;
 * - statistical checks: verdict only (their p-values are random by design).
 * A cell in the run but not in the baseline is new; one in the baseline but not run is skipped.
 *
 * File format (JSON, validated with zod on reading): { format: "glassy-baseline/1",
 * catalogue: CATALOGUE_VERSION, glassy, tier, seed, cells: [{ model, integrator, check, status,
 * value (null: not finite), threshold }] }. A baseline of another catalogue version is refused:
 * its statistics may be defined differently.
 */
import { z } from 'zod';
import { GlassyInputError, type CheckPlugin, type QuantumCheckPlugin, type RegressionRule, type Tier } from '@glassy/contracts';

type AnyCheck = CheckPlugin | QuantumCheckPlugin;
import type { Cell, CellStatus } from './runner.js';
import { readJsonFile, VERSION } from '@glassy/studies';

export const BASELINE_FORMAT = 'glassy-baseline/1';

/**
 * Version of the check catalogue's statistics and thresholds. Bump it when a check's statistic,
 * its states or its seeds change, so that old baselines are refused instead of misread.
 */
export const CATALOGUE_VERSION = 1;

const statusEnum = z.enum(['pass', 'fail', 'expected-fail', 'unexpected-pass', 'info', 'n.a.', 'error', 'timeout']);

export const baselineSchema = z.strictObject({
  format: z.literal(BASELINE_FORMAT, { message: `expected "${BASELINE_FORMAT}" (a file written by glassy verify --save-baseline)` }),
  catalogue: z.number().int().min(0),
  glassy: z.string(),
  tier: z.enum(['quick', 'full']),
  seed: z.number().int().min(0),
  cells: z.array(
    z.strictObject({
      model: z.string().min(1),
      integrator: z.string().min(1),
      check: z.string().min(1),
      status: statusEnum,
      value: z.number().nullable(),
      threshold: z.number().nullable(),
    }),
  ),
});
export type Baseline = z.output<typeof baselineSchema>;

export function makeBaseline(cells: readonly Cell[], tier: Tier, seed: number): Baseline {
  return {
    format: BASELINE_FORMAT,
    catalogue: CATALOGUE_VERSION,
    glassy: VERSION,
    tier,
    seed,
    cells: cells
      .filter((c) => c.status !== 'n.a.')
      .map((c) => ({
        model: c.model,
        integrator: c.integrator,
        check: c.check,
        status: c.status,
        value: c.result && Number.isFinite(c.result.value) ? c.result.value : null,
        threshold: c.result && Number.isFinite(c.result.threshold) ? c.result.threshold : null,
      })),
  };
}

/** Read and validate a baseline; one line naming the file and the field on any problem (exit 2). */
export function readBaseline(file: string, seed: number): Baseline {
  const label = `--baseline ${file}`;
  const raw = readJsonFile(file, label);
  const version = (raw as { catalogue?: unknown } | null)?.catalogue;
  if (typeof version === 'number' && version !== CATALOGUE_VERSION) {
    throw new GlassyInputError(
      `${label}: recorded with check catalogue version ${version} (glassy ${String((raw as { glassy?: unknown }).glassy)}), this glassy's catalogue is version ${CATALOGUE_VERSION}; record a new one with --save-baseline`,
    );
  }
  const r = baselineSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new GlassyInputError(`${label}: ${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`);
  }
  if (r.data.seed !== seed) throw new GlassyInputError(`${label}: recorded with --seed ${r.data.seed}, this run uses --seed ${seed}; statistics are compared at the same seed`);
  return r.data;
}

export interface BaselineChange {
  readonly model: string;
  readonly integrator: string;
  readonly check: string;
  readonly kind: 'regression' | 'improvement';
  readonly reason: string;
}

export interface BaselineComparison {
  readonly regressions: readonly BaselineChange[];
  readonly improvements: readonly BaselineChange[];
  /** Cells compared (present in both, applicable in the run). */
  readonly compared: number;
  /** Cells of the run that the baseline does not have. */
  readonly added: number;
}

const GOOD: ReadonlySet<CellStatus> = new Set(['pass', 'expected-fail']);

const fmt = (v: number | null): string => (v === null ? 'not finite' : v === 0 ? '0' : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e4 ? v.toExponential(2) : v.toPrecision(3));

function ruleChange(rule: RegressionRule, old: number | null, now: number | null, threshold: number | null): { kind: 'regression' | 'improvement'; reason: string } | undefined {
  if (rule.kind === 'verdict') return undefined;
  if (old === null || now === null) return old === now ? undefined : { kind: now === null ? 'regression' : 'improvement', reason: `statistic ${fmt(old)} → ${fmt(now)}` };
  if (rule.kind === 'grows') {
    const floor = threshold !== null ? 1e-3 * Math.abs(threshold) : 0;
    if (Math.abs(now) > rule.factor * Math.max(Math.abs(old), floor)) return { kind: 'regression', reason: `statistic grew ${fmt(old)} → ${fmt(now)} (more than ${rule.factor}×; still within its threshold ${fmt(threshold)})` };
    if (Math.abs(old) > rule.factor * Math.max(Math.abs(now), floor)) return { kind: 'improvement', reason: `statistic fell ${fmt(old)} → ${fmt(now)} (more than ${rule.factor}×)` };
    return undefined;
  }
  if (Math.abs(now - old) > rule.tolerance) return { kind: 'regression', reason: `order moved ${fmt(old)} → ${fmt(now)} (by more than ${rule.tolerance})` };
  return undefined;
}

export function compareToBaseline(cells: readonly Cell[], checks: ReadonlyMap<string, AnyCheck> | readonly AnyCheck[], baseline: Baseline): BaselineComparison {
  const byId = checks instanceof Map ? checks : new Map((checks as readonly AnyCheck[]).map((c) => [c.id, c]));
  const recorded = new Map(baseline.cells.map((c) => [`${c.model}\u0000${c.integrator}\u0000${c.check}`, c]));
  const regressions: BaselineChange[] = [];
  const improvements: BaselineChange[] = [];
  let compared = 0;
  let added = 0;
  for (const c of cells) {
    if (c.status === 'n.a.' || c.status === 'info') continue;
    const old = recorded.get(`${c.model}\u0000${c.integrator}\u0000${c.check}`);
    if (!old) {
      added++;
      continue;
    }
    compared++;
    const where = { model: c.model, integrator: c.integrator, check: c.check };
    if (GOOD.has(old.status) && !GOOD.has(c.status)) {
      regressions.push({ ...where, kind: 'regression', reason: `verdict ${old.status} → ${c.status}` });
      continue;
    }
    if (!GOOD.has(old.status) && GOOD.has(c.status)) {
      improvements.push({ ...where, kind: 'improvement', reason: `verdict ${old.status} → ${c.status}` });
      continue;
    }
    if (old.status !== c.status) continue;
    const rule = (byId as ReadonlyMap<string, AnyCheck>).get(c.check)?.regression ?? { kind: 'verdict' };
    const now = c.result && Number.isFinite(c.result.value) ? c.result.value : null;
    const change = ruleChange(rule, old.value, now, old.threshold);
    if (change) (change.kind === 'regression' ? regressions : improvements).push({ ...where, ...change });
  }
  return { regressions, improvements, compared, added };
}
