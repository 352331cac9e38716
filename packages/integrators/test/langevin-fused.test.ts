/**
 * langevin-baoab-fused (the model's fused Langevin kernel, `verletKernel.createLangevin`) against
 * langevin-baoab with the same force and the same random stream: bit for bit. For the rotor chain
 * "the same force" is rotorForceFast (the kernel's polynomial sine); its wasm path and its
 * readable TypeScript path (GLASSY_WASM=0) are both compared, and splitting the steps into calls
 * or into the kernel's noise batches changes no bit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { missingCapability, streamFor, validatePlugin, type HamiltonianModel, type Stepper } from '@glassy/contracts';
import { anharmonicChain, createRotorChain, rotorForceFast, type RotorChainParams } from '@glassy/models';
import { createBaoab, createLangevinFast, langevinBaoabFused } from '../src/index.js';

function rotorWithFastForce(params: RotorChainParams): HamiltonianModel {
  const base = createRotorChain(params);
  const periodic = params.boundary === 'periodic';
  const force = (q: Float64Array, out: Float64Array): void => rotorForceFast(q, out, params.g, periodic);
  return { ...base, separable: { ...base.separable!, force, verletKernel: undefined } };
}

function randomState(n: number, seed: number): { q: Float64Array; p: Float64Array } {
  const r = streamFor(seed, 1);
  const q = Float64Array.from({ length: n }, () => Math.PI * (2 * r.uniform() - 1));
  const p = Float64Array.from({ length: n }, () => 2 * r.uniform() - 1);
  return { q, p };
}

function run(stepper: Stepper, seed: number, n: number, calls: readonly number[], dt: number): { q: Float64Array; p: Float64Array } {
  const { q, p } = randomState(n, seed);
  for (const k of calls) stepper.step(q, p, dt, k);
  return { q, p };
}

const firstDifference = (a: Float64Array, b: Float64Array): number => a.findIndex((x, i) => !Object.is(x, b[i]));

afterEach(() => {
  delete process.env['GLASSY_WASM'];
});

describe('langevin-baoab-fused', () => {
  it('passes manifest validation and is n.a. where the model has no fused Langevin kernel', () => {
    expect(validatePlugin(langevinBaoabFused, 'built-in')).toBe(langevinBaoabFused);
    expect(missingCapability(langevinBaoabFused, createRotorChain({ L: 8, g: 1, boundary: 'periodic' }))).toBeUndefined();
    expect(missingCapability(langevinBaoabFused, anharmonicChain.create(anharmonicChain.params.parse({})))).toBe('langevinKernel');
    expect(missingCapability(langevinBaoabFused, rotorWithFastForce({ L: 8, g: 1, boundary: 'periodic' }))).toBe('langevinKernel');
  });

  const cases = [
    { L: 64, g: 1, boundary: 'periodic', gamma: 1, beta: 1, dt: 0.01 },
    { L: 7, g: 0.3, boundary: 'open', gamma: 0.5, beta: 2.5, dt: 0.05 },
    { L: 2, g: 2, boundary: 'periodic', gamma: 3, beta: 0.7, dt: 0.02 },
    { L: 200, g: 0.1, boundary: 'periodic', gamma: 1, beta: 1, dt: -0.01 },
  ] as const;
  for (const wasm of [true, false]) {
    it.each(cases)(`rotor chain ${wasm ? 'wasm' : 'TypeScript'} path, %o: bit for bit langevin-baoab with rotorForceFast`, (c) => {
      process.env['GLASSY_WASM'] = wasm ? '1' : '0';
      const params: RotorChainParams = { L: c.L, g: c.g, boundary: c.boundary };
      const fused = langevinBaoabFused.create(createRotorChain(params), { params: { gamma: c.gamma, beta: c.beta }, random: streamFor(9, 2) });
      const generic = createBaoab(rotorWithFastForce(params), 'reference', streamFor(9, 2), c.gamma, undefined, [c.beta]);
      const calls = [1, 300, 2, 57, 1000];
      const a = run(fused, c.L, c.L, calls, c.dt);
      const b = run(generic, c.L, c.L, calls, c.dt);
      expect(firstDifference(a.q, b.q)).toBe(-1);
      expect(firstDifference(a.p, b.p)).toBe(-1);
      // and the noise really acted: the state is not the noise-free one
      const quiet = run(createBaoab(rotorWithFastForce(params), 'reference', streamFor(9, 2), 1e-30, undefined, [c.beta]), c.L, c.L, calls, c.dt);
      expect(firstDifference(a.p, quiet.p)).not.toBe(-1);
    });
  }

  it('one call of n steps equals n calls of one step, and the stream ends in the same state', () => {
    const m = createRotorChain({ L: 33, g: 0.5, boundary: 'periodic' });
    const r1 = streamFor(4, 4);
    const r2 = streamFor(4, 4);
    const a = run(langevinBaoabFused.create(m, { params: {}, random: r1 }), 3, 33, [777], 0.01);
    const b = run(langevinBaoabFused.create(m, { params: {}, random: r2 }), 3, 33, Array.from({ length: 777 }, () => 1), 0.01);
    expect(firstDifference(a.q, b.q)).toBe(-1);
    expect(firstDifference(a.p, b.p)).toBe(-1);
    expect(r1.uniform()).toBe(r2.uniform());
  });

  it('createLangevinFast takes the fused kernel where there is one and the generic BAOAB elsewhere', () => {
    const rotor = createRotorChain({ L: 16, g: 1, boundary: 'periodic' });
    const a = run(createLangevinFast(rotor, 't', streamFor(5, 5), 1, 1), 1, 16, [100], 0.01);
    const b = run(langevinBaoabFused.create(rotor, { params: {}, random: streamFor(5, 5) }), 1, 16, [100], 0.01);
    expect(firstDifference(a.p, b.p)).toBe(-1);
    const anh = anharmonicChain.create(anharmonicChain.params.parse({}));
    const c = run(createLangevinFast(anh, 't', streamFor(5, 5), 1, 1), 1, anh.dof, [100], 0.01);
    const d = run(createBaoab(anh, 't', streamFor(5, 5), 1, undefined, [1]), 1, anh.dof, [100], 0.01);
    expect(firstDifference(c.p, d.p)).toBe(-1);
  });

  it('angles beyond the fast sine domain take the Math.sin path: bit for bit langevin-baoab with the model force', () => {
    const m = createRotorChain({ L: 8, g: 1, boundary: 'periodic' });
    const { q, p } = randomState(8, 2);
    q[3] = q[3]! + 2 ** 41;
    const qa = q.slice();
    const pa = p.slice();
    langevinBaoabFused.create(m, { params: {}, random: streamFor(1, 1) }).step(qa, pa, 0.01, 500);
    createBaoab(m, 'reference', streamFor(1, 1), 1, undefined, [1]).step(q, p, 0.01, 500);
    expect(firstDifference(qa, q)).toBe(-1);
    expect(firstDifference(pa, p)).toBe(-1);
  });
});
