/**
 * Lyapunov exponents from the tangent map (Benettin et al. 1980; Skokos 2010, "The Lyapunov
 * characteristic exponents and their computation", Lect. Notes Phys. 790).
 *
 * A deviation vector w = (δq, δp) is advanced with the trajectory by the integrator's tangent
 * map (the exact Jacobian of its numerical one-step map: `IntegratorPlugin.createTangent`).
 * Every `renormEvery` steps (time τ = renormEvery·dt) its Euclidean norm α_k is taken and it is
 * rescaled to 1; the finite-time maximal Lyapunov exponent (mLCE) after k renormalisations is
 *   λ(t_k) = (1/t_k) Σ_{j ≤ k} ln α_j,   t_k = k τ.
 * The full spectrum uses 2N vectors re-orthonormalised by modified Gram–Schmidt (a QR step)
 * every τ: λ_i(t) = (1/t) Σ ln R_ii. The twin-trajectory estimate replaces the tangent vector by
 * the difference of two trajectories d₀ apart, rescaled to d₀ every τ (finite differences: no
 * Jacobian needed; it agrees with the tangent map to O(d₀) while d₀·e^{λτ} stays small).
 * Norms are Euclidean in (q, p); the exponents do not depend on that choice as t → ∞.
 */
import { GlassyInputError, NonFiniteStateError, type Stepper, type TangentStepper } from '@glassy/contracts';

export interface MlceRecord {
  /** Record times t_k (multiples of τ). */
  readonly times: number[];
  /** λ(t_k). */
  readonly lambda: number[];
}

/** Renormalisation indices k (1 … n) at which to record: about `perDecade` per decade, log-spaced, always n. */
export function logIndices(n: number, perDecade: number): Set<number> {
  const out = new Set<number>();
  const f = 10 ** (1 / perDecade);
  for (let x = 1; x < n; x *= f) out.add(Math.max(1, Math.round(x)));
  out.add(n);
  return out;
}

function norm2(a: Float64Array, b: Float64Array, off: number, n: number): number {
  let s = 0;
  for (let i = off; i < off + n; i++) s += a[i]! * a[i]! + b[i]! * b[i]!;
  return s;
}

/**
 * mLCE by the tangent map: `renorms` renormalisations τ = renormEvery·dt apart, from (q, p) with
 * initial deviation (wq, wp) (normalised here). q, p, wq, wp are advanced in place.
 */
export function mlceTangent(
  tangent: TangentStepper,
  q: Float64Array,
  p: Float64Array,
  wq: Float64Array,
  wp: Float64Array,
  dt: number,
  renormEvery: number,
  renorms: number,
  record: Set<number> = logIndices(renorms, 10),
): MlceRecord {
  const n = q.length;
  if (wq.length !== n || wp.length !== n) throw new GlassyInputError(`mlce: deviation vector of length ${wq.length}, state of length ${n}`);
  const a0 = Math.sqrt(norm2(wq, wp, 0, n));
  for (let i = 0; i < n; i++) {
    wq[i] = wq[i]! / a0;
    wp[i] = wp[i]! / a0;
  }
  const times: number[] = [];
  const lambda: number[] = [];
  let sum = 0;
  for (let k = 1; k <= renorms; k++) {
    tangent.step(q, p, wq, wp, dt, renormEvery);
    const a = Math.sqrt(norm2(wq, wp, 0, n));
    if (!Number.isFinite(a) || a === 0) throw new NonFiniteStateError(k * renormEvery, 0, 'q', k * renormEvery * dt);
    sum += Math.log(a);
    for (let i = 0; i < n; i++) {
      wq[i] = wq[i]! / a;
      wp[i] = wp[i]! / a;
    }
    if (record.has(k)) {
      times.push(k * renormEvery * dt);
      lambda.push(sum / (k * renormEvery * dt));
    }
  }
  return { times, lambda };
}

/**
 * mLCE by twin trajectories: (q, p) and a copy displaced by d0·w (w normalised), both advanced by
 * the integrator's ordinary stepper; every τ their distance d is taken and the twin is put back at
 * distance d0 along the current difference. λ(t_k) = (1/t_k) Σ ln(d_j/d0).
 */
export function mlceTwin(
  stepperA: Stepper,
  stepperB: Stepper,
  q: Float64Array,
  p: Float64Array,
  wq: Float64Array,
  wp: Float64Array,
  d0: number,
  dt: number,
  renormEvery: number,
  renorms: number,
  record: Set<number> = logIndices(renorms, 10),
): MlceRecord {
  const n = q.length;
  const a0 = Math.sqrt(norm2(wq, wp, 0, n));
  const q2 = new Float64Array(n);
  const p2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    q2[i] = q[i]! + (d0 * wq[i]!) / a0;
    p2[i] = p[i]! + (d0 * wp[i]!) / a0;
  }
  const times: number[] = [];
  const lambda: number[] = [];
  let sum = 0;
  for (let k = 1; k <= renorms; k++) {
    stepperA.step(q, p, dt, renormEvery);
    stepperB.step(q2, p2, dt, renormEvery);
    let s = 0;
    for (let i = 0; i < n; i++) s += (q2[i]! - q[i]!) ** 2 + (p2[i]! - p[i]!) ** 2;
    const d = Math.sqrt(s);
    if (!Number.isFinite(d) || d === 0) throw new NonFiniteStateError(k * renormEvery, 0, 'q', k * renormEvery * dt);
    sum += Math.log(d / d0);
    const f = d0 / d;
    for (let i = 0; i < n; i++) {
      q2[i] = q[i]! + f * (q2[i]! - q[i]!);
      p2[i] = p[i]! + f * (p2[i]! - p[i]!);
    }
    if (record.has(k)) {
      times.push(k * renormEvery * dt);
      lambda.push(sum / (k * renormEvery * dt));
    }
  }
  return { times, lambda };
}

/**
 * The full spectrum (k = 2N exponents, or the first k) by the tangent map and modified
 * Gram–Schmidt every τ. Returns the finite-time exponents at t = renorms·τ, in decreasing order.
 */
export function lyapunovSpectrum(tangent: TangentStepper, q: Float64Array, p: Float64Array, dt: number, renormEvery: number, renorms: number, k = 2 * q.length): number[] {
  const n = q.length;
  const wq = new Float64Array(k * n);
  const wp = new Float64Array(k * n);
  // Start from the canonical basis of (q, p) space (vector j: e_j).
  for (let j = 0; j < k; j++) {
    if (j < n) wq[j * n + j] = 1;
    else wp[j * n + (j - n)] = 1;
  }
  const sums = new Float64Array(k);
  for (let r = 1; r <= renorms; r++) {
    tangent.step(q, p, wq, wp, dt, renormEvery);
    for (let j = 0; j < k; j++) {
      const oj = j * n;
      for (let i = 0; i < j; i++) {
        const oi = i * n;
        let dot = 0;
        for (let x = 0; x < n; x++) dot += wq[oj + x]! * wq[oi + x]! + wp[oj + x]! * wp[oi + x]!;
        for (let x = 0; x < n; x++) {
          wq[oj + x] = wq[oj + x]! - dot * wq[oi + x]!;
          wp[oj + x] = wp[oj + x]! - dot * wp[oi + x]!;
        }
      }
      const a = Math.sqrt(norm2(wq, wp, oj, n));
      if (!Number.isFinite(a) || a === 0) throw new NonFiniteStateError(r * renormEvery, j, 'q', r * renormEvery * dt);
      sums[j] = sums[j]! + Math.log(a);
      for (let x = 0; x < n; x++) {
        wq[oj + x] = wq[oj + x]! / a;
        wp[oj + x] = wp[oj + x]! / a;
      }
    }
  }
  const t = renorms * renormEvery * dt;
  return Array.from(sums, (s) => s / t).sort((a, b) => b - a);
}
