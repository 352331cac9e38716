/**
 * `glassy run lyapunov` and `glassy bench work-precision` end to end on small settings: output
 * files, summary numbers with their uncertainties, the HDF5 layout, the same result for any number
 * of workers, the crossing-point arithmetic, and bad input (one line naming the flag, exit 2).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cheapestAt, costAtError, readHdf5 } from '@glassy/studies';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd } from './support/cli.js';

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('glassy run lyapunov (small)', () => {
  const cwd = tempCwd('glassy-run-lyapunov-');
  const args = ['run', 'lyapunov', '--g', '1,0.5', '--L', '8', '--t-end', '100', '--samples', '4', '--quiet'];
  type Summary = { couplings: { g: number; lambda: { value: number; stdError: number }; relativeChangeLastDecade: number }[]; exponent: { value: number }; method: Record<string, string> };
  let one: Summary;
  beforeAll(async () => {
    const a = await glassy(cwd, [...args, '--workers', '1', '--out', 'w1'], 120_000);
    expect(a.status, a.stderr).toBe(0);
    const b = await glassy(cwd, [...args, '--workers', '2', '--out', 'w2'], 120_000);
    expect(b.status, b.stderr).toBe(0);
    one = JSON.parse(readFileSync(join(cwd, 'w1', 'summary.json'), 'utf8'));
  }, 240_000);

  it('writes lyapunov.h5, summary.json and both figures as SVG and PNG', () => {
    for (const f of ['lyapunov.h5', 'summary.json', 'lyapunov-t.svg', 'lyapunov-t.png', 'lyapunov-g.svg', 'lyapunov-g.png']) expect(existsSync(join(cwd, 'w1', f)), f).toBe(true);
    expect(readFileSync(join(cwd, 'w1', 'lyapunov-t.png')).subarray(0, 4)).toEqual(PNG);
  });

  it('gives each coupling a positive mLCE with a standard error, and states the method', () => {
    for (const c of one.couplings) {
      expect(c.lambda.value).toBeGreaterThan(0.05);
      expect(c.lambda.stdError).toBeGreaterThan(0);
      expect(c.lambda.stdError).toBeLessThan(c.lambda.value);
      expect(Number.isFinite(c.relativeChangeLastDecade)).toBe(true);
    }
    expect(Object.keys(one.method).sort()).toEqual(['convergence', 'errors', 'estimator', 'fit', 'initialState']);
    expect(Number.isFinite(one.exponent.value)).toBe(true);
  });

  it('gives the same numbers with 1 and 2 workers', () => {
    const two = JSON.parse(readFileSync(join(cwd, 'w2', 'summary.json'), 'utf8')) as Summary;
    expect(two.couplings).toEqual(one.couplings);
  });

  it('stores λ(t) per coupling in HDF5, the last mean equal to the summary', async () => {
    const h5 = await readHdf5(join(cwd, 'w1', 'lyapunov.h5'));
    expect(Object.keys(h5.groups).sort()).toEqual(['g_0.5', 'g_1']);
    const mean = Array.from(h5.groups['g_1']!.datasets['lambda_mean']!.value as Float64Array);
    expect(mean.at(-1)).toBe(one.couplings[0]!.lambda.value);
    expect((h5.datasets['times']!.value as Float64Array).length).toBe(mean.length);
  });

  it.each([
    [['--g', '1', '--integrator', 'saba2c'], /^glassy: --integrator: "saba2c" has no tangent map/],
    [['--g', '1', '--integrator', 'langevin-baoab'], /^glassy: --integrator: "langevin-baoab" has no tangent map/],
    [['--g', '1', '--model', 'dnls'], /^glassy: --model: "dnls" has no exact Gibbs sampler/],
    [['--g', '1', '--t-end', '5'], /^glassy: --t-end: 5 must be a whole multiple \(≥ 10\) of --tau 1/],
    [['--g', '1', '--tau', '0.015'], /^glassy: --tau: 0.015 is not a whole number of steps of --dt 0.02/],
    [['--g', '0,1'], /^glassy: --g: "0" is not a positive number/],
    [['--g', '1', '--samples', '1'], /^glassy: --samples: must be ≥ 2/],
    [['--g', '1', '--spectrum'], /^glassy: --spectrum: needs --L ≤ 32/],
  ])('refuses %j with one line, exit 2', async (extra, message) => {
    const r = await glassy(cwd, ['run', 'lyapunov', ...extra, '--out', 'bad'], 60_000);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('glassy run lyapunov --spectrum', () => {
  it('gives 2L exponents per g that sum to zero, pair up, and start at the mLCE', async () => {
    const cwd = tempCwd('glassy-run-lyapunov-spectrum-');
    const r = await glassy(cwd, ['run', 'lyapunov', '--g', '1', '--L', '8', '--t-end', '400', '--samples', '3', '--spectrum', '--workers', '1', '--quiet', '--out', 'sp'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(cwd, 'sp', 'summary.json'), 'utf8')) as {
      couplings: { lambda: { value: number }; spectrum: { mean: number[]; stdError: number[]; sum: number } }[];
      method: Record<string, string>;
    };
    const c = s.couplings[0]!;
    expect(c.spectrum.mean).toHaveLength(16);
    expect(Math.abs(c.spectrum.sum)).toBeLessThan(1e-12);
    for (let i = 0; i < 8; i++) expect(Math.abs(c.spectrum.mean[i]! + c.spectrum.mean[15 - i]!)).toBeLessThan(0.02);
    expect(Math.abs(c.spectrum.mean[0]! - c.lambda.value)).toBeLessThan(0.1 * c.lambda.value);
    expect(s.method['spectrum']).toMatch(/Gram-Schmidt/);
    const h5 = await readHdf5(join(cwd, 'sp', 'lyapunov.h5'));
    expect(h5.groups['g_1']!.datasets['spectrum_per_sample']!.shape).toEqual([3, 16]);
  }, 150_000);
});

describe('glassy bench work-precision --quick', () => {
  const cwd = tempCwd('glassy-work-precision-');
  type Summary = {
    curves: { integrator: string; points: { dt: number; energyError: number; trajectoryError: number; secondsPerUnitTime: number; forceEvaluationsPerUnitTime: number }[] }[];
    reference: { integrator: string; ownError: number };
    definitions: Record<string, string>;
    crossings: { energyError: { table: { error: number; cheapest?: string }[] } };
  };

  for (const [model, set, expected] of [
    ['rotor-chain', ['--set', 'g=0.1'], ['stormer-verlet', 'saba2', 'saba2c', 'aba864', 'kahan-li6', 'yoshida6']],
    ['dnls', [], ['split-strang', 'split-yoshida4', 'saba2', 'aba864', 'kahan-li6', 'yoshida6']],
  ] as const) {
    it(`${model}: JSON, HDF5 and both diagrams; errors fall with dt; the reference is far below them`, async () => {
      const r = await glassy(cwd, ['bench', 'work-precision', '--model', model, ...set, '--quick', '--quiet', '--out', model], 120_000);
      expect(r.status, r.stderr).toBe(0);
      for (const f of ['work-precision.json', 'work-precision.h5', 'work-precision-energy.svg', 'work-precision-energy.png', 'work-precision-trajectory.svg', 'work-precision-trajectory.png']) {
        expect(existsSync(join(cwd, model, f)), f).toBe(true);
      }
      const s = JSON.parse(readFileSync(join(cwd, model, 'work-precision.json'), 'utf8')) as Summary;
      expect(s.curves.map((c) => c.integrator)).toEqual(expect.arrayContaining([...expected]));
      expect(Object.keys(s.definitions).sort()).toEqual(['cost', 'crossings', 'energyError', 'initialStates', 'trajectoryError']);
      for (const c of s.curves) {
        const pts = [...c.points].sort((a, b) => a.dt - b.dt);
        expect(pts).toHaveLength(3);
        // The largest step has the largest energy error (above round-off) and the least cost in force evaluations.
        expect(pts[2]!.energyError).toBeGreaterThan(pts[0]!.energyError);
        expect(pts[2]!.forceEvaluationsPerUnitTime).toBeLessThan(pts[0]!.forceEvaluationsPerUnitTime);
        for (const p of pts) expect(p.secondsPerUnitTime).toBeGreaterThan(0);
      }
      const sv = s.curves.find((c) => c.integrator === expected[0])!;
      expect(Math.min(...sv.points.map((p) => p.trajectoryError))).toBeGreaterThan(100 * s.reference.ownError);
      const h5 = await readHdf5(join(cwd, model, 'work-precision.h5'));
      expect(Object.keys(h5.groups).sort()).toEqual(s.curves.map((c) => c.integrator).sort());
      expect(Object.keys(h5.groups[expected[0]]!.datasets).sort()).toEqual(['dt', 'energy_error', 'force_evaluations_per_unit_time', 'seconds_per_unit_time', 'trajectory_error']);
    }, 150_000);
  }

  it.each([
    [['--model', 'rotor-chain', '--dt-range', '0.5,0.1'], /^glassy: --dt-range: expected "lo,hi" with 0 < lo < hi/],
    [['--model', 'rotor-chain', '--integrators', 'langevin-baoab'], /^glassy: --integrators: "langevin-baoab" cannot run model "rotor-chain" deterministically \(stochastic\)/],
    [['--model', 'dnls', '--integrators', 'stormer-verlet'], /^glassy: --integrators: "stormer-verlet" cannot run model "dnls" deterministically \(model has no separable capability\)/],
    [['--model', 'rotor-chain', '--set', 'gg=1'], /^glassy: --set gg: unknown parameter of model "rotor-chain"/],
    [['--model', 'rotor-chain', '--points', '1'], /^glassy: --points: must be ≥ 2/],
    [['--set', 'g=1'], /^glassy: --model: is required/],
  ])('refuses %j with one line, exit 2', async (extra, message) => {
    const r = await glassy(cwd, ['bench', 'work-precision', ...extra, '--out', 'bad'], 60_000);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});

describe('crossing points', () => {
  const a = [
    { error: 1e-2, cost: 1 },
    { error: 1e-4, cost: 4 },
    { error: 1e-6, cost: 16 },
  ];
  const b = [
    { error: 1e-3, cost: 3 },
    { error: 1e-9, cost: 6 },
  ];
  it('interpolates cost at an error in log-log inside the measured range only', () => {
    expect(costAtError(a, 1e-3)).toBeCloseTo(2, 12);
    expect(costAtError(a, 1e-7)).toBeUndefined();
    expect(costAtError(b, 1e-6)).toBeCloseTo(Math.sqrt(18), 12);
  });
  it('names the cheapest method at each decade: a while it is cheaper, then b', () => {
    const rows = cheapestAt([
      { name: 'a', points: a },
      { name: 'b', points: b },
    ]);
    expect(rows.find((r) => r.error === 1e-2)!.cheapest).toBe('a');
    expect(rows.find((r) => r.error === 1e-3)!.cheapest).toBe('a');
    expect(rows.find((r) => r.error === 1e-5)!.cheapest).toBe('b');
    expect(rows.find((r) => r.error === 1e-8)!.cheapest).toBe('b');
    expect(rows.find((r) => r.error === 1e-11)!.cheapest).toBeUndefined();
  });
});
