/** The human-readable summary: one row per (step, L) with its budget verdict. */
import type { BudgetAssessment } from './check-budget.js';

const HEADER = ['step (model × integrator)', 'L', 'ns/site-step', 'budget', 'ratio', 'verdict'] as const;

function formatNs(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function row(a: BudgetAssessment): string[] {
  return [
    a.step,
    String(a.L),
    `${formatNs(a.measuredNsPerSiteStep)} ± ${(100 * a.relativeUncertainty).toFixed(1)}%`,
    a.budgetNsPerSiteStep === null ? '—' : formatNs(a.budgetNsPerSiteStep),
    a.ratioToBudget === null ? '—' : a.ratioToBudget.toFixed(2),
    a.verdict,
  ];
}

/** A plain-text table; numbers right-aligned, text left-aligned. */
export function renderBudgetTable(assessments: readonly BudgetAssessment[]): string {
  const rows = [[...HEADER], ...assessments.map(row)];
  const widths = HEADER.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const numeric = [false, true, true, true, true, false];
  const line = (r: string[]): string =>
    r.map((cell, col) => (numeric[col] ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join('\n');
}
