/** Rendering verify results: the terminal matrix, JSON and JUnit XML. */
import type { CheckPlugin, QuantumCheckPlugin } from '@glassy/contracts';
import { fmt } from './checks/harness.js';
import { replayCommand, type Cell, type CellStatus } from './runner.js';

const LABEL: Record<CellStatus, string> = {
  pass: 'pass',
  fail: 'FAIL',
  'expected-fail': 'xfail',
  'unexpected-pass': 'XPASS!',
  info: 'info',
  'n.a.': 'n.a.',
  error: 'ERROR',
  timeout: 'TIMEOUT',
};

function cellText(c: Cell): string {
  if (c.status === 'n.a.') return 'n.a.';
  if (c.status === 'error') return 'ERROR';
  if (c.status === 'timeout') return 'TIMEOUT';
  if (!c.result) return LABEL[c.status];
  const v = c.result ? fmt(c.result.value) : '';
  const label = c.status === 'info' ? `(${c.result?.verdict ?? '?'})` : LABEL[c.status];
  return `${label} ${v}`;
}

/** Rows model × integrator, one column per check; a legend; the explanations of bad cells (or of all, verbose). */
export function renderMatrix(cells: readonly Cell[], checks: readonly (CheckPlugin | QuantumCheckPlugin)[], verbose = false, baseSeed = 1): string {
  const checkIds = checks.map((c) => c.id).filter((id) => cells.some((c) => c.check === id));
  const rows = new Map<string, Map<string, Cell>>();
  for (const c of cells) {
    const key = `${c.model} × ${c.integrator}`;
    if (!rows.has(key)) rows.set(key, new Map());
    rows.get(key)!.set(c.check, c);
  }
  const rowWidth = Math.max(20, ...[...rows.keys()].map((k) => k.length));
  const colWidth = checkIds.map((id) => Math.max(id.length, ...cells.filter((c) => c.check === id).map((c) => cellText(c).length)));
  const line = (label: string, cols: string[]): string => [label.padEnd(rowWidth), ...cols.map((c, i) => c.padEnd(colWidth[i]!))].join('  ').trimEnd();
  const out = [line('model × integrator', checkIds), line('-'.repeat(rowWidth), colWidth.map((w) => '-'.repeat(w)))];
  for (const [key, row] of rows) out.push(line(key, checkIds.map((id) => (row.get(id) ? cellText(row.get(id)!) : ''))));
  out.push('', 'Each cell: verdict and measured statistic; xfail = a negative control rejected, as it must be.', 'Statistics and thresholds:');
  for (const id of checkIds) {
    const r = cells.find((c) => c.check === id && c.result)?.result;
    if (r) out.push(`  ${id}: ${r.statistic} ${r.comparison === 'within' ? `within ±${fmt(r.threshold)} of the declared value` : `${r.comparison} ${fmt(r.threshold)}`}`);
  }
  if (verbose) {
    out.push('', 'Details:');
    for (const c of cells) {
      out.push(`  ${cellText(c).padEnd(16)} ${c.model} × ${c.integrator} × ${c.check} (cell seed ${c.seed} from --seed ${baseSeed}): ${c.result?.explanation ?? c.reason ?? ''}`);
    }
  }
  const bad = cells.filter((c) => c.status === 'fail' || c.status === 'unexpected-pass' || c.status === 'error' || c.status === 'timeout');
  if (bad.length > 0) {
    out.push('', 'Problems:');
    for (const c of bad) {
      out.push(`  ${LABEL[c.status]} ${c.model} × ${c.integrator} × ${c.check} (cell seed ${c.seed} from --seed ${baseSeed}): ${c.result?.explanation ?? c.reason ?? ''}`);
      out.push(`    replay: ${replayCommand(c, baseSeed, c.expected !== 'pass')}`);
    }
  }
  return out.join('\n');
}

export function summarize(cells: readonly Cell[]): string {
  const count = (s: CellStatus): number => cells.filter((c) => c.status === s).length;
  const parts = [`${count('pass')} pass`, `${count('expected-fail')} expected-fail`];
  if (count('info') > 0) parts.push(`${count('info')} info (controls' other checks)`);
  parts.push(`${count('n.a.')} n.a.`);
  for (const s of ['fail', 'unexpected-pass', 'error', 'timeout'] as const) if (count(s) > 0) parts.push(`${count(s)} ${s}`);
  return parts.join(', ');
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * JUnit XML: one testsuite per (model, integrator), one testcase per check. A selection that ran
 * no cell (`empty`: the reason) is one failing testcase, so a CI gate reading the file is red too.
 */
export function renderJUnit(cells: readonly Cell[], empty?: string): string {
  if (empty !== undefined) {
    return [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="glassy verify" tests="1" failures="1" errors="0">',
      '  <testsuite name="selection" tests="1" failures="1" errors="0" skipped="0" time="0">',
      `    <testcase classname="selection" name="no cell ran" time="0">`,
      `      <failure message="${xml(empty)}"/>`,
      '    </testcase>',
      '  </testsuite>',
      '</testsuites>',
      '',
    ].join('\n');
  }
  const suites = new Map<string, Cell[]>();
  for (const c of cells) {
    const key = `${c.model}.${c.integrator}`;
    if (!suites.has(key)) suites.set(key, []);
    suites.get(key)!.push(c);
  }
  const failing = (c: Cell): boolean => c.status === 'fail' || c.status === 'unexpected-pass' || c.status === 'timeout';
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const total = cells.length;
  out.push(`<testsuites name="glassy verify" tests="${total}" failures="${cells.filter(failing).length}" errors="${cells.filter((c) => c.status === 'error').length}">`);
  for (const [name, list] of suites) {
    const time = list.reduce((s, c) => s + c.seconds, 0);
    out.push(
      `  <testsuite name="${xml(name)}" tests="${list.length}" failures="${list.filter(failing).length}" errors="${list.filter((c) => c.status === 'error').length}" skipped="${list.filter((c) => c.status === 'n.a.').length}" time="${time.toFixed(3)}">`,
    );
    for (const c of list) {
      out.push(`    <testcase classname="${xml(name)}" name="${xml(c.check)}" time="${c.seconds.toFixed(3)}">`);
      const text = c.result ? `${c.status}: ${c.result.explanation}` : `${c.status}: ${c.reason ?? ''}`;
      if (c.status === 'n.a.') out.push(`      <skipped message="${xml(c.reason ?? 'not applicable')}"/>`);
      else if (failing(c)) out.push(`      <failure message="${xml(text)}"/>`);
      else if (c.status === 'error') out.push(`      <error message="${xml(text)}"/>`);
      else out.push(`      <system-out>${xml(text)}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}
