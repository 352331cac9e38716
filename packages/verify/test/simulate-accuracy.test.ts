/**
 * Acceptance tests of `glassy simulate` (the built CLI, spawned):
 * - accuracy against an independent high-accuracy integration of the rotor chain written here,
 *   from docs/physics.md §1 only (no glassy package is imported);
 * - the seeded random initial state, the state-file round trip and restarts;
 * - a trajectory that blows up: exit 1, step and site named, last finite state in OUT.partial.json.
 *
 * Build first: `npx nx run @glassy/verify:build` (the Nx `test` target depends on it).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it, type ExpectStatic } from 'vitest';
import { assertBuiltCli, glassy, removeTempDirs, tempCwd as makeTempCwd, type Run } from './support/cli.js';

// ------------------------------------------------------------------ helpers

interface StateFile {
  model: string;
  params: Record<string, unknown>;
  t: number;
  q: number[];
  p: number[];
  meta?: Record<string, unknown>;
}

const tempCwd = () => makeTempCwd('glassy-simulate-');

/** Run and require success; the message carries the CLI's output. */
async function glassyOk(expect: ExpectStatic, cwd: string, args: readonly string[]): Promise<Run> {
  const r = await glassy(cwd, args);
  expect(r.status, `glassy ${args.join(' ')}\n${r.stderr}${r.stdout}`).toBe(0);
  expect(r.stderr).toBe('');
  return r;
}

const readState = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as StateFile;

function writeState(path: string, s: StateFile): void {
  writeFileSync(path, `${JSON.stringify(s, null, 2)}\n`);
}

beforeAll(assertBuiltCli);
afterAll(removeTempDirs);

// ------------------------------------------------------------------ independent reference

/**
 * Periodic rotor chain, docs/physics.md §1:  θ̇_x = ω_x,  ω̇_x = g [sin(θ_{x+1} − θ_x) − sin(θ_x − θ_{x−1})].
 * y = (θ_1..θ_L, ω_1..ω_L); writes dy/dt into `out`.
 */
function rotorRhs(y: Float64Array, out: Float64Array, L: number, g: number): void {
  for (let x = 0; x < L; x++) {
    const right = y[(x + 1) % L]!;
    const left = y[(x + L - 1) % L]!;
    const th = y[x]!;
    out[x] = y[L + x]!;
    out[L + x] = g * (Math.sin(right - th) - Math.sin(th - left));
  }
}

/** Classical RK4 with `steps` steps of T/steps, from y0; returns the final state. */
function rk4(y0: Float64Array, T: number, steps: number, L: number, g: number): Float64Array {
  const n = y0.length;
  const h = T / steps;
  const y = y0.slice();
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const tmp = new Float64Array(n);
  for (let s = 0; s < steps; s++) {
    rotorRhs(y, k1, L, g);
    for (let i = 0; i < n; i++) tmp[i] = y[i]! + 0.5 * h * k1[i]!;
    rotorRhs(tmp, k2, L, g);
    for (let i = 0; i < n; i++) tmp[i] = y[i]! + 0.5 * h * k2[i]!;
    rotorRhs(tmp, k3, L, g);
    for (let i = 0; i < n; i++) tmp[i] = y[i]! + h * k3[i]!;
    rotorRhs(tmp, k4, L, g);
    for (let i = 0; i < n; i++) y[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
  }
  return y;
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

const allFinite = (xs: readonly unknown[]) => xs.every((x) => typeof x === 'number' && Number.isFinite(x));

// ------------------------------------------------------------------ the acceptance run

const L = 8;
const G = 0.5;
const T_END = 10;
const DT = 1e-3;
/** Fixed initial state, sites x = 1..L: θ_x = sin(1.3 x), ω_x = 0.5 cos(0.7 x). */
const THETA0 = Array.from({ length: L }, (_, i) => Math.sin(1.3 * (i + 1)));
const OMEGA0 = Array.from({ length: L }, (_, i) => 0.5 * Math.cos(0.7 * (i + 1)));

const ACCEPTANCE = ['--model', 'rotor-chain', '--set', `L=${L}`, '--set', `g=${G}`, '--integrator', 'yoshida4', '--dt', `${DT}`];

describe.concurrent('glassy simulate: rotor chain, yoshida4 vs an independent reference', () => {
  it('agrees with RK4 + Richardson extrapolation to 1e-8 in every θ and ω at t = 10', async ({ expect }) => {
    const cwd = tempCwd();
    writeState(join(cwd, 'init.json'), { model: 'rotor-chain', params: { L, g: G }, t: 0, q: THETA0, p: OMEGA0 });
    const run = glassyOk(expect, cwd, ['simulate', ...ACCEPTANCE, '--t-end', `${T_END}`, '--init', 'init.json', '--out', 'out.json']);

    // Reference, computed while the CLI runs: RK4 at h and 2h, Richardson-extrapolated (order 4).
    const y0 = Float64Array.from([...THETA0, ...OMEGA0]);
    const fine = rk4(y0, T_END, 100_000, L, G); // h = 1e-4
    const coarse = rk4(y0, T_END, 50_000, L, G); // h = 2e-4
    const reference = fine.map((v, i) => v + (v - coarse[i]!) / 15);
    // Self-consistency of the reference: the two resolutions agree far below the tolerance.
    const selfConsistency = maxAbsDiff(fine, coarse);
    expect(selfConsistency).toBeLessThan(1e-10);
    expect(maxAbsDiff(reference, fine)).toBeLessThan(1e-11);
    // The reference really moved (so the comparison is not vacuous): g = 0.5 couples the rotors.
    expect(maxAbsDiff(reference.subarray(L), OMEGA0)).toBeGreaterThan(1e-2);
    // ...and it conserves what the physics conserves: Ω = Σ ω and H.
    const H = (y: ArrayLike<number>) => {
      let h = 0;
      for (let x = 0; x < L; x++) h += y[L + x]! ** 2 / 2 + G * (1 - Math.cos(y[(x + 1) % L]! - y[x]!));
      return h;
    };
    const omega = (y: ArrayLike<number>) => Array.from({ length: L }, (_, x) => y[L + x]!).reduce((a, b) => a + b, 0);
    expect(Math.abs(omega(reference) - omega(y0))).toBeLessThan(1e-12);
    expect(Math.abs(H(reference) - H(y0))).toBeLessThan(1e-11);

    await run;
    const out = readState(join(cwd, 'out.json'));
    expect(out.model).toBe('rotor-chain');
    expect(out.params).toMatchObject({ L, g: G });
    expect(out.t).toBeCloseTo(T_END, 12);
    expect(out.q).toHaveLength(L);
    expect(out.p).toHaveLength(L);
    const worstTheta = maxAbsDiff(out.q, reference.subarray(0, L));
    const worstOmega = maxAbsDiff(out.p, reference.subarray(L));
    expect(worstTheta, `max |θ_cli − θ_ref| (reference self-consistency ${selfConsistency})`).toBeLessThan(1e-8);
    expect(worstOmega, `max |ω_cli − ω_ref| (reference self-consistency ${selfConsistency})`).toBeLessThan(1e-8);
  });

  it('without --init starts from the seeded random state and writes a valid state file', async ({ expect }) => {
    const cwd = tempCwd();
    const r = await glassyOk(expect, cwd, ['simulate', ...ACCEPTANCE, '--t-end', `${T_END}`, '--out', 'random.json']);
    expect(r.stdout).toContain('random.json');
    const s = readState(join(cwd, 'random.json'));
    expect(s.model).toBe('rotor-chain');
    expect(s.params).toEqual({ L: 8, g: 0.5, boundary: 'periodic' });
    expect(s.t).toBe(10);
    expect(s.q).toHaveLength(8);
    expect(s.p).toHaveLength(8);
    expect(allFinite(s.q)).toBe(true);
    expect(allFinite(s.p)).toBe(true);
    expect(s.meta).toMatchObject({ integrator: 'yoshida4', dt: DT, steps: 10_000, seed: 1 });
    // Same seed, same state; another seed, another state.
    const again = await glassyOk(expect, cwd, ['simulate', ...ACCEPTANCE, '--t-end', '0', '--out', 'seed1.json']);
    const other = await glassyOk(expect, cwd, ['simulate', ...ACCEPTANCE, '--t-end', '0', '--seed', '2', '--out', 'seed2.json']);
    expect(again.status).toBe(0);
    expect(other.status).toBe(0);
    const s1 = readState(join(cwd, 'seed1.json'));
    const s2 = readState(join(cwd, 'seed2.json'));
    expect(s1.q).not.toEqual(s2.q);
    expect(allFinite([...s1.q, ...s1.p, ...s2.q, ...s2.p])).toBe(true);
  });

  it('round trip: its output fed back as --init with --t-end 0 is returned unchanged', async ({ expect }) => {
    const cwd = tempCwd();
    await glassyOk(expect, cwd, ['simulate', ...ACCEPTANCE, '--t-end', '1', '--out', 'a.json']);
    await glassyOk(expect, cwd, ['simulate', ...ACCEPTANCE, '--t-end', '0', '--init', 'a.json', '--out', 'b.json']);
    const a = readState(join(cwd, 'a.json'));
    const b = readState(join(cwd, 'b.json'));
    expect(b.model).toBe(a.model);
    expect(b.params).toEqual(a.params);
    expect(b.t).toBe(a.t);
    expect(b.q).toEqual(a.q); // bit for bit: JSON numbers round-trip exactly
    expect(b.p).toEqual(a.p);
    expect(b.meta).toMatchObject({ steps: 0, seed: null, initialTime: a.t });
  });

  it('restart: 0 → 0.5 then 0.5 → 1 from the state file equals 0 → 1 in one run, bit for bit', async ({ expect }) => {
    const cwd = tempCwd();
    writeState(join(cwd, 'init.json'), { model: 'rotor-chain', params: { L, g: G }, t: 0, q: THETA0, p: OMEGA0 });
    const common = ['simulate', ...ACCEPTANCE];
    await Promise.all([
      glassyOk(expect, cwd, [...common, '--t-end', '1', '--init', 'init.json', '--out', 'direct.json']),
      glassyOk(expect, cwd, [...common, '--t-end', '0.5', '--init', 'init.json', '--out', 'half.json']),
    ]);
    await glassyOk(expect, cwd, [...common, '--t-end', '0.5', '--init', 'half.json', '--out', 'restarted.json']);
    const direct = readState(join(cwd, 'direct.json'));
    const restarted = readState(join(cwd, 'restarted.json'));
    expect(restarted.t).toBeCloseTo(direct.t, 12);
    expect(restarted.q).toEqual(direct.q);
    expect(restarted.p).toEqual(direct.p);
  });
});

// ------------------------------------------------------------------ blow-up

/**
 * Pinned chain with a steep pinning |q|⁸/8 and a step far outside Störmer–Verlet's stability
 * range (dt = 0.5 with |q| ~ 1.5; the same state is stable at dt = 0.05): the state overflows to
 * Inf/NaN after a few steps.
 */
const BLOWUP_INIT: StateFile = {
  model: 'anharmonic-chain',
  params: { L: 8, a: 8, b: 2 },
  t: 0,
  q: [1.5, -1.2, 0.8, 1.4, -1.5, 0.3, 1.1, -0.9],
  p: [0, 0, 0, 0, 0, 0, 0, 0],
};
const BLOWUP = ['simulate', '--model', 'anharmonic-chain', '--integrator', 'stormer-verlet', '--dt', '0.5'];
const STEP_SITE = /non-finite at step (\d+) \(t = ([^)]+)\), site (\d+)/;

describe.concurrent('glassy simulate: a trajectory that blows up', () => {
  it('exits 1 naming step and site, keeps the last finite state in OUT.partial.json and never writes OUT', async ({ expect }) => {
    const cwd = tempCwd();
    writeState(join(cwd, 'init.json'), BLOWUP_INIT);
    const r = await glassy(cwd, [...BLOWUP, '--t-end', '50', '--init', 'init.json', '--out', 'out.json']);
    const context = `${r.stderr}${r.stdout}`;
    expect(r.status, context).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain('    at ');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines, context).toHaveLength(1);
    const line = lines[0]!;
    expect(line.startsWith('glassy: '), line).toBe(true);
    const m = STEP_SITE.exec(line);
    expect(m, line).not.toBeNull();
    const step = Number(m![1]);
    const site = Number(m![3]);
    expect(step).toBeGreaterThanOrEqual(1);
    expect(step).toBeLessThan(100);
    expect(site).toBeGreaterThanOrEqual(1); // sites numbered 1 … L, as in figures
    expect(site).toBeLessThanOrEqual(8);
    expect(line).toContain('out.json.partial.json');

    // OUT itself is not created, nor any temp file: only the partial file is new.
    expect(readdirSync(cwd).sort()).toEqual(['init.json', 'out.json.partial.json']);
    const partial = readState(join(cwd, 'out.json.partial.json'));
    expect(partial.model).toBe('anharmonic-chain');
    expect(partial.params).toMatchObject({ L: 8, a: 8, b: 2 });
    expect(partial.q).toHaveLength(8);
    expect(partial.p).toHaveLength(8);
    expect(allFinite(partial.q), 'partial q finite').toBe(true);
    expect(allFinite(partial.p), 'partial p finite').toBe(true);
    expect(partial.meta).toMatchObject({ stepsDone: step - 1 });
    expect(String(partial.meta?.['aborted'])).toMatch(STEP_SITE);
    expect(partial.t).toBeCloseTo((step - 1) * 0.5, 12);

    // It is THE last finite state: the same run stopped after step − 1 steps gives it exactly,
    // and one more step from it fails at once.
    const [upTo, next] = await Promise.all([
      glassy(cwd, [...BLOWUP, '--t-end', `${(step - 1) * 0.5}`, '--init', 'init.json', '--out', 'last.json']),
      glassy(cwd, [...BLOWUP, '--t-end', '0.5', '--init', 'out.json.partial.json', '--out', 'next.json']),
    ]);
    expect(upTo.status, upTo.stderr).toBe(0);
    const last = readState(join(cwd, 'last.json'));
    expect(partial.q).toEqual(last.q);
    expect(partial.p).toEqual(last.p);
    expect(next.status, next.stderr).toBe(1);
    expect(next.stderr).toMatch(/non-finite at step 1 /);
    expect(existsSync(join(cwd, 'next.json'))).toBe(false);
  });

  it('the time in the message counts from the initial state file time', async ({ expect }) => {
    const cwd = tempCwd();
    writeState(join(cwd, 'init.json'), { ...BLOWUP_INIT, t: 100 });
    const r = await glassy(cwd, [...BLOWUP, '--t-end', '50', '--init', 'init.json', '--out', 'out.json']);
    expect(r.status).toBe(1);
    const m = STEP_SITE.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    const step = Number(m![1]);
    expect(Number(m![2]), r.stderr).toBeCloseTo(100 + step * 0.5, 9);
    expect(readState(join(cwd, 'out.json.partial.json')).t).toBeCloseTo(100 + (step - 1) * 0.5, 9);
  });
});
