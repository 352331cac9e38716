/**
 * The quantum chapter in the catalogue: every quantum check passes on the built-in quantum
 * models and rejects the controls that name it; the level-statistics check, the one with
 * randomness (disorder realisations), is measured over seeds for its false-alarm rate on
 * disordered-xxz and its power against the control whose disorder is never wired in. Then the
 * CLI as a user meets it: `glassy verify --model bose-hubbard --model disordered-xxz
 * --include-controls`, `glassy list`, and `glassy run level-stats` with its files and its
 * refusals of bad input (one line, exit 2).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHdf5 } from '@glassy/studies';
import { Registry } from '../src/registry.js';
import { runVerify } from '../src/runner.js';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd } from './support/cli.js';

const registry = Registry.builtin();
const quantumModels = [...registry.quantumModels.values()];
const quantumChecks = [...registry.quantumChecks.values()];

beforeAll(() => assertBuiltCli());
afterAll(() => removeTempDirs());

describe('quantum checks on the built-ins and their controls (seed 1)', () => {
  const cells = runVerify({ models: [], integrators: [], checks: [], quantumModels, quantumChecks, tier: 'quick', seed: 1 });

  it('every applicable cell of bose-hubbard and disordered-xxz passes', () => {
    const built = cells.filter((c) => c.model === 'bose-hubbard' || c.model === 'disordered-xxz');
    expect(built.filter((c) => c.status !== 'n.a.').length).toBeGreaterThanOrEqual(15);
    for (const c of built) expect([c.model, c.check, c.status, c.reason ?? c.result?.explanation]).toEqual([c.model, c.check, c.status === 'n.a.' ? 'n.a.' : 'pass', c.reason ?? c.result?.explanation]);
  });

  it('every control is rejected by each check it names', () => {
    for (const control of quantumModels.filter((m) => m.control)) {
      for (const check of control.control!.mustFail) {
        const cell = cells.find((c) => c.model === control.id && c.check === check);
        expect(cell, `${control.id} × ${check}`).toBeDefined();
        expect([control.id, check, cell!.status]).toEqual([control.id, check, 'expected-fail']);
      }
    }
    expect(cells.some((c) => c.status === 'error' || c.status === 'unexpected-pass')).toBe(false);
  });
});

describe('level-statistics: false alarms on disordered-xxz, power against disorder never wired in', () => {
  const check = registry.quantumChecks.get('level-statistics')!;
  const seeds = [11, 12, 13, 14]; // 20 seeds: npm run power (README, "Quantum chains")

  it(`over ${seeds.length} seeds: no false alarm (stated rate 0.001 per cell), every seed rejects the control`, () => {
    const xxz = registry.quantumModels.get('disordered-xxz')!;
    const unwired = registry.quantumModels.get('disordered-xxz-unwired')!;
    const ok = seeds.map((seed) => check.run({ model: xxz, seed }));
    const bad = seeds.map((seed) => check.run({ model: unwired, seed }));
    expect(ok.map((r) => r.verdict)).toEqual(seeds.map(() => 'pass'));
    expect(bad.map((r) => r.verdict)).toEqual(seeds.map(() => 'fail'));
    // The statistic is reported with its uncertainty; the built-in sits well inside, the control far out.
    for (const r of ok) expect(r.value).toBeLessThan(r.threshold);
    for (const r of bad) expect(r.value).toBeGreaterThan(2 * r.threshold);
    for (const r of [...ok, ...bad]) expect(r.uncertainty).toBeGreaterThan(0);
  });
});

describe('the CLI', () => {
  it('glassy verify --model bose-hubbard --model disordered-xxz --include-controls: all pass, every control rejected, exit 0', async () => {
    const r = await glassy(tempCwd('glassy-quantum-'), ['verify', '--model', 'bose-hubbard', '--model', 'disordered-xxz', '--include-controls'], 120_000);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const counts = /(\d+) pass, (\d+) expected-fail/.exec(r.stdout)!;
    expect(Number(counts[1])).toBeGreaterThanOrEqual(15);
    expect(Number(counts[2])).toBe(quantumModels.filter((m) => m.control).reduce((s, m) => s + m.control!.mustFail.length, 0));
  });

  it('glassy list shows both kinds of model and check', async () => {
    const r = await glassy(tempCwd('glassy-quantum-'), ['list']);
    expect(r.stdout).toMatch(/Models \(quantum, exact diagonalisation\):\n {2}bose-hubbard/);
    expect(r.stdout).toContain('disordered-xxz');
    expect(r.stdout).toMatch(/Checks \(quantum models\):\n {2}hermiticity/);
    expect(r.stdout).toMatch(/Models \(classical\):\n {2}rotor-chain/);
  });

  it('glassy run level-stats writes ⟨r⟩ with errors, the HDF5 file and both figures; a second run resumes', async () => {
    const cwd = tempCwd('glassy-quantum-');
    const args = ['run', 'level-stats', '--model', 'bose-hubbard', '--L', '7', '--N', 'L', '--U', '1', '--g', '0.02,1', '--sector', 'even', '--out', 'ls'];
    const r = await glassy(cwd, args, 120_000);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/L = 7, U = 1, g = 0\.02, N = 7: ⟨r⟩ = 0\.\d{4} ± 0\.\d{4} \(dimension 868/);
    for (const f of ['summary.json', 'level-stats.h5', 'level-stats.svg', 'level-stats.png', 'level-stats-histograms.svg', 'level-stats-histograms.png']) expect(existsSync(join(cwd, 'ls', f)), f).toBe(true);
    const summary = JSON.parse(readFileSync(join(cwd, 'ls', 'summary.json'), 'utf8')) as { points: { g: number; meanGapRatio: number; stdError: number }[] };
    const [weak, strong] = summary.points;
    // The crossover: near-degenerate (below GOE) at small g, GOE-like at g = U.
    expect(strong!.meanGapRatio - weak!.meanGapRatio).toBeGreaterThan(3 * Math.hypot(weak!.stdError, strong!.stdError));
    const h5 = await readHdf5(join(cwd, 'ls', 'level-stats.h5'));
    expect([...(h5.datasets['mean_gap_ratio']!.value as Float64Array)]).toEqual(summary.points.map((p) => p.meanGapRatio));
    const again = await glassy(cwd, args, 120_000);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain('resumed');
  });

  it('glassy run quantum-relaxation: plateau and τ per g, τ growing as g/U → 0, the files written', async () => {
    const cwd = tempCwd('glassy-quantum-');
    const r = await glassy(cwd, ['run', 'quantum-relaxation', '--L', '4', '--N', '4', '--U', '1', '--g', '0.1,0.3,1', '--t-max', '1e4', '--out', 'qr'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/g = 0\.1: plateau φ_q\(∞\) = 0\.\d{4}, τ = \S+ \(dimension 35\)/);
    expect(r.stdout).toMatch(/τ ∝ g\^a: a = -\d\.\d{3}/);
    const summary = JSON.parse(readFileSync(join(cwd, 'qr', 'summary.json'), 'utf8')) as { points: { g: number; tau: number; plateau: number }[] };
    const taus = summary.points.map((p) => p.tau);
    expect(taus[0]!).toBeGreaterThan(taus[1]!);
    expect(taus[1]!).toBeGreaterThan(taus[2]!);
    for (const f of ['quantum-relaxation.h5', 'quantum-relaxation.png', 'quantum-relaxation-tau.svg']) expect(existsSync(join(cwd, 'qr', f)), f).toBe(true);
    const bad = await glassy(cwd, ['run', 'quantum-relaxation', '--model', 'disordered-xxz', '--L', '6', '--out', 'x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toMatch(/^glassy: --model: disordered-xxz has quenched disorder/);
  });

  it.each([
    [['--sector', 'middle'], /^glassy: --sector: no sector "middle" in bose-hubbard \(its sectors: even, odd\)$/],
    [['--N', '-1'], /^glassy: --N: N must be an integer ≥ 0/],
    [['--L', '1'], /^glassy: --L: L must be an integer ≥ 2/],
    [['--n-max', '1', '--N', '9'], /^glassy: --n-max: nMax · L must be ≥ N/],
    [['--model', 'rotor-chain'], /^glassy: --model: unknown quantum model "rotor-chain"/],
    [['--W', '2'], /^glassy: --W: bose-hubbard has no parameter "W"/],
    [['--g', 'NaN'], /^glassy: --g: "NaN" is not a number/],
    [['--realisations', '4'], /^glassy: --realisations: bose-hubbard has no disorder/],
  ])('bad input %j: one line, exit 2, nothing written', async (extra, message) => {
    const cwd = tempCwd('glassy-quantum-');
    const r = await glassy(cwd, ['run', 'level-stats', '--L', '5', '--N', '5', ...extra, '--out', 'ls']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(cwd, 'ls'))).toBe(false);
  });
});
