/**
 * The rotor chain's fused Störmer–Verlet step, and its BAOAB Langevin step, in WebAssembly f64x2
 * SIMD (wasm/rotor-verlet.wat.mjs, compiled at build time into src/generated/wasm-kernels.ts).
 * Bit for bit the TypeScript of verlet-kernel.ts (same operations in the same order, no fused
 * multiply–add), about twice as fast: two sites per vector operation and no bounds checks.
 *
 * Each stepper owns one instance (its own linear memory, sized for L). A call copies θ and ω in,
 * runs all its steps inside wasm, and copies them back: 2L copies per call, against about 40
 * floating-point operations per site-step. The Langevin stepper's normals are written by the
 * caller straight into the instance's memory.
 *
 * `GLASSY_WASM=0` in the environment turns the wasm path off (the TypeScript kernel runs; the
 * results are the same bits), for cross-checks and benchmarks. A runtime without WebAssembly SIMD
 * falls back the same way.
 */
import { ROTOR_VERLET_PAD, ROTOR_VERLET_WASM } from '../generated/wasm-kernels.js';

/** The part of the WebAssembly JS API used here (@types/node 20 does not declare it; lib.dom is not in use). */
interface WasmModule {
  readonly __wasmModule?: never;
}
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: object };
};

interface RotorVerletExports {
  readonly memory: { grow(pages: number): number; readonly buffer: ArrayBuffer };
  steps(L: number, oW: number, oS: number, dt: number, g: number, periodic: number, n: number): void;
  langevin(L: number, oW: number, oS: number, oN: number, dt: number, g: number, periodic: number, n: number, c1: number, amp: number): void;
}

let compiled: WasmModule | null | undefined;

function wasmDisabled(): boolean {
  return typeof process !== 'undefined' && process.env?.['GLASSY_WASM'] === '0';
}

/** The compiled module, or null where WebAssembly SIMD is unavailable or turned off. */
function rotorVerletModule(): WasmModule | null {
  if (wasmDisabled()) return null;
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Uint8Array.from(atob(ROTOR_VERLET_WASM), (ch) => ch.charCodeAt(0)));
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Does this runtime run the wasm kernel (WebAssembly SIMD present and GLASSY_WASM not 0)? */
export function rotorVerletSimdAvailable(): boolean {
  return rotorVerletModule() !== null;
}

/** Largest step count of one wasm call (an i32); longer calls are split, which changes no bit. */
const MAX_STEPS_PER_CALL = 2 ** 30;

/**
 * One instance of the module with its memory laid out for L rotors: θ at slot 0, ω at slot W,
 * the bond sines at 2W (W = L + padding), then `extraSlots` more (the Langevin normals); byte
 * offsets oW, oS, oN and views of θ and ω. Null where wasm is unavailable or L < 2.
 */
function instantiate(L: number, extraSlots: number) {
  const module = rotorVerletModule();
  if (module === null || L < 2) return null;
  const slots = L + ROTOR_VERLET_PAD;
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as RotorVerletExports;
  const pages = Math.ceil((8 * (3 * slots + extraSlots)) / 65536);
  if (pages > 1) exports.memory.grow(pages - 1);
  const buffer = exports.memory.buffer; // after grow: growing detaches the old buffer
  const oW = 8 * slots;
  return { exports, buffer, oW, oS: 2 * oW, oN: 3 * oW, theta: new Float64Array(buffer, 0, L), omega: new Float64Array(buffer, oW, L) };
}

/** A wasm Langevin stepper: `noise` is its buffer in wasm memory (maxSteps·L normals), `run` reads it. */
export interface RotorLangevinSimd {
  readonly noise: Float64Array;
  run(theta: Float64Array, omega: Float64Array, dt: number, nSteps: number, c1: number, amp: number): void;
}

/**
 * The wasm Langevin (BAOAB) stepper for a chain of L ≥ 2 rotors, or null where wasm is
 * unavailable: the caller writes nSteps·L normals (step by step, site by site) into `noise`, then
 * calls `run` with 1 ≤ nSteps ≤ maxSteps. The caller guarantees the sine's domain.
 */
export function createRotorLangevinSimd(L: number, g: number, periodic: boolean, maxSteps: number): RotorLangevinSimd | null {
  const w = instantiate(L, maxSteps * L + ROTOR_VERLET_PAD);
  if (w === null) return null;
  const { exports, oW, oS, oN, theta, omega } = w;
  const ring = periodic ? 1 : 0;
  return {
    noise: new Float64Array(w.buffer, oN, maxSteps * L),
    run(th, om, dt, nSteps, c1, amp) {
      if (nSteps > maxSteps) throw new RangeError(`at most ${maxSteps} Langevin steps per wasm call`);
      theta.set(th);
      omega.set(om);
      exports.langevin(L, oW, oS, oN, dt, g, ring, nSteps, c1, amp);
      th.set(theta);
      om.set(omega);
    },
  };
}

/**
 * The wasm stepper for a chain of L ≥ 2 rotors, or null where wasm is unavailable. `run` takes
 * nSteps ≥ 1; the caller guarantees that the angles stay inside the polynomial sine's domain.
 */
export function createRotorVerletSimd(L: number, g: number, periodic: boolean): ((theta: Float64Array, omega: Float64Array, dt: number, nSteps: number) => void) | null {
  const w = instantiate(L, 0);
  if (w === null) return null;
  const { exports, oW, oS, theta, omega } = w;
  const ring = periodic ? 1 : 0;
  return (th, om, dt, nSteps) => {
    theta.set(th);
    omega.set(om);
    for (let done = 0; done < nSteps; done += MAX_STEPS_PER_CALL) {
      exports.steps(L, oW, oS, dt, g, ring, Math.min(MAX_STEPS_PER_CALL, nSteps - done));
    }
    th.set(theta);
    om.set(omega);
  };
}
