/**
 * Fused Störmer–Verlet for the pinned anharmonic chain (review eq. (13), unit masses, free ends):
 *
 *   p ← p + (h/2) F(q);  q ← q + h p;  p ← p + (h/2) F(q),
 *   F_x = V'(r_x) − V'(r_{x−1}) − U'(q_x),  r_x = q_{x+1} − q_x,  V'(r_0) = V'(r_L) = 0.
 *
 * As for the rotor chain (../rotor-chain/verlet-kernel.ts): one sweep per step drifts site x+1,
 * takes V'(r_x) once for both of its sites, and finishes site x with the closing kick of this
 * step and the opening kick of the next, p_x ← (p_x + (h/2)F_x) + (h/2)F_x. One extra
 * force-and-kick sweep opens each call, the last step closes with one kick. The force is
 * `anharmonicForce` operation for operation, so the results equal `stormer-verlet` bit for bit.
 * The usual exponents (a, b) = (4, 2) get their own kick and sweep, U' = q·q·q and V' = r written
 * out: the general ones call signedPow (inlined, but its exponent tests stay in the loop).
 */
import type { Stepper, VerletKernel } from '@glassy/contracts';
import { signedPow } from './signed-pow.js';

/** p ← p + h F(q), F exactly as `anharmonicForce` computes it. */
function anharmonicKick(q: Float64Array, p: Float64Array, h: number, ka: number, kb: number, g: number): void {
  const L = q.length;
  let prev = 0;
  for (let x = 0; x < L - 1; x++) {
    const dv = g * signedPow(q[x + 1]! - q[x]!, kb);
    p[x] = p[x]! + h * (dv - prev - signedPow(q[x]!, ka));
    prev = dv;
  }
  p[L - 1] = p[L - 1]! + h * (-prev - signedPow(q[L - 1]!, ka));
}

/** The same kick for U(q) = q⁴/4, V(r) = r²/2 (U' = q·q·q, V' = r, as signedPow computes them). */
function quarticHarmonicKick(q: Float64Array, p: Float64Array, h: number, g: number): void {
  const L = q.length;
  let prev = 0;
  for (let x = 0; x < L - 1; x++) {
    const qx = q[x]!;
    const dv = g * (q[x + 1]! - qx);
    p[x] = p[x]! + h * (dv - prev - qx * qx * qx);
    prev = dv;
  }
  const ql = q[L - 1]!;
  p[L - 1] = p[L - 1]! + h * (-prev - ql * ql * ql);
}

/** q ← q + dt p, then p ← p + h F(q), twice unless `twice` is false; any exponents. */
function anharmonicDriftKick(q: Float64Array, p: Float64Array, dt: number, h: number, ka: number, kb: number, g: number, twice: boolean): void {
  const L = q.length;
  let px = p[0]!;
  let qx = q[0]! + dt * px;
  q[0] = qx;
  let prev = 0;
  for (let y = 1; y < L; y++) {
    const py = p[y]!;
    const qy = q[y]! + dt * py;
    q[y] = qy;
    const dv = g * signedPow(qy - qx, kb);
    const f = dv - prev - signedPow(qx, ka);
    const p1 = px + h * f;
    p[y - 1] = twice ? p1 + h * f : p1;
    prev = dv;
    px = py;
    qx = qy;
  }
  const f = -prev - signedPow(qx, ka);
  const p1 = px + h * f;
  p[L - 1] = twice ? p1 + h * f : p1;
}

/** The same sweep for U(q) = q⁴/4, V(r) = r²/2. */
function quarticHarmonicDriftKick(q: Float64Array, p: Float64Array, dt: number, h: number, g: number, twice: boolean): void {
  const L = q.length;
  let px = p[0]!;
  let qx = q[0]! + dt * px;
  q[0] = qx;
  let prev = 0;
  for (let y = 1; y < L; y++) {
    const py = p[y]!;
    const qy = q[y]! + dt * py;
    q[y] = qy;
    const dv = g * (qy - qx);
    const f = dv - prev - qx * qx * qx;
    const p1 = px + h * f;
    p[y - 1] = twice ? p1 + h * f : p1;
    prev = dv;
    px = py;
    qx = qy;
  }
  const f = -prev - qx * qx * qx;
  const p1 = px + h * f;
  p[L - 1] = twice ? p1 + h * f : p1;
}

/** The fused kernel of one anharmonic chain; `force` is the model's `separable.force`. */
export function anharmonicVerletKernel(a: number, b: number, g: number, force: (q: Float64Array, out: Float64Array) => void): VerletKernel {
  const ka = a - 1;
  const kb = b - 1;
  const quarticHarmonic = ka === 3 && kb === 1;
  return {
    force,
    description: 'one sweep per step (drift, coupling force once per bond, both kicks); same arithmetic as anharmonicForce: bit for bit stormer-verlet',
    bitIdentical: true,
    create(): Stepper {
      return {
        step(q, p, dt, nSteps) {
          if (nSteps <= 0) return;
          const h = 0.5 * dt;
          if (quarticHarmonic) quarticHarmonicKick(q, p, h, g);
          else anharmonicKick(q, p, h, ka, kb, g);
          for (let n = 1; n <= nSteps; n++) {
            if (quarticHarmonic) quarticHarmonicDriftKick(q, p, dt, h, g, n < nSteps);
            else anharmonicDriftKick(q, p, dt, h, ka, kb, g, n < nSteps);
          }
        },
      };
    },
  };
}
