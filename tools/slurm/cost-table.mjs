#!/usr/bin/env node
/* global console, process */
// What Figure 2 costs, from a measured `glassy run phi` (its summary.json): the site-steps each
// coupling takes, the throughput that run achieved, and from both the core-hours of the review's
// range, down to g = 0.2 and g = 0.1, where t0 is extrapolated.
//
//   node tools/slurm/cost-table.mjs fig2/summary.json --cores 2 [--samples 512,8000] [--g 1,0.7,0.5,0.4,0.3,0.2,0.1]
//
// Site-steps of one coupling: samples × L × (t_th + t_max) / Δt, with t_max = 4·t0 (what
// --t-max auto runs to) and t_th the Langevin thermalisation. t0 is the measured one where the
// run has it, else extrapolated two ways: with the run's own fitted power law t0 ~ g^ν, and with
// the review's ν = −5.5 from the smallest measured g (steeper: the review reports the growth
// steepens towards g = 0.1). Throughput: the run's wall time × cores / its site-steps (this
// includes thermalisation, bootstrap and output, so it is what a user gets, not a kernel number).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { cores: { type: 'string' }, samples: { type: 'string', default: '512,8000' }, g: { type: 'string', default: '1,0.7,0.5,0.4,0.3,0.25,0.2,0.1' } },
});
if (positionals.length !== 1) {
  console.error('usage: node tools/slurm/cost-table.mjs DIR/summary.json [--cores N] [--samples 512,8000] [--g list]');
  process.exit(2);
}
const summary = JSON.parse(readFileSync(positionals[0], 'utf8'));
const p = summary.parameters;
const cores = Number(values.cores ?? availableParallelism());
const tTherm = p.init === 'langevin' ? p.tTherm : 0;
const siteSteps = (samples, tMax) => samples * p.L * (tTherm + tMax) / p.dt;
const measured = summary.couplings.reduce((n, c) => n + siteSteps(p.samples, c.tMax), 0);
const nsPerSiteStep = (summary.seconds * cores * 1e9) / measured;
const fit = summary.t0PowerLaw;
const known = new Map(summary.couplings.filter((c) => c.t0.value !== null).map((c) => [c.g, c.t0.value]));
const gMin = Math.min(...known.keys());
const t0Of = (g) => (known.has(g) ? { fit: known.get(g), review: known.get(g), measured: true } : { fit: fit.prefactor * g ** fit.exponent, review: known.get(gMin) * (g / gMin) ** -5.5, measured: false });
const sampleCounts = values.samples.split(',').map(Number);
const fmt = (x) => (x >= 1e4 || x < 0.1 ? x.toExponential(1) : x.toPrecision(3));
const hours = (steps) => (steps * nsPerSiteStep) / 1e9 / 3600;

console.log(`From ${positionals[0]}: L = ${p.L}, Δt = ${p.dt}, ${p.samples} samples, ${p.init}${tTherm ? ` (t_th = ${tTherm})` : ''}; ` +
  `${fmt(measured)} site-steps in ${summary.seconds.toFixed(0)} s on ${cores} cores = ${nsPerSiteStep.toFixed(1)} ns per site-step per core; ` +
  `fitted ν = ${fit.exponent.toFixed(2)}.`);
console.log('');
const head = ['g', 't0', 't_max = 4·t0', ...sampleCounts.flatMap((m) => [`site-steps (${m} samples)`, `core-hours (${m})`])];
console.log(`| ${head.join(' | ')} |`);
console.log(`|${head.map(() => '---').join('|')}|`);
for (const g of values.g.split(',').map(Number)) {
  const t = t0Of(g);
  const row = (t0) => sampleCounts.flatMap((m) => [fmt(siteSteps(m, 4 * t0)), fmt(hours(siteSteps(m, 4 * t0)))]);
  if (t.measured) console.log(`| ${g} | ${fmt(t.fit)} (measured) | ${fmt(4 * t.fit)} | ${row(t.fit).join(' | ')} |`);
  else {
    console.log(`| ${g} | ${fmt(t.fit)} (fit ν = ${fit.exponent.toFixed(2)}) | ${fmt(4 * t.fit)} | ${row(t.fit).join(' | ')} |`);
    console.log(`| ${g} | ${fmt(t.review)} (ν = −5.5 from g = ${gMin}) | ${fmt(4 * t.review)} | ${row(t.review).join(' | ')} |`);
  }
}
