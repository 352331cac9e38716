/**
 * `glassy verify --html DIR` and `glassy report FILE --html DIR` (issue 13), checked in a real
 * headless Chromium (Debian's `chromium`, driven by playwright-core): the page opens from the
 * file system with no network request and no script error, shows every cell of the JSON with its
 * verdict, its filters work, a failing cell opens with its explanation, replay command and
 * figure, and a screenshot is taken. Skipped, saying so, only where no Chromium is installed
 * (.ci/run installs it). GLASSY_CHROMIUM names another executable.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd } from './support/cli.js';

const CHROMIUM = [process.env['GLASSY_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p): p is string => !!p && existsSync(p));
if (!CHROMIUM) console.warn('html-report.test.ts: SKIPPED the browser tests: no Chromium found (apt-get install chromium, or set GLASSY_CHROMIUM)');

const FIXTURE = resolve(import.meta.dirname, 'fixtures/harmonic-chain-plugin.mjs');

interface ReportJson {
  ok: boolean;
  cells: { model: string; integrator: string; check: string; status: string; replay?: string; result?: { figure?: unknown } }[];
}

let browser: Browser | undefined;
let cwd = '';
let report: ReportJson;

beforeAll(async () => {
  assertBuiltCli();
  cwd = tempCwd('glassy-html-');
  // A plugin with a realistic bug beside a correct built-in, so the page holds failing cells.
  writeFileSync(
    join(cwd, 'buggy.mjs'),
    `import base from ${JSON.stringify(pathToFileURL(FIXTURE).href)};
export default { ...base, id: 'harmonic-force-bug', create(params) {
  const m = base.create(params);
  const force = (q, out) => { m.separable.force(q, out); for (let i = 0; i < out.length; i++) out[i] *= 1.1; };
  return { ...m, separable: { ...m.separable, force } };
} };
`,
  );
  writeFileSync(join(cwd, 'glassy.config.json'), JSON.stringify({ plugins: ['./buggy.mjs'] }));
  const r = await glassy(cwd, ['verify', '--model', 'anharmonic-chain', '--model', 'harmonic-force-bug', '--include-controls', '--html', 'report', '--json', 'report.json'], 240_000);
  expect(r.status, r.stdout + r.stderr).toBe(1);
  expect(r.stdout).toContain('report: report/index.html');
  report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8')) as ReportJson;
  if (CHROMIUM) browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  removeTempDirs();
});

describe('the report files', () => {
  it('report.json beside the page is the --json report (same cells), each cell with its replay command', () => {
    const beside = JSON.parse(readFileSync(join(cwd, 'report/report.json'), 'utf8')) as ReportJson;
    expect(beside.cells).toEqual(report.cells);
    expect(report.ok).toBe(false);
    for (const c of report.cells) expect(c.replay).toMatch(/^glassy verify --model \S+ .*--check \S+ --seed 1/);
    // The checks that draw: order fits, energy against time, marginals.
    expect(report.cells.some((c) => c.check === 'energy-error-order' && c.result?.figure)).toBe(true);
    expect(report.cells.some((c) => c.check === 'energy-conservation' && c.result?.figure)).toBe(true);
  });

  it('glassy report FILE --html DIR renders a saved report to the same page', async () => {
    const r = await glassy(cwd, ['report', 'report.json', '--html', 'again']);
    expect(r.status, r.stderr).toBe(0);
    const same = readFileSync(join(cwd, 'again/index.html')).equals(readFileSync(join(cwd, 'report/index.html')));
    expect(same, 'again/index.html differs from report/index.html').toBe(true);
  });

  it.each([
    ['a missing file', ['report', 'nope.json', '--html', 'x'], 'nope.json: file not found'],
    ['not JSON', ['report', 'glassy.config.json.bad', '--html', 'x'], 'not valid JSON'],
    ['a report with a wrong field', ['report', 'edited.json', '--html', 'x'], 'cells.0.status'],
    ['no --html', ['report', 'report.json'], '--html'],
  ])('glassy report on %s: exit 2, one line naming it, nothing written', async (_name, args, names) => {
    writeFileSync(join(cwd, 'glassy.config.json.bad'), '{ nope');
    const edited = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8')) as ReportJson;
    edited.cells[0]!.status = 'great';
    writeFileSync(join(cwd, 'edited.json'), JSON.stringify(edited));
    const r = await glassy(cwd, args);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(names);
    expect(existsSync(join(cwd, 'x'))).toBe(false);
  });
});

describe.skipIf(!CHROMIUM)('the report page in headless Chromium', () => {
  it('shows every cell with its verdict, filters, opens a failing cell with its replay command and figure; no network, no errors', async () => {
    const page = await browser!.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(join(cwd, 'report/index.html')).href;
    await page.goto(url);

    // Every applicable cell, with the verdict of the JSON (n.a. cells hidden by default, then shown).
    const rows = page.locator('tr.cell-row');
    expect(await rows.count()).toBe(report.cells.filter((c) => c.status !== 'n.a.').length);
    await page.uncheck('#f-hide-na');
    expect(await rows.count()).toBe(report.cells.length);
    const statuses = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-status')));
    expect(statuses).toEqual(report.cells.map((c) => c.status));
    expect(await page.locator('#summary').textContent()).toContain('FAILED');

    // Filters: by verdict, then by model.
    const failing = report.cells.filter((c) => c.status === 'fail');
    expect(failing.length).toBeGreaterThan(0);
    await page.selectOption('#f-status', 'fail');
    expect(await rows.count()).toBe(failing.length);
    expect(await page.locator('#matrix td.cell').count()).toBe(failing.length);
    await page.selectOption('#f-status', '');
    await page.selectOption('#f-model', 'anharmonic-chain');
    expect(await rows.count()).toBe(report.cells.filter((c) => c.model === 'anharmonic-chain').length);
    await page.selectOption('#f-model', '');

    // A failing cell with a figure: the energy error that does not fall with dt.
    await page.selectOption('#f-status', 'fail');
    await page.selectOption('#f-check', 'energy-error-order');
    const target = report.cells.find((c) => c.status === 'fail' && c.check === 'energy-error-order')!;
    expect(target).toBeDefined();
    await page.locator('#matrix td.cell').first().click();
    const details = page.locator('#details');
    await details.waitFor({ state: 'visible' });
    expect(await details.locator('h2').textContent()).toContain(`FAIL: ${target.model} × ${target.integrator} × energy-error-order`);
    expect(await details.textContent()).toContain('does not fall with dt');
    expect(await details.locator('code.replay').textContent()).toBe(target.replay);
    expect(await details.locator('svg.check-figure circle').count()).toBeGreaterThan(0);
    const shot = join(cwd, 'failing-cell.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(readFileSync(shot).subarray(1, 4).toString('latin1')).toBe('PNG');

    expect(errors).toEqual([]);
    expect(requests.filter((r) => r !== url)).toEqual([]);
    await page.close();
  }, 60_000);
});
