/**
 * Integrators against hand-computed steps, composition identities, and chunking: n steps in
 * one call must equal n calls of one step, bit for bit (reproducibility regardless of how a
 * run is chunked).
 */
import { describe, expect, it } from 'vitest';
import { missingCapability, streamFor, type HamiltonianModel, type IntegratorPlugin } from '@glassy/contracts';
import { boundaryLangevin, builtinIntegrators, controlIntegrators, langevinBaoab, stormerVerlet, symplecticEuler, velocityFlip, YOSHIDA_W0, YOSHIDA_W1 } from '../src/index.js';
import { anharmonicChain, dnls, rotorChain } from '@glassy/models';

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

describe('stochastic integrators called directly', () => {
  const free = (L: number) => rotorChain.create(rotorChain.params.parse({ L, g: 0 }));
  it.each([velocityFlip, langevinBaoab, boundaryLangevin])('$id refuses to run without a random stream, with or without a context', (integrator) => {
    expect(() => integrator.create(free(4))).toThrow(/stochastic and needs a random stream/);
    expect(() => integrator.create(free(4), {})).toThrow(/stochastic and needs a random stream/);
  });

  it('langevin-baoab on free rotors equilibrates the momenta at 1/β for β ≠ 1 (β = 1 hides 1/β written as β)', () => {
    const L = 2000;
    const beta = 2.5;
    const stepper = langevinBaoab.create(free(L), { params: { beta, gamma: 1 }, random: streamFor(3, 1) });
    const q = new Float64Array(L);
    const p = new Float64Array(L).fill(1);
    stepper.step(q, p, 0.1, 200); // 20 relaxation times
    const variance = p.reduce((a, x) => a + x * x, 0) / L;
    // Sample variance of L Gaussians: relative standard error √(2/L) = 3.2 %; 5 SE.
    expect(Math.abs(variance * beta - 1)).toBeLessThan(5 * Math.sqrt(2 / L));
  });

  it('boundary-langevin thermalises the two end sites at their own temperatures and leaves the free bulk alone', () => {
    const L = 6;
    const stepper = boundaryLangevin.create(free(L), { params: { betaLeft: 0.5, betaRight: 4, gamma: 1 }, random: streamFor(4, 1) });
    const q = new Float64Array(L);
    const p = Float64Array.from({ length: L }, (_, x) => 0.3 + 0.1 * x);
    const bulk = p.slice(1, L - 1);
    stepper.step(q, p, 0.1, 100);
    let left = 0;
    let right = 0;
    const samples = 4000;
    for (let k = 0; k < samples; k++) {
      stepper.step(q, p, 0.1, 10); // one relaxation time apart
      left += p[0]! * p[0]!;
      right += p[L - 1]! * p[L - 1]!;
    }
    // ⟨p²⟩ = 1/β at each end (relative SE about √(2/4000)·1.2 ≈ 3 %: 20 % is over 6 SE).
    expect(Math.abs((left / samples) * 0.5 - 1)).toBeLessThan(0.2);
    expect(Math.abs((right / samples) * 4 - 1)).toBeLessThan(0.2);
    expect([...p.slice(1, L - 1)]).toEqual([...bulk]);
  });
});

describe('velocity-flip at a high flip rate (several coins per step, so the grouped draw is exercised)', () => {
  // L = 4 sites (8 coins), λ dt = 0.5: each coin fires with probability 0.197, and most steps
  // that fire pick two or more coins, which must be distinct.
  const L = 4;
  const lambda = 5;
  const dt = 0.1;
  const free = rotorChain.create(rotorChain.params.parse({ L, g: 0 }));

  it('per-site flip probability after one step is (1 − e^{−2λdt})/2 (z-test, |z| < 4; a coin drawn twice would lower it by about 10 %)', () => {
    const stepper = velocityFlip.create(free, { params: { lambda }, random: streamFor(9, 3) });
    const q = new Float64Array(L);
    const p = new Float64Array(L).fill(1);
    const calls = 20000;
    let changed = 0;
    for (let c = 0; c < calls; c++) {
      const before = p.slice();
      stepper.step(q, p, dt, 1);
      for (let i = 0; i < L; i++) if (Math.sign(p[i]!) !== Math.sign(before[i]!)) changed++;
    }
    const rate = 0.5 * (1 - Math.exp(-2 * lambda * dt));
    const z = (changed - calls * L * rate) / Math.sqrt(calls * L * rate * (1 - rate));
    expect(Math.abs(z)).toBeLessThan(4);
  });

  it('free rotors drift exactly one step of ±dt per step, flips or not (no step lost or repeated around a flip)', () => {
    const stepper = velocityFlip.create(free, { params: { lambda }, random: streamFor(6, 3) });
    const q = new Float64Array(L);
    const p = new Float64Array(L).fill(1);
    for (const n of [1, 7, 40]) {
      q.fill(0);
      stepper.step(q, p, dt, n);
      // |p| = 1 throughout, so q_x/dt is a sum of n terms ±1: an integer of n's parity, at most n.
      for (let x = 0; x < L; x++) {
        const steps = Math.round(q[x]! / dt);
        expect(Math.abs(q[x]! / dt - steps)).toBeLessThan(1e-9);
        expect(Math.abs(steps) % 2).toBe(n % 2);
        expect(Math.abs(steps)).toBeLessThanOrEqual(n);
      }
    }
  });

  it('decoupled oscillators: in one step a site flips at the opening half step with probability P and at the closing one with P, independently (not 1 − P)', () => {
    // Pinned chain with the coupling off (g = 0): each site is its own oscillator, F = −q³, so
    // a site's step is one of four exact outcomes, flip(open?) Verlet flip(close?), whatever
    // the other sites do. P = P_odd(λ dt/2); the four cases have probabilities (1−P)², P(1−P), P(1−P), P².
    const model = anharmonicChain.create(anharmonicChain.params.parse({ L, a: 4, b: 2, g: 0 }));
    const stepper = velocityFlip.create(model, { params: { lambda }, random: streamFor(8, 3) });
    const h = 0.5 * dt;
    const verlet = (q: number, p: number): [number, number] => {
      const p1 = p - h * q * q * q;
      const q1 = q + dt * p1;
      return [q1, p1 - h * q1 * q1 * q1];
    };
    const q = Float64Array.from([0.9, -0.6, 1.1, 0.4]);
    const p = Float64Array.from([0.3, 0.8, -0.5, -1]);
    const count = [0, 0, 0, 0];
    const steps = 5000;
    for (let s = 0; s < steps; s++) {
      const q0 = q.slice();
      const p0 = p.slice();
      stepper.step(q, p, dt, 1);
      for (let x = 0; x < L; x++) {
        const [qa, pa] = verlet(q0[x]!, p0[x]!);
        const [qb, pb] = verlet(q0[x]!, -p0[x]!);
        const cases: [number, number][] = [[qa, pa], [qb, pb], [qa, -pa], [qb, -pb]]; // none, open, close, both
        const k = cases.findIndex(([qc, pc]) => Math.abs(qc - q[x]!) < 1e-12 && Math.abs(pc - p[x]!) < 1e-12);
        expect(k).toBeGreaterThanOrEqual(0);
        count[k]!++;
      }
    }
    const P = -0.5 * Math.expm1(-lambda * dt);
    const expected = [(1 - P) ** 2, P * (1 - P), P * (1 - P), P * P];
    count.forEach((c, k) => {
      const n = steps * L;
      const z = (c - n * expected[k]!) / Math.sqrt(n * expected[k]! * (1 - expected[k]!));
      expect(Math.abs(z), `case ${k}: ${c} of ${n}, expected ${(n * expected[k]!).toFixed(0)}`).toBeLessThan(4);
    });
  });

  it('n steps in one call equal n single-step calls, bit for bit, with flips in most steps', () => {
    const m = rotorChain.create(rotorChain.params.parse({ L, g: 0.8 }));
    const q0 = Float64Array.from([0.1, -0.7, 1.2, 0.4]);
    const p0 = Float64Array.from([0.5, -0.3, 0.9, -1.1]);
    const qa = q0.slice();
    const pa = p0.slice();
    velocityFlip.create(m, { params: { lambda }, random: streamFor(2, 3) }).step(qa, pa, dt, 41);
    const qb = q0.slice();
    const pb = p0.slice();
    const s = velocityFlip.create(m, { params: { lambda }, random: streamFor(2, 3) });
    for (let k = 0; k < 41; k++) s.step(qb, pb, dt, 1);
    expect([...qa]).toEqual([...qb]);
    expect([...pa]).toEqual([...pb]);
  });
});
