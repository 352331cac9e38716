/**
 * The Bose–Hubbard chain against what is known exactly (docs: the review's eq. (16)): the basis
 * dimension C(N + L − 1, L − 1); H symmetric; [H, N] = 0 by construction (one particle number per
 * basis); the atomic limit g = 0 (levels U Σ n_x² with their degeneracies); free bosons U = 0
 * (levels = sums of N single-particle levels 2g cos(πk/(L+1)), bosonic counting); the two
 * parity sectors together give the full spectrum with multiplicities; Lanczos finds the dense
 * ground state. Each exact-limit test is shown to fail on a wrong Hamiltonian (hopping without
 * the bosonic √ factors; a non-Hermitian hopping).
 */
import { describe, expect, it } from 'vitest';
import { GlassyInputError } from '@glassy/contracts';
import { denseSymmetricEigen, lanczos } from '@glassy/linalg';
import { asymmetry, boseHubbardHamiltonian, csrMultiply, csrToDense, fockBasis, fockDimension, reflection, reflectionSector, sectorMatrix, type HoppingAmplitude } from '../src/index.js';

const binomial = (n: number, k: number): number => {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
};

function spectrum(L: number, N: number, U: number, g: number, amplitude?: HoppingAmplitude): number[] {
  const h = boseHubbardHamiltonian({ L, N, U, g }, undefined, amplitude);
  return [...denseSymmetricEigen(csrToDense(h), h.n).values];
}

/** All multisets of N single-particle levels, summed (bosons: repetition allowed), sorted. */
function freeBosonLevels(L: number, N: number, g: number): number[] {
  const eps = Array.from({ length: L }, (_, k) => 2 * g * Math.cos((Math.PI * (k + 1)) / (L + 1)));
  const out: number[] = [];
  const rec = (start: number, left: number, sum: number): void => {
    if (left === 0) {
      out.push(sum);
      return;
    }
    for (let k = start; k < L; k++) rec(k, left - 1, sum + eps[k]!);
  };
  rec(0, N, 0);
  return out.sort((a, b) => a - b);
}

const maxDiff = (a: readonly number[], b: readonly number[]): number => (a.length !== b.length ? Number.POSITIVE_INFINITY : Math.max(...a.map((x, i) => Math.abs(x - b[i]!))));

describe('Fock basis', () => {
  it('has C(N + L − 1, L − 1) states (L = N = 7: 1716), fewer with a cutoff, each once', () => {
    expect(fockBasis(7, 7).dimension).toBe(1716);
    for (const [L, N] of [[2, 0], [2, 5], [4, 3], [6, 6]] as const) expect(fockBasis(L, N).dimension).toBe(binomial(N + L - 1, L - 1));
    const cut = fockBasis(5, 5, 1);
    expect(cut.dimension).toBe(1); // hard-core: one boson per site
    expect(fockDimension(4, 4, 2)).toBe(19);
    const b = fockBasis(4, 4, 2);
    const seen = new Set<string>();
    for (let k = 0; k < b.dimension; k++) {
      const n = Array.from(b.occupations.subarray(4 * k, 4 * k + 4));
      expect(n.reduce((s, x) => s + x, 0)).toBe(4);
      expect(Math.max(...n)).toBeLessThanOrEqual(2);
      expect(b.indexOf(n)).toBe(k);
      seen.add(n.join(','));
    }
    expect(seen.size).toBe(19);
  });

  it('refuses N < 0, L < 2 and a cutoff that cannot hold N, naming the parameter', () => {
    expect(() => fockBasis(4, -1)).toThrow(GlassyInputError);
    expect(() => fockBasis(4, -1)).toThrow(/^N: /);
    expect(() => fockBasis(1, 2)).toThrow(/^L: /);
    expect(() => fockBasis(3, 7, 2)).toThrow(/^nMax: 2 bosons per site on 3 sites hold at most 6, fewer than N = 7/);
  });
});

describe('Bose–Hubbard Hamiltonian', () => {
  it('is symmetric; a non-Hermitian hopping is seen', () => {
    expect(asymmetry(boseHubbardHamiltonian({ L: 5, N: 5, U: 1, g: 0.3 }))).toBe(0);
    const skewed: HoppingAmplitude = (from, to) => Math.sqrt(from) * Math.sqrt(to + 1) * (from > to ? 1.01 : 1);
    expect(asymmetry(boseHubbardHamiltonian({ L: 5, N: 5, U: 1, g: 0.3 }, undefined, skewed))).toBeGreaterThan(1e-3);
  });

  it('atomic limit g = 0: the levels are U Σ n_x², degeneracies included', () => {
    const b = fockBasis(5, 5);
    const want: number[] = [];
    for (let k = 0; k < b.dimension; k++) want.push(0.7 * Array.from(b.occupations.subarray(5 * k, 5 * k + 5)).reduce((s, n) => s + n * n, 0));
    want.sort((x, y) => x - y);
    expect(maxDiff(spectrum(5, 5, 0.7, 0), want)).toBeLessThan(1e-12);
  });

  it('free bosons U = 0: the levels are sums of N single-particle levels 2g cos(πk/(L+1)); without the √ factors they are not', () => {
    for (const [L, N] of [[4, 3], [5, 4], [3, 6]] as const) expect(maxDiff(spectrum(L, N, 0, 0.8), freeBosonLevels(L, N, 0.8)), `L = ${L}, N = ${N}`).toBeLessThan(1e-11);
    const plain: HoppingAmplitude = () => 1;
    expect(maxDiff(spectrum(4, 3, 0, 0.8, plain), freeBosonLevels(4, 3, 0.8))).toBeGreaterThan(0.1);
  });

  it('the even and odd parity sectors together hold the full spectrum, with multiplicities', () => {
    const b = fockBasis(6, 5);
    const h = boseHubbardHamiltonian({ L: 6, N: 5, U: 1, g: 0.4 }, b);
    const full = [...denseSymmetricEigen(csrToDense(h), h.n).values];
    const mirror = reflection(b);
    const parts = ([1, -1] as const).map((p) => {
      const s = reflectionSector(b, p, mirror);
      return [...denseSymmetricEigen(sectorMatrix(h, s), s.vectors.length).values];
    });
    expect(parts[0]!.length + parts[1]!.length).toBe(b.dimension);
    expect(maxDiff([...parts[0]!, ...parts[1]!].sort((x, y) => x - y), full)).toBeLessThan(1e-12);
    // A "sector" that keeps only one state of each mirror pair mixes the sectors: its levels are not H's.
    const broken = { parity: 1 as const, vectors: reflectionSector(b, 1, mirror).vectors.map((v) => [[v[0]![0], 1] as const]) };
    const brokenLevels = [...denseSymmetricEigen(sectorMatrix(h, broken), broken.vectors.length).values];
    const distance = Math.max(...brokenLevels.map((x) => Math.min(...full.map((y) => Math.abs(x - y)))));
    expect(distance).toBeGreaterThan(1e-3);
  });

  it('Lanczos finds the dense ground state and top level (L = N = 6, 462 states)', () => {
    const h = boseHubbardHamiltonian({ L: 6, N: 6, U: 1, g: 0.3 });
    const dense = denseSymmetricEigen(csrToDense(h), h.n).values;
    const r = lanczos((x, y) => csrMultiply(h, x, y), h.n, { count: 1, which: 'both' });
    expect(r.converged).toBe(true);
    expect(Math.abs(r.values[0]! - dense[0]!)).toBeLessThan(1e-9);
    expect(Math.abs(r.values[1]! - dense[h.n - 1]!)).toBeLessThan(1e-9);
  });
});
