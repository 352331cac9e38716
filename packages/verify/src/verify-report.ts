/**
 * The verify report: what `glassy verify --json FILE` writes, what `--html DIR` draws, and what
 * `glassy report FILE --html DIR` and `--baseline` read back. One schema (zod) for all three, so
 * a saved report that was edited or truncated is refused with one line naming the field.
 *
 * JSON has no NaN or Infinity: JSON.stringify writes them as null, so measured numbers are
 * `number | null` when read back (null: not finite).
 */
import { z } from 'zod';
import type { Cell } from './runner.js';
import { replayCommand } from './runner.js';
import type { BaselineComparison } from './baseline.js';

export const REPORT_FORMAT = 'glassy-verify-report/1';

const num = z.number().nullable();
const figureSchema = z.object({
  title: z.string(),
  x: z.object({ label: z.string(), log: z.boolean().optional() }),
  y: z.object({ label: z.string(), log: z.boolean().optional() }),
  series: z.array(
    z.object({
      name: z.string(),
      x: z.array(num),
      y: z.array(num),
      style: z.enum(['points', 'line', 'dashed']),
      lower: z.array(num).optional(),
      upper: z.array(num).optional(),
    }),
  ),
});

export const resultSchema = z.object({
  check: z.string(),
  statistic: z.string(),
  value: num,
  comparison: z.enum(['<=', '>=', 'within']),
  threshold: num,
  target: num.optional(),
  uncertainty: num.optional(),
  verdict: z.enum(['pass', 'fail']),
  explanation: z.string(),
  seeds: z.array(z.number()),
  details: z.record(z.string(), z.union([num, z.string(), z.array(num)])).optional(),
  figure: figureSchema.optional(),
});

export const cellSchema = z.object({
  model: z.string().min(1),
  integrator: z.string().min(1),
  check: z.string().min(1),
  status: z.enum(['pass', 'fail', 'expected-fail', 'unexpected-pass', 'info', 'n.a.', 'error', 'timeout']),
  expected: z.enum(['pass', 'fail', 'any', 'n.a.']),
  seed: z.number(),
  seconds: z.number(),
  reason: z.string().optional(),
  result: resultSchema.optional(),
  replay: z.string().optional(),
  /** Against --baseline: a regression or an improvement, and why. */
  baseline: z.object({ kind: z.enum(['regression', 'improvement']), reason: z.string() }).optional(),
});

export const verifyReportSchema = z.object({
  format: z.literal(REPORT_FORMAT, { message: `expected "${REPORT_FORMAT}" (a report written by glassy verify --json)` }).optional(),
  glassy: z.string(),
  tier: z.enum(['quick', 'full']),
  seed: z.number().int(),
  cellTimeout: z.number().optional(),
  ok: z.boolean(),
  reason: z.string().optional(),
  /** Written by the watchdog when a plugin hung inside its own code and the run was stopped. */
  aborted: z.string().optional(),
  seconds: z.number(),
  baseline: z.object({ compared: z.number(), regressions: z.number(), improvements: z.number(), added: z.number() }).optional(),
  cells: z.array(cellSchema),
});
export type VerifyReport = z.output<typeof verifyReportSchema>;
export type ReportCell = z.output<typeof cellSchema>;

/** The report of a run, as written to JSON (and embedded in the HTML page). */
export function buildReport(
  header: { glassy: string; tier: 'quick' | 'full'; seed: number; cellTimeout?: number },
  ok: boolean,
  reason: string | undefined,
  seconds: number,
  cells: readonly Cell[],
  comparison?: BaselineComparison,
): VerifyReport {
  const changes = new Map([...(comparison?.regressions ?? []), ...(comparison?.improvements ?? [])].map((c) => [`${c.model}\u0000${c.integrator}\u0000${c.check}`, c]));
  const changeOf = (c: Cell): { baseline?: { kind: 'regression' | 'improvement'; reason: string } } => {
    const x = changes.get(`${c.model}\u0000${c.integrator}\u0000${c.check}`);
    return x ? { baseline: { kind: x.kind, reason: x.reason } } : {};
  };
  return {
    format: REPORT_FORMAT,
    ...header,
    ok,
    ...(reason === undefined ? {} : { reason }),
    seconds,
    ...(comparison ? { baseline: { compared: comparison.compared, regressions: comparison.regressions.length, improvements: comparison.improvements.length, added: comparison.added } } : {}),
    cells: cells.map((c) => ({ ...c, replay: replayCommand(c, header.seed, c.expected !== 'pass'), ...changeOf(c) })) as unknown as ReportCell[],
  };
}
