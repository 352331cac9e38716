/**
 * The disordered XXZ chain (spin ½, open), the standard model of many-body localisation that
 * the review's section 5 contrasts with the Bose–Hubbard chain:
 *   H = Σ_{x<L} J (S^x_x S^x_{x+1} + S^y_x S^y_{x+1} + Δ S^z_x S^z_{x+1}) + Σ_x h_x S^z_x,
 * h_x uniform on [−W, W], drawn from the named stream (disorderSeed, x). Total S^z is conserved:
 * the basis of a sector is every configuration with `up` spins up (S^z = up − L/2), as bit masks
 * (bit x set = spin up at site x + 1), ascending. S^x S^x + S^y S^y = (S⁺S⁻ + S⁻S⁺)/2 flips an
 * antiparallel pair with amplitude J/2.
 */
import { GlassyInputError, streamFor } from '@glassy/contracts';
import { csrFromTriplets, type CsrMatrix } from './sparse.js';

export interface XxzParams {
  readonly L: number;
  /** Number of up spins (sector S^z = up − L/2). */
  readonly up: number;
  readonly J: number;
  readonly Delta: number;
  readonly W: number;
  readonly disorderSeed: number;
}

export interface SpinBasis {
  readonly sites: number;
  readonly up: number;
  readonly dimension: number;
  readonly states: Int32Array;
  indexOf(mask: number): number;
}

/** Number of up spins in a configuration. */
export function popcount(mask: number): number {
  let c = 0;
  for (let x = mask; x; x &= x - 1) c++;
  return c;
}

/** The basis of one S^z sector (`up` spins up), or of all 2^L configurations when `up` is undefined (then `up` = −1). */
export function spinBasis(L: number, up?: number): SpinBasis {
  if (!(Number.isInteger(L) && L >= 2 && L <= 24)) throw new GlassyInputError(`L: ${L} must be an integer in 2 … 24`);
  if (up !== undefined && !(Number.isInteger(up) && up >= 0 && up <= L)) throw new GlassyInputError(`up: ${up} is not a sector of ${L} spins (0 … ${L} up)`);
  const states: number[] = [];
  for (let m = 0; m < 1 << L; m++) if (up === undefined || popcount(m) === up) states.push(m);
  if (up === undefined) return { sites: L, up: -1, dimension: states.length, states: Int32Array.from(states), indexOf: (mask) => (mask >= 0 && mask < 1 << L ? mask : -1) };
  const index = new Map(states.map((s, k) => [s, k]));
  return { sites: L, up, dimension: states.length, states: Int32Array.from(states), indexOf: (mask) => index.get(mask) ?? -1 };
}

/** The random fields h_1 … h_L, uniform on [−W, W]. */
export function xxzFields(L: number, W: number, disorderSeed: number): Float64Array {
  return Float64Array.from({ length: L }, (_, x) => W * (2 * streamFor(disorderSeed, x).uniform() - 1));
}

export function xxzHamiltonian(params: XxzParams, basis: SpinBasis = spinBasis(params.L, params.up)): CsrMatrix {
  for (const k of ['J', 'Delta', 'W'] as const) if (!Number.isFinite(params[k])) throw new GlassyInputError(`${k}: ${params[k]} must be finite`);
  if (params.W < 0) throw new GlassyInputError(`W: ${params.W} must be ≥ 0`);
  const { sites: L, dimension: D, states } = basis;
  const h = xxzFields(L, params.W, params.disorderSeed);
  const rows: number[] = [];
  const cols: number[] = [];
  const vals: number[] = [];
  for (let k = 0; k < D; k++) {
    const m = states[k]!;
    const sz = (x: number): number => ((m >> x) & 1 ? 0.5 : -0.5);
    let diag = 0;
    for (let x = 0; x < L; x++) diag += h[x]! * sz(x);
    for (let x = 0; x + 1 < L; x++) {
      diag += params.J * params.Delta * sz(x) * sz(x + 1);
      if (((m >> x) & 1) !== ((m >> (x + 1)) & 1)) {
        rows.push(basis.indexOf(m ^ (3 << x)));
        cols.push(k);
        vals.push(params.J / 2);
      }
    }
    rows.push(k);
    cols.push(k);
    vals.push(diag);
  }
  return csrFromTriplets(D, rows, cols, vals);
}
