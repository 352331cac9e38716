/** The comparison table: one row per (reference step, L), ours against plain C. */
import type { RatioAssessment } from './check-budget.js';
import type { ReferenceResults } from './reference-stats.js';

const HEADER = ['step', 'L', 'ns/site-step ours', 'C reference', 'ratio', 'budget', 'verdict'] as const;
const NUMERIC = [false, true, true, true, true, true, false];

function formatNs(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function row(a: RatioAssessment, unavailable: string | null): string[] {
  return [
    a.step,
    String(a.L),
    a.oursNsPerSiteStep === null ? (unavailable ?? 'n/a') : formatNs(a.oursNsPerSiteStep),
    a.cNsPerSiteStep === null ? 'n/a' : formatNs(a.cNsPerSiteStep),
    a.ratio === null ? '—' : `${a.ratio.toFixed(2)} ± ${(a.noise ?? 0).toFixed(2)}`,
    a.budget === null ? '—' : `${a.budget.toFixed(2)} (target ${a.target!.toFixed(2)})`,
    a.verdict,
  ];
}

/**
 * The table plus a few lines: compiler (or why C was skipped), the machine load, and the
 * parity of every row where both sides ran. `assessments` are in the order of `results.rows`;
 * `cores` is the machine's CPU count (a load average above it means the timings queued for a core).
 */
export function renderReferenceTable(results: ReferenceResults, assessments: readonly RatioAssessment[], cores: number): string {
  const rows = [[...HEADER], ...assessments.map((a, i) => row(a, results.rows[i]?.unavailable ?? null))];
  const widths = HEADER.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  const line = (r: string[]): string =>
    r.map((cell, col) => (NUMERIC[col] ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const out = [line(rows[0]!), rule, ...rows.slice(1).map(line), ''];

  out.push(
    `ns/site-step: medians of ${results.rounds} interleaved rounds (~${results.minSeconds} s per side each); ratio: median of the per-round ours/C ± half their range; ` +
      `budget: a ratio passes while ≤ budget + noise.`,
  );
  out.push(results.compiler === null ? `C reference skipped: ${results.skipped ?? 'not measured'}` : `C: ${results.compiler.version}, ${results.compiler.flags.join(' ')} -lm`);
  const loads = results.rows.flatMap((r) => r.rounds.map((x) => x.loadAverage1));
  if (loads.length > 0) {
    const [lo, hi] = [Math.min(...loads), Math.max(...loads)];
    out.push(
      `load average (1 min) during the rounds: ${lo.toFixed(1)}–${hi.toFixed(1)} on ${cores} cores` +
        (hi > cores ? ': BUSY machine, processes queued for a core; ratios are noisier than usual' : ''),
    );
  }
  const compared = results.rows.filter((r) => r.parity !== null);
  if (compared.length > 0) {
    const worst = Math.max(...compared.map((r) => r.parity!.relativeDifference ?? Number.POSITIVE_INFINITY));
    const mismatched = compared.filter((r) => !r.parity!.agrees);
    out.push(
      `parity: ${compared.length - mismatched.length}/${compared.length} rows run the same trajectory as C for ${results.paritySteps} steps ` +
        `(largest relative checksum difference ${worst.toExponential(1)})` +
        (mismatched.length > 0 ? `; MISMATCH: ${mismatched.map((r) => `${r.reference} L=${r.L}`).join(', ')}` : ''),
    );
  }
  return out.join('\n');
}
