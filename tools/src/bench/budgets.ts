/**
 * Performance budgets (tools/bench/budgets.json): the slowest acceptable core step, in ns per
 * site-step, for each (model, integrator, L), plus one relative tolerance for machine noise;
 * and ratio budgets, ours / C reference, for each (reference step, L), with the target the
 * issue asks for next to the budget that is enforced now.
 * The file is validated on load; a bad one is refused with one line naming the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { GlassyInputError, parseOrThrow } from '@glassy/contracts';
import type { StepKey } from './step-cases.js';
import { REFERENCE_IDS, type ReferenceId } from './reference-steps.js';

const budgetEntrySchema = z.strictObject({
  model: z.string().min(1).describe('model plugin id'),
  integrator: z.string().min(1).describe('integrator plugin id'),
  L: z.number().int().positive().describe('chain length'),
  maxNsPerSiteStep: z.number().positive().finite().describe('slowest acceptable ns per site-step'),
});

const ratioBudgetSchema = z
  .strictObject({
    reference: z.enum(REFERENCE_IDS).describe('reference step id (tools/src/bench/reference-steps.ts)'),
    L: z.number().int().positive().describe('chain length'),
    target: z.number().positive().finite().describe('ratio ours / C the issue asks for'),
    budget: z.number().positive().finite().describe('largest ratio ours / C accepted now (beyond the measured noise)'),
    fastTarget: z.number().positive().finite().optional().describe('ratio ours / C -ffast-math (the vectorised limit) the issue asks for'),
    fastBudget: z.number().positive().finite().optional().describe('largest ratio ours / C -ffast-math accepted now (beyond the measured noise)'),
    note: z.string().optional(),
  })
  .refine((b) => b.target <= b.budget, { message: 'target must not exceed budget (the budget is what is enforced now)', path: ['target'] })
  .refine((b) => (b.fastTarget === undefined) === (b.fastBudget === undefined), {
    message: 'fastTarget and fastBudget come together (the target asked for, the budget enforced now)',
    path: ['fastBudget'],
  })
  .refine((b) => b.fastTarget === undefined || b.fastBudget === undefined || b.fastTarget <= b.fastBudget, {
    message: 'fastTarget must not exceed fastBudget',
    path: ['fastTarget'],
  });

const gateEntrySchema = z.strictObject({
  reference: z.enum(REFERENCE_IDS).describe('reference step id'),
  L: z.number().int().positive().describe('chain length'),
  maxRatio: z.number().positive().finite().describe('the CI gate fails when the median of its paired ratios ours/C exceeds this'),
  note: z.string().optional(),
});

export const budgetFileSchema = z
  .strictObject({
    $comment: z.string().optional(),
    /** A step passes while measured ≤ budget · (1 + tolerance): timings on shared CI runners jitter. */
    tolerance: z.number().min(0).max(10).describe('relative allowance for timing noise, e.g. 0.3 = 30 %'),
    budgets: z.array(budgetEntrySchema).min(1, { message: 'at least one budget is required' }),
    /** ours / C per (reference step, L); a measured ratio passes while ≤ budget + its noise. */
    ratioBudgets: z.array(ratioBudgetSchema).optional(),
    /** The CI gate (npm run bench:gate): per (reference step, L), the largest acceptable median of k paired ratios. */
    gate: z.array(gateEntrySchema).optional(),
  })
  .superRefine((file, ctx) => {
    const seen = new Set<string>();
    file.budgets.forEach((b, i) => {
      const key = `${b.model}|${b.integrator}|${b.L}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['budgets', i], message: `duplicate budget for ${b.model} × ${b.integrator} at L=${b.L}` });
      }
      seen.add(key);
    });
    const seenRatio = new Set<string>();
    (file.ratioBudgets ?? []).forEach((b, i) => {
      const key = `${b.reference}|${b.L}`;
      if (seenRatio.has(key)) ctx.addIssue({ code: 'custom', path: ['ratioBudgets', i], message: `duplicate ratio budget for ${b.reference} at L=${b.L}` });
      seenRatio.add(key);
    });
  });

export type BudgetFile = z.output<typeof budgetFileSchema>;
export type Budget = BudgetFile['budgets'][number];
export type RatioBudget = NonNullable<BudgetFile['ratioBudgets']>[number];
export type GateEntry = NonNullable<BudgetFile['gate']>[number];

/** Validate already-parsed JSON; `where` prefixes the error (usually the file path). */
export function parseBudgets(raw: unknown, where: string): BudgetFile {
  return parseOrThrow(budgetFileSchema, raw, where);
}

/** Read and validate a budget file; every failure is a one-line GlassyInputError. */
export function loadBudgets(path: string): BudgetFile {
  if (!existsSync(path)) throw new GlassyInputError(`${path}: budget file not found (looked for ${resolve(path)})`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new GlassyInputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return parseBudgets(raw, path);
}

export function findBudget(budgets: BudgetFile, key: StepKey): Budget | undefined {
  return budgets.budgets.find((b) => b.model === key.model && b.integrator === key.integrator && b.L === key.L);
}

export function findRatioBudget(budgets: BudgetFile, reference: ReferenceId, L: number): RatioBudget | undefined {
  return budgets.ratioBudgets?.find((b) => b.reference === reference && b.L === L);
}
