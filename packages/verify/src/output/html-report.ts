/**
 * The verify report as one static page: `glassy verify --html DIR` and `glassy report FILE --html
 * DIR` write DIR/index.html (no server, no network: it opens from the file system) and
 * DIR/report.json, the data the page is generated from (embedded in the page as well).
 *
 * The page: the summary; filters (model, integrator, check, verdict, free text) acting on the
 * matrix (rows model × integrator, a column per check) and on the list of cells; a click on a
 * cell opens its explanation, statistic against threshold, uncertainty, seeds, the command that
 * replays it, its further numbers and, where the check draws one, its figure (log-log order
 * fit with the declared slope, energy error against time, empirical CDF against the analytic
 * one). The figures are drawn as inline SVG by the page's own ~100 lines of script rather than a
 * plotting library: the page must stay small and self-contained, and these are plain x–y plots.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '@glassy/studies';
import type { VerifyReport } from '../verify-report.js';

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const CSS = `
:root { --pass: #1a7f37; --fail: #cf222e; --xfail: #8250df; --na: #8c959f; --warn: #bf8700; font-family: system-ui, 'DejaVu Sans', sans-serif; }
body { margin: 1.2rem 2rem; color: #1f2328; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
.summary { margin: .2rem 0 1rem; }
.ok { color: var(--pass); font-weight: 600; } .failed { color: var(--fail); font-weight: 600; }
.filters { display: flex; gap: .8rem; flex-wrap: wrap; align-items: end; margin-bottom: 1rem; }
.filters label { display: flex; flex-direction: column; font-size: .8rem; color: #57606a; }
table { border-collapse: collapse; font-size: .85rem; }
th, td { border: 1px solid #d0d7de; padding: .2rem .45rem; text-align: left; }
th { background: #f6f8fa; position: sticky; top: 0; }
#matrix tbody th { white-space: nowrap; }
#matrix td.cell { cursor: pointer; white-space: nowrap; }
td.s-pass { color: var(--pass); } td.s-fail, td.s-unexpected-pass, td.s-error, td.s-timeout { color: #fff; background: var(--fail); }
td.s-expected-fail { color: var(--xfail); } td.s-na { color: var(--na); } td.s-info { color: var(--warn); }
.b-regression { font-weight: 700; color: var(--fail); } td.cell.b-regression { outline: 3px solid var(--fail); } .b-improvement { color: var(--pass); }
tr.cell-row { cursor: pointer; } tr.cell-row:hover, #matrix td.cell:hover { outline: 2px solid #0969da; }
#details { border: 1px solid #d0d7de; border-radius: 6px; padding: .8rem 1rem; margin: 1rem 0; max-width: 62rem; }
#details[hidden] { display: none; }
#details code { background: #f6f8fa; padding: .15rem .3rem; user-select: all; }
.scroll { overflow-x: auto; max-width: 100%; }
svg text { font-family: 'DejaVu Sans', sans-serif; }
`;

/** The page's script: builds the matrix and the list from the embedded report, filters, details, figures. */
const SCRIPT = String.raw`
const report = JSON.parse(document.getElementById('glassy-report').textContent);
const cells = report.cells.map((c, i) => ({ ...c, index: i }));
const LABEL = { pass: 'pass', fail: 'FAIL', 'expected-fail': 'xfail', 'unexpected-pass': 'XPASS!', info: 'info', 'n.a.': 'n.a.', error: 'ERROR', timeout: 'TIMEOUT' };
const cls = (s) => 's-' + (s === 'n.a.' ? 'na' : s);
const fmt = (v) => (v === null || v === undefined ? 'not finite' : typeof v !== 'number' ? String(v) : v === 0 ? '0' : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(3) : Number(v.toPrecision(4)).toString());
const el = (tag, attrs = {}, ...kids) => { const e = document.createElement(tag); for (const [k, v] of Object.entries(attrs)) { if (k === 'text') e.textContent = v; else e.setAttribute(k, v); } for (const k of kids) e.append(k); return e; };
const uniq = (key) => [...new Set(cells.map((c) => c[key]))];

function fillSelect(id, values) { const s = document.getElementById(id); for (const v of values) s.append(el('option', { value: v, text: v })); }
fillSelect('f-model', uniq('model')); fillSelect('f-integrator', uniq('integrator')); fillSelect('f-check', uniq('check')); fillSelect('f-status', uniq('status'));

function matches(c) {
  const v = (id) => document.getElementById(id).value;
  const text = v('f-text').toLowerCase();
  return (!v('f-model') || c.model === v('f-model')) && (!v('f-integrator') || c.integrator === v('f-integrator')) &&
    (!v('f-check') || c.check === v('f-check')) && (!v('f-status') || c.status === v('f-status')) &&
    (!document.getElementById('f-hide-na').checked || c.status !== 'n.a.') &&
    (!v('f-baseline') || (c.baseline ? c.baseline.kind : 'unchanged') === v('f-baseline')) &&
    (!text || JSON.stringify([c.model, c.integrator, c.check, c.reason, c.result && c.result.explanation]).toLowerCase().includes(text));
}

function cellText(c) { return c.result && !['n.a.', 'error', 'timeout'].includes(c.status) ? LABEL[c.status] + ' ' + fmt(c.result.value) : LABEL[c.status]; }

function render() {
  const shown = cells.filter(matches);
  document.getElementById('shown').textContent = shown.length + ' of ' + cells.length + ' cells shown';
  const checks = uniq('check').filter((k) => shown.some((c) => c.check === k));
  const rows = [...new Set(shown.map((c) => c.model + ' × ' + c.integrator))];
  const m = document.getElementById('matrix'); m.replaceChildren();
  m.append(el('thead', {}, el('tr', {}, el('th', { text: 'model × integrator' }), ...checks.map((k) => el('th', { text: k })))));
  const body = el('tbody');
  for (const r of rows) {
    const tr = el('tr', {}, el('th', { text: r }));
    for (const k of checks) {
      const c = shown.find((x) => x.model + ' × ' + x.integrator === r && x.check === k);
      const td = el('td', c ? { class: 'cell ' + cls(c.status) + (c.baseline ? ' b-' + c.baseline.kind : ''), 'data-index': String(c.index), 'data-status': c.status, text: (c.baseline ? (c.baseline.kind === 'regression' ? '▲ ' : '▼ ') : '') + cellText(c) } : {});
      if (c) td.addEventListener('click', () => showDetails(c));
      tr.append(td);
    }
    body.append(tr);
  }
  m.append(body);
  const list = document.getElementById('cells'); list.replaceChildren();
  list.append(el('thead', {}, el('tr', {}, ...['verdict', 'baseline', 'model', 'integrator', 'check', 'value', 'threshold', 'explanation'].map((h) => el('th', { text: h })))));
  const lb = el('tbody');
  for (const c of shown) {
    const r = c.result;
    const thr = r ? (r.comparison === 'within' ? fmt(r.target) + ' ± ' + fmt(r.threshold) : r.comparison + ' ' + fmt(r.threshold)) : '';
    const tr = el('tr', { class: 'cell-row', 'data-index': String(c.index), 'data-status': c.status },
      el('td', { class: cls(c.status), text: LABEL[c.status] }), el('td', { class: c.baseline ? 'b-' + c.baseline.kind : '', text: c.baseline ? c.baseline.kind + ': ' + c.baseline.reason : '' }), el('td', { text: c.model }), el('td', { text: c.integrator }), el('td', { text: c.check }),
      el('td', { text: r ? fmt(r.value) + (r.uncertainty != null ? ' ± ' + fmt(r.uncertainty) : '') : '' }), el('td', { text: thr }),
      el('td', { text: ((r && r.explanation) || c.reason || '').slice(0, 160) }));
    tr.addEventListener('click', () => showDetails(c));
    lb.append(tr);
  }
  list.append(lb);
}

function showDetails(c) {
  const d = document.getElementById('details'); d.hidden = false; d.replaceChildren();
  d.setAttribute('data-index', String(c.index));
  d.append(el('h2', { text: LABEL[c.status] + ': ' + c.model + ' × ' + c.integrator + ' × ' + c.check }));
  const r = c.result;
  const dl = el('table');
  const row = (k, v) => dl.append(el('tr', {}, el('th', { text: k }), el('td', { text: v })));
  row('verdict', LABEL[c.status] + (c.expected === 'fail' ? ' (a negative control: must be rejected)' : ''));
  if (c.baseline) row('baseline', c.baseline.kind + ': ' + c.baseline.reason);
  if (r) {
    row('statistic', r.statistic);
    row('measured', fmt(r.value) + (r.uncertainty != null ? ' ± ' + fmt(r.uncertainty) : ''));
    row('threshold', r.comparison === 'within' ? 'within ± ' + fmt(r.threshold) + ' of ' + fmt(r.target) : r.comparison + ' ' + fmt(r.threshold));
    row('explanation', r.explanation);
    row('seeds', r.seeds.join(', '));
  } else if (c.reason) row('reason', c.reason);
  row('cell seed', String(c.seed) + ' (from --seed ' + report.seed + ')');
  row('time', c.seconds.toFixed(3) + ' s');
  if (r && r.details) for (const [k, v] of Object.entries(r.details)) row(k, Array.isArray(v) ? v.map(fmt).join(', ') : fmt(v));
  d.append(dl);
  if (c.replay) d.append(el('p', {}, 'replay: ', el('code', { class: 'replay', text: c.replay })));
  if (r && r.figure) { const f = el('div', { class: 'figure' }); f.innerHTML = plot(r.figure); d.append(f); }
  d.scrollIntoView({ block: 'nearest' });
}

function ticks(lo, hi, log) {
  if (log) { const out = []; for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) out.push(e); return out.length > 8 ? out.filter((_, i) => i % 2 === 0) : out; }
  const step0 = (hi - lo) / 5 || 1; const p = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= step0);
  const out = []; for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-12 * Math.abs(hi); t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function plot(fig) {
  const W = 620, H = 360, L = 78, R = 190, T = 30, B = 50;
  const tx = (v) => (fig.x.log ? Math.log10(v) : v), ty = (v) => (fig.y.log ? Math.log10(v) : v);
  const ok = (v, log) => v !== null && Number.isFinite(v) && (!log || v > 0);
  const xs = [], ys = [];
  for (const s of fig.series) s.x.forEach((x, i) => { for (const y of [s.y[i], s.lower && s.lower[i], s.upper && s.upper[i]]) if (y != null && ok(x, fig.x.log) && ok(y, fig.y.log)) { xs.push(tx(x)); ys.push(ty(y)); } });
  if (xs.length === 0) return '<p>(no finite points to draw)</p>';
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)], [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x0 === x1) { x0 -= 0.5; x1 += 0.5; } if (y0 === y1) { y0 -= 0.5; y1 += 0.5; }
  const py = 0.05 * (y1 - y0); y0 -= py; y1 += py;
  const X = (v) => L + ((v - x0) / (x1 - x0)) * (W - L - R), Y = (v) => H - B - ((v - y0) / (y1 - y0)) * (H - T - B);
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const label = (v, log) => (log ? '1e' + v : fmt(v));
  const colors = ['#0969da', '#cf222e', '#1a7f37', '#8250df', '#bf8700'];
  let svg = '<svg xmlns="http://www.w3.org/2000/svg" class="check-figure" width="' + W + '" height="' + H + '" viewBox="0 0 ' + W + ' ' + H + '">';
  svg += '<text x="' + L + '" y="18" font-size="13" font-weight="600">' + esc(fig.title) + '</text>';
  svg += '<rect x="' + L + '" y="' + T + '" width="' + (W - L - R) + '" height="' + (H - T - B) + '" fill="none" stroke="#8c959f"/>';
  for (const t of ticks(x0, x1, fig.x.log)) if (t >= x0 && t <= x1) svg += '<line x1="' + X(t) + '" x2="' + X(t) + '" y1="' + (H - B) + '" y2="' + (H - B + 5) + '" stroke="#57606a"/><text x="' + X(t) + '" y="' + (H - B + 18) + '" font-size="11" text-anchor="middle">' + label(t, fig.x.log) + '</text>';
  for (const t of ticks(y0, y1, fig.y.log)) if (t >= y0 && t <= y1) svg += '<line x1="' + (L - 5) + '" x2="' + L + '" y1="' + Y(t) + '" y2="' + Y(t) + '" stroke="#57606a"/><text x="' + (L - 8) + '" y="' + (Y(t) + 4) + '" font-size="11" text-anchor="end">' + label(t, fig.y.log) + '</text>';
  svg += '<text x="' + (L + (W - L - R) / 2) + '" y="' + (H - 10) + '" font-size="12" text-anchor="middle">' + esc(fig.x.label) + (fig.x.log ? ' (log)' : '') + '</text>';
  svg += '<text transform="translate(16 ' + (T + (H - T - B) / 2) + ') rotate(-90)" font-size="12" text-anchor="middle">' + esc(fig.y.label) + (fig.y.log ? ' (log)' : '') + '</text>';
  fig.series.forEach((s, k) => {
    const c = colors[k % colors.length];
    const pts = s.x.map((x, i) => [x, s.y[i]]).filter(([x, y]) => ok(x, fig.x.log) && ok(y, fig.y.log)).map(([x, y]) => [X(tx(x)), Y(ty(y))]);
    if (s.lower && s.upper) {
      const band = s.x.map((x, i) => [x, s.lower[i], s.upper[i]]).filter(([x, lo, hi]) => ok(x, fig.x.log) && ok(lo, fig.y.log) && ok(hi, fig.y.log));
      const poly = [...band.map(([x, , hi]) => [X(tx(x)), Y(ty(hi))]), ...band.reverse().map(([x, lo]) => [X(tx(x)), Y(ty(lo))])];
      svg += '<polygon class="band" fill="' + c + '" fill-opacity="0.18" stroke="none" points="' + poly.map(([a, b]) => a.toFixed(1) + ',' + b.toFixed(1)).join(' ') + '"/>';
    }
    if (s.style === 'points') for (const [a, b] of pts) svg += '<circle cx="' + a.toFixed(1) + '" cy="' + b.toFixed(1) + '" r="3" fill="' + c + '"/>';
    else svg += '<polyline fill="none" stroke="' + c + '" stroke-width="1.6"' + (s.style === 'dashed' ? ' stroke-dasharray="6 4"' : '') + ' points="' + pts.map(([a, b]) => a.toFixed(1) + ',' + b.toFixed(1)).join(' ') + '"/>';
    svg += '<text x="' + (W - R + 12) + '" y="' + (T + 14 + 18 * k) + '" font-size="11" fill="' + c + '">' + (s.style === 'points' ? '● ' : s.style === 'dashed' ? '- - ' : '— ') + esc(s.name) + '</text>';
  });
  return svg + '</svg>';
}

for (const id of ['f-model', 'f-integrator', 'f-check', 'f-status', 'f-baseline', 'f-text', 'f-hide-na']) document.getElementById(id).addEventListener('input', render);
render();
`;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The whole page for a report. */
export function renderHtmlReport(report: VerifyReport): string {
  const count = (s: string): number => report.cells.filter((c) => c.status === s).length;
  const summary = ['pass', 'expected-fail', 'fail', 'unexpected-pass', 'error', 'timeout', 'info', 'n.a.']
    .filter((s) => count(s) > 0)
    .map((s) => `${count(s)} ${s}`)
    .join(', ');
  const verdict = report.ok ? '<span class="ok">OK</span>' : '<span class="failed">FAILED</span>';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>glassy verify: ${report.ok ? 'OK' : 'FAILED'}</title>
<style>${CSS}</style>
</head>
<body>
<h1>glassy verify report</h1>
<p class="summary" id="summary">${verdict}: ${escapeHtml(summary)}; glassy ${escapeHtml(report.glassy)}, tier ${report.tier}, seed ${report.seed}, ${report.seconds.toFixed(1)} s.${
    report.reason ? ` <strong>${escapeHtml(report.reason)}</strong>` : ''
  }${report.aborted ? ` <strong>Stopped: ${escapeHtml(report.aborted)}</strong>` : ''}${
    report.baseline
      ? ` Against the baseline: ${report.baseline.compared} cells compared, <span class="${report.baseline.regressions > 0 ? 'b-regression' : ''}">${report.baseline.regressions} regressions</span>, ${report.baseline.improvements} improvements.`
      : ''
  }</p>
<div class="filters">
  <label>model<select id="f-model"><option value="">all</option></select></label>
  <label>integrator<select id="f-integrator"><option value="">all</option></select></label>
  <label>check<select id="f-check"><option value="">all</option></select></label>
  <label>verdict<select id="f-status"><option value="">all</option></select></label>
  <label>baseline<select id="f-baseline"><option value="">all</option><option value="regression">regression</option><option value="improvement">improvement</option><option value="unchanged">unchanged</option></select></label>
  <label>text<input id="f-text" type="search" placeholder="filter"></label>
  <label>n.a. cells<span><input id="f-hide-na" type="checkbox" checked> hide</span></label>
  <span id="shown"></span>
</div>
<section id="details" hidden></section>
<h2>Matrix</h2>
<p>Each cell: verdict and measured statistic (xfail: a negative control rejected, as it must be). Click a cell for its explanation, figure and replay command.</p>
<div class="scroll"><table id="matrix"></table></div>
<h2>Cells</h2>
<div class="scroll"><table id="cells"></table></div>
<script type="application/json" id="glassy-report">${scriptJson(report)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** DIR/index.html and DIR/report.json, each written atomically. Returns the page's path. */
export function writeHtmlReport(dir: string, report: VerifyReport, label = '--html'): string {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`, label);
  const page = join(dir, 'index.html');
  writeFileAtomic(page, renderHtmlReport(report), label);
  return page;
}
