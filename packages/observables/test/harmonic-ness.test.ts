/**
 * The exact harmonic steady-state current (transmission integral) against an independent exact
 * method: the Gaussian steady state's covariance C from the Lyapunov equation A C + C Aᵀ + D = 0,
 * solved densely (Kronecker form, Gaussian elimination) for small chains, J = −K_{x,x+1}⟨q_x p_{x+1}⟩.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import { endToEndGreenSquared, harmonicNessCurrent } from '../src/index.js';

function solveDense(M: Float64Array[], rhs: Float64Array): Float64Array {
  const n = rhs.length;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(M[r]![col]!) > Math.abs(M[piv]![col]!)) piv = r;
    [M[col], M[piv]] = [M[piv]!, M[col]!];
    [rhs[col], rhs[piv]] = [rhs[piv]!, rhs[col]!];
    for (let r = col + 1; r < n; r++) {
      const f = M[r]![col]! / M[col]![col]!;
      if (f === 0) continue;
      for (let c = col; c < n; c++) M[r]![c] = M[r]![c]! - f * M[col]![c]!;
      rhs[r] = rhs[r]! - f * rhs[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = rhs[r]!;
    for (let c = r + 1; c < n; c++) s -= M[r]![c]! * x[c]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

/** Bond current x → x+1 in the middle of the chain from the exact Lyapunov covariance. */
function lyapunovCurrent(diag: number[], off: number[], gamma: number, tLeft: number, tRight: number): number {
  const L = diag.length;
  const n = 2 * L;
  const A = Array.from({ length: n }, () => new Float64Array(n));
  for (let x = 0; x < L; x++) {
    A[x]![L + x] = 1; // q̇ = p
    A[L + x]![x] = -diag[x]!; // ṗ = −K q − Γ p
    if (x > 0) A[L + x]![x - 1] = -off[x - 1]!;
    if (x < L - 1) A[L + x]![x + 1] = -off[x]!;
  }
  A[L]![L] = -gamma;
  A[n - 1]![n - 1] = -gamma;
  const D = new Float64Array(n * n);
  D[L * n + L] = 2 * gamma * tLeft;
  D[(n - 1) * n + (n - 1)] = 2 * gamma * tRight;
  // (A ⊗ I + I ⊗ A) vec(C) = −vec(D), row-major vec: C[i][j] ↦ i·n + j.
  const M = Array.from({ length: n * n }, () => new Float64Array(n * n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const row = i * n + j;
      for (let k = 0; k < n; k++) {
        M[row]![k * n + j] = M[row]![k * n + j]! + A[i]![k]!; // (A C)_{ij}
        M[row]![i * n + k] = M[row]![i * n + k]! + A[j]![k]!; // (C Aᵀ)_{ij}
      }
    }
  }
  const C = solveDense(M, Float64Array.from(D, (v) => -v));
  const x = Math.floor(L / 2) - 1;
  return -off[x]! * C[x * n + (L + x + 1)]!; // −K_{x,x+1} ⟨q_x p_{x+1}⟩
}

describe('harmonicNessCurrent', () => {
  it('equals the exact Lyapunov steady state for random tridiagonal chains (L = 2 … 7)', () => {
    const r = streamFor(17, 2);
    for (let trial = 0; trial < 12; trial++) {
      const L = 2 + (trial % 6);
      const off = Array.from({ length: L - 1 }, () => -(0.2 + r.uniform()));
      const diag = Array.from({ length: L }, (_, x) => 0.1 + r.uniform() * 2 - (x > 0 ? off[x - 1]! : 0) - (x < L - 1 ? off[x]! : 0));
      const gamma = [0.5, 1, 2][trial % 3]!;
      const exact = lyapunovCurrent(diag, off, gamma, 1.5, 0.5);
      const J = harmonicNessCurrent(diag, off, gamma, 1.5, 0.5);
      expect(Math.abs(J - exact) / Math.abs(exact), `L = ${L}, γ = ${gamma}: ${J} vs ${exact}`).toBeLessThan(1e-6);
    }
  });

  it('is linear in the temperature difference and zero without one', () => {
    const diag = [1.5, 2.2, 1.1, 1.9];
    const off = [-0.5, -0.5, -0.5];
    expect(harmonicNessCurrent(diag, off, 1, 1, 1)).toBe(0);
    const a = harmonicNessCurrent(diag, off, 1, 1.25, 0.75);
    const b = harmonicNessCurrent(diag, off, 1, 2, 1);
    expect(b / a).toBeCloseTo(2, 10);
    expect(a).toBeGreaterThan(0);
  });

  it('|G_{1L}|² survives long chains (rescaled recurrence) and the input is validated', () => {
    const L = 4000;
    const diag = new Float64Array(L).fill(3);
    const off = new Float64Array(L - 1).fill(-1);
    const g = endToEndGreenSquared(diag, off, 1, Math.sqrt(3)); // inside the band ω² ∈ [1, 5]: propagating
    expect(Number.isFinite(g)).toBe(true);
    expect(g).toBeGreaterThan(0);
    expect(() => harmonicNessCurrent([1], [], 1, 1, 0)).toThrow(RangeError);
    expect(() => harmonicNessCurrent([1, 1], [-0.5], 0, 1, 0)).toThrow(/gamma/);
  });
});
