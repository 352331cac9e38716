/**
 * The comparison table: one row per (reference step, L), ours against plain C, with our plain
 * variant (e.g. `stormer-verlet` next to `stormer-verlet-fused`) in its own columns.
 */
import type { RatioAssessment } from './check-budget.js';
import type { ReferenceResults } from './reference-stats.js';

const HEADER = [
  'step', 'L', 'ns/site-step ours', 'ours plain', 'C reference', 'C -ffast-math',
  'ours/C', 'plain/C', 'budget', 'verdict', 'ours/C fast', 'fast budget', 'fast verdict',
] as const;
const NUMERIC = [false, true, true, true, true, true, true, true, true, false, true, true, false];

function formatNs(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function row(a: RatioAssessment, unavailable: string | null): string[] {
  return [
    a.step,
    String(a.L),
    a.oursNsPerSiteStep === null ? (unavailable ?? 'n/a') : formatNs(a.oursNsPerSiteStep),
    a.plainNsPerSiteStep === null ? '—' : formatNs(a.plainNsPerSiteStep),
    a.cNsPerSiteStep === null ? 'n/a' : formatNs(a.cNsPerSiteStep),
    a.cFastNsPerSiteStep === null ? 'n/a' : formatNs(a.cFastNsPerSiteStep),
    a.ratio === null ? '—' : `${a.ratio.toFixed(2)} ± ${(a.noise ?? 0).toFixed(2)}`,
    a.plainRatio === null ? '—' : a.plainRatio.toFixed(2),
    a.budget === null ? '—' : `${a.budget.toFixed(2)} (target ${a.target!.toFixed(2)})`,
    a.verdict,
    a.fastRatio === null ? '—' : `${a.fastRatio.toFixed(2)} ± ${(a.fastNoise ?? 0).toFixed(2)}`,
    a.fastBudget === null ? '—' : `${a.fastBudget.toFixed(2)} (target ${a.fastTarget!.toFixed(2)})`,
    a.fastVerdict,
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
    `ns/site-step: medians of ${results.rounds} interleaved rounds (~${results.minSeconds} s per side each); ours/C, ours/C fast: medians of the per-round paired ratios ± half their range; ` +
      `budget: a ratio passes while ≤ budget + noise.`,
  );
  const plains = results.rows.flatMap((r) => (r.plain === null ? [] : [`${r.plain.model} × ${r.plain.integrator}`]));
  if (plains.length > 0) {
    out.push(`ours plain: ${[...new Set(plains)].join(', ')}, timed in the same rounds with the same protocol; plain/C: median of the per-round ratios, for information (no budget).`);
  }
  out.push(results.compiler === null ? `C reference skipped: ${results.skipped ?? 'not measured'}` : `C: ${results.compiler.version}, ${results.compiler.flags.join(' ')} -lm`);
  if (results.compiler !== null) {
    out.push(
      results.compiler.fastFlags.length > 0
        ? `C -ffast-math (the vectorised limit: gcc vectorises sin with libmvec and may reassociate): ${results.compiler.fastFlags.join(' ')} -lm`
        : 'C -ffast-math: not built',
    );
  }
  const loads = results.rows.flatMap((r) => r.rounds.map((x) => x.loadAverage1));
  if (loads.length > 0) {
    const [lo, hi] = [Math.min(...loads), Math.max(...loads)];
    out.push(
      `load average (1 min) during the rounds: ${lo.toFixed(1)}–${hi.toFixed(1)} on ${cores} cores` +
        (hi > cores ? ': BUSY machine, processes queued for a core; ratios are noisier than usual' : ''),
    );
  }
  const compared = results.rows.flatMap((r) => [
    ...(r.parity === null ? [] : [{ name: `${r.reference} L=${r.L}`, parity: r.parity }]),
    ...(r.plainParity === null ? [] : [{ name: `${r.reference} L=${r.L} (plain)`, parity: r.plainParity }]),
    ...(r.fastParity === null ? [] : [{ name: `${r.reference} L=${r.L} (C -ffast-math)`, parity: r.fastParity }]),
  ]);
  if (compared.length > 0) {
    const worst = Math.max(...compared.map((x) => x.parity.relativeDifference ?? Number.POSITIVE_INFINITY));
    const mismatched = compared.filter((x) => !x.parity.agrees);
    out.push(
      `parity: ${compared.length - mismatched.length}/${compared.length} comparisons (ours and plain against C, ours against C -ffast-math) run the same trajectory for ${results.paritySteps} steps ` +
        `(largest relative checksum difference ${worst.toExponential(1)})` +
        (mismatched.length > 0 ? `; MISMATCH: ${mismatched.map((x) => x.name).join(', ')}` : ''),
    );
  }
  return out.join('\n');
}
