/**
 * `glassy simulate` as a new user meets it (issue 22): stochastic integrators run with their
 * parameters and a seeded noise (same seed, same file), the summary gives |ΔH/H|, steps and wall
 * time, a step far beyond what the model is verified at is warned about, and running a negative
 * control by name says that it is one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd } from './support/cli.js';

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

const BASE = ['simulate', '--model', 'rotor-chain', '--set', 'L=8', '--dt', '0.01', '--t-end', '1'];

describe('glassy simulate', () => {
  it('runs a stochastic integrator with --integrator-set and --seed, reproducibly', async () => {
    const cwd = tempCwd('glassy-simulate-');
    const args = [...BASE, '--integrator', 'langevin-baoab', '--integrator-set', 'beta=2', '--integrator-set', 'gamma=0.5', '--seed', '5'];
    const a = await glassy(cwd, [...args, '--out', 'a.json']);
    const b = await glassy(cwd, [...args, '--out', 'b.json']);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status).toBe(0);
    const fa = JSON.parse(readFileSync(join(cwd, 'a.json'), 'utf8'));
    const fb = JSON.parse(readFileSync(join(cwd, 'b.json'), 'utf8'));
    expect(fa.p).toEqual(fb.p);
    expect(fa.meta).toMatchObject({ integratorParams: { beta: 2, gamma: 0.5 }, seed: 5 });
    expect(a.stdout).toMatch(/100 steps of dt = 0\.01 .* in [\d.]+ s; H = .* \(\|ΔH\/H\| = .*not conserved: stochastic integrator\)/);
  });

  it('prints |ΔH/H| and warns when dt is far beyond the step the model is verified at', async () => {
    const cwd = tempCwd('glassy-simulate-');
    const r = await glassy(cwd, ['simulate', '--model', 'rotor-chain', '--integrator', 'yoshida4', '--dt', '5', '--t-end', '50', '--out', 'big.json']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/\|ΔH\/H\| = /);
    expect(r.stderr).toMatch(/^glassy: warning: .*dt = 5 is probably beyond the stable step of yoshida4 on this model \(the catalogue verifies it at dt = 0\.05\); try a smaller --dt\n$/);
    const fine = await glassy(cwd, [...BASE, '--integrator', 'yoshida4', '--out', 'fine.json']);
    expect(fine.stderr).toBe('');
  });

  it('says so when the integrator or model is a negative control', async () => {
    const cwd = tempCwd('glassy-simulate-');
    const r = await glassy(cwd, [...BASE, '--integrator', 'stormer-verlet-large-step', '--out', 'c.json']);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('glassy: note: "stormer-verlet-large-step" is a negative control, broken on purpose');
  });
});
