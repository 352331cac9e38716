/**
 * Integrators against hand-computed steps, composition identities, and chunking: n steps in
 * one call must equal n calls of one step, bit for bit (reproducibility regardless of how a
 * run is chunked).
 */
import { describe, expect, it } from 'vitest';
import { missingCapability, streamFor, type HamiltonianModel, type IntegratorPlugin } from '@glassy/contracts';
import { builtinIntegrators, controlIntegrators, stormerVerlet, symplecticEuler, velocityFlip, YOSHIDA_W0, YOSHIDA_W1 } from '../src/index.js';
import { dnls, rotorChain } from '@glassy/models';

function rotor(L = 5, g = 0.9): HamiltonianModel {
  return rotorChain.create(rotorChain.params.parse({ L, g }));
}

const q0 = Float64Array.of(0.3, -1.2, 2.0, 0.1, -0.4);
const p0 = Float64Array.of(0.5, 0.1, -0.7, 0.2, 1.1);

describe('hand-computed single steps', () => {
  const m = rotor();
  const F = (q: Float64Array): Float64Array => {
    const f = new Float64Array(q.length);
    m.separable!.force(q, f);
    return f;
  };
  const h = 0.1;
  it('Störmer–Verlet is kick(h/2) drift(h) kick(h/2)', () => {
    const f0 = F(q0);
    const pHalf = p0.map((p, i) => p + (h / 2) * f0[i]!);
    const q1 = q0.map((q, i) => q + h * pHalf[i]!);
    const f1 = F(q1);
    const p1 = pHalf.map((p, i) => p + (h / 2) * f1[i]!);
    const q = q0.slice();
    const p = p0.slice();
    stormerVerlet.create(m).step(q, p, h, 1);
    expect([...q]).toEqual([...q1]);
    expect([...p]).toEqual([...p1]);
  });
  it('symplectic Euler is kick(h) then drift(h)', () => {
    const f0 = F(q0);
    const p1 = p0.map((p, i) => p + h * f0[i]!);
    const q1 = q0.map((q, i) => q + h * p1[i]!);
    const q = q0.slice();
    const p = p0.slice();
    symplecticEuler.create(m).step(q, p, h, 1);
    expect([...q]).toEqual([...q1]);
    expect([...p]).toEqual([...p1]);
  });
});

describe('Yoshida triple jump', () => {
  it('weights sum to one and cancel the third-order error: 2w1³ + w0³ = 0', () => {
    expect(2 * YOSHIDA_W1 + YOSHIDA_W0).toBeCloseTo(1, 15);
    expect(2 * YOSHIDA_W1 ** 3 + YOSHIDA_W0 ** 3).toBeCloseTo(0, 14);
  });
});

/** The rotor chain, or a small DNLS (L = 5, as q0 and p0) for integrators that need exact sub-flows. */
function modelFor(integrator: IntegratorPlugin): HamiltonianModel {
  const m = rotor();
  return missingCapability(integrator, m) === undefined ? m : dnls.create(dnls.params.parse({ L: 5, U: 0.7, g: 0.9 }));
}

describe.each([...builtinIntegrators, ...controlIntegrators].map((i) => [i.id, i] as [string, IntegratorPlugin]))('%s', (_id, integrator) => {
  it('n steps in one call equal n single-step calls, bit for bit', () => {
    const m = modelFor(integrator);
    const qa = q0.slice();
    const pa = p0.slice();
    integrator.create(m, { random: streamFor(7, 1) }).step(qa, pa, 0.05, 37);
    const qb = q0.slice();
    const pb = p0.slice();
    const s = integrator.create(m, { random: streamFor(7, 1) });
    for (let k = 0; k < 37; k++) s.step(qb, pb, 0.05, 1);
    expect([...qa]).toEqual([...qb]);
    expect([...pa]).toEqual([...pb]);
  });
  it('leaves the state unchanged for zero steps and declares a sane manifest', () => {
    const q = q0.slice();
    const p = p0.slice();
    integrator.create(modelFor(integrator), { random: streamFor(7, 1) }).step(q, p, 0.1, 0);
    expect([...q]).toEqual([...q0]);
    expect(integrator.order).toBeGreaterThanOrEqual(1);
    expect(integrator.requires.length).toBeGreaterThan(0);
  });
});

describe('capabilities', () => {
  it('a model without a separable Hamiltonian is refused with a message naming both', () => {
    const m = { ...rotor(), separable: undefined };
    expect(() => stormerVerlet.create(m)).toThrow(/stormer-verlet.*separable.*rotor-chain/);
  });
});

describe('velocity-flip: the noise has the law of independent Poisson clocks (eq. (7))', () => {
  // Free rotors (g = 0) with p = 1 everywhere: a site's sign after a call of m steps of dt has
  // changed iff its Poisson(λ m dt) count is odd, independently of the other sites. The grouped
  // draws (one uniform per quiet step) must reproduce exactly that law.
  const L = 64;
  const lambda = 0.8;
  const dt = 0.05;
  const free = rotorChain.create(rotorChain.params.parse({ L, g: 0 }));

  function changedCounts(m: number, calls: number, seed: number): number[] {
    const stepper = velocityFlip.create(free, { params: { lambda }, random: streamFor(seed, 3) });
    const q = new Float64Array(L);
    const p = new Float64Array(L).fill(1);
    const counts: number[] = [];
    for (let c = 0; c < calls; c++) {
      const before = p.slice();
      stepper.step(q, p, dt, m);
      let k = 0;
      for (let i = 0; i < L; i++) if (Math.sign(p[i]!) !== Math.sign(before[i]!)) k++;
      counts.push(k);
    }
    return counts;
  }

  it.each([1, 9, 60])('per-site flip probability after a call of %i steps is (1 − e^{−2λ m dt})/2 (z-test, |z| < 4)', (m) => {
    const calls = 4000;
    const counts = changedCounts(m, calls, 11 + m);
    const total = counts.reduce((a, b) => a + b, 0);
    const rate = 0.5 * (1 - Math.exp(-2 * lambda * m * dt));
    const z = (total - calls * L * rate) / Math.sqrt(calls * L * rate * (1 - rate));
    expect(Math.abs(z)).toBeLessThan(4);
  });

  it('the number of sites that change sign in one step is Binomial(L, (1 − e^{−2λdt})/2) (χ², p > 1e-4)', () => {
    const calls = 20000;
    const counts = changedCounts(1, calls, 5);
    const rate = 0.5 * (1 - Math.exp(-2 * lambda * dt));
    // Cells k = 0 … 5 and k ≥ 6 (expected counts ≥ 5 in each).
    const pmf = (k: number): number => {
      let c = 1;
      for (let j = 0; j < k; j++) c = (c * (L - j)) / (j + 1);
      return c * rate ** k * (1 - rate) ** (L - k);
    };
    const expected = [0, 1, 2, 3, 4, 5].map((k) => calls * pmf(k));
    expected.push(calls - expected.reduce((a, b) => a + b, 0));
    const observed = new Array<number>(7).fill(0);
    for (const k of counts) observed[Math.min(k, 6)]!++;
    const chi2 = observed.reduce((acc, o, k) => acc + (o - expected[k]!) ** 2 / expected[k]!, 0);
    // χ² with 6 degrees of freedom: P(χ² > 30.9) = 1e-4.
    expect(chi2).toBeLessThan(30.9);
    expect(expected[6]!).toBeGreaterThan(5);
  });

  it('a wrong rate is detected by the same statistics (the test has power)', () => {
    // The same counts compared with the law at 1.25 λ must be rejected.
    const calls = 4000;
    const counts = changedCounts(9, calls, 20);
    const total = counts.reduce((a, b) => a + b, 0);
    const wrong = 0.5 * (1 - Math.exp(-2 * 1.25 * lambda * 9 * dt));
    const z = (total - calls * L * wrong) / Math.sqrt(calls * L * wrong * (1 - wrong));
    expect(Math.abs(z)).toBeGreaterThan(4);
  });
});

describe('capability guards (called directly, outside the catalogue, which marks such cells n.a.)', () => {
  const rotor = rotorChain.create(rotorChain.params.parse({ L: 4 }));
  const wave = dnls.create(dnls.params.parse({ L: 4 }));
  it('a split integrator refuses a model without sub-flows, naming both', () => {
    const split = builtinIntegrators.find((i) => i.id === 'split-strang')!;
    expect(() => split.create(rotor)).toThrow(/split-strang.*sub-flows.*rotor-chain/);
    expect(() => split.create({ ...wave, subFlows: [] })).toThrow(/sub-flows/);
  });
  it('a separable integrator refuses a model without a separable H, naming both', () => {
    expect(() => stormerVerlet.create(wave)).toThrow(/stormer-verlet.*separable.*dnls/);
  });
});
