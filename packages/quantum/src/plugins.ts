/**
 * The built-in quantum model plugins, `bose-hubbard` (eq. (16) of the review) and
 * `disordered-xxz` (the many-body-localisation model the review contrasts with), and their
 * negative controls: each control is the same plugin with one realistic defect, naming the
 * checks that must reject it.
 *
 * Every operator is assembled from the same list of terms as H (on-site and per-bond hopping),
 * so that H, the local energies h_x and the bond currents are one construction; the
 * operator-consistency check tests Σ h_x = H and continuity [H, n_x] = K_{x−1} − K_x.
 * Conventions: docs/physics.md §9; the checks and controls: §7.
 */
import { z } from 'zod';
import { defineQuantumModel, GlassyInputError, type QuantumModelPlugin, type QuantumSector, type QuantumSystem, type SparseMatrix } from '@glassy/contracts';
import { bosonicAmplitude, reflection, reflectionSector, type HoppingAmplitude } from './bose-hubbard.js';
import { fockBasis, fockDimension, type FockBasis } from './fock.js';
import { csrFromTriplets } from './sparse.js';
import { popcount, spinBasis, xxzFields, type SpinBasis } from './xxz.js';

/** Largest space a plugin builds (sparse); dense diagonalisation is limited further by the checks and studies. */
export const MAX_QUANTUM_DIMENSION = 2_000_000;

/** Triplet lists of a sparse matrix under construction. */
class Triplets {
  readonly rows: number[] = [];
  readonly cols: number[] = [];
  readonly vals: number[] = [];
  add(r: number, c: number, v: number): void {
    this.rows.push(r);
    this.cols.push(c);
    this.vals.push(v);
  }
  build(n: number): SparseMatrix {
    return csrFromTriplets(n, this.rows, this.cols, this.vals);
  }
}

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

// ---------------------------------------------------------------- Bose–Hubbard

const boseHubbardParams = z
  .strictObject({
    L: z.number().int().min(2, { message: 'L must be an integer ≥ 2' }).default(5).describe('number of sites'),
    N: z.number().int().min(0, { message: 'N must be an integer ≥ 0' }).default(5).describe('number of bosons'),
    U: z.number().finite().default(1).describe('on-site interaction U (H ∋ U Σ n_x²)'),
    g: z.number().finite().default(1).describe('hopping g (H ∋ g Σ (a†_x a_{x+1} + h.c.))'),
    nMax: z.number().int().min(0).optional().describe('at most nMax bosons per site (default N: no cutoff)'),
    boundary: z.literal('open', { message: 'boundary: only "open" (the reflection sectors need it)' }).default('open').describe('open chain'),
  })
  .refine((p) => (p.nMax ?? p.N) * p.L >= p.N, { message: 'nMax · L must be ≥ N (the bosons do not fit)', path: ['nMax'] })
  .refine((p) => fockDimension(p.L, p.N, p.nMax ?? p.N) <= MAX_QUANTUM_DIMENSION, { message: `the Fock basis would exceed ${MAX_QUANTUM_DIMENSION} states`, path: ['L'] });

type BoseHubbardP = z.output<typeof boseHubbardParams>;

/** The defects the Bose–Hubbard controls carry (all off for the built-in). */
interface BoseHubbardDefects {
  /** Hopping amplitude (default: the bosonic √from · √(to + 1)). */
  readonly amplitude?: HoppingAmplitude;
  /** The move x + 1 → x (a†_x a_{x+1}) gets this factor and its adjoint not: H is not Hermitian. */
  readonly forwardFactor?: number;
  /** A pair-creation term ε g Σ (a†_x a†_{x+1} + h.c.) that does not conserve N (seen only in the grand space). */
  readonly pairing?: number;
  /** The odd sector's first pair gets the even sign: the parity projection mixes sectors. */
  readonly mixParity?: boolean;
  /** The bond currents carry this factor. */
  readonly currentFactor?: number;
}

/** Every term of H on a Fock basis, as callbacks: on-site diagonal and one hop per (bond, direction). */
function forEachBoseHubbardTerm(
  basis: FockBasis,
  p: { U: number; g: number },
  defects: BoseHubbardDefects,
  onsite: (k: number, x: number, value: number) => void,
  hop: (j: number, k: number, bond: number, forward: boolean, value: number) => void,
  indexOf: (n: Uint8Array) => number = (n) => basis.indexOf(n),
): void {
  const { sites: L, dimension: D, occupations, nMax } = basis;
  const amplitude = defects.amplitude ?? bosonicAmplitude;
  const n = new Uint8Array(L);
  for (let k = 0; k < D; k++) {
    n.set(occupations.subarray(k * L, k * L + L));
    for (let x = 0; x < L; x++) onsite(k, x, p.U * n[x]! * n[x]!);
    if (p.g === 0) continue;
    for (let x = 0; x + 1 < L; x++) {
      // forward: a†_x a_{x+1} (a boson from x+1 to x); backward: a†_{x+1} a_x.
      for (const [to, from, forward] of [[x, x + 1, true], [x + 1, x, false]] as const) {
        if (n[from]! === 0 || n[to]! >= nMax) continue;
        const amp = amplitude(n[from]!, n[to]!) * (forward ? (defects.forwardFactor ?? 1) : 1);
        n[from] = n[from]! - 1;
        n[to] = n[to]! + 1;
        const j = indexOf(n);
        n[from] = n[from]! + 1;
        n[to] = n[to]! - 1;
        hop(j, k, x, forward, p.g * amp);
      }
    }
  }
}

function occupationLabel(basis: FockBasis, k: number): string {
  return `|${Array.from(basis.occupations.subarray(k * basis.sites, (k + 1) * basis.sites)).join(' ')}⟩`;
}

/** H on every N' = 0 … N (the grand space), with N' of each state; blocks in order of N'. */
function grandBoseHubbard(p: BoseHubbardP, defects: BoseHubbardDefects): { hamiltonian: SparseMatrix; charge: Float64Array } {
  const nMax = p.nMax ?? p.N;
  const blocks: FockBasis[] = [];
  const offsets: number[] = [];
  let total = 0;
  for (let m = 0; m <= p.N; m++) {
    if (nMax * p.L < m) break;
    const b = fockBasis(p.L, m, nMax);
    blocks.push(b);
    offsets.push(total);
    total += b.dimension;
  }
  const indexOf = (n: ArrayLike<number>): number => {
    let s = 0;
    for (let x = 0; x < n.length; x++) s += n[x]!;
    const b = blocks[s];
    if (b === undefined) return -1;
    const i = b.indexOf(n);
    return i < 0 ? -1 : offsets[s]! + i;
  };
  const t = new Triplets();
  const charge = new Float64Array(total);
  blocks.forEach((b, m) => {
    const off = offsets[m]!;
    for (let k = 0; k < b.dimension; k++) charge[off + k] = m;
    forEachBoseHubbardTerm(
      b,
      p,
      defects,
      (k, _x, v) => t.add(off + k, off + k, v),
      (j, k, _bond, _fw, v) => t.add(j, off + k, v),
      indexOf,
    );
    const eps = defects.pairing ?? 0;
    if (eps === 0) return;
    // ε g (a†_x a†_{x+1} + a_x a_{x+1}) on every bond.
    const L = p.L;
    const n = new Uint8Array(L);
    for (let k = 0; k < b.dimension; k++) {
      n.set(b.occupations.subarray(k * L, k * L + L));
      for (let x = 0; x + 1 < L; x++) {
        if (n[x]! < nMax && n[x + 1]! < nMax) {
          const amp = Math.sqrt(n[x]! + 1) * Math.sqrt(n[x + 1]! + 1);
          n[x] = n[x]! + 1;
          n[x + 1] = n[x + 1]! + 1;
          const j = indexOf(n);
          n[x] = n[x]! - 1;
          n[x + 1] = n[x + 1]! - 1;
          if (j >= 0) {
            t.add(j, off + k, eps * p.g * amp);
            t.add(off + k, j, eps * p.g * amp);
          }
        }
      }
    }
  });
  return { hamiltonian: t.build(total), charge };
}

function boseHubbardSystem(modelId: string, p: BoseHubbardP, defects: BoseHubbardDefects): QuantumSystem {
  const nMax = p.nMax ?? p.N;
  const basis = fockBasis(p.L, p.N, nMax);
  const D = basis.dimension;
  const L = p.L;
  const terms = lazy(() => {
    const h = new Triplets();
    const local = Array.from({ length: L }, () => new Triplets());
    const current = Array.from({ length: L - 1 }, () => new Triplets());
    const cf = defects.currentFactor ?? 1;
    forEachBoseHubbardTerm(
      basis,
      p,
      defects,
      (k, x, v) => {
        h.add(k, k, v);
        local[x]!.add(k, k, v);
      },
      (j, k, bond, forward, v) => {
        h.add(j, k, v);
        local[bond]!.add(j, k, v / 2);
        local[bond + 1]!.add(j, k, v / 2);
        // i[H, n_x] ∋ i g (a†_{x+1} a_x − a†_x a_{x+1}) from bond x (as [a†, n] = −a†), so the current
        // x → x + 1 is j_x = i g (a†_x a_{x+1} − a†_{x+1} a_x): K_x = g (a†_x a_{x+1} − a†_{x+1} a_x).
        current[bond]!.add(j, k, cf * (forward ? v : -v));
      },
    );
    return { h: h.build(D), local: local.map((t) => t.build(D)), current: current.map((t) => t.build(D)) };
  });
  const mirror = lazy(() => reflection(basis));
  const sectors = lazy((): QuantumSector[] =>
    ([1, -1] as const).map((parity) => {
      const s = reflectionSector(basis, parity, mirror());
      let vectors = s.vectors;
      if (defects.mixParity && parity === -1) {
        vectors = vectors.map((v, i) => (i === 0 && v.length === 2 ? [v[0]!, [v[1]![0], -v[1]![1]] as const] : v));
      }
      return {
        id: parity === 1 ? 'even' : 'odd',
        description: parity === 1 ? 'even under the reflection x → L + 1 − x' : 'odd under the reflection x → L + 1 − x',
        vectors,
      };
    }),
  );
  const densities = Array.from({ length: L }, (_, x) => {
    const diagonal = new Float64Array(D);
    for (let k = 0; k < D; k++) diagonal[k] = basis.occupations[k * L + x]!;
    return { id: `n_${x + 1}`, site: x + 1, diagonal };
  });
  return {
    kind: 'quantum',
    modelId,
    sites: L,
    dimension: D,
    label: (k) => occupationLabel(basis, k),
    hamiltonian: () => terms().h,
    get sectors() {
      return sectors();
    },
    charge: { id: 'N', description: 'total boson number N = Σ n_x', value: p.N, grand: () => grandBoseHubbard(p, defects) },
    densities,
    get localEnergies() {
      return terms().local;
    },
    get currents() {
      return terms().current;
    },
  };
}

/** Levels U Σ n_x² of every Fock state (the atomic limit g = 0), ascending. */
function atomicLevels(p: BoseHubbardP): Float64Array {
  const basis = fockBasis(p.L, p.N, p.nMax ?? p.N);
  const out = new Float64Array(basis.dimension);
  for (let k = 0; k < basis.dimension; k++) {
    let e = 0;
    for (let x = 0; x < p.L; x++) e += p.U * basis.occupations[k * p.L + x]! ** 2;
    out[k] = e;
  }
  return out.sort();
}

/** Free bosons (U = 0, no cutoff): every multiset of N single-particle levels 2g cos(πk/(L+1)), summed. */
function freeBosonLevels(p: BoseHubbardP): Float64Array {
  const eps = Array.from({ length: p.L }, (_, k) => 2 * p.g * Math.cos((Math.PI * (k + 1)) / (p.L + 1)));
  const out: number[] = [];
  const rec = (start: number, left: number, sum: number): void => {
    if (left === 0) {
      out.push(sum);
      return;
    }
    for (let k = start; k < p.L; k++) rec(k, left - 1, sum + eps[k]!);
  };
  rec(0, p.N, 0);
  return Float64Array.from(out).sort();
}

function boseHubbardPlugin(id: string, title: string, defects: BoseHubbardDefects, control?: { reason: string; mustFail: string[] }): QuantumModelPlugin {
  return defineQuantumModel({
    type: 'model',
    kind: 'quantum',
    id,
    title,
    equation: '(16)',
    description:
      'H = U Σ_x n_x² + g Σ_{x<L} (a†_x a_{x+1} + h.c.), open chain, N bosons, at most nMax per site; sectors: reflection parity (even, odd); charge N. ' +
      'Glassy but not localised at g/U ≪ 1 (section 5 of the review).',
    params: boseHubbardParams,
    create: (p) => boseHubbardSystem(id, p, defects),
    verification: {
      params: { L: 5, N: 5, U: 1, g: 1 },
      levelStatistics: [
        {
          id: 'chaotic',
          description: 'L = N = 7, g = U = 1, even sector: close to GOE',
          params: { L: 7, N: 7, U: 1, g: 1 },
          sector: 'even',
          expect: 'goe',
        },
      ],
    },
    exactLimits: [
      {
        id: 'atomic',
        description: 'g = 0: levels U Σ n_x² of the Fock states, with their degeneracies',
        params: (p) => ({ ...p, g: 0 }),
        levels: atomicLevels,
      },
      {
        id: 'free-bosons',
        description: 'U = 0, no cutoff: sums of N single-particle levels 2g cos(πk/(L+1)), bosonic counting',
        params: (p) => ({ ...p, U: 0, nMax: undefined }),
        levels: freeBosonLevels,
      },
    ],
    ...(control ? { control } : {}),
  });
}

export const boseHubbard = boseHubbardPlugin('bose-hubbard', 'Bose–Hubbard chain', {});

// ---------------------------------------------------------------- disordered XXZ

const xxzParams = z
  .strictObject({
    L: z.number().int().min(2, { message: 'L must be an integer ≥ 2' }).max(20, { message: 'L must be ≤ 20' }).default(8).describe('number of spins'),
    up: z.number().int().min(0).optional().describe('number of up spins: the S^z = up − L/2 sector (default ⌊L/2⌋)'),
    J: z.number().finite().default(1).describe('exchange J'),
    Delta: z.number().finite().default(1).describe('anisotropy Δ (Δ = 1: Heisenberg)'),
    W: z.number().finite().min(0, { message: 'W must be ≥ 0' }).default(1).describe('disorder strength: h_x uniform on [−W, W]'),
    disorderSeed: z.number().int().min(0).default(1).describe('seed of the random fields h_x'),
  })
  .refine((p) => p.up === undefined || p.up <= p.L, { message: 'up must be ≤ L (no such S^z sector)', path: ['up'] });

type XxzP = z.output<typeof xxzParams>;

interface XxzDefects {
  /** The fields are drawn but never added to H. */
  readonly disorderUnwired?: boolean;
}

/** Every term of the XXZ chain on a spin basis. */
function forEachXxzTerm(
  basis: SpinBasis,
  p: XxzP,
  defects: XxzDefects,
  onsite: (k: number, x: number, value: number) => void,
  bondDiag: (k: number, bond: number, value: number) => void,
  flip: (j: number, k: number, bond: number, value: number) => void,
): void {
  const L = basis.sites;
  const h = defects.disorderUnwired ? new Float64Array(L) : xxzFields(L, p.W, p.disorderSeed);
  for (let k = 0; k < basis.dimension; k++) {
    const m = basis.states[k]!;
    const sz = (x: number): number => ((m >> x) & 1 ? 0.5 : -0.5);
    for (let x = 0; x < L; x++) onsite(k, x, h[x]! * sz(x));
    for (let x = 0; x + 1 < L; x++) {
      bondDiag(k, x, p.J * p.Delta * sz(x) * sz(x + 1));
      if (((m >> x) & 1) !== ((m >> (x + 1)) & 1)) flip(basis.indexOf(m ^ (3 << x)), k, x, p.J / 2);
    }
  }
}

function spinLabel(basis: SpinBasis, k: number): string {
  const m = basis.states[k]!;
  return Array.from({ length: basis.sites }, (_, x) => ((m >> x) & 1 ? '↑' : '↓')).join('');
}

function xxzSystem(modelId: string, p: XxzP, defects: XxzDefects): QuantumSystem {
  const L = p.L;
  const up = p.up ?? Math.floor(L / 2);
  const basis = spinBasis(L, up);
  const D = basis.dimension;
  const build = (b: SpinBasis) => {
    const h = new Triplets();
    const local = Array.from({ length: L }, () => new Triplets());
    const current = Array.from({ length: L - 1 }, () => new Triplets());
    forEachXxzTerm(
      b,
      p,
      defects,
      (k, x, v) => {
        h.add(k, k, v);
        local[x]!.add(k, k, v);
      },
      (k, bond, v) => {
        h.add(k, k, v);
        local[bond]!.add(k, k, v / 2);
        local[bond + 1]!.add(k, k, v / 2);
      },
      (j, k, bond, v) => {
        h.add(j, k, v);
        local[bond]!.add(j, k, v / 2);
        local[bond + 1]!.add(j, k, v / 2);
        // Spin current x → x + 1 of the flip-flop term: j_x = i (J/2)(S⁺_x S⁻_{x+1} − S⁻_x S⁺_{x+1}),
        // K_x = (J/2)(S⁺_x S⁻_{x+1} − S⁻_x S⁺_{x+1}): + when the move raises site x (bit x set in j).
        const raisesX = (b.states[j]! >> bond) & 1;
        current[bond]!.add(j, k, raisesX ? v : -v);
      },
    );
    return { h: h.build(b.dimension), local: local.map((t) => t.build(b.dimension)), current: current.map((t) => t.build(b.dimension)) };
  };
  const terms = lazy(() => build(basis));
  const densities = Array.from({ length: L }, (_, x) => {
    const diagonal = new Float64Array(D);
    for (let k = 0; k < D; k++) diagonal[k] = (basis.states[k]! >> x) & 1 ? 0.5 : -0.5;
    return { id: `Sz_${x + 1}`, site: x + 1, diagonal };
  });
  return {
    kind: 'quantum',
    modelId,
    sites: L,
    dimension: D,
    label: (k) => spinLabel(basis, k),
    hamiltonian: () => terms().h,
    sectors: [],
    charge: {
      id: 'Sz',
      description: 'total magnetisation S^z = Σ S^z_x',
      value: up - L / 2,
      grand: () => {
        const all = spinBasis(L);
        const charge = new Float64Array(all.dimension);
        for (let k = 0; k < all.dimension; k++) charge[k] = popcount(all.states[k]!) - L / 2;
        return { hamiltonian: build(all).h, charge };
      },
    },
    densities,
    get localEnergies() {
      return terms().local;
    },
    get currents() {
      return terms().current;
    },
  };
}

/** XX chain (Δ = 0, W = 0) = free fermions: sums over `up`-subsets of J cos(πk/(L+1)), ascending. */
function freeFermionLevels(p: XxzP): Float64Array {
  const up = p.up ?? Math.floor(p.L / 2);
  const eps = Array.from({ length: p.L }, (_, k) => p.J * Math.cos((Math.PI * (k + 1)) / (p.L + 1)));
  const out: number[] = [];
  const rec = (start: number, left: number, sum: number): void => {
    if (left === 0) {
      out.push(sum);
      return;
    }
    for (let k = start; k < p.L; k++) rec(k + 1, left - 1, sum + eps[k]!);
  };
  rec(0, up, 0);
  return Float64Array.from(out).sort();
}

/** Ising limit (J = 0 bonds off the diagonal, i.e. only S^z terms): the diagonal itself. */
function isingLevels(p: XxzP): Float64Array {
  const L = p.L;
  const basis = spinBasis(L, p.up ?? Math.floor(L / 2));
  const h = xxzFields(L, p.W, p.disorderSeed);
  const out = new Float64Array(basis.dimension);
  for (let k = 0; k < basis.dimension; k++) {
    const m = basis.states[k]!;
    const sz = (x: number): number => ((m >> x) & 1 ? 0.5 : -0.5);
    let e = 0;
    for (let x = 0; x < L; x++) e += h[x]! * sz(x);
    out[k] = e;
  }
  return out.sort();
}

function xxzPlugin(id: string, title: string, defects: XxzDefects, control?: { reason: string; mustFail: string[] }): QuantumModelPlugin {
  return defineQuantumModel({
    type: 'model',
    kind: 'quantum',
    id,
    title,
    equation: '(section 5)',
    description:
      'H = Σ_{x<L} J (S^x_x S^x_{x+1} + S^y_x S^y_{x+1} + Δ S^z_x S^z_{x+1}) + Σ_x h_x S^z_x, spin ½, open chain, h_x uniform on [−W, W] from disorderSeed; ' +
      'charge S^z (the space is one S^z sector); many-body localised at strong W, the contrast of section 5 of the review.',
    params: xxzParams,
    create: (p) => xxzSystem(id, p, defects),
    verification: {
      params: { L: 8, J: 1, Delta: 1, W: 1 },
      levelStatistics: [
        { id: 'ergodic', description: 'L = 10, W = 1: close to GOE (10 disorder realisations)', params: { L: 10, W: 1 }, realisations: 10, expect: 'goe' },
        { id: 'localised', description: 'L = 10, W = 8: close to Poisson (20 disorder realisations)', params: { L: 10, W: 8 }, realisations: 20, expect: 'poisson' },
      ],
    },
    exactLimits: [
      {
        id: 'free-fermions',
        description: 'W = 0, Δ = 0 (XX chain): sums over S^z sector subsets of J cos(πk/(L+1)) (Jordan–Wigner)',
        params: (p) => ({ ...p, W: 0, Delta: 0 }),
        levels: freeFermionLevels,
      },
      {
        id: 'fields-only',
        description: 'J = 0: levels Σ_x h_x S^z_x of the configurations (the fields as drawn)',
        params: (p) => ({ ...p, J: 0 }),
        levels: isingLevels,
      },
    ],
    disorder: { seedParam: 'disorderSeed', description: 'the random fields h_x, uniform on [−W, W]' },
    ...(control ? { control } : {}),
  });
}

export const disorderedXxz = xxzPlugin('disordered-xxz', 'Disordered XXZ chain', {});

export const builtinQuantumModels: readonly QuantumModelPlugin[] = [boseHubbard, disorderedXxz];

export const controlQuantumModels: readonly QuantumModelPlugin[] = [
  boseHubbardPlugin('bose-hubbard-no-sqrt', 'Bose–Hubbard, hopping without the bosonic √ factors (control)', { amplitude: () => 1 }, {
    reason: 'hops with amplitude 1 instead of √n_from √(n_to + 1): a hard-core-like hopping, Hermitian and N-conserving, with the wrong spectrum',
    mustFail: ['quantum-exact-limits'],
  }),
  boseHubbardPlugin('bose-hubbard-non-hermitian-2pc', 'Bose–Hubbard, one hopping direction 2 % too strong (control)', { forwardFactor: 1.02 }, {
    reason: 'a†_x a_{x+1} carries 1.02 g and its adjoint g: H is not Hermitian (a near miss)',
    mustFail: ['hermiticity', 'quantum-evolution'],
  }),
  boseHubbardPlugin('bose-hubbard-pairing', 'Bose–Hubbard with a small pair-creation term (control)', { pairing: 0.01 }, {
    reason: 'adds 0.01 g Σ (a†_x a†_{x+1} + h.c.): N is not conserved (only visible beyond one N sector)',
    mustFail: ['charge-conservation'],
  }),
  boseHubbardPlugin('bose-hubbard-parity-mix', 'Bose–Hubbard, a parity projection that mixes sectors (control)', { mixParity: true }, {
    reason: 'the first mirror pair of the odd sector gets the even combination (s + Rs)/√2',
    mustFail: ['sector-consistency'],
  }),
  boseHubbardPlugin('bose-hubbard-current-5pc', 'Bose–Hubbard, bond currents 5 % too large (control)', { currentFactor: 1.05 }, {
    reason: 'the bond current operators carry 1.05 g: continuity dn_x/dt = j_{x−1} − j_x fails by 5 %',
    mustFail: ['operator-consistency'],
  }),
  xxzPlugin('disordered-xxz-unwired', 'Disordered XXZ, fields never added to H (control)', { disorderUnwired: true }, {
    reason: 'the random fields are drawn but not added: the clean (integrable) Heisenberg chain at every W',
    mustFail: ['level-statistics', 'quantum-exact-limits'],
  }),
];

/** Parse parameters of a quantum plugin, one line naming the field on bad input. */
export function quantumParams(plugin: QuantumModelPlugin, raw: Record<string, unknown>, flagOf: (key: string) => string = (key) => `--set ${key}`): Record<string, unknown> {
  const r = plugin.params.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const key = issue.path.map(String).join('.');
    const unknown = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys?.[0] : undefined;
    if (unknown !== undefined) throw new GlassyInputError(`${flagOf(unknown)}: ${plugin.id} has no parameter "${unknown}"`);
    throw new GlassyInputError(`${key ? flagOf(key) : '(parameters)'}: ${issue.message} (model ${plugin.id})`);
  }
  return r.data as Record<string, unknown>;
}
