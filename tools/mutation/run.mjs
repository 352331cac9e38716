#!/usr/bin/env node
/* global console, process */
/**
 * `npm run mutation`: StrykerJS over the built-in models' and integrators' source, one source file
 * per Stryker run, then one merged report with the score per package.
 *
 * Why per file: Stryker instruments every file it mutates, and an instrumented hot loop (each
 * expression behind a mutant switch) runs about 17x slower; with all files instrumented at once
 * every cell pays for every file, and the dry run alone passed 23 minutes. One file at a time,
 * only that file is slow, and only the cells that can reach it run (GLASSY_MUTATION_IDS, below).
 *
 * Which cells can reach a file: the plugins (models, integrators, controls) whose source imports
 * the file, directly or through other files, found from the import statements. Files that the
 * check catalogue itself uses (RK4 as a reference, the BAOAB thermostat of the ensemble engine,
 * and what they import) reach every cell. Leaving a cell out can only make a mutant survive, so
 * this never inflates the score.
 *
 * Usage: node tools/mutation/run.mjs [--only SUBSTRING] [--resume] [--concurrency N]
 *   --only      mutate only files whose path contains SUBSTRING (repeatable; run in this order)
 *   --resume    skip files whose report is newer than the file and this harness
 *   --report-only  run nothing: merge the per-file reports already in reports/mutation/files
 *   --concurrency  Stryker workers (default 2)
 * Output: reports/mutation/index.html (Stryker's HTML report, all files), mutation.json, and
 * one report per file in reports/mutation/files/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { calculateMetrics } from 'mutation-testing-metrics';
import { z } from 'zod';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = join(root, 'reports/mutation');
const PER_FILE = join(OUT, 'files');
const SOURCES = ['packages/models/src', 'packages/integrators/src'];
/** Files the check catalogue and the ensemble engine import themselves: they reach every cell. */
const REACH_ALL = ['packages/integrators/src/rk4.ts', 'packages/integrators/src/stochastic.ts'];

function parseArgs(argv) {
  const opts = { only: [], resume: false, concurrency: 2, reportOnly: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') opts.only.push(argv[++i] ?? '');
    else if (a === '--resume') opts.resume = true;
    else if (a === '--report-only') opts.reportOnly = true;
    else if (a === '--concurrency') opts.concurrency = Number(argv[++i]);
    else {
      console.error(`mutation: unknown argument ${a} (use --only SUBSTRING, --resume, --report-only, --concurrency N)`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) {
    console.error('mutation: --concurrency must be a positive integer');
    process.exit(2);
  }
  return opts;
}

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Relative source imports of a file, resolved to .ts paths. */
function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from\s+'(\.{1,2}\/[^']+)\.js'/g)].map((m) => resolve(dirname(file), `${m[1]}.ts`)).filter((f) => existsSync(f));
}

const allFiles = SOURCES.flatMap((d) => walk(join(root, d)));
const importers = new Map(allFiles.map((f) => [f, []]));
for (const f of allFiles) for (const dep of importsOf(f)) importers.get(dep)?.push(f);

/** Every file that imports `file`, directly or not, and the file itself. */
function reverseClosure(file) {
  const seen = new Set([file]);
  const todo = [file];
  while (todo.length > 0) {
    for (const up of importers.get(todo.pop()) ?? []) {
      if (seen.has(up)) continue;
      seen.add(up);
      todo.push(up);
    }
  }
  return seen;
}

/** Plugin ids the cells may name for a mutant in `file`, or null when every cell can reach it. */
function reachingIds(file) {
  const closure = reverseClosure(file);
  if (REACH_ALL.some((f) => closure.has(join(root, f)))) return null;
  const ids = new Set();
  for (const f of closure) for (const m of readFileSync(f, 'utf8').matchAll(/\bid:\s*'([a-z0-9-]+)'/g)) ids.add(m[1]);
  // Plugins built by a factory name their id in a template or variable; fall back to every cell.
  return ids.size === 0 ? null : [...ids].sort();
}

const opts = parseArgs(process.argv.slice(2));
// Read and checked before any Stryker run: a broken list must not waste hours of mutation testing.
const equivalentEntry = z
  .object({
    file: z.string(),
    mutator: z.string().min(1),
    code: z.string().min(1),
    original: z.string().min(1).optional(),
    replacement: z.string().min(1).optional(),
    column: z.number().int().positive().optional(),
    reason: z.string().min(10),
  })
  .strict();
const EQUIVALENT = (() => {
  const file = join(root, 'tools/mutation/equivalent.json');
  let raw;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    console.error(`mutation: tools/mutation/equivalent.json is not valid JSON: ${e.message}`);
    process.exit(2);
  }
  const r = z.array(equivalentEntry).safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    console.error(`mutation: tools/mutation/equivalent.json: entry ${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  return r.data;
})();
const base = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8'));
const excluded = new Set(allFiles.filter((f) => /\/controls\/|\/index\.ts$/.test(f)));
const targets = allFiles
  .filter((f) => !excluded.has(f))
  .map((f) => relative(root, f))
  .filter((f) => opts.only.length === 0 || opts.only.some((s) => f.includes(s)))
  .sort()
  // In the order of the --only arguments (the files most worth rerunning first), then by path.
  .map((f) => ({ f, rank: opts.only.findIndex((s) => f.includes(s)) }))
  .sort((a, b) => a.rank - b.rank)
  .map(({ f }) => f);
if (targets.length === 0) {
  console.error(`mutation: no source file matches ${opts.only.join(', ')}`);
  process.exit(2);
}
mkdirSync(PER_FILE, { recursive: true });
const harnessTime = Math.max(...['tools/mutation/catalogue.mutation.ts', 'tools/mutation/cells.json', 'tools/mutation/run.mjs'].map((f) => statSync(join(root, f)).mtimeMs));

const timings = [];
for (const [k, file] of (opts.reportOnly ? [] : targets).entries()) {
  const slug = file.replace(/^packages\//, '').replace(/[/.]/g, '_');
  const report = join(PER_FILE, `${slug}.json`);
  if (opts.resume && existsSync(report) && statSync(report).mtimeMs > Math.max(harnessTime, statSync(join(root, file)).mtimeMs)) {
    console.log(`[${k + 1}/${targets.length}] ${file}: report up to date, skipped (--resume)`);
    continue;
  }
  const ids = reachingIds(join(root, file));
  const config = {
    ...base,
    _comment: `generated by tools/mutation/run.mjs for ${file}`,
    mutate: [file],
    concurrency: opts.concurrency,
    reporters: ['json', 'progress-append-only'],
    jsonReporter: { fileName: relative(root, `${report}.partial`) },
  };
  const configFile = join(PER_FILE, `${slug}.stryker.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 1));
  console.log(`[${k + 1}/${targets.length}] ${file}: cells of ${ids === null ? 'every plugin' : ids.join(', ')}`);
  const t0 = Date.now();
  const r = spawnSync('npx', ['stryker', 'run', relative(root, configFile)], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, GLASSY_MUTATION_IDS: ids === null ? '' : ids.join(',') },
  });
  const seconds = (Date.now() - t0) / 1000;
  if (r.status !== 0 || !existsSync(`${report}.partial`)) {
    console.error(`mutation: stryker failed on ${file} (exit ${r.status}); the other files' reports are kept`);
    process.exit(1);
  }
  renameSync(`${report}.partial`, report); // a killed run leaves no report that --resume would trust
  timings.push({ file, seconds });
}

// Merge every per-file report (also those kept by --resume) into one. Test ids are numbered per
// Stryker run, so each report's ids get its own prefix before the test files are merged.
const reports = readdirSync(PER_FILE)
  .filter((f) => f.endsWith('.json') && !f.endsWith('.stryker.json'))
  .map((f) => ({ slug: f.replace(/\.json$/, ''), report: JSON.parse(readFileSync(join(PER_FILE, f), 'utf8')) }));
const CATALOGUE = 'tools/mutation/catalogue.mutation.ts';
const testFiles = {};
/** Mutant id (prefixed) → true when a catalogue test killed it. */
const byCatalogue = new Set();
for (const { slug, report } of reports) {
  const catalogueIds = new Set((report.testFiles?.[CATALOGUE]?.tests ?? []).map((t) => t.id));
  for (const [path, tf] of Object.entries(report.testFiles ?? {})) {
    testFiles[path] ??= { ...tf, tests: [] };
    testFiles[path].tests.push(...tf.tests.map((t) => ({ ...t, id: `${slug}:${t.id}` })));
  }
  for (const fileResult of Object.values(report.files)) {
    for (const m of fileResult.mutants) {
      if ((m.killedBy ?? []).some((id) => catalogueIds.has(id))) byCatalogue.add(m);
      if (m.killedBy) m.killedBy = m.killedBy.map((id) => `${slug}:${id}`);
      if (m.coveredBy) m.coveredBy = m.coveredBy.map((id) => `${slug}:${id}`);
    }
  }
}
// Survivors read one by one and found equivalent (no test can tell them from the true code) are
// listed in equivalent.json, each with its reason, keyed by file, mutator, the text of its line
// and the replacement (not the line number, which moves with every edit): such a mutant counts
// as "ignored" (not valid), as Stryker counts one disabled in the source. An entry that no longer
// matches a survivor is reported as stale, so the list cannot hide a mutant after the code moves.
/** The source text a mutant replaces (Stryker locations: lines and columns from 1). */
function spanOf(lines, { start, end }) {
  if (start.line === end.line) return lines[start.line - 1].slice(start.column - 1, end.column - 1);
  return [lines[start.line - 1].slice(start.column - 1), ...lines.slice(start.line, end.line - 1), lines[end.line - 1].slice(0, end.column - 1)].join('\n');
}
const used = new Set();
for (const { report } of reports) {
  for (const [name, fileResult] of Object.entries(report.files)) {
    const lines = fileResult.source.split('\n');
    for (const m of fileResult.mutants) {
      if (m.status !== 'Survived' && m.status !== 'NoCoverage') continue;
      const line = (lines[m.location.start.line - 1] ?? '').trim();
      const original = spanOf(lines, m.location);
      const e = EQUIVALENT.find(
        (x) =>
          name.endsWith(x.file) &&
          x.mutator === m.mutatorName &&
          line.includes(x.code) &&
          (x.original === undefined || original === x.original) &&
          (x.column === undefined || m.location.start.column === x.column) &&
          (x.replacement === undefined || String(m.replacement ?? '').replace(/\s+/g, ' ').includes(x.replacement)),
      );
      if (e === undefined) continue;
      used.add(e);
      m.status = 'Ignored';
      m.statusReason = `equivalent: ${e.reason}`;
    }
  }
}
const stale = EQUIVALENT.filter((e) => !used.has(e));
const merged = { ...reports[0].report, testFiles, files: Object.assign({}, ...reports.map((r) => r.report.files)) };
writeFileSync(join(OUT, 'mutation.json.partial'), JSON.stringify(merged));
renameSync(join(OUT, 'mutation.json.partial'), join(OUT, 'mutation.json'));

const elements = readFileSync(createRequire(import.meta.url).resolve('mutation-testing-elements/dist/mutation-test-elements.js'), 'utf8');
const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>glassy mutation report</title><script>${elements}</script></head>
<body><mutation-test-report-app titlePostfix="glassy"></mutation-test-report-app>
<script>document.querySelector('mutation-test-report-app').report = ${JSON.stringify(merged).replace(/</g, '<"+"')};</script></body></html>\n`;
writeFileSync(join(OUT, 'index.html.partial'), html);
renameSync(join(OUT, 'index.html.partial'), join(OUT, 'index.html'));

// Score per file and per package (Stryker's definition: detected / valid mutants, timeouts count as
// detected; the equivalent mutants marked above are "ignored", not valid). "catalogue" counts only
// the mutants the catalogue itself killed (timeouts included: a timed-out mutant has no killing test).
const metrics = calculateMetrics(merged.files);
const isEquivalent = (x) => x.status === 'Ignored' && /^equivalent:/.test(x.statusReason ?? '');
const byLine = (a, b) => a.location.start.line - b.location.start.line;
const esc = (t) => String(t).replace(/\s+/g, ' ').replace(/\|/g, '\\|').replace(/`/g, "'");
const byPackage = new Map();
const perFile = [];
const equivalent = [];
const survivors = [];
for (const [name, fileResult] of Object.entries(merged.files).sort(([a], [b]) => a.localeCompare(b))) {
  const m = calculateMetrics({ [name]: fileResult }).metrics;
  const eq = fileResult.mutants.filter(isEquivalent).sort(byLine);
  const catalogue = m.timeout + fileResult.mutants.filter((x) => x.status === 'Killed' && byCatalogue.has(x)).length;
  const pkg = name.split('/').slice(0, 2).join('/');
  const acc = byPackage.get(pkg) ?? { killed: 0, timeout: 0, survived: 0, noCoverage: 0, ignored: 0, total: 0, catalogue: 0 };
  acc.killed += m.killed;
  acc.timeout += m.timeout;
  acc.survived += m.survived;
  acc.noCoverage += m.noCoverage;
  acc.ignored += eq.length;
  acc.total += m.totalValid;
  acc.catalogue += catalogue;
  byPackage.set(pkg, acc);
  const short = name.replace(/^packages\//, '');
  perFile.push(`| \`${short}\` | ${m.totalValid + eq.length} | ${eq.length} | ${m.killed + m.timeout} | ${catalogue} | ${m.survived} | ${m.noCoverage} | ${m.mutationScore.toFixed(1)} % |`);
  const lines = fileResult.source.split('\n');
  const code = (x, n) => (lines[x.location.start.line - 1] ?? '').trim().slice(0, n);
  for (const x of eq) {
    equivalent.push(`| \`${short}:${x.location.start.line}\` | ${x.mutatorName}: \`${esc(code(x, 90))}\` → \`${esc(x.replacement ?? '').slice(0, 50)}\` | ${esc(x.statusReason ?? '')} |`);
  }
  for (const x of fileResult.mutants.filter((y) => y.status === 'Survived' || y.status === 'NoCoverage').sort(byLine)) {
    survivors.push(`${name}:${x.location.start.line} ${x.mutatorName}${x.status === 'NoCoverage' ? ' (no coverage)' : ''}: ${code(x, 100)} → ${String(x.replacement ?? '').replace(/\s+/g, ' ').slice(0, 60)}`);
  }
}
writeFileSync(
  join(OUT, 'per-file.md'),
  `| file | mutants | equivalent | detected | by the catalogue | survived | no coverage | score |\n|---|---|---|---|---|---|---|---|\n${perFile.join('\n')}\n`,
);
writeFileSync(join(OUT, 'equivalent.md'), `| where | mutant | why it is equivalent |\n|---|---|---|\n${equivalent.join('\n')}\n`);
writeFileSync(join(OUT, 'survivors.txt'), `${survivors.join('\n')}\n`);
const pad = (s, n) => String(s).padEnd(n);
const pct = (a, b) => `${((100 * a) / b).toFixed(1)} %`;
console.log(`\n${pad('package', 24)}${pad('mutants', 9)}${pad('killed', 8)}${pad('timeout', 9)}${pad('survived', 10)}${pad('no cov.', 9)}${pad('equiv.', 8)}${pad('score', 9)}catalogue alone`);
for (const [pkg, a] of [...byPackage].sort()) {
  console.log(`${pad(pkg, 24)}${pad(a.total, 9)}${pad(a.killed, 8)}${pad(a.timeout, 9)}${pad(a.survived, 10)}${pad(a.noCoverage, 9)}${pad(a.ignored, 8)}${pad(pct(a.killed + a.timeout, a.total), 9)}${pct(a.catalogue, a.total)}`);
}
console.log(`${pad('all', 24)}${pad(metrics.metrics.totalValid, 9)}${''.padEnd(44)}${metrics.metrics.mutationScore.toFixed(1)} %`);
if (stale.length > 0) console.log(`equivalent.json: ${stale.length} entries match no surviving mutant (stale, or the mutant is now killed):\n${stale.map((e) => `  ${e.file} ${e.mutator} "${e.code}"`).join('\n')}`);
console.log(`equivalent mutants (tools/mutation/equivalent.json, with the reason): ${relative(process.cwd(), join(OUT, 'equivalent.md'))}; survivors: ${relative(process.cwd(), join(OUT, 'survivors.txt'))}`);
for (const t of timings) console.log(`  ${t.file}: ${t.seconds.toFixed(0)} s`);
console.log(`report: ${relative(process.cwd(), join(OUT, 'index.html'))}`);
