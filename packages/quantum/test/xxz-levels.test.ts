/**
 * The disordered XXZ chain: sector dimensions C(L, up); H symmetric; at W = 0, Δ = 0 free
 * fermions (levels = sums over `up` distinct single-particle levels J cos(πk/(L+1))), which a
 * wrong flip amplitude breaks; the sectors together give the full 2^L spectrum; the disorder is
 * wired in (W changes the levels; the same seed gives the same fields). The mean gap ratio on
 * Poisson levels and GOE matrices (fixed seeds) against 0.3863 and 0.5307, and on the
 * Bose–Hubbard and XXZ spectra where they are known to be chaotic or localised.
 */
import { describe, expect, it } from 'vitest';
import { streamFor } from '@glassy/contracts';
import { denseSymmetricEigen } from '@glassy/linalg';
import {
  asymmetry,
  boseHubbardHamiltonian,
  csrToDense,
  fockBasis,
  GOE_MEAN_GAP_RATIO,
  meanGapRatio,
  POISSON_MEAN_GAP_RATIO,
  reflectionSector,
  sectorMatrix,
  spinBasis,
  xxzFields,
  xxzHamiltonian,
} from '../src/index.js';

const levels = (m: Float64Array, n: number): number[] => [...denseSymmetricEigen(m, n).values];

function fermionLevels(L: number, up: number, J: number): number[] {
  const eps = Array.from({ length: L }, (_, k) => J * Math.cos((Math.PI * (k + 1)) / (L + 1)));
  const out: number[] = [];
  const rec = (start: number, left: number, sum: number): void => {
    if (left === 0) return void out.push(sum);
    for (let k = start; k < L; k++) rec(k + 1, left - 1, sum + eps[k]!);
  };
  rec(0, up, 0);
  return out.sort((a, b) => a - b);
}

const maxDiff = (a: readonly number[], b: readonly number[]): number => (a.length !== b.length ? Number.POSITIVE_INFINITY : Math.max(...a.map((x, i) => Math.abs(x - b[i]!))));

describe('disordered XXZ chain', () => {
  it('sector dimensions C(L, up) summing to 2^L; H symmetric', () => {
    expect(spinBasis(12, 6).dimension).toBe(924);
    expect([0, 1, 2, 3, 4, 5, 6].reduce((s, up) => s + spinBasis(6, up).dimension, 0)).toBe(64);
    expect(asymmetry(xxzHamiltonian({ L: 8, up: 4, J: 1, Delta: 1, W: 2, disorderSeed: 3 }))).toBe(0);
    expect(() => spinBasis(6, 7)).toThrow(/^up: 7 is not a sector of 6 spins/);
  });

  it('W = 0, Δ = 0: free fermions, levels = sums of distinct J cos(πk/(L+1)); a wrong flip amplitude is seen', () => {
    for (const [L, up] of [[6, 3], [8, 2], [7, 4]] as const) {
      const h = xxzHamiltonian({ L, up, J: 1, Delta: 0, W: 0, disorderSeed: 1 });
      expect(maxDiff(levels(csrToDense(h), h.n), fermionLevels(L, up, 1)), `L = ${L}, up = ${up}`).toBeLessThan(1e-12);
    }
    // J/2 → J in the flip (S⁺S⁻ without the ½): every level doubles, so the comparison fails.
    const wrong = xxzHamiltonian({ L: 6, up: 3, J: 2, Delta: 0, W: 0, disorderSeed: 1 });
    expect(maxDiff(levels(csrToDense(wrong), wrong.n), fermionLevels(6, 3, 1))).toBeGreaterThan(0.1);
  });

  it('the S^z sectors together hold 2^L levels with the Tr H and Tr H² of the whole space (W > 0)', () => {
    const L = 6;
    const all = Array.from({ length: L + 1 }, (_, up) => {
      const h = xxzHamiltonian({ L, up, J: 1, Delta: 0.7, W: 1.5, disorderSeed: 9 });
      return levels(csrToDense(h), h.n);
    }).flat();
    expect(all).toHaveLength(64);
    // Tr H and Tr H² over the full space from the Pauli expansion: S^a = σ^a/2, Pauli strings are
    // orthogonal (Tr PQ = 2^L δ), so Tr H² = 2^L [Σ h_x²/4 + (L − 1) J² (2 + Δ²)/16].
    const h = xxzFields(L, 1.5, 9);
    const sumE = all.reduce((s, e) => s + e, 0);
    expect(Math.abs(sumE)).toBeLessThan(1e-12); // Tr H = 0: every term is traceless
    const trH2 = 64 * (h.reduce((s, x) => s + (x * x) / 4, 0) + ((L - 1) * (2 + 0.7 * 0.7)) / 16);
    expect(all.reduce((s, e) => s + e * e, 0)).toBeCloseTo(trH2, 9);
  });

  it('the disorder is wired in: fields uniform on [−W, W] from the seed, and they move the levels', () => {
    const f = xxzFields(10, 3, 5);
    expect(Math.max(...f.map(Math.abs))).toBeLessThanOrEqual(3);
    expect([...xxzFields(10, 3, 5)]).toEqual([...f]);
    const a = xxzHamiltonian({ L: 8, up: 4, J: 1, Delta: 1, W: 0, disorderSeed: 5 });
    const b = xxzHamiltonian({ L: 8, up: 4, J: 1, Delta: 1, W: 3, disorderSeed: 5 });
    expect(maxDiff(levels(csrToDense(a), a.n), levels(csrToDense(b), b.n))).toBeGreaterThan(0.1);
  });
});

describe('mean gap ratio', () => {
  it('Poisson levels: ⟨r⟩ = 2 ln 2 − 1 within 3 standard errors; GOE matrices: 0.5307 within 3 standard errors', () => {
    const rng = streamFor(20261207, 1);
    let e = 0;
    const poisson = Array.from({ length: 8000 }, () => (e += -Math.log(1 - rng.uniform())));
    const p = meanGapRatio(poisson);
    expect(Math.abs(p.mean - POISSON_MEAN_GAP_RATIO)).toBeLessThan(3 * p.stdError);
    const n = 300;
    const goe: number[] = [];
    for (let rep = 0; rep < 6; rep++) {
      const a = new Float64Array(n * n);
      for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.normal() * (i === j ? Math.SQRT2 : 1);
      goe.push(...meanGapRatioParts(levels(a, n)));
    }
    const mean = goe.reduce((s, x) => s + x, 0) / goe.length;
    const se = Math.sqrt(goe.reduce((s, x) => s + (x - mean) ** 2, 0) / (goe.length - 1) / goe.length);
    expect(Math.abs(mean - GOE_MEAN_GAP_RATIO)).toBeLessThan(3 * se);
    expect(Math.abs(mean - POISSON_MEAN_GAP_RATIO)).toBeGreaterThan(10 * se);
  });

  it('Bose–Hubbard at g/U = 1 (L = N = 6, even sector) is GOE-like; the XXZ chain at W = 8 is Poisson-like', () => {
    const b = fockBasis(6, 6);
    const h = boseHubbardHamiltonian({ L: 6, N: 6, U: 1, g: 1 }, b);
    const s = reflectionSector(b, 1);
    const bh = meanGapRatio(levels(sectorMatrix(h, s), s.vectors.length));
    expect(bh.mean).toBeGreaterThan(0.48);
    const rs: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const x = xxzHamiltonian({ L: 10, up: 5, J: 1, Delta: 1, W: 8, disorderSeed: seed });
      rs.push(meanGapRatio(levels(csrToDense(x), x.n)).mean);
    }
    const xm = rs.reduce((t, v) => t + v, 0) / rs.length;
    expect(xm).toBeLessThan(0.42);
    expect(xm).toBeGreaterThan(0.35);
  });
});

/** The r values of one spectrum (the middle half), for pooling over several. */
function meanGapRatioParts(ls: number[]): number[] {
  const n = ls.length;
  const out: number[] = [];
  for (let i = Math.floor(n / 4); i + 2 < Math.floor((3 * n) / 4); i++) {
    const s1 = ls[i + 1]! - ls[i]!;
    const s2 = ls[i + 2]! - ls[i + 1]!;
    out.push(Math.min(s1, s2) / Math.max(s1, s2));
  }
  return out;
}
