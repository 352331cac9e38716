/**
 * The rotor chain's wasm SIMD Verlet kernel (verlet-simd.ts) against the TypeScript fused kernel
 * it replaces (GLASSY_WASM=0): bit for bit, for even and odd L (the vector loops overshoot into
 * the padding), ring and open chain, forward and backward steps, and any split of the steps
 * into calls. The TypeScript kernel is in turn bit for bit `stormer-verlet` with
 * `rotorForceFast` (integrators/test/stormer-verlet-fused.test.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import { rotorVerletKernel } from '../src/index.js';
import { rotorVerletSimdAvailable } from '../src/rotor-chain/verlet-simd.js';

const noForce = (): void => {
  throw new Error('the fused path must not call the generic force');
};

function state(L: number, seed: number, spread: number): [Float64Array, Float64Array] {
  const rng = streamFor(seed, 41);
  const theta = new Float64Array(L);
  const omega = new Float64Array(L);
  for (let x = 0; x < L; x++) {
    theta[x] = spread * (2 * rng.uniform() - 1);
    omega[x] = 2 * rng.uniform() - 1;
  }
  return [theta, omega];
}

function run(wasm: boolean, L: number, g: number, periodic: boolean, seed: number, calls: readonly number[], dt: number, spread = Math.PI): [Float64Array, Float64Array] {
  process.env['GLASSY_WASM'] = wasm ? '1' : '0';
  const stepper = rotorVerletKernel(L, g, periodic, noForce).create();
  const [theta, omega] = state(L, seed, spread);
  for (const n of calls) stepper.step(theta, omega, dt, n);
  return [theta, omega];
}

function firstDifference(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

afterEach(() => {
  delete process.env['GLASSY_WASM'];
});

describe('rotor-chain wasm SIMD Verlet kernel', () => {
  it('runs here (Node 20 has WebAssembly SIMD), so the comparisons below compare two paths', () => {
    expect(rotorVerletSimdAvailable()).toBe(true);
    process.env['GLASSY_WASM'] = '0';
    expect(rotorVerletSimdAvailable()).toBe(false);
  });

  for (const periodic of [true, false]) {
    it(`agrees bit for bit with the TypeScript kernel for L = 2 … 21, 64, 65 (${periodic ? 'ring' : 'open chain'})`, () => {
      for (const L of [...Array.from({ length: 20 }, (_, i) => i + 2), 64, 65]) {
        for (const [g, dt] of [[1, 0.05], [0.1, 0.1], [2.5, -0.02]] as const) {
          const calls = [1, 3, 50, 2];
          const [tw, ww] = run(true, L, g, periodic, L, calls, dt);
          const [tj, wj] = run(false, L, g, periodic, L, calls, dt);
          expect(firstDifference(tw, tj), `theta, L=${L} g=${g} dt=${dt}`).toBe(-1);
          expect(firstDifference(ww, wj), `omega, L=${L} g=${g} dt=${dt}`).toBe(-1);
        }
      }
    });
  }

  it('agrees over 10⁴ steps at L = 4096 and the split of the steps into calls changes no bit', () => {
    const [tw, ww] = run(true, 4096, 0.1, true, 7, [10_000], 0.05);
    const [tj, wj] = run(false, 4096, 0.1, true, 7, [10_000], 0.05);
    expect(firstDifference(tw, tj)).toBe(-1);
    expect(firstDifference(ww, wj)).toBe(-1);
    const [ts, ws] = run(true, 4096, 0.1, true, 7, [1, 4999, 3, 4997], 0.05);
    expect(firstDifference(ts, tw)).toBe(-1);
    expect(firstDifference(ws, ww)).toBe(-1);
  });

  it('agrees at large angles (|θ| ~ 1e8, k far from 0 in the sine) and keeps the steps going', () => {
    const [tw, ww] = run(true, 33, 0.7, true, 3, [200], 0.05, 1e8);
    const [tj, wj] = run(false, 33, 0.7, true, 3, [200], 0.05, 1e8);
    expect(firstDifference(tw, tj)).toBe(-1);
    expect(firstDifference(ww, wj)).toBe(-1);
    expect(Array.from(tw).every(Number.isFinite)).toBe(true);
  });

  it('a non-finite state never reaches wasm: the domain check sends it to the plain path with the model force', () => {
    for (const wasm of [true, false]) {
      process.env['GLASSY_WASM'] = wasm ? '1' : '0';
      let forceCalls = 0;
      const stepper = rotorVerletKernel(8, 1, true, (_theta, out) => {
        forceCalls++;
        out.fill(0);
      }).create();
      const [theta, omega] = state(8, 1, 1);
      omega[3] = Number.NaN;
      stepper.step(theta, omega, 0.05, 5);
      expect(forceCalls, `wasm=${wasm}`).toBe(6);
      expect(Number.isNaN(theta[3]!), `wasm=${wasm}`).toBe(true);
    }
  });
});
