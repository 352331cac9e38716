/**
 * The near-integrable splittings (SABA2, SABA2C, ABA864, Kahan–Li, Yoshida 6) and the tangent maps.
 *
 * - Coefficients: the consistency conditions of each word (ABA864: 2Σa = 1, 2(b₁+b₂+b₃)+b₄ = 1).
 * - Steps: n steps in one call are bit-identical to n calls; every word is symmetric.
 * - DNLS split: the whole-hopping flow (FFT for L = 2^k, DFT otherwise) is the limit of Strang
 *   steps of the even/odd bond flows, conserves the norm, and runs backwards.
 * - Tangent maps: each is the Jacobian of its integrator's step (central differences of the step
 *   along the deviation vector, for every integrator with createTangent, and explicit Euler's).
 */
import { describe, expect, it } from 'vitest';
import { hasUnitMass, missingCapability, type HamiltonianModel } from '@glassy/contracts';
import { anharmonicChain, anharmonicChainVelocity102, dnls, ringHoppingFlow, rotorChain } from '@glassy/models';
import {
  aba864,
  ABA864_A,
  ABA864_B,
  builtinIntegrators,
  createComposedStrang,
  createExplicitEulerTangent,
  explicitEuler,
  kahanLi6,
  KAHAN_LI_S9O6,
  saba2,
  saba2c,
  SABA2_WORD,
  ABA864_WORD,
  KAHAN_LI_WORD,
  YOSHIDA6_WORD,
  yoshida6,
} from '../src/index.js';

const rotor = (g = 1, L = 8): HamiltonianModel => rotorChain.create(rotorChain.params.parse({ L, g }));
const chain = (): HamiltonianModel => anharmonicChain.create(anharmonicChain.params.parse({ L: 8 }));
const ring = (L = 8, g = 0.3): HamiltonianModel => dnls.create(dnls.params.parse({ L, g }));

function state(n: number, seed: number): { q: Float64Array; p: Float64Array } {
  return { q: Float64Array.from({ length: n }, (_, i) => Math.sin(seed + 1.7 * i)), p: Float64Array.from({ length: n }, (_, i) => Math.cos(2 * seed + 0.9 * i)) };
}

describe('coefficients', () => {
  it('ABA864 satisfies 2Σa = 1 and 2(b1 + b2 + b3) + b4 = 1', () => {
    expect(2 * ABA864_A.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
    expect(2 * (ABA864_B[0] + ABA864_B[1] + ABA864_B[2]) + ABA864_B[3]).toBeCloseTo(1, 15);
  });

  it('Kahan–Li s9odr6a weights sum to 1; SABA2 drifts to 1, kicks to 1', () => {
    expect(2 * (KAHAN_LI_S9O6[0] + KAHAN_LI_S9O6[1] + KAHAN_LI_S9O6[2] + KAHAN_LI_S9O6[3]) + KAHAN_LI_S9O6[4]).toBeCloseTo(1, 14);
    for (const w of [SABA2_WORD, ABA864_WORD, KAHAN_LI_WORD, YOSHIDA6_WORD]) {
      expect(w.a.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      expect(w.b.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
      expect(w.a.length).toBe(w.b.length + 1);
      // symmetric words: time-reversible methods
      for (let i = 0; i < w.a.length; i++) expect(w.a[i]).toBeCloseTo(w.a[w.a.length - 1 - i]!, 15);
      for (let i = 0; i < w.b.length; i++) expect(w.b[i]).toBeCloseTo(w.b[w.b.length - 1 - i]!, 15);
    }
  });
});

describe('steps', () => {
  const cases: [string, () => HamiltonianModel][] = [
    ['rotor chain', () => rotor(0.1)],
    ['anharmonic chain', chain],
    ['DNLS (abSplit)', () => ring()],
  ];
  for (const integrator of [saba2, saba2c, aba864, kahanLi6, yoshida6]) {
    for (const [name, make] of cases) {
      const m = make();
      if (missingCapability(integrator, m) !== undefined) continue;
      it(`${integrator.id} on the ${name}: n steps in one call = n calls of one step, bit for bit`, () => {
        const a = state(m.dof, 3);
        const b = state(m.dof, 3);
        integrator.create(m).step(a.q, a.p, 0.05, 40);
        const s = integrator.create(m);
        for (let k = 0; k < 40; k++) s.step(b.q, b.p, 0.05, 1);
        expect(Array.from(b.q)).toEqual(Array.from(a.q));
        expect(Array.from(b.p)).toEqual(Array.from(a.p));
      });
    }
  }

  it('SABA2C needs the force Jacobian and unit masses: not for the DNLS, not for a chain with q̇ = 1.02 p', () => {
    expect(missingCapability(saba2c, ring())).toBe('separable');
    const wrongMass = anharmonicChainVelocity102.create(anharmonicChainVelocity102.params.parse({ L: 8 }));
    expect(hasUnitMass(wrongMass)).toBe(false);
    expect(missingCapability(saba2c, wrongMass)).toBe('forceJacobian');
    expect(missingCapability(saba2c, rotor())).toBeUndefined();
  });
});

describe('the DNLS whole-hopping flow', () => {
  for (const L of [8, 6]) {
    it(`L = ${L} (${L === 8 ? 'FFT' : 'DFT'}): the limit of Strang steps of the bond flows; norm kept; reversible`, () => {
      const g = 0.7;
      const flow = ringHoppingFlow(L, g);
      const s = state(L, 5);
      const exact = { q: s.q.slice(), p: s.p.slice() };
      flow(exact.q, exact.p, 0.8);
      // Strang steps of the hopping on bond groups only (on-site U = 0 model's sub-flows minus the rotation).
      const m = dnls.create(dnls.params.parse({ L, U: 0, g }));
      const strang = createComposedStrang({ ...m, subFlows: m.subFlows!.slice(1) }, [1], 'test');
      const approx = { q: s.q.slice(), p: s.p.slice() };
      strang.step(approx.q, approx.p, 0.8 / 2000, 2000);
      for (let i = 0; i < L; i++) {
        expect(Math.abs(exact.q[i]! - approx.q[i]!)).toBeLessThan(1e-6);
        expect(Math.abs(exact.p[i]! - approx.p[i]!)).toBeLessThan(1e-6);
      }
      const norm = (q: Float64Array, p: Float64Array): number => q.reduce((a, x, i) => a + x * x + p[i]! * p[i]!, 0);
      expect(norm(exact.q, exact.p)).toBeCloseTo(norm(s.q, s.p), 13);
      flow(exact.q, exact.p, -0.8);
      for (let i = 0; i < L; i++) expect(exact.q[i]).toBeCloseTo(s.q[i]!, 13);
    });
  }
});

describe('tangent maps are the Jacobians of the steps', () => {
  const withTangent = builtinIntegrators.filter((i) => i.createTangent !== undefined);
  it('every symplectic composition on separable models has one', () => {
    expect(withTangent.map((i) => i.id)).toEqual(expect.arrayContaining(['stormer-verlet', 'yoshida4', 'saba2', 'aba864', 'kahan-li6', 'yoshida6']));
  });
  for (const integrator of [...withTangent, explicitEuler]) {
    for (const [name, m] of [
      ['rotor chain', rotor()],
      ['anharmonic chain', chain()],
    ] as const) {
      it(`${integrator.id} on the ${name}: δx(t) = central differences of the step along δx(0)`, () => {
        const n = m.dof;
        const s = state(n, 7);
        const wq = Float64Array.from({ length: n }, (_, i) => Math.cos(i + 1));
        const wp = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 2));
        const dt = 0.05;
        const N = 10;
        const t = { q: s.q.slice(), p: s.p.slice(), wq: wq.slice(), wp: wp.slice() };
        const tangent = integrator === explicitEuler ? createExplicitEulerTangent(m, 'explicit-euler') : integrator.createTangent!(m);
        tangent.step(t.q, t.p, t.wq, t.wp, dt, N);
        const h = 1e-6;
        const plus = { q: s.q.map((x, i) => x + h * wq[i]!), p: s.p.map((x, i) => x + h * wp[i]!) };
        const minus = { q: s.q.map((x, i) => x - h * wq[i]!), p: s.p.map((x, i) => x - h * wp[i]!) };
        integrator.create(m).step(plus.q, plus.p, dt, N);
        integrator.create(m).step(minus.q, minus.p, dt, N);
        for (let i = 0; i < n; i++) {
          expect(Math.abs((plus.q[i]! - minus.q[i]!) / (2 * h) - t.wq[i]!)).toBeLessThan(1e-7);
          expect(Math.abs((plus.p[i]! - minus.p[i]!) / (2 * h) - t.wp[i]!)).toBeLessThan(1e-7);
        }
        // and the trajectory is the integrator's own (up to the rounding of merged kicks)
        const plain = { q: s.q.slice(), p: s.p.slice() };
        integrator.create(m).step(plain.q, plain.p, dt, N);
        for (let i = 0; i < n; i++) expect(Math.abs(plain.q[i]! - t.q[i]!)).toBeLessThan(1e-12);
      });
    }
  }

  it('several deviation vectors at once equal one at a time', () => {
    const m = rotor();
    const n = m.dof;
    const s = state(n, 2);
    const two = { q: s.q.slice(), p: s.p.slice(), wq: new Float64Array(2 * n), wp: new Float64Array(2 * n) };
    two.wq[0] = 1;
    two.wp[n + 3] = 1;
    aba864.createTangent!(m).step(two.q, two.p, two.wq, two.wp, 0.05, 20);
    const one = { q: s.q.slice(), p: s.p.slice(), wq: new Float64Array(n), wp: new Float64Array(n) };
    one.wp[3] = 1;
    aba864.createTangent!(m).step(one.q, one.p, one.wq, one.wp, 0.05, 20);
    expect(Array.from(two.wq.subarray(n))).toEqual(Array.from(one.wq));
    expect(Array.from(two.wp.subarray(n))).toEqual(Array.from(one.wp));
  });
});
