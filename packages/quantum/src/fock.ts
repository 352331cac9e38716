/**
 * The Fock basis of N bosons on L sites with at most nMax per site: every occupation vector
 * (n_1, …, n_L) with Σ n_x = N, 0 ≤ n_x ≤ nMax, in lexicographic order from (N, 0, …, 0) down.
 * Dimension C(N + L − 1, L − 1) without a cutoff (L = N = 7: 1716; L = N = 8: 6435).
 */
import { GlassyInputError } from '@glassy/contracts';

export interface FockBasis {
  readonly sites: number;
  readonly particles: number;
  readonly nMax: number;
  readonly dimension: number;
  /** Occupations, state k at [k·L, k·L + L). */
  readonly occupations: Uint8Array;
  /** Index of an occupation vector, or −1. */
  indexOf(n: ArrayLike<number>): number;
}

/** Number of states (for the refusal of sizes that do not fit). */
export function fockDimension(L: number, N: number, nMax = N): number {
  // Count by dynamic programming over sites: ways[s] = number of ways to place s bosons so far.
  let ways = new Float64Array(N + 1);
  ways[0] = 1;
  for (let x = 0; x < L; x++) {
    const next = new Float64Array(N + 1);
    for (let s = 0; s <= N; s++) for (let n = 0; n <= Math.min(nMax, N - s); n++) next[s + n] = next[s + n]! + ways[s]!;
    ways = next;
  }
  return ways[N]!;
}

export function fockBasis(L: number, N: number, nMax = N): FockBasis {
  if (!(Number.isInteger(L) && L >= 2)) throw new GlassyInputError(`L: ${L} must be an integer ≥ 2`);
  if (!(Number.isInteger(N) && N >= 0)) throw new GlassyInputError(`N: ${N} must be an integer ≥ 0`);
  if (!(Number.isInteger(nMax) && nMax >= 0)) throw new GlassyInputError(`nMax: ${nMax} must be an integer ≥ 0`);
  if (nMax * L < N) throw new GlassyInputError(`nMax: ${nMax} bosons per site on ${L} sites hold at most ${nMax * L}, fewer than N = ${N}`);
  if (nMax > 255) throw new GlassyInputError(`nMax: ${nMax} exceeds 255 bosons per site`);
  const dimension = fockDimension(L, N, nMax);
  if (dimension > 5e6) throw new GlassyInputError(`L, N: the basis would hold ${dimension} states (at most 5·10⁶)`);
  const occupations = new Uint8Array(dimension * L);
  const index = new Map<string, number>();
  const n = new Uint8Array(L);
  let k = 0;
  const place = (x: number, left: number): void => {
    if (x === L - 1) {
      if (left > nMax) return;
      n[x] = left;
      occupations.set(n, k * L);
      index.set(n.join(','), k);
      k++;
      return;
    }
    for (let m = Math.min(nMax, left); m >= 0; m--) {
      n[x] = m;
      place(x + 1, left - m);
    }
  };
  place(0, N);
  return {
    sites: L,
    particles: N,
    nMax,
    dimension,
    occupations,
    indexOf: (v) => index.get(Array.from(v).join(',')) ?? -1,
  };
}
