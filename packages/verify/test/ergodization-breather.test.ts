/**
 * `glassy run ergodization` and `glassy run breather` end to end on small settings: output files,
 * summary numbers with their intervals, the same result for any number of workers, the physics
 * they must show (q(T) falls for coupled rotors; a breather of a = 6, L = 3 dissipates with slope
 * −1/3), and bad input (one line naming the flag, exit 2, nothing written).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHdf5 } from '@glassy/studies';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd } from './support/cli.js';

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('glassy run ergodization (small)', () => {
  const cwd = tempCwd('glassy-run-ergodization-');
  const args = ['run', 'ergodization', '--g', '1,0.5', '--L', '16', '--t-max', '400', '--samples', '6', '--lyapunov-samples', '2', '--lyapunov-t-end', '50', '--bootstrap', '200', '--quiet'];
  type PerG = { g: number; TE: { value: number; lo: number; hi: number }; t0: { value: number }; qSlope: number; tailSlope: { value: number }; lyapunovTime: { value: number; stdError: number } };
  type Summary = { couplings: PerG[]; exponentTE: { exponent: number; lo: number; hi: number }; exponentT0: { exponent: number }; method: Record<string, string> };
  let one: Summary;
  beforeAll(async () => {
    const a = await glassy(cwd, [...args, '--workers', '1', '--out', 'w1'], 180_000);
    expect(a.status, a.stderr).toBe(0);
    const b = await glassy(cwd, [...args, '--workers', '2', '--out', 'w2'], 180_000);
    expect(b.status, b.stderr).toBe(0);
    one = JSON.parse(readFileSync(join(cwd, 'w1', 'summary.json'), 'utf8'));
  }, 400_000);

  it('writes ergodization.h5, summary.json and the three figures as SVG and PNG', () => {
    for (const f of ['ergodization.h5', 'summary.json', 'q-of-T.svg', 'q-of-T.png', 'Tq-of-T.svg', 'Tq-of-T.png', 'timescales.svg', 'timescales.png']) expect(existsSync(join(cwd, 'w1', f)), f).toBe(true);
    expect(readFileSync(join(cwd, 'w1', 'timescales.png')).subarray(0, 4)).toEqual(PNG);
  });

  it('gives T_E inside its bootstrap interval, t0 and T_Λ per g, both exponents, and states every definition', () => {
    for (const c of one.couplings) {
      expect(c.TE.value).toBeGreaterThan(0);
      expect(c.TE.lo).toBeLessThanOrEqual(c.TE.value);
      expect(c.TE.hi).toBeGreaterThanOrEqual(c.TE.value);
      // Coupled rotors: the finite-time averages converge, q falls (T_max = 400 is short of the 1/T tail).
      expect(c.qSlope).toBeLessThan(-0.1);
      expect(c.lyapunovTime.value).toBeGreaterThan(0);
      expect(c.lyapunovTime.value).toBeLessThan(c.TE.value);
    }
    expect(Number.isFinite(one.exponentTE.exponent)).toBe(true);
    expect(one.exponentTE.lo).toBeLessThanOrEqual(one.exponentTE.hi);
    for (const k of ['reference', 'observable', 'finiteTimeAverage', 'fluctuationIndex', 'ergodizationTime', 'plateau', 't0', 'lyapunovTime', 'powerLaws']) expect(one.method[k], k).toBeTruthy();
    expect(one.method.reference).toMatch(/PRL 122, 054102/);
  });

  it('gives the same numbers for 1 and 2 workers', () => {
    const two = JSON.parse(readFileSync(join(cwd, 'w2', 'summary.json'), 'utf8')) as Summary;
    expect(two.couplings).toEqual(one.couplings);
  });

  it('stores q(T), T·q and φ per g in HDF5', async () => {
    const h = await readHdf5(join(cwd, 'w1', 'ergodization.h5'));
    expect(Array.from(h.datasets['g']!.value as Float64Array)).toEqual([1, 0.5]);
    expect(Object.keys(h.groups).sort()).toEqual(['g_0.5', 'g_1']);
    const g1 = h.groups['g_1']!;
    const q = Array.from(g1.datasets['q']!.value as Float64Array);
    const times = Array.from(g1.datasets['times']!.value as Float64Array);
    expect(q.length).toBe(times.length);
    expect(q.at(-1)!).toBeLessThan(0.5 * q[0]!);
    const tq = Array.from(g1.datasets['Tq']!.value as Float64Array);
    expect(tq.at(-1)).toBeCloseTo(times.at(-1)! * q.at(-1)!, 12);
  });

  it.concurrent.each([
    [['--g', '1,0.5', '--t-max', '100,200,300'], /^glassy: --t-max: give one value or one per coupling \(2\), got 3/],
    [['--g', '1', '--observable', 'momentum'], /^glassy: --observable: /],
    [['--g', '1', '--model', 'dnls'], /^glassy: --model: "dnls" has no exact Gibbs sampler/],
    [['--g', '1', '--integrator', 'langevin-baoab'], /^glassy: --integrator: "langevin-baoab" is stochastic/],
    [['--g', '1', '--sample-dt', '0.015'], /^glassy: --sample-dt: 0.015 is not a whole number of steps of --dt 0.01/],
    [['--g', '1', '--t-max', '5'], /^glassy: --t-max: 5 is too short/],
    [['--g', '1', '--h', '1', '--beta', '2'], /^glassy: --h: give --beta \(fixed temperature\) or --h/],
  ])('refuses %j with one line, exit 2, nothing written', async (extra, message) => {
    const r = await glassy(cwd, ['run', 'ergodization', ...extra, '--out', 'bad'], 60_000);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(cwd, 'bad'))).toBe(false);
  });
});

describe('glassy run ergodization --h (fixed energy density, as Mithun et al.)', () => {
  it('solves β per coupling so that u(β, g) = h', async () => {
    const cwd = tempCwd('glassy-run-ergodization-h-');
    const r = await glassy(cwd, ['run', 'ergodization', '--g', '1,0.5', '--h', '1', '--L', '16', '--t-max', '100', '--samples', '2', '--lyapunov-samples', '0', '--quiet', '--out', 'h'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(cwd, 'h', 'summary.json'), 'utf8'));
    for (const c of s.couplings) expect(c.energyDensity).toBeCloseTo(1, 9);
    // u(1, 1) = 1.053610 > 1: slightly colder than β = 1 at g = 1; at g = 0.5, u = 1/(2β) + g(1 − A) needs β < 1.
    expect(s.couplings[0].beta).toBeGreaterThan(1);
    expect(s.couplings[1].beta).toBeLessThan(1);
    expect(s.parameters.h).toBe(1);
    expect(s.method.initialStates).toMatch(/energy density/);
  }, 130_000);
});

describe('glassy run breather (small)', () => {
  const cwd = tempCwd('glassy-run-breather-');
  type Case = { a: number; L: number; f: number; measuredSlope: number; stdError: number; agrees: boolean; levelsReached: number; levels: number };
  let cases: Case[];
  beforeAll(async () => {
    const r = await glassy(cwd, ['run', 'breather', '--a', '4,6', '--L', '3', '--quiet', '--out', 'b'], 180_000);
    expect(r.status, r.stderr).toBe(0);
    cases = JSON.parse(readFileSync(join(cwd, 'b', 'summary.json'), 'utf8')).cases;
  }, 200_000);

  it('writes breather.h5, summary.json and both figures', () => {
    for (const f of ['breather.h5', 'summary.json', 'rate.svg', 'rate.png', 'decay.svg', 'decay.png']) expect(existsSync(join(cwd, 'b', f)), f).toBe(true);
  });

  it('reproduces eq. (14) at L = 3: slope −f(L) = 0 for a = 4 and −1/3 for a = 6, within 0.05', () => {
    expect(cases.map((c) => [c.a, c.L])).toEqual([[4, 3], [6, 3]]);
    for (const c of cases) {
      expect(c.levelsReached).toBe(c.levels);
      expect(Math.abs(c.measuredSlope + c.f)).toBeLessThan(0.05);
      expect(c.stdError).toBeGreaterThan(0);
      expect(c.agrees).toBe(true);
    }
    expect(cases[1]!.f).toBeCloseTo(1 / 3, 12);
  });

  it.concurrent.each([
    [['--a', '2'], /^glassy: --a: pinning exponents must exceed the coupling exponent b = 2, got 2/],
    [['--L', '2'], /^glassy: --L: chain lengths must be whole numbers ≥ 3/],
    [['--energy', '100', '--e-end', '200'], /^glassy: --e-end: 200 must be below --energy 100/],
    [['--temperature', '-1'], /^glassy: --temperature: must be ≥ 0/],
    [['--energy', '100', '--e-end', '80'], /^glassy: --e-end: 80 leaves 1 levels/],
  ])('refuses %j with one line, exit 2, nothing written', async (extra, message) => {
    const r = await glassy(cwd, ['run', 'breather', ...extra, '--out', 'bad'], 60_000);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(cwd, 'bad'))).toBe(false);
  });
});

describe('glassy run breather where the decay is out of reach', () => {
  it('says "not measured" and why, instead of a verdict', async () => {
    const cwd = tempCwd('glassy-run-breather-short-');
    const r = await glassy(cwd, ['run', 'breather', '--a', '6', '--L', '5', '--t-max', '200', '--out', 'b'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/a = 6, L = 5: not measured: 1\/11 levels reached by t = 2\d\d .*raise --t-max or lower --energy/);
    const c = JSON.parse(readFileSync(join(cwd, 'b', 'summary.json'), 'utf8')).cases[0];
    expect(c.verdict).toBe('not measured');
    expect(c.agrees).toBe(false);
  }, 130_000);
});

describe('glassy run rotor-friction (small)', () => {
  const cwd = tempCwd('glassy-run-rotor-friction-');
  it('measures dH/dt ~ −1/H for a fast rotor next to the damped one (L = 2)', async () => {
    const r = await glassy(cwd, ['run', 'rotor-friction', '--L', '2', '--quiet', '--out', 'rf'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['rotor-friction.h5', 'summary.json', 'rate.svg', 'rate.png']) expect(existsSync(join(cwd, 'rf', f)), f).toBe(true);
    const s = JSON.parse(readFileSync(join(cwd, 'rf', 'summary.json'), 'utf8'));
    const c = s.cases[0];
    expect(c.fPerturbative).toBe(1);
    expect(Math.abs(c.measuredSlope + 1)).toBeLessThan(0.05);
    expect(c.levelsReached).toBe(c.levels);
    expect(s.method.reference).toMatch(/Nonlinearity 30, R81/);
  }, 130_000);

  it.concurrent.each([
    [['--L', '1'], /^glassy: --L: chain lengths must be whole numbers ≥ 2/],
    [['--energy', '10', '--e-end', '20'], /^glassy: --e-end: 20 must be below --energy 10/],
    [['--gamma', '0'], /^glassy: --gamma: must be > 0/],
  ])('refuses %j with one line, exit 2, nothing written', async (extra, message) => {
    const r = await glassy(cwd, ['run', 'rotor-friction', ...extra, '--out', 'bad'], 60_000);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(cwd, 'bad'))).toBe(false);
  });
});
