/**
 * `glassy run phi` and `glassy run snapshots` end to end on small settings: every output file,
 * every summary number with its uncertainty, the HDF5 layout the README documents, and bad input.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviationOverlap, readHdf5 } from '@glassy/studies';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd, tree } from './support/cli.js';

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

describe('glassy run phi (small)', () => {
  const cwd = tempCwd('glassy-run-phi-');
  let summary: {
    couplings: Array<{ g: number; t0: { value: number; lo: number; hi: number; stdError: number }; lateTime: { exponent: number } }>;
    t0PowerLaw: { exponent: number; lo: number; hi: number; stdError: number };
    collapse: { relaxation: { chi2PerDof: number; dof: number }; allTimes: { chi2PerDof: number; dof: number } };
    method: Record<string, string>;
  };
  beforeAll(async () => {
    const r = await glassy(
      cwd,
      ['run', 'phi', '--g', '2,1.5', '--samples', '24', '--init', 'gibbs', '--t-max', '60', '--bootstrap', '100', '--workers', '1', '--quiet', '--out', 'out'],
      300_000,
    );
    expect(r.status, r.stderr).toBe(0);
    summary = JSON.parse(readFileSync(join(cwd, 'out', 'summary.json'), 'utf8'));
  }, 300_000);

  it('writes phi.h5, summary.json and both panels of Figure 2 as SVG and PNG', () => {
    for (const f of ['phi.h5', 'summary.json', 'fig2a.svg', 'fig2a.png', 'fig2b.svg', 'fig2b.png']) expect(existsSync(join(cwd, 'out', f)), f).toBe(true);
    expect(readFileSync(join(cwd, 'out', 'fig2a.png')).subarray(0, 4)).toEqual(PNG);
    expect(readFileSync(join(cwd, 'out', 'fig2a.svg'), 'utf8')).toContain('<svg');
    expect(tree(join(cwd, 'out')).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it('gives every t0 and the exponent an interval, and states how each was computed', () => {
    for (const c of summary.couplings) {
      expect(Number.isFinite(c.t0.value)).toBe(true);
      expect(c.t0.lo).toBeLessThanOrEqual(c.t0.value);
      expect(c.t0.hi).toBeGreaterThanOrEqual(c.t0.value);
      expect(c.t0.stdError).toBeGreaterThan(0);
    }
    // Stronger coupling relaxes faster.
    expect(summary.couplings[0]!.t0.value).toBeLessThan(summary.couplings[1]!.t0.value);
    expect(summary.t0PowerLaw.exponent).toBeLessThan(0);
    expect(summary.t0PowerLaw.lo).toBeLessThanOrEqual(summary.t0PowerLaw.hi);
    expect(summary.collapse.allTimes.dof).toBeGreaterThan(0);
    expect(Object.keys(summary.method).sort()).toEqual(['collapse', 'exponent', 'interval', 'lateTime', 't0']);
  });

  it('has the documented HDF5 layout, φ per sample whose mean is the stored φ', async () => {
    const h5 = await readHdf5(join(cwd, 'out', 'phi.h5'));
    expect(Object.keys(h5.attrs).sort()).toEqual(['description', 'parameters', 'seed', 'software']);
    expect(h5.attrs['seed']).toBe(1n); // int64
    expect(Object.keys(h5.datasets).sort()).toEqual(['g', 't0', 't0_hi', 't0_lo']);
    expect(Object.keys(h5.groups).sort()).toEqual(['g_1.5', 'g_2']);
    for (const group of Object.values(h5.groups)) {
      expect(Object.keys(group.datasets).sort()).toEqual(['phi', 'phi_per_sample', 'phi_stderr', 'samples', 'tau', 'times']);
      for (const a of ['g', 't0', 't0_lo', 't0_hi', 't0_stderr', 't_max', 'spec_hash']) expect(group.attrs, a).toHaveProperty(a);
      const phi = group.datasets['phi']!.value as Float64Array;
      const per = group.datasets['phi_per_sample']!;
      const [nt, m] = per.shape as [number, number];
      expect(nt).toBe(phi.length);
      expect(m).toBe(24);
      const data = per.value as Float64Array;
      for (let k = 0; k < nt; k++) {
        let sum = 0;
        for (let j = 0; j < m; j++) sum += data[k * m + j]!;
        expect(sum / m).toBeCloseTo(phi[k]!, 12);
      }
    }
  });
});

describe('glassy run phi --t-max auto', () => {
  it('extends the same trajectories until φ passes the level, says so, and equals one run to the final horizon', async () => {
    const cwd = tempCwd('glassy-run-phi-auto-');
    const common = ['run', 'phi', '--g', '0.7', '--L', '16', '--samples', '16', '--init', 'gibbs', '--bootstrap', '50', '--workers', '2'];
    const auto = await glassy(cwd, [...common, '--t-max', 'auto', '--out', 'auto'], 300_000);
    expect(auto.status, auto.stderr).toBe(0);
    // t0 ≈ 60 here (L = 16): the first horizon (t = 100) already passes 0.9, then one extension to 4·t0.
    expect(auto.stderr).toMatch(/φ passed 0\.9 at t ≈ \S+ by t = 100; extending the same trajectories to t = \d/);
    const s = JSON.parse(readFileSync(join(cwd, 'auto', 'summary.json'), 'utf8')) as { couplings: Array<{ tMax: number; tMaxChoice: string; t0: { value: number } }> };
    const c = s.couplings[0]!;
    expect(c.tMaxChoice).toMatch(/^auto: .*t_max = \S+ ≥ 4·t0$/);
    expect(c.tMax).toBeGreaterThanOrEqual(4 * c.t0.value);
    expect(c.tMax).toBeLessThan(6 * c.t0.value);
    const fixed = await glassy(cwd, [...common, '--t-max', String(c.tMax), '--quiet', '--out', 'fixed'], 300_000);
    expect(fixed.status, fixed.stderr).toBe(0);
    const [a, b] = await Promise.all(['auto', 'fixed'].map((d) => readHdf5(join(cwd, d, 'phi.h5'))));
    for (const name of ['times', 'phi', 'phi_per_sample']) {
      expect(a!.groups['g_0.7']!.datasets[name]!.value, name).toEqual(b!.groups['g_0.7']!.datasets[name]!.value);
    }
  }, 600_000);

  it('stops at the cap and says φ did not reach the level', async () => {
    const cwd = tempCwd('glassy-run-phi-cap-');
    const r = await glassy(cwd, ['run', 'phi', '--g', '0.5', '--L', '8', '--samples', '8', '--init', 'gibbs', '--bootstrap', '20', '--t-cap', '30', '--workers', '1', '--out', 'o'], 300_000);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(cwd, 'o', 'summary.json'), 'utf8')) as { couplings: Array<{ tMax: number; tMaxChoice: string }> };
    expect(s.couplings[0]!.tMax).toBe(30);
    expect(s.couplings[0]!.tMaxChoice).toMatch(/stopped at the cap --t-cap 30 without φ reaching 0\.9/);
  }, 300_000);
});

describe('glassy run spreading (small)', () => {
  it('writes spreading.h5 and summary.json with exponents and their standard errors', async () => {
    const cwd = tempCwd('glassy-run-spreading-');
    const r = await glassy(cwd, ['run', 'spreading', '--L', '256', '--t-max', '300', '--realisations', '3', '--quiet', '--out', 'sp'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(cwd, 'sp', 'summary.json'), 'utf8')) as {
      exponents: { m2: { value: number; stdError: number }; P: { value: number; stdError: number } };
      boundary: { ok: boolean };
      method: Record<string, string>;
    };
    for (const k of ['m2', 'P'] as const) {
      expect(Number.isFinite(s.exponents[k].value)).toBe(true);
      expect(s.exponents[k].stdError).toBeGreaterThan(0);
    }
    expect(s.boundary.ok).toBe(true);
    const h5 = await readHdf5(join(cwd, 'sp', 'spreading.h5'));
    expect(Object.keys(h5.datasets).sort()).toEqual(['P', 'disorder_seeds', 'exponent_P', 'exponent_m2', 'm2', 'times']);
    expect(h5.datasets['m2']!.shape).toEqual([3, (h5.datasets['times']!.value as Float64Array).length]);
  });
});

describe('glassy run kappa (small)', () => {
  it('writes kappa.h5, summary.json (κ̃ with its standard error and the convention) and the running-integral figure', async () => {
    const cwd = tempCwd('glassy-run-kappa-');
    const r = await glassy(cwd, ['run', 'kappa', '--g', '1', '--L', '16', '--samples', '8', '--t-run', '200', '--t-corr', '20', '--workers', '2', '--quiet', '--out', 'k'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(cwd, 'k', 'summary.json'), 'utf8')) as { kappa: { value: number; stdError: number }; convention: string; method: string };
    expect(s.kappa.value).toBeGreaterThan(0);
    expect(s.kappa.stdError).toBeGreaterThan(0);
    expect(s.convention).toContain('(β²/L)');
    for (const f of ['kappa.h5', 'kappa.svg', 'kappa.png']) expect(existsSync(join(cwd, 'k', f)), f).toBe(true);
    const h5 = await readHdf5(join(cwd, 'k', 'kappa.h5'));
    expect(Object.keys(h5.datasets).sort()).toEqual(['correlation', 'correlation_stderr', 'kappa', 'kappa_per_sample', 'kappa_stderr', 'lags', 'running_integral', 'running_integral_stderr']);
    // Same seed, one worker: bit-identical result.
    const again = await glassy(cwd, ['run', 'kappa', '--g', '1', '--L', '16', '--samples', '8', '--t-run', '200', '--t-corr', '20', '--workers', '1', '--quiet', '--out', 'k1'], 120_000);
    expect(again.status, again.stderr).toBe(0);
    const s1 = JSON.parse(readFileSync(join(cwd, 'k1', 'summary.json'), 'utf8')) as { kappa: { value: number } };
    expect(s1.kappa.value).toBe(s.kappa.value);
  });
});

describe('glassy run kappa-trend (small)', () => {
  it('along λ = g^{1/2}(βg)^r: summary with κ̃/(g²λ) ± SE per g, the fitted exponent, HDF5 and the plot; bit-identical for 1 and 2 workers', async () => {
    const cwd = tempCwd('glassy-run-kappa-trend-');
    const args = ['run', 'kappa-trend', '--g', '0.8,0.5', '--L', '8', '--samples', '6', '--dt', '0.1', '--quiet'];
    const r = await glassy(cwd, [...args, '--workers', '2', '--out', 't2'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    type Summary = { points: Array<{ g: number; lambda: number; kappa: number; stdError: number; ratio: number; ratioStdError: number; reducedKappa: number }>; fit: { value: number; stdError: number } };
    const s = JSON.parse(readFileSync(join(cwd, 't2', 'summary.json'), 'utf8')) as Summary;
    expect(s.points.map((p) => p.g)).toEqual([0.8, 0.5]);
    for (const p of s.points) {
      expect(p.lambda).toBeCloseTo(Math.sqrt(p.g) * p.g ** 2, 14);
      expect(p.ratio).toBeCloseTo(p.kappa / (p.g * p.g * p.lambda), 12);
      expect(p.ratioStdError).toBeGreaterThan(0);
      expect(p.reducedKappa).toBeCloseTo(p.kappa / Math.sqrt(p.g), 12);
    }
    expect(Number.isFinite(s.fit.value)).toBe(true);
    expect(s.fit.stdError).toBeGreaterThan(0);
    for (const f of ['kappa-trend.h5', 'kappa-trend.svg', 'kappa-trend.png']) expect(existsSync(join(cwd, 't2', f)), f).toBe(true);
    const h5 = await readHdf5(join(cwd, 't2', 'kappa-trend.h5'));
    expect(Object.keys(h5.datasets).sort()).toEqual(['g', 'kappa', 'kappa_stderr', 'lambda', 'ratio', 'ratio_stderr']);
    const one = await glassy(cwd, [...args, '--workers', '1', '--out', 't1'], 120_000);
    expect(one.status, one.stderr).toBe(0);
    const s1 = JSON.parse(readFileSync(join(cwd, 't1', 'summary.json'), 'utf8')) as Summary;
    expect(s1.points.map((p) => p.kappa)).toEqual(s.points.map((p) => p.kappa));
  });
  it('--flip-rate at one g: κ against λ with the exponent of κ ∝ λ^b', async () => {
    const cwd = tempCwd('glassy-run-kappa-lambda-');
    const r = await glassy(cwd, ['run', 'kappa-trend', '--g', '0.5', '--flip-rate', '0.3,0.1', '--L', '8', '--samples', '6', '--dt', '0.1', '--quiet', '--out', 'l'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(cwd, 'l', 'summary.json'), 'utf8')) as { points: Array<{ g: number; lambda: number }>; fit: { quantity: string } };
    expect(s.points.map((p) => [p.g, p.lambda])).toEqual([[0.5, 0.3], [0.5, 0.1]]);
    expect(s.fit.quantity).toContain('λ^b');
  });
});

describe('glassy run ness (small)', () => {
  it('writes ness.h5 and summary.json: current, bulk gradient and κ with standard errors; heat flows from hot to cold', async () => {
    const cwd = tempCwd('glassy-run-ness-');
    const r = await glassy(cwd, ['run', 'ness', '--L', '16', '--t-relax', '200', '--t-meas', '1000', '--samples', '4', '--delta-t', '1', '--quiet', '--out', 'n'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(readFileSync(join(cwd, 'n', 'summary.json'), 'utf8')) as Record<string, { value: number; stdError: number }>;
    expect(s['current']!.value).toBeGreaterThan(0); // from the hot left bath to the cold right one
    expect(s['gradient']!.value).toBeLessThan(0);
    for (const k of ['current', 'gradient', 'kappa', 'currentTimesLOverDeltaT']) expect(s[k]!.stdError, k).toBeGreaterThan(0);
    const h5 = await readHdf5(join(cwd, 'n', 'ness.h5'));
    expect(h5.datasets['temperature_profile']!.value).toHaveLength(16);
  });
});

describe('glassy run snapshots (small)', () => {
  it('writes Figure 1, both space-time maps and snapshots.h5', async () => {
    const cwd = tempCwd('glassy-run-snapshots-');
    const r = await glassy(cwd, ['run', 'snapshots', '--g', '0.07', '--dt', '0.01', '--times', '0,5,10', '--t-therm', '1', '--frames', '20', '--out', 'fig1'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    for (const f of ['fig1.svg', 'fig1.png', 'spacetime-omega.svg', 'spacetime-omega.png', 'spacetime-triples.svg', 'spacetime-triples.png', 'spacetime-deviation.svg', 'spacetime-deviation.png', 'snapshots.h5']) {
      expect(existsSync(join(cwd, 'fig1', f)), f).toBe(true);
    }
    // The deviation vector's weight per site: a distribution over sites at every frame, and its overlap with the triples reported.
    const h5 = await readHdf5(join(cwd, 'fig1', 'snapshots.h5'));
    const w = h5.datasets['deviation_weight']!;
    expect(w.shape).toEqual([h5.datasets['times']!.shape[0], 64]);
    const rows = Array.from(w.value as Float64Array);
    for (let k = 0; k < rows.length / 64; k++) expect(rows.slice(64 * k, 64 * (k + 1)).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(r.stdout).toMatch(/deviation vector \(t > 1\): participation number [\d.]+ of 64 sites; [\d.]+% of its weight on chaotic-triple sites \([\d.]+% of sites\)/);
  });

  it('deviationOverlap: weight on triple sites and near them, site fractions, participation number', () => {
    const times = [0, 1, 2];
    const weight = [
      [1, 0, 0, 0, 0, 0, 0, 0],
      [0.5, 0.5, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0.25, 0.25, 0.25, 0.25],
    ];
    const triples = [
      [0, 0, 0, 0, 0, 0, 0, 0],
      [1, 0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0, 1],
    ];
    const o = deviationOverlap(times, weight, triples, 0.5);
    expect(o.frames).toBe(2);
    expect(o.onTriples).toBeCloseTo((0.5 + 0.25) / 2, 15);
    expect(o.tripleSites).toBeCloseTo(1 / 8, 15);
    // frame 1: sites within 2 of site 0 on the ring: 6, 7, 0, 1, 2 → weight 1; frame 2: of site 7: 5, 6, 7, 0, 1 → 0.75
    expect(o.nearTriples).toBeCloseTo((1 + 0.75) / 2, 15);
    expect(o.nearSites).toBeCloseTo(5 / 8, 15);
    expect(o.participation).toBeCloseTo((2 + 4) / 2, 12);
  });
});

describe('output folders of glassy run: one run per folder', () => {
  it('resumes the same run, refuses another one naming what differs, replaces it with --force', async () => {
    const cwd = tempCwd('glassy-run-dir-');
    const run = (...extra: string[]) => glassy(cwd, ['run', 'phi', '--g', '1', '--samples', '8', '--t-max', '1', '--t-therm', '1', '--quiet', '--out', 'o', ...extra], 120_000);
    expect((await run()).status).toBe(0);
    const again = await run();
    expect(again.status, again.stderr).toBe(0);
    const first = readFileSync(join(cwd, 'o', 'summary.json'), 'utf8');
    const other = await run('--seed', '2');
    expect(other.status).toBe(2);
    expect(other.stderr).toBe('glassy: --out: o holds another run (--seed 1 there, 2 now); choose another --out, or add --force to replace it\n');
    expect(readFileSync(join(cwd, 'o', 'summary.json'), 'utf8')).toBe(first);
    const forced = await run('--seed', '2', '--force');
    expect(forced.status, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(cwd, 'o', 'summary.json'), 'utf8')).parameters.seed).toBe(2);
  });

  it('refuses a folder with files glassy did not write', async () => {
    const cwd = tempCwd('glassy-run-dir-');
    mkdirSync(join(cwd, 'o'));
    writeFileSync(join(cwd, 'o', 'notes.txt'), 'mine');
    const r = await glassy(cwd, ['run', 'ness', '--out', 'o']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('holds files glassy did not write');
    expect(readFileSync(join(cwd, 'o', 'notes.txt'), 'utf8')).toBe('mine');
  });
});

describe('glassy run phi when φ does not reach the level', () => {
  it('says t0 was not measured and what to change, marks the summary, and reports no NaN', async () => {
    const cwd = tempCwd('glassy-run-phi-short-');
    const r = await glassy(cwd, ['run', 'phi', '--g', '0.5', '--samples', '8', '--t-max', '2', '--t-therm', '1', '--out', 'o'], 120_000);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('glassy: warning: g = 0.5: φ never reached 0.9 by t_max = 2: t0 not measured; raise --t-max');
    expect(r.stdout).toContain('g = 0.5: t0 not measured (φ stayed below 0.9 up to t_max = 2; raise --t-max)');
    expect(r.stdout).toContain('collapse: not measured');
    expect(r.stdout).not.toContain('NaN');
    const summary = JSON.parse(readFileSync(join(cwd, 'o', 'summary.json'), 'utf8'));
    expect(summary.couplings[0].t0).toMatchObject({ value: null, reliable: false });
  });
});

describe('bad input to glassy run', () => {
  it.each([
    [['run', 'phi', '--g', 'abc', '--out', 'o'], '--g'],
    [['run', 'phi', '--g', '0,1', '--out', 'o'], '--g'],
    [['run', 'phi', '--g', '1,1', '--out', 'o'], '--g'],
    [['run', 'phi', '--g', '1', '--samples', '4', '--out', 'o'], '--samples'],
    [['run', 'phi', '--g', '1', '--level', '1.5', '--out', 'o'], '--level'],
    [['run', 'phi', '--g', '1', '--t-max', '-3', '--out', 'o'], '--t-max'],
    [['run', 'phi', '--g', '1'], '--out'],
    [['run', 'phi', '--g', '1', '--out', 'afile'], '--out'],
    [['run', 'spreading', '--L', '4', '--out', 'o'], '--L'],
    [['run', 'kappa', '--t-corr', '600', '--out', 'o'], '--t-corr'],
    [['run', 'ness', '--delta-t', '3', '--out', 'o'], '--delta-t'],
    [['run', 'ness', '--L', '8', '--out', 'o'], '--L'],
    [['run', 'ness', '--model', 'dnls', '--out', 'o'], '--model'],
    [['run', 'kappa', '--model', 'dnls', '--out', 'o'], '--model'],
    [['run', 'kappa', '--dtau', '0.015', '--out', 'o'], '--dtau'],
    [['run', 'kappa-trend', '--g', '0.1', '--out', 'o'], '--g'],
    [['run', 'kappa-trend', '--g', '0.1,0.2', '--flip-rate', '0.01,0.001', '--out', 'o'], '--g'],
    [['run', 'kappa-trend', '--g', '0.1', '--flip-rate', '0.01', '--out', 'o'], '--flip-rate'],
    [['run', 'kappa-trend', '--g', '0.1', '--flip-rate', '0.01,-1', '--out', 'o'], '--flip-rate'],
    [['run', 'kappa-trend', '--r', '-1', '--out', 'o'], '--r'],
    [['run', 'kappa-trend', '--model', 'dnls', '--out', 'o'], '--model'],
    [['run', 'kappa-trend', '--samples', '2', '--out', 'o'], '--samples'],
    [['run', 'kappa-trend'], '--out'],
    [['run', 'spreading', '--integrator', 'stormer-verlet', '--out', 'o'], '--integrator'],
    [['run', 'spreading', '--realisations', '1', '--out', 'o'], '--realisations'],
    [['run', 'snapshots', '--times', '0,5', '--out', 'o'], '--times'],
    [['run', 'snapshots', '--g', '-1', '--out', 'o'], '--g'],
    // Issue 22: combinations only a study's own schema used to see (internal error before), empty
    // list entries, horizons that are not whole steps or lie below --t-min.
    [['run', 'phi', '--g', '1', '--samples', '8', '--t-max', '1', '--dt', '0.3', '--t-therm', '10', '--out', 'o'], '--t-therm'],
    [['run', 'phi', '--g', '1,,0.5', '--out', 'o'], '--g'],
    [['run', 'phi', '--g', '1', '--t-max', '20.005', '--out', 'o'], '--t-max'],
    [['run', 'phi', '--g', '1', '--t-min', '0.5', '--t-max', '0.2', '--out', 'o'], '--t-max'],
    [['run', 'phi', '--g', '1', '--t-min', '0.105', '--out', 'o'], '--t-min'],
    [['run', 'kappa-trend', '--g', '0.2,,0.1', '--out', 'o'], '--g'],
    [['run', 'spreading', '--dt', '0.3', '--t-max', '10', '--out', 'o'], '--t-max'],
  ])('%j: exit 2, one line naming %s, nothing written', async (args, flag) => {
    const cwd = tempCwd('glassy-run-bad-');
    writeFileSync(join(cwd, 'afile'), 'x');
    const r = await glassy(cwd, args);
    expect(r.status, r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^glassy: /);
    expect(lines[0]).toContain(flag);
    expect(tree(cwd)).toEqual(['afile']);
  });
});
