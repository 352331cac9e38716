/**
 * Spectra of a quantum plugin's system, of one sector or of the whole space, by the dense
 * solver of @glassy/linalg; over disorder realisations where the model has quenched disorder.
 */
import { GlassyInputError, type QuantumModelPlugin, type QuantumSystem, type SparseMatrix, type SparseVector } from '@glassy/contracts';
import { denseSymmetricEigen } from '@glassy/linalg';
import { csrMultiply, csrToDense } from './sparse.js';

/** The block Pᵀ H P of a set of sparse vectors (dense, row-major), H not assumed symmetric. */
export function projectedBlock(h: SparseMatrix, vectors: readonly SparseVector[]): Float64Array {
  const d = vectors.length;
  const x = new Float64Array(h.n);
  const y = new Float64Array(h.n);
  const m = new Float64Array(d * d);
  vectors.forEach((vb, b) => {
    x.fill(0);
    for (const [j, c] of vb) x[j] = x[j]! + c;
    csrMultiply(h, x, y);
    vectors.forEach((va, a) => {
      let s = 0;
      for (const [i, c] of va) s += c * y[i]!;
      m[a * d + b] = s;
    });
  });
  return m;
}

/** Largest block the dense solver is asked for here (its cost grows as d³: about 60 s at d = 3300 on one core). */
export const MAX_DENSE_DIMENSION = 6000;

/**
 * Dimension of the sector (or, for undefined, of the whole space) whose spectrum is wanted.
 * Refuses in one line a sector that does not exist and a block larger than the dense solver is
 * given here; nothing is built.
 */
export function spectrumDimension(sys: QuantumSystem, sector: string | undefined, flag = '--sector'): number {
  if (sector === undefined) {
    if (sys.dimension > MAX_DENSE_DIMENSION) throw new GlassyInputError(`--L: the whole space holds ${sys.dimension} states; the dense solver is given at most ${MAX_DENSE_DIMENSION} here (choose a sector or a smaller system)`);
    return sys.dimension;
  }
  const s = sys.sectors.find((x) => x.id === sector);
  if (!s) {
    const known = sys.sectors.map((x) => x.id);
    throw new GlassyInputError(`${flag}: no sector "${sector}" in ${sys.modelId} (${known.length > 0 ? `its sectors: ${known.join(', ')}` : `it has no sectors beyond its charge ${sys.charge.id}`})`);
  }
  if (s.vectors.length > MAX_DENSE_DIMENSION) throw new GlassyInputError(`${flag}: sector "${sector}" holds ${s.vectors.length} states; the dense solver is given at most ${MAX_DENSE_DIMENSION} here`);
  return s.vectors.length;
}

/** The matrix whose spectrum is wanted: the sector's block, or H itself (refusals: spectrumDimension). */
export function sectorHamiltonian(sys: QuantumSystem, sector: string | undefined, flag = '--sector'): { matrix: Float64Array; dimension: number } {
  const dimension = spectrumDimension(sys, sector, flag);
  const H = sys.hamiltonian();
  if (sector === undefined) return { matrix: csrToDense(H), dimension };
  return { matrix: projectedBlock(H, sys.sectors.find((x) => x.id === sector)!.vectors), dimension };
}

/** Refuses more than one realisation of a model without disorder (one spectrum is all there is). */
export function requireRealisations(model: QuantumModelPlugin, realisations: number): void {
  if (!model.disorder && realisations > 1) throw new GlassyInputError(`--realisations: ${model.id} has no disorder; one spectrum is all there is (give 1)`);
}

/** Ascending levels of a sector (or of the space). */
export function sectorLevels(sys: QuantumSystem, sector: string | undefined, flag?: string): Float64Array {
  const { matrix, dimension } = sectorHamiltonian(sys, sector, flag);
  return denseSymmetricEigen(matrix, dimension).values;
}

/** The disorder seed of realisation r from a base seed (independent streams per realisation). */
export function realisationSeed(seed: number, r: number): number {
  return (seed + r * 7919) % 2147483647;
}

/**
 * Levels of `realisations` systems: the model at `params` with its disorder seed set to
 * realisationSeed(seed, r) (models without disorder: one spectrum, realisations must be 1).
 */
export function realisationSpectra(model: QuantumModelPlugin, params: Record<string, unknown>, sector: string | undefined, realisations: number, seed: number, flag?: string): Float64Array[] {
  requireRealisations(model, realisations);
  const out: Float64Array[] = [];
  for (let r = 0; r < realisations; r++) {
    const p = model.disorder ? { ...params, [model.disorder.seedParam]: realisationSeed(seed, r) } : params;
    out.push(sectorLevels(model.create(model.params.parse(p) as Record<string, unknown>), sector, flag));
  }
  return out;
}

/**
 * The infinite-temperature density autocorrelation in the system's space (one value of the
 * charge), the quantum analogue of φ:
 *   C_x(t) = Tr[n_x(t) n_x]/D − (Tr n_x / D)²,   φ_q(t) = 1 − Σ_x Re C_x(t) / Σ_x C_x(0),
 * by the full eigendecomposition H = Σ_m E_m |m⟩⟨m|: Σ_x Tr[n_x(t) n_x] = Σ_{m,n} A_mn cos((E_m − E_n) t)
 * with A_mn = Σ_x |⟨m|n_x|n⟩|². The long-time plateau (the diagonal ensemble, exact for a
 * non-degenerate spectrum; degenerate pairs counted as resonant) is 1 − Σ_x C_x(∞)/Σ_x C_x(0).
 * Cost: D³ for the decomposition and L·D³ for the matrix elements; D ≤ 3000.
 */
/** Largest space densityRelaxation decomposes (eigenvectors and L·D³ matrix elements). */
export const MAX_RELAXATION_DIMENSION = 3000;

export function densityRelaxation(sys: QuantumSystem, times: readonly number[]): { phi: Float64Array; plateau: number; dimension: number } {
  const H = sys.hamiltonian();
  const D = H.n;
  if (D > MAX_RELAXATION_DIMENSION) throw new GlassyInputError(`--L: the space holds ${D} states; the full eigendecomposition is limited to ${MAX_RELAXATION_DIMENSION} here`);
  const eig = denseSymmetricEigen(csrToDense(H), D, { vectors: true });
  const V = eig.vectors!; // row m = eigenvector m
  const A = new Float64Array(D * D);
  const tmp = new Float64Array(D * D);
  let disconnected = 0;
  let c0 = 0;
  for (const dens of sys.densities) {
    const n = dens.diagonal;
    let tr = 0;
    let tr2 = 0;
    for (let s = 0; s < D; s++) {
      tr += n[s]!;
      tr2 += n[s]! * n[s]!;
    }
    disconnected += (tr / D) ** 2;
    c0 += tr2 / D - (tr / D) ** 2;
    // tmp[m][s] = V[m][s] n[s]; M_mk = Σ_s tmp[m][s] V[k][s].
    for (let m = 0; m < D; m++) for (let s = 0; s < D; s++) tmp[m * D + s] = V[m * D + s]! * n[s]!;
    for (let m = 0; m < D; m++) {
      const tm = tmp.subarray(m * D, m * D + D);
      for (let k = m; k < D; k++) {
        const vk = V.subarray(k * D, k * D + D);
        let s = 0;
        for (let i = 0; i < D; i++) s += tm[i]! * vk[i]!;
        A[m * D + k] = A[m * D + k]! + s * s;
      }
    }
  }
  const E = eig.values;
  const scale = Math.max(1, Math.abs(E[0]!), Math.abs(E[D - 1]!));
  const total = (t: number): number => {
    let s = 0;
    for (let m = 0; m < D; m++) {
      s += A[m * D + m]!;
      for (let k = m + 1; k < D; k++) s += 2 * A[m * D + k]! * Math.cos((E[m]! - E[k]!) * t);
    }
    return s / D;
  };
  let resonant = 0;
  for (let m = 0; m < D; m++) {
    resonant += A[m * D + m]!;
    for (let k = m + 1; k < D && E[k]! - E[m]! <= 1e-10 * scale; k++) resonant += 2 * A[m * D + k]!;
  }
  const cInf = resonant / D - disconnected;
  const phi = Float64Array.from(times, (t) => 1 - (total(t) - disconnected) / c0);
  return { phi, plateau: 1 - cInf / c0, dimension: D };
}
