/**
 * Never hang, never pass empty (issue 21): the cell guard stops runaway and non-finite states
 * with FAIL naming the step and site, a cell past its wall-clock budget is a TIMEOUT and the run
 * goes on, a plugin that loops in its own code is ended by the CLI's watchdog with a report, and
 * a selection that ran no cell is a failure with one line saying why.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckPlugin, HamiltonianModel, ModelPlugin } from '@glassy/contracts';
import { ksOneSample, ksTwoSample } from '@glassy/observables';
import { Registry, emptyReason, allGood, runVerify } from '../src/index.js';
import { assertBuiltCli, glassy, removeTempDirs, startGlassy, tempCwd } from './support/cli.js';
// @ts-expect-error: plain-ESM fixture without types
import harmonic from './fixtures/harmonic-chain-plugin.mjs';

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

const registry = Registry.builtin();
const check = (id: string): CheckPlugin => registry.checks.get(id)!;
const integrator = (id: string) => registry.integrators.get(id)!;
const base = harmonic as ModelPlugin;

/** The harmonic fixture with another force (and gradient), e.g. one that makes V unbounded below. */
function withForce(id: string, force: (q: Float64Array, out: Float64Array) => void): ModelPlugin {
  return {
    ...base,
    id,
    create(params: never) {
      const m = base.create(params) as HamiltonianModel;
      return {
        ...m,
        separable: { ...m.separable!, force },
        gradient: (q, p, dHdq, dHdp) => {
          force(q, dHdq);
          for (let i = 0; i < q.length; i++) dHdq[i] = -dHdq[i]!;
          dHdp.set(p);
        },
      };
    },
  } as ModelPlugin;
}

describe('the cell guard', () => {
  it('stops a runaway state (a potential unbounded below) with FAIL naming the step and the site', () => {
    const unbounded = withForce('unbounded-fixture', (q, out) => {
      for (let i = 0; i < q.length; i++) out[i] = q[i]! + q[i]! * q[i]! * q[i]!;
    });
    const [cell] = runVerify({ models: [unbounded], integrators: [integrator('stormer-verlet')], checks: [check('time-reversibility')], tier: 'quick', seed: 1 });
    expect(cell!.status).toBe('fail');
    expect(cell!.reason).toMatch(/^state ran away at step \d+, site \d+: \|[qp]\| = .* > 1\.0e\+6 .*stopped by the state guard/);
  });

  it('names sites 1 … L, as figures do: a force that runs away only on the last site says "site L"', () => {
    const lastOnly = withForce('last-site-fixture', (q, out) => {
      const n = q.length;
      for (let i = 0; i < n; i++) out[i] = -q[i]!;
      out[n - 1] = q[n - 1]! + q[n - 1]! ** 3; // unbounded below on the last site alone
    });
    const [cell] = runVerify({ models: [lastOnly], integrators: [integrator('stormer-verlet')], checks: [check('time-reversibility')], tier: 'quick', seed: 1 });
    const L = (base.create((base.params as unknown as { parse(x: unknown): never }).parse(base.verification.params)) as HamiltonianModel).sites;
    expect(cell!.reason).toMatch(new RegExp(`^state ran away at step \\d+, site ${L}:`));
  });

  it('stops a state that turns non-finite with FAIL naming the step', () => {
    const nan = withForce('nan-fixture', (q, out) => {
      for (let i = 0; i < q.length; i++) out[i] = Math.abs(q[i]!) > 2 ? Number.NaN : -q[i]!;
    });
    const [cell] = runVerify({ models: [nan], integrators: [integrator('langevin-baoab')], checks: [check('thermostat')], tier: 'quick', seed: 1 });
    expect(cell!.status).toBe('fail');
    expect(cell!.reason).toMatch(/non-finite .*step \d+/);
  });

  it('ends a cell past its wall-clock budget as TIMEOUT and goes on with the next cell', () => {
    const endless: CheckPlugin = {
      ...check('energy-conservation'),
      id: 'endless-fixture',
      run({ model, integrator: i }) {
        const m = model.create(model.params.parse(model.verification.params) as never);
        const stepper = i!.create(m);
        const q = new Float64Array(m.dof).fill(0.1);
        const p = new Float64Array(m.dof);
        for (;;) stepper.step(q, p, 0.01, 100);
      },
    };
    const cells = runVerify({
      models: [registry.models.get('anharmonic-chain')!],
      integrators: [integrator('stormer-verlet')],
      checks: [endless, check('invariants'), check('time-reversibility')],
      tier: 'quick',
      seed: 1,
      cellTimeout: 0.3,
    });
    expect(cells.map((c) => c.status)).toEqual(['timeout', 'n.a.', 'pass']);
    expect(cells[0]!.reason).toMatch(/wall-clock budget of 0\.3 s/);
    expect(allGood(cells)).toBe(false);
  });

  it('leaves the results of correct plugins unchanged (same values as unguarded steps)', () => {
    const m = registry.models.get('rotor-chain')!;
    const [a] = runVerify({ models: [m], integrators: [integrator('yoshida4')], checks: [check('time-reversibility')], tier: 'quick', seed: 3 });
    const unguarded = check('time-reversibility').run({ model: m, integrator: integrator('yoshida4'), seed: a!.seed });
    expect(a!.result!.value).toBe(unguarded.value);
  });
});

describe('a selection that ran no cell', () => {
  it('is not good, and says which flag to add', () => {
    const cells = runVerify({ models: [registry.models.get('rotor-chain')!], integrators: [], checks: [check('ness-normal')], tier: 'quick', seed: 1 });
    expect(cells).toEqual([]);
    expect(allGood(cells)).toBe(false);
    expect(emptyReason(cells, [check('ness-normal')], 'quick')).toBe('no cell ran: ness-normal is a full-tier check; add --tier full');
  });

  it('names the reasons when every cell is n.a.', () => {
    const cells = runVerify({ models: [registry.models.get('dnls')!], integrators: [], checks: [check('anderson-lyapunov')], tier: 'quick', seed: 1 });
    expect(emptyReason(cells, [check('anderson-lyapunov')], 'quick')).toMatch(/^no cell ran: all 1 selected cells are n\.a\. \(/);
  });

  it('glassy verify exits 1 with one line; JSON and JUnit say the same', async () => {
    const cwd = tempCwd('glassy-empty-');
    const r = await glassy(cwd, ['verify', '--model', 'rotor-chain', '--check', 'ness-normal', '--json', 'r.json', '--junit', 'r.xml']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('glassy: no cell ran: ness-normal is a full-tier check; add --tier full\n');
    const report = JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8'));
    expect(report).toMatchObject({ ok: false, reason: 'no cell ran: ness-normal is a full-tier check; add --tier full', cells: [] });
    const xml = readFileSync(join(cwd, 'r.xml'), 'utf8');
    expect(xml).toContain('tests="1" failures="1"');
    expect(xml).toContain('<failure message="no cell ran: ness-normal is a full-tier check; add --tier full"/>');
  });

  it('--cell-timeout is validated', async () => {
    const r = await glassy(tempCwd('glassy-timeout-flag-'), ['verify', '--cell-timeout', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('glassy: --cell-timeout: must be > 0\n');
  });
});

describe('the watchdog of glassy verify', () => {
  it('ends a plugin that loops in its own code with a TIMEOUT line and a report, never a hang', async () => {
    const cwd = tempCwd('glassy-hang-');
    writeFileSync(join(cwd, 'glassy.config.json'), JSON.stringify({ plugins: [resolve(import.meta.dirname, 'fixtures/hanging-plugin.mjs')] }));
    const child = startGlassy(cwd, ['verify', '--model', 'hanging-fixture', '--cell-timeout', '1', '--json', 'r.json', '--junit', 'r.xml'], 60_000);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const signal = await new Promise<string | null>((done) => child.on('close', (_status, s) => done(s)));
    expect(signal).toBe('SIGKILL');
    expect(stderr).toMatch(/^glassy: TIMEOUT hanging-fixture × \(model\) × derivative-consistency did not stop within its hard limit of 11\.5 s/m);
    expect(existsSync(join(cwd, 'r.json'))).toBe(true);
    const report = JSON.parse(readFileSync(join(cwd, 'r.json'), 'utf8'));
    expect(report.ok).toBe(false);
    expect(report.cells.at(-1)).toMatchObject({ model: 'hanging-fixture', status: 'timeout' });
    expect(readFileSync(join(cwd, 'r.xml'), 'utf8')).toMatch(/<failure message="timeout: /);
  }, 60_000);
});

describe('KS tests on samples with NaN', () => {
  it('reject instead of looping forever', () => {
    expect(ksTwoSample([0.1, Number.NaN, 0.3], [0.2, 0.4]).pValue).toBe(0);
    expect(ksOneSample([0.1, Number.NaN], (x) => x).pValue).toBe(0);
  });
});
