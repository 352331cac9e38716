/**
 * The Bose–Hubbard chain, eq. (16) of the review: H = U Σ_x n_x² + g Σ_{x<L} (a†_x a_{x+1} + h.c.),
 * open chain, N bosons, at most nMax per site. a†_x a_{x+1} takes a boson from x+1 to x with
 * amplitude √(n_{x+1}) √(n_x + 1) (n before the move).
 *
 * Reflection x → L + 1 − x commutes with H (open chain), so H splits into an even and an odd
 * sector: basis states that are their own mirror image belong to the even sector; every other
 * pair {s, Rs} gives (s ± Rs)/√2.
 */
import { GlassyInputError } from '@glassy/contracts';
import { fockBasis, type FockBasis } from './fock.js';
import { csrFromTriplets, type CsrMatrix } from './sparse.js';
import { projectedBlock } from './spectra.js';

export interface BoseHubbardParams {
  readonly L: number;
  readonly N: number;
  readonly U: number;
  readonly g: number;
  readonly nMax?: number;
}

/** Amplitude of moving one boson from a site holding `from` to a site holding `to` (before the move). */
export type HoppingAmplitude = (from: number, to: number) => number;

/** The bosonic one: ⟨…, to + 1, from − 1, …| a†a |…, to, from, …⟩ = √from · √(to + 1). */
export const bosonicAmplitude: HoppingAmplitude = (from, to) => Math.sqrt(from) * Math.sqrt(to + 1);

/** H on the Fock basis (CSR, every entry stored: H is symmetric). */
export function boseHubbardHamiltonian(params: BoseHubbardParams, basis: FockBasis = fockBasis(params.L, params.N, params.nMax ?? params.N), amplitude: HoppingAmplitude = bosonicAmplitude): CsrMatrix {
  if (!Number.isFinite(params.U)) throw new GlassyInputError(`U: ${params.U} must be finite`);
  if (!Number.isFinite(params.g)) throw new GlassyInputError(`g: ${params.g} must be finite`);
  const { sites: L, dimension: D, occupations, nMax } = basis;
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  const n = new Uint8Array(L);
  for (let k = 0; k < D; k++) {
    n.set(occupations.subarray(k * L, k * L + L));
    let onsite = 0;
    for (let x = 0; x < L; x++) onsite += n[x]! * n[x]!;
    rows.push(k);
    cols.push(k);
    vals.push(params.U * onsite);
    if (params.g === 0) continue;
    for (let x = 0; x + 1 < L; x++) {
      // a†_x a_{x+1} and a†_{x+1} a_x: the row k gets both moves out of state k.
      for (const [to, from] of [[x, x + 1], [x + 1, x]] as const) {
        if (n[from]! === 0 || n[to]! >= nMax) continue;
        const amp = amplitude(n[from]!, n[to]!);
        n[from] = n[from]! - 1;
        n[to] = n[to]! + 1;
        const j = basis.indexOf(n);
        n[from] = n[from]! + 1;
        n[to] = n[to]! - 1;
        rows.push(j);
        cols.push(k);
        vals.push(params.g * amp);
      }
    }
  }
  return csrFromTriplets(D, rows, cols, vals);
}

/** The mirror image of each basis state: reflected[k] = index of R|k⟩. */
export function reflection(basis: FockBasis): Int32Array {
  const { sites: L, dimension: D, occupations } = basis;
  const out = new Int32Array(D);
  const m = new Uint8Array(L);
  for (let k = 0; k < D; k++) {
    for (let x = 0; x < L; x++) m[x] = occupations[k * L + L - 1 - x]!;
    out[k] = basis.indexOf(m);
  }
  return out;
}

/** A sector basis: each vector has one or two components (state index, coefficient). */
export interface Sector {
  readonly parity: 1 | -1;
  readonly vectors: ReadonlyArray<ReadonlyArray<readonly [number, number]>>;
}

export function reflectionSector(basis: FockBasis, parity: 1 | -1, mirror: Int32Array = reflection(basis)): Sector {
  const vectors: Array<Array<[number, number]>> = [];
  for (let k = 0; k < basis.dimension; k++) {
    const r = mirror[k]!;
    if (r < k) continue;
    if (r === k) {
      if (parity === 1) vectors.push([[k, 1]]);
    } else {
      vectors.push([
        [k, Math.SQRT1_2],
        [r, parity * Math.SQRT1_2],
      ]);
    }
  }
  return { parity, vectors };
}

/** The block Pᵀ H P of a sector, dense row-major (dimension = vectors.length). */
export function sectorMatrix(h: CsrMatrix, sector: Sector): Float64Array {
  return projectedBlock(h, sector.vectors);
}
