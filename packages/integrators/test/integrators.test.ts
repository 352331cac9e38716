/**
 * Integrators against hand-computed steps, composition identities, and chunking: n steps in
 * one call must equal n calls of one step, bit for bit (reproducibility regardless of how a
 * run is chunked).
 */
import { describe, expect, it } from 'vitest';
import { missingCapability, streamFor, type HamiltonianModel, type IntegratorPlugin } from '@glassy/contracts';
import { builtinIntegrators, controlIntegrators, stormerVerlet, symplecticEuler, YOSHIDA_W0, YOSHIDA_W1 } from '../src/index.js';
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
