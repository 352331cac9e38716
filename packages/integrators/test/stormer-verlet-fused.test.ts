/**
 * stormer-verlet-fused against the reference path (stormer-verlet with the model's force).
 *
 * - Loop structure: the fused kernels do the arithmetic of stormer-verlet operation for
 *   operation (the rotor chain's with its polynomial-sine force `rotorForceFast`), so over
 *   10⁴ chaotic steps they must agree bit for bit; any reordering would show up as a difference.
 * - The rotor chain's sine: the fused path differs from stormer-verlet with Math.sin by ≤ 2.5 ulp
 *   per sine. Two different roundings of a chaotic flow separate like e^{λt}: at g = 1 they
 *   agree to 1e-12 up to t ≈ 25 only, and so do two Math.sin runs started 1 ulp apart (the
 *   control below). Over 10⁴ steps they are therefore compared at g = 0.01 (λ small), and at
 *   g = 1 over 2000 steps (t = 20).
 * - Energy error bounded without drift, and global order 2, for the fused kernels themselves.
 */
import { describe, expect, it } from 'vitest';
import { missingCapability, streamFor, validatePlugin, type HamiltonianModel, type Stepper } from '@glassy/contracts';
import { anharmonicChain, createRotorChain, rotorChain, rotorChainCouplingSquared, rotorChainSignError, rotorForceFast, type RotorChainParams } from '@glassy/models';
import { createComposedVerlet, createRk4, hasBitIdenticalKernel, requireVerletKernel, stormerVerlet, stormerVerletFused } from '../src/index.js';

/** The generic kick–drift–kick (what `stormer-verlet` runs on models without a bit-identical kernel). */
const generic = (m: HamiltonianModel): Stepper => createComposedVerlet(m, [1], 'stormer-verlet');

const L = 64;
const DT = 0.01;
const SEEDS = [1, 2, 3];

function rotor(g: number, boundary: RotorChainParams['boundary'] = 'periodic', length = L): HamiltonianModel {
  return rotorChain.create(rotorChain.params.parse({ L: length, g, boundary }));
}

function anharmonic(params: Record<string, number>): HamiltonianModel {
  return anharmonicChain.create(anharmonicChain.params.parse({ L, ...params }));
}

/** The rotor chain with the kernel's own force (polynomial sine) and no kernel: the reference path of the fused arithmetic. */
function rotorWithFastForce(params: RotorChainParams): HamiltonianModel {
  const base = createRotorChain(params);
  const periodic = params.boundary === 'periodic';
  const force = (q: Float64Array, out: Float64Array): void => rotorForceFast(q, out, params.g, periodic);
  return { ...base, separable: { ...base.separable!, force, verletKernel: undefined } };
}

/** Random state: q uniform in [−qScale, qScale], p in [−pScale, pScale]. */
function randomState(n: number, seed: number, qScale: number, pScale: number): { q: Float64Array; p: Float64Array } {
  const r = streamFor(seed, 1);
  const q = new Float64Array(n);
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    q[i] = qScale * (2 * r.uniform() - 1);
    p[i] = pScale * (2 * r.uniform() - 1);
  }
  return { q, p };
}

/** max |a − b| over q and p, relative to max |a|. */
function relativeDistance(qa: Float64Array, pa: Float64Array, qb: Float64Array, pb: Float64Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < qa.length; i++) {
    d = Math.max(d, Math.abs(qa[i]! - qb[i]!), Math.abs(pa[i]! - pb[i]!));
    s = Math.max(s, Math.abs(qa[i]!), Math.abs(pa[i]!));
  }
  return d / s;
}

/** Run two steppers from the same state, `chunk` steps per call; the final states. */
function race(a: Stepper, b: Stepper, q0: Float64Array, p0: Float64Array, dt: number, steps: number, chunk = 100) {
  const qa = q0.slice();
  const pa = p0.slice();
  const qb = q0.slice();
  const pb = p0.slice();
  for (let done = 0; done < steps; done += chunk) {
    a.step(qa, pa, dt, Math.min(chunk, steps - done));
    b.step(qb, pb, dt, Math.min(chunk, steps - done));
  }
  return { qa, pa, qb, pb };
}

describe('stormer-verlet-fused: manifest and capability', () => {
  it('passes manifest validation and is n.a. exactly where the model has no matching kernel', () => {
    expect(validatePlugin(stormerVerletFused, 'built-in')).toBe(stormerVerletFused);
    expect(missingCapability(stormerVerletFused, rotor(1))).toBeUndefined();
    expect(missingCapability(stormerVerletFused, rotor(1, 'open'))).toBeUndefined();
    expect(missingCapability(stormerVerletFused, anharmonic({}))).toBeUndefined();
    const noKernel = rotorWithFastForce({ L, g: 1, boundary: 'periodic' });
    expect(missingCapability(stormerVerletFused, noKernel)).toBe('verletKernel');
    expect(missingCapability(stormerVerlet, noKernel)).toBeUndefined();
  });
  it('treats a kernel left over from a swapped force as absent (the negative controls swap the force)', () => {
    for (const control of [rotorChainSignError, rotorChainCouplingSquared]) {
      const m = control.create(control.params.parse({ L: 8, g: 1.3 }));
      expect(m.separable!.verletKernel).toBeDefined();
      expect(missingCapability(stormerVerletFused, m)).toBe('verletKernel');
      expect(() => stormerVerletFused.create(m)).toThrow(/stormer-verlet-fused.*another force/);
    }
  });
  it('refuses a model without a kernel with a message naming both', () => {
    const m = rotorWithFastForce({ L, g: 1, boundary: 'periodic' });
    expect(() => requireVerletKernel(m, 'stormer-verlet-fused')).toThrow(/stormer-verlet-fused.*verletKernel.*rotor-chain/);
  });
});

describe('stormer-verlet-fused equals stormer-verlet with the same force, bit for bit (10⁴ steps, L = 64, dt = 0.01)', () => {
  const rotorCases = SEEDS.flatMap((seed) => (['periodic', 'open'] as const).map((boundary) => [seed, boundary] as const));
  it.each(rotorCases)('rotor chain, g = 1, seed %i, %s: kernel vs stormer-verlet with rotorForceFast', (seed, boundary) => {
    const params: RotorChainParams = { L, g: 1, boundary };
    const { q, p } = randomState(L, seed, Math.PI, 2);
    const fused = stormerVerletFused.create(createRotorChain(params));
    const reference = generic(rotorWithFastForce(params));
    const { qa, pa, qb, pb } = race(fused, reference, q, p, DT, 10_000, 250);
    expect([...qa]).toEqual([...qb]);
    expect([...pa]).toEqual([...pb]);
  });

  const anharmonicCases = [
    { a: 4, b: 2, g: 1 }, // the specialised loop
    { a: 4, b: 3, g: 0.7 }, // general loop: U' = q³, V' = r|r|
    { a: 6, b: 2.5, g: 1.2 }, // general loop through Math.pow
  ];
  it.each(SEEDS.flatMap((seed) => anharmonicCases.map((c) => [seed, c] as const)))('anharmonic chain, seed %i, %o: kernel vs stormer-verlet with the model force', (seed, c) => {
    const m = anharmonic(c);
    const { q, p } = randomState(L, seed, 1.5, 1.5);
    const { qa, pa, qb, pb } = race(stormerVerletFused.create(m), generic(m), q, p, DT, 10_000, 250);
    expect([...qa]).toEqual([...qb]);
    expect([...pa]).toEqual([...pb]);
  });

  it('a call of 0 steps leaves the state untouched, for every kernel', () => {
    for (const m of [rotor(0.8, 'periodic', 7), anharmonic({ L: 7 }), anharmonic({ L: 7, a: 5, b: 3 })]) {
      const { q, p } = randomState(m.dof, 12, 2, 1);
      const qa = q.slice();
      const pa = p.slice();
      stormerVerletFused.create(m).step(qa, pa, 0.05, 0);
      expect([...qa]).toEqual([...q]);
      expect([...pa]).toEqual([...p]);
    }
  });

  it('n steps in one call equal n single-step calls, bit for bit, for every kernel and boundary', () => {
    for (const m of [rotor(0.8, 'periodic', 7), rotor(0.8, 'open', 7), anharmonic({ L: 7 }), anharmonic({ L: 7, a: 5, b: 3 })]) {
      const { q, p } = randomState(m.dof, 11, 2, 1);
      const qa = q.slice();
      const pa = p.slice();
      stormerVerletFused.create(m).step(qa, pa, 0.05, 37);
      const s = stormerVerletFused.create(m);
      for (let k = 0; k < 37; k++) s.step(q, p, 0.05, 1);
      expect([...qa]).toEqual([...q]);
      expect([...pa]).toEqual([...p]);
    }
  });

  it('huge angles (beyond the fast sine domain) take the Math.sin path: identical to stormer-verlet', () => {
    const m = rotor(1, 'periodic', 8);
    const { q, p } = randomState(8, 5, Math.PI, 2);
    q[3] = q[3]! + 2 ** 41;
    const { qa, pa, qb, pb } = race(stormerVerletFused.create(m), generic(m), q, p, DT, 1000);
    expect([...qa]).toEqual([...qb]);
    expect([...pa]).toEqual([...pb]);
  });
});

describe('stormer-verlet runs the fused kernel where it is bit for bit the same step', () => {
  it('anharmonic chain (bitIdentical kernel): stormer-verlet is the kernel, and equals the generic step bit for bit', () => {
    for (const c of [{ a: 4, b: 2, g: 1 }, { a: 6, b: 2.5, g: 1.2 }]) {
      const m = anharmonic(c);
      expect(hasBitIdenticalKernel(m)).toBe(true);
      const { q, p } = randomState(L, 3, 1.5, 1.5);
      const { qa, pa, qb, pb } = race(stormerVerlet.create(m), generic(m), q, p, DT, 5000, 250);
      expect([...qa]).toEqual([...qb]);
      expect([...pa]).toEqual([...pb]);
    }
  });

  it('rotor chain (kernel differs by round-off): stormer-verlet keeps the generic step with Math.sin', () => {
    const m = rotor(1);
    expect(hasBitIdenticalKernel(m)).toBe(false);
    const { q, p } = randomState(L, 4, Math.PI, 2);
    const { qa, pa, qb, pb } = race(stormerVerlet.create(m), generic(m), q, p, DT, 2000);
    expect([...qa]).toEqual([...qb]);
    expect([...pa]).toEqual([...pb]);
    const fused = race(stormerVerletFused.create(m), generic(m), q, p, DT, 2000);
    expect([...fused.qa]).not.toEqual([...fused.qb]);
  });

  it('a stale kernel (force swapped after the kernel was built) is never run, even if it claims bit-identity', () => {
    const m = anharmonic({});
    const sep = m.separable!;
    const force = (q: Float64Array, out: Float64Array): void => sep.force(q, out);
    const swapped: HamiltonianModel = { ...m, separable: { ...sep, force } };
    expect(hasBitIdenticalKernel(swapped)).toBe(false);
  });
});

describe('rotor chain: the polynomial sine against Math.sin (stormer-verlet with the model force)', () => {
  it.each(SEEDS)('g = 0.01, seed %i: agree to 1e-12 relative over 10⁴ steps', (seed) => {
    const m = rotor(0.01);
    const { q, p } = randomState(L, seed, Math.PI, 2);
    const { qa, pa, qb, pb } = race(stormerVerletFused.create(m), generic(m), q, p, DT, 10_000);
    expect(relativeDistance(qa, pa, qb, pb)).toBeLessThan(1e-12);
  });
  it.each(SEEDS)('g = 1, seed %i: agree to 1e-12 relative over 2000 steps (t = 20)', (seed) => {
    const m = rotor(1);
    const { q, p } = randomState(L, seed, Math.PI, 2);
    const { qa, pa, qb, pb } = race(stormerVerletFused.create(m), generic(m), q, p, DT, 2000);
    expect(relativeDistance(qa, pa, qb, pb)).toBeLessThan(1e-12);
  });
  it('control: at g = 1, two Math.sin runs 1 ulp apart also separate far beyond 1e-12 by t = 100', () => {
    const m = rotor(1);
    const { q, p } = randomState(L, 1, Math.PI, 2);
    const q1 = q.slice();
    q1[0] = q1[0]! + Math.abs(q1[0]!) * Number.EPSILON;
    const a = generic(m);
    const b = generic(m);
    const p1 = p.slice();
    a.step(q, p, DT, 10_000);
    b.step(q1, p1, DT, 10_000);
    expect(relativeDistance(q, p, q1, p1)).toBeGreaterThan(1e-6);
  });
});

describe('stormer-verlet-fused: energy and order of its own', () => {
  const models: [string, () => HamiltonianModel, number, number][] = [
    ['rotor chain periodic', () => rotor(1), Math.PI, 2],
    ['rotor chain open', () => rotor(1, 'open'), Math.PI, 2],
    ['anharmonic chain (4, 2)', () => anharmonic({}), 1.5, 1.5],
    ['anharmonic chain (6, 3)', () => anharmonic({ a: 6, b: 3 }), 1.2, 1.2],
  ];

  it.each(models)('%s: energy error over 10⁵ steps bounded like stormer-verlet, no drift', (_name, make, qScale, pScale) => {
    const m = make();
    const dt = 0.02;
    const { q, p } = randomState(m.dof, 7, qScale, pScale);
    const errors = (stepper: Stepper): Float64Array => {
      const qs = q.slice();
      const ps = p.slice();
      const h0 = m.hamiltonian(qs, ps);
      const out = new Float64Array(1000);
      for (let k = 0; k < out.length; k++) {
        stepper.step(qs, ps, dt, 100);
        out[k] = (m.hamiltonian(qs, ps) - h0) / Math.abs(h0);
      }
      return out;
    };
    const fused = errors(stormerVerletFused.create(m));
    const reference = errors(generic(m));
    const maxAbs = (x: Float64Array): number => x.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
    const mean = (x: Float64Array): number => x.reduce((s, v) => s + v, 0) / x.length;
    // Bounded: O(dt²), and the same size as the reference's (same modified Hamiltonian).
    expect(maxAbs(fused)).toBeLessThan(1e-2);
    expect(maxAbs(fused)).toBeLessThan(2 * maxAbs(reference));
    expect(maxAbs(fused)).toBeGreaterThan(0.5 * maxAbs(reference));
    // No drift: the mean error over the last tenth equals that over the first tenth up to the oscillation.
    const first = fused.subarray(0, 100);
    const last = fused.subarray(900);
    expect(Math.abs(mean(last) - mean(first))).toBeLessThan(maxAbs(first));
  });

  it.each(models)('%s: global error at t = 1 falls like dt² (least-squares slope 2 ± 0.1)', (_name, make, qScale, pScale) => {
    const m = make();
    const { q, p } = randomState(m.dof, 3, qScale, pScale);
    const T = 1;
    const qRef = q.slice();
    const pRef = p.slice();
    createRk4(m, 'rk4').step(qRef, pRef, T / 20_000, 20_000);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let level = 0; level < 5; level++) {
      const n = 10 * 2 ** level;
      const qs = q.slice();
      const ps = p.slice();
      stormerVerletFused.create(m).step(qs, ps, T / n, n);
      xs.push(Math.log(T / n));
      ys.push(Math.log(relativeDistance(qs, ps, qRef, pRef)));
    }
    const mx = xs.reduce((s, v) => s + v, 0) / xs.length;
    const my = ys.reduce((s, v) => s + v, 0) / ys.length;
    const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
    expect(slope).toBeGreaterThan(1.9);
    expect(slope).toBeLessThan(2.1);
  });
});
