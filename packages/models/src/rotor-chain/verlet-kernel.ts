/**
 * Fused Störmer–Verlet for the rotor chain (review eq. (4), unit moments of inertia):
 *
 *   ω ← ω + (h/2) F(θ);  θ ← θ + h ω;  ω ← ω + (h/2) F(θ),   F_x = g [s_x − s_{x−1}],
 *   s_x = sin(θ_{x+1} − θ_x): one polynomial sine per bond (fast-sine.ts), reused for both rotors.
 *
 * The closing kick of a step and the opening kick of the next use the same F(θ), so one sweep
 * per step does all of it: drift rotor x+1, take the sine of bond (x, x+1), and finish rotor x
 * with both kicks, ω_x ← (ω_x + (h/2)F_x) + (h/2)F_x (two roundings, as two separate kicks
 * round). The wrap-around bond of the ring needs the drifted θ_{L}, so rotor L is drifted first.
 * One extra force-and-kick sweep opens each call; the last step closes with one kick only.
 * Four array accesses per site-step, no force buffer, no calls in the loop.
 *
 * The arithmetic is that of `stormer-verlet` with the force `rotorForceFast`, operation for
 * operation, so the two agree bit for bit (test/stormer-verlet-fused.test.ts in the integrators).
 * It differs from the model's force `rotorForce` (Math.sin) only in the sine (≤ 2.5 ulp).
 * Where the runtime has WebAssembly SIMD (Node ≥ 16), the steps run in the f64x2 twin of this
 * kernel (verlet-simd.ts), which gives the same bits about twice as fast; the TypeScript below
 * is the readable reference and the fallback (GLASSY_WASM=0).
 * Rotors whose angles reach ~1e12 rad are outside the fast sine's domain: a call that could get
 * there runs the plain kick–drift–kick with the model's own force instead (identical to
 * `stormer-verlet`). Only there can the result depend on how steps are split into calls (a long
 * call may take the Math.sin path where short ones would not: a difference of ≤ 2.5 ulp per sine).
 */
import type { RandomStream, Stepper, VerletKernel } from '@glassy/contracts';
import { FAST_SIN_DOMAIN, sinInDomain } from './fast-sine.js';
import { createRotorLangevinSimd, createRotorVerletSimd } from './verlet-simd.js';

/**
 * out[x] = g [s_x − s_{x−1}] with the polynomial sine, as in `rotorForce`: the force the fused
 * kernel integrates, for cross-checks against the generic integrators. Needs |θ| ≤ 2⁴¹.
 */
export function rotorForceFast(theta: Float64Array, out: Float64Array, g: number, periodic: boolean): void {
  const L = theta.length;
  const wrap = periodic ? sinInDomain(theta[0]! - theta[L - 1]!) : 0;
  let prev = wrap;
  for (let x = 0; x < L - 1; x++) {
    const s = sinInDomain(theta[x + 1]! - theta[x]!);
    out[x] = g * (s - prev);
    prev = s;
  }
  out[L - 1] = g * (wrap - prev);
}

/** ω ← ω + h F(θ), F with the polynomial sine (the opening kick of a call). */
function rotorKick(theta: Float64Array, omega: Float64Array, h: number, g: number, periodic: boolean): void {
  const L = theta.length;
  const wrap = periodic ? sinInDomain(theta[0]! - theta[L - 1]!) : 0;
  let prev = wrap;
  for (let x = 0; x < L - 1; x++) {
    const s = sinInDomain(theta[x + 1]! - theta[x]!);
    omega[x] = omega[x]! + h * (g * (s - prev));
    prev = s;
  }
  omega[L - 1] = omega[L - 1]! + h * (g * (wrap - prev));
}

/**
 * θ ← θ + dt ω, then ω ← ω + h F(θ), applied twice (closing kick of this step and opening
 * kick of the next) unless `twice` is false (last step of a call).
 */
function rotorDriftKick(theta: Float64Array, omega: Float64Array, dt: number, h: number, g: number, periodic: boolean, twice: boolean): void {
  const L = theta.length;
  let wx = omega[0]!;
  let tx = theta[0]! + dt * wx;
  theta[0] = tx;
  const tLast = theta[L - 1]! + dt * omega[L - 1]!;
  theta[L - 1] = tLast;
  const wrap = periodic ? sinInDomain(tx - tLast) : 0;
  let prev = wrap;
  for (let y = 1; y < L - 1; y++) {
    const wy = omega[y]!;
    const ty = theta[y]! + dt * wy;
    theta[y] = ty;
    const s = sinInDomain(ty - tx);
    const f = g * (s - prev);
    const w1 = wx + h * f;
    omega[y - 1] = twice ? w1 + h * f : w1;
    prev = s;
    wx = wy;
    tx = ty;
  }
  const s = sinInDomain(tLast - tx);
  let f = g * (s - prev);
  let w1 = wx + h * f;
  omega[L - 2] = twice ? w1 + h * f : w1;
  f = g * (wrap - s);
  w1 = omega[L - 1]! + h * f;
  omega[L - 1] = twice ? w1 + h * f : w1;
}

function maxAbs(x: Float64Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]!));
  return m;
}

/**
 * Can every bond stay inside the fast sine's domain for nSteps steps? |ω̇_x| ≤ 2g, so
 * |θ_x(t)| ≤ max|θ| + t max|ω| + g t², and |bond| ≤ twice that. NaN answers false.
 */
function withinSineDomain(theta: Float64Array, omega: Float64Array, g: number, duration: number): boolean {
  const bound = maxAbs(theta) + duration * maxAbs(omega) + g * duration * duration;
  return 2 * bound <= FAST_SIN_DOMAIN / 2;
}

/** Site-steps of noise drawn ahead per batch of Langevin steps (the batch holds ⌈this / L⌉ steps). */
const LANGEVIN_BATCH_SITE_STEPS = 8192;

/**
 * BAOAB steps of the rotor chain, readable form, every normal taken from `noise` (step by step,
 * site by site): what `langevin-baoab` computes with the force `force`, operation for operation.
 * The reference of the wasm path, and the path beyond the fast sine's domain (with Math.sin).
 */
function rotorLangevinReference(
  theta: Float64Array,
  omega: Float64Array,
  dt: number,
  nSteps: number,
  c1: number,
  amp: number,
  noise: Float64Array,
  force: (theta: Float64Array, out: Float64Array) => void,
  f: Float64Array,
): void {
  const L = theta.length;
  const h = 0.5 * dt;
  force(theta, f);
  for (let n = 0; n < nSteps; n++) {
    for (let x = 0; x < L; x++) omega[x] = omega[x]! + h * f[x]!;
    for (let x = 0; x < L; x++) theta[x] = theta[x]! + h * omega[x]!;
    for (let x = 0; x < L; x++) omega[x] = c1 * omega[x]! + amp * noise[n * L + x]!;
    for (let x = 0; x < L; x++) theta[x] = theta[x]! + h * omega[x]!;
    force(theta, f);
    for (let x = 0; x < L; x++) omega[x] = omega[x]! + h * f[x]!;
  }
}

/**
 * Can every bond stay inside the fast sine's domain over these nSteps Langevin steps? Each kick
 * adds at most g·dt to |ω| (|F| ≤ 2g), the O step gives |c1 ω + amp ξ| ≤ |ω| + amp |ξ|, so
 * |ω(t)| ≤ max|ω| + 2g t + amp · nSteps · max|ξ| and |θ(t)| ≤ max|θ| + t · that. NaN answers false.
 */
function langevinWithinSineDomain(theta: Float64Array, omega: Float64Array, g: number, duration: number, amp: number, noise: Float64Array, count: number, nSteps: number): boolean {
  let m = 0;
  for (let i = 0; i < count; i++) m = Math.max(m, Math.abs(noise[i]!));
  const omegaBound = maxAbs(omega) + 2 * g * duration + Math.abs(amp) * nSteps * m;
  return 2 * (maxAbs(theta) + duration * omegaBound) <= FAST_SIN_DOMAIN / 2;
}

/** The fused kernel of one rotor chain; `force` is the model's `separable.force` (Math.sin). */
export function rotorVerletKernel(L: number, g: number, periodic: boolean, force: (theta: Float64Array, out: Float64Array) => void): VerletKernel {
  return {
    force,
    description:
      'one sweep per step (drift, bond sine, both kicks), one polynomial sine per bond (fast-sine.ts, ≤ 2.5 ulp from Math.sin), ' +
      'run in WebAssembly f64x2 SIMD where available (same bits); ' +
      'bit for bit stormer-verlet with rotorForceFast; angles beyond ~1e12 rad: plain kick–drift–kick with Math.sin',
    create(): Stepper {
      const f = new Float64Array(L);
      const simd = createRotorVerletSimd(L, g, periodic);
      return {
        step(theta, omega, dt, nSteps) {
          if (nSteps <= 0) return;
          const h = 0.5 * dt;
          if (withinSineDomain(theta, omega, g, Math.abs(dt) * nSteps)) {
            if (simd !== null) {
              simd(theta, omega, dt, nSteps);
              return;
            }
            rotorKick(theta, omega, h, g, periodic);
            for (let n = 1; n <= nSteps; n++) rotorDriftKick(theta, omega, dt, h, g, periodic, n < nSteps);
            return;
          }
          force(theta, f);
          for (let n = 0; n < nSteps; n++) {
            for (let x = 0; x < L; x++) omega[x] = omega[x]! + h * f[x]!;
            for (let x = 0; x < L; x++) theta[x] = theta[x]! + dt * omega[x]!;
            force(theta, f);
            for (let x = 0; x < L; x++) omega[x] = omega[x]! + h * f[x]!;
          }
        },
      };
    },
    /**
     * BAOAB with the polynomial sine: the normals of a batch of steps are drawn first, in
     * langevin-baoab's order, then the batch runs in wasm (or in the readable loops, GLASSY_WASM=0,
     * or with Math.sin beyond the sine's domain). Batching changes no bit: a call of n steps
     * equals n calls of one step.
     */
    createLangevin(gamma: number, beta: number, random: RandomStream): Stepper {
      const batch = Math.max(1, Math.ceil(LANGEVIN_BATCH_SITE_STEPS / L));
      const f = new Float64Array(L);
      const simd = createRotorLangevinSimd(L, g, periodic, batch);
      // The normals go straight into the wasm buffer where there is one.
      const noise = simd?.noise ?? new Float64Array(batch * L);
      const fastForce = (theta: Float64Array, out: Float64Array): void => rotorForceFast(theta, out, g, periodic);
      return {
        step(theta, omega, dt, nSteps) {
          // As langevin-baoab: c1 = e^{−γ dt}, amplitude √(1 − c1²) · √(1/β).
          const c1 = Math.exp(-gamma * dt);
          const amp = Math.sqrt(1 - c1 * c1) * Math.sqrt(1 / beta);
          for (let done = 0; done < nSteps; ) {
            const k = Math.min(batch, nSteps - done);
            if (random.fillNormal !== undefined) random.fillNormal(noise, k * L);
            else for (let i = 0; i < k * L; i++) noise[i] = random.normal();
            if (!langevinWithinSineDomain(theta, omega, g, Math.abs(dt) * k, amp, noise, k * L, k)) {
              rotorLangevinReference(theta, omega, dt, k, c1, amp, noise, force, f);
            } else if (simd !== null) {
              simd.run(theta, omega, dt, k, c1, amp);
            } else {
              rotorLangevinReference(theta, omega, dt, k, c1, amp, noise, fastForce, f);
            }
            done += k;
          }
        },
      };
    },
  };
}
