/**
 * Model plugins: the force is minus the gradient of the potential, the Hamiltonian matches
 * its formula, the schemas refuse bad parameters, and the broken controls really are broken.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { HamiltonianModel, ModelPlugin } from '@glassy/contracts';
import { anharmonicChain, builtinModels, controlModels, norm, rotorChain, rotorChainSignError, signedPow, totalMomentum } from '../src/index.js';

const unit = fc.integer({ min: -(2 ** 30), max: 2 ** 30 }).map((k) => k / 2 ** 30);

function make(plugin: ModelPlugin, params: Record<string, unknown>): HamiltonianModel {
  return plugin.create(plugin.params.parse(params));
}

/** −∂V/∂q_i by 4th-order central differences. */
function numericalForce(m: HamiltonianModel, q: Float64Array, h = 1e-4): Float64Array {
  const f = new Float64Array(q.length);
  const x = q.slice();
  const V = (): number => m.separable!.potential(x);
  for (let i = 0; i < q.length; i++) {
    const at = (d: number): number => {
      x.set(q);
      x[i] = q[i]! + d;
      return V();
    };
    f[i] = -(-at(2 * h) + 8 * at(h) - 8 * at(-h) + at(-2 * h)) / (12 * h);
  }
  return f;
}

const cases: Array<[string, ModelPlugin, Record<string, unknown>, number]> = [
  ['rotor-chain periodic', rotorChain, { L: 7, g: 0.8, boundary: 'periodic' }, Math.PI],
  ['rotor-chain open', rotorChain, { L: 7, g: 1.3, boundary: 'open' }, Math.PI],
  ['anharmonic-chain a=4 b=2', anharmonicChain, { L: 6, a: 4, b: 2, g: 0.7 }, 1.5],
  ['anharmonic-chain a=6 b=4', anharmonicChain, { L: 6, a: 6, b: 4, g: 1.1 }, 1.2],
  ['anharmonic-chain a=5.5 b=3', anharmonicChain, { L: 5, a: 5.5, b: 3, g: 2 }, 1.2],
];

describe.each(cases)('%s', (_name, plugin, params, scale) => {
  const m = make(plugin, params);
  const L = m.dof;
  test.prop([fc.array(unit, { minLength: L, maxLength: L })], { seed: 20261127, numRuns: 25 })('force = −∇V (finite differences)', (u) => {
    const q = Float64Array.from(u, (x) => x * scale);
    const f = new Float64Array(L);
    m.separable!.force(q, f);
    const fd = numericalForce(m, q);
    for (let i = 0; i < L; i++) expect(f[i]).toBeCloseTo(fd[i]!, 7);
  });

  it('gradient() agrees with velocity and force', () => {
    const q = Float64Array.from({ length: L }, (_, i) => 0.3 * Math.sin(i + 1));
    const p = Float64Array.from({ length: L }, (_, i) => 0.2 * Math.cos(i));
    const dq = new Float64Array(L);
    const dp = new Float64Array(L);
    const f = new Float64Array(L);
    m.gradient(q, p, dq, dp);
    m.separable!.force(q, f);
    for (let i = 0; i < L; i++) {
      expect(dq[i]).toBe(-f[i]!);
      expect(dp[i]).toBe(p[i]);
    }
    expect(m.hamiltonian(q, p)).toBe(m.separable!.kinetic(p) + m.separable!.potential(q));
  });
});

describe('rotor chain formulas (docs/physics.md §1)', () => {
  it('H = Σω²/2 + g Σ(1 − cos Δθ) on a hand-computed periodic state', () => {
    const m = make(rotorChain, { L: 3, g: 2 });
    const q = Float64Array.of(0, 1, 3);
    const p = Float64Array.of(1, -2, 0.5);
    const expected = (1 + 4 + 0.25) / 2 + 2 * (1 - Math.cos(1) + 1 - Math.cos(2) + 1 - Math.cos(-3));
    expect(m.hamiltonian(q, p)).toBeCloseTo(expected, 14);
  });
  it('the open chain has one bond fewer', () => {
    const periodic = make(rotorChain, { L: 3, g: 1 });
    const open = make(rotorChain, { L: 3, g: 1, boundary: 'open' });
    const q = Float64Array.of(0, 1, 3);
    const p = new Float64Array(3);
    expect(periodic.hamiltonian(q, p) - open.hamiltonian(q, p)).toBeCloseTo(1 - Math.cos(3), 14);
  });
  it('declares every coordinate an angle and Ω = Σω as invariant', () => {
    const m = make(rotorChain, { L: 4 });
    expect([...m.angles]).toEqual([1, 1, 1, 1]);
    expect(m.invariants.map((i) => i.id)).toEqual(['Omega']);
    expect(m.invariants[0]!.evaluate(new Float64Array(4), Float64Array.of(1, 2, 3, -1))).toBe(5);
  });
  it('scaling transform is g → g/α², ω → αω′, t → αt', () => {
    const t = rotorChain.scaling!.transform(rotorChain.params.parse({ g: 0.5 }), 2);
    expect(t).toMatchObject({ qFactor: 1, pFactor: 2, timeFactor: 2 });
    expect(t.params['g']).toBe(0.125);
  });
});

describe('parameter schemas', () => {
  it('fill defaults', () => {
    expect(rotorChain.params.parse({})).toEqual({ L: 64, g: 1, boundary: 'periodic' });
    expect(anharmonicChain.params.parse({})).toEqual({ L: 64, a: 4, b: 2, g: 1 });
  });
  it.each([
    [rotorChain, { g: -1 }, 'g'],
    [rotorChain, { L: 2.5 }, 'L'],
    [rotorChain, { boundary: 'twisted' }, 'boundary'],
    [anharmonicChain, { a: 2, b: 2 }, 'a'],
    [anharmonicChain, { b: 1.5 }, 'b'],
  ])('%# refuses %j naming the field', (plugin, params, field) => {
    const r = plugin.params.safeParse(params);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toContain(field);
  });
  it('every parameter of every built-in model has a description', () => {
    for (const m of builtinModels) {
      const shape = (m.params as unknown as { shape: Record<string, { description?: string }> }).shape;
      for (const [key, field] of Object.entries(shape)) expect(field.description, `${m.id}.${key}`).toBeTruthy();
    }
  });
});

describe('negative-control models are broken as advertised', () => {
  it('the sign-error force is not −∇V', () => {
    const m = make(rotorChainSignError, { L: 6, g: 1 });
    const q = Float64Array.of(0.1, 0.9, -0.4, 1.7, 0.3, -1.1);
    const f = new Float64Array(6);
    m.separable!.force(q, f);
    const fd = numericalForce(m, q);
    expect(Math.max(...f.map((x, i) => Math.abs(x - fd[i]!)))).toBeGreaterThan(0.1);
  });
  it('every control names the checks that must reject it', () => {
    for (const c of controlModels) expect(c.control!.mustFail.length).toBeGreaterThan(0);
  });
});

describe('helpers', () => {
  it('signedPow(x, k) = sign(x)|x|^k for the special-cased k = 1, 2, 3 and a general k, at x < 0, 0, > 0', () => {
    for (const k of [1, 2, 3, 4, 2.5]) {
      for (const x of [-1.7, -0.3, 0, 0.4, 2.2]) {
        const expected = Math.sign(x) * Math.abs(x) ** k;
        expect(Math.abs(signedPow(x, k) - expected)).toBeLessThanOrEqual(1e-15 * Math.abs(expected));
      }
    }
  });
  it('totalMomentum(p) = Σ p', () => {
    expect(totalMomentum(Float64Array.from([1.5, -0.25, 2]))).toBe(3.25);
  });
  it('norm(q, p) = Σ (q² + p²)/2', () => {
    expect(norm(Float64Array.from([1, -2, 0.5]), Float64Array.from([0, 1, -3]))).toBeCloseTo((1 + 4 + 0.25 + 0 + 1 + 9) / 2, 14);
  });
});
