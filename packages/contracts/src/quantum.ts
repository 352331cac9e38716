/**
 * The quantum model plugin contract, beside the classical one (model.ts): a quantum chain is
 * a Hilbert space with a basis, a real symmetric Hamiltonian stored sparse, its symmetry sectors,
 * a conserved charge, and named operators. Exact diagonalisation and Krylov evolution (in
 * @glassy/linalg) work on these; nothing here knows about classical flows, and nothing in the
 * classical contract knows about this one.
 *
 * Conventions: every matrix is real and stored in compressed sparse row form (CSR) with every
 * entry (both triangles), so that a Hamiltonian that is not Hermitian is representable and the
 * `hermiticity` check can see it. Vectors of a sector are sparse: lists of (basis index, coefficient).
 */
import type { z } from 'zod';
import type { CheckResult, RegressionRule, Tier } from './check.js';
import type { ModelPluginBase, QuenchedDisorder } from './model.js';

/** A real n×n matrix in CSR form; row r holds entries rowStart[r] … rowStart[r + 1] − 1, columns ascending. */
export interface SparseMatrix {
  readonly n: number;
  readonly rowStart: Int32Array;
  readonly column: Int32Array;
  readonly value: Float64Array;
}

/** A sparse vector: (basis index, coefficient) pairs. */
export type SparseVector = ReadonlyArray<readonly [number, number]>;

/**
 * A symmetry sector of the system's space: an orthonormal set of vectors spanning an invariant
 * subspace of H (e.g. the even states under the reflection x → L + 1 − x of the open chain).
 * The sectors of a system together span its whole space.
 */
export interface QuantumSector {
  readonly id: string;
  readonly description: string;
  readonly vectors: readonly SparseVector[];
}

/**
 * The conserved charge (the boson number N, the magnetisation S^z). The system's space has one
 * value of it; `grand()` builds H on a larger space holding several values (every N' ≤ N, every
 * S^z), with the charge of each basis state there, so that [H, Q] = 0 can be tested: a term
 * that does not conserve Q is invisible inside one fixed-Q space.
 */
export interface QuantumCharge {
  readonly id: string;
  readonly description: string;
  /** The charge of the system's own space. */
  readonly value: number;
  grand(): { readonly hamiltonian: SparseMatrix; readonly charge: Float64Array };
}

/** A local density (n_x, S^z_x): diagonal in the basis. */
export interface SiteDensity {
  readonly id: string;
  /** Site, 1-based as in the review. */
  readonly site: number;
  readonly diagonal: Float64Array;
}

/** A quantum chain at one parameter set: the space, H, sectors, charge and operators. */
export interface QuantumSystem {
  readonly kind: 'quantum';
  readonly modelId: string;
  readonly sites: number;
  /** Dimension of the system's space (one value of the charge). */
  readonly dimension: number;
  /** A readable name of basis state k, e.g. "|2 0 1⟩" or "↑↓↑". */
  label(k: number): string;
  hamiltonian(): SparseMatrix;
  /** Symmetry sectors that split the space (empty when there are none beyond the charge). */
  readonly sectors: readonly QuantumSector[];
  readonly charge: QuantumCharge;
  /** n_x (or S^z_x) for x = 1 … L. */
  readonly densities: readonly SiteDensity[];
  /** Local energies h_x with Σ_x h_x = H (bond terms shared half and half between their sites). */
  readonly localEnergies?: readonly SparseMatrix[];
  /**
   * Bond currents x → x + 1 for x = 1 … L − 1, as real antisymmetric K_x with the current
   * operator j_x = i K_x, so that continuity reads dn_x/dt = i[H, n_x] = j_{x−1} − j_x, i.e.
   * [H, n_x] = K_{x−1} − K_x (K_0 = K_L = 0).
   */
  readonly currents?: readonly SparseMatrix[];
}

/** A parameter limit with a known spectrum (levels ascending, with multiplicities). */
export interface QuantumExactLimit<P> {
  readonly id: string;
  readonly description: string;
  params(p: P): P;
  levels(p: P): Float64Array;
}

/** Where the level statistics are known: GOE-like (chaotic) or Poisson (localised or integrable). */
export interface LevelStatisticsCase<P> {
  readonly id: string;
  readonly description: string;
  /** Merged over the verification params. */
  readonly params: Partial<P>;
  /** The sector whose spectrum is used (undefined: the whole space). */
  readonly sector?: string;
  /** Disorder realisations averaged over (models with `disorder`; default 1). */
  readonly realisations?: number;
  readonly expect: 'goe' | 'poisson';
}

export interface QuantumVerificationHints<P> {
  /** Small sizes at which every check runs (merged over the schema defaults). */
  readonly params: Partial<P>;
  readonly levelStatistics?: readonly LevelStatisticsCase<P>[];
}

export interface QuantumModelPlugin<S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>> extends ModelPluginBase {
  readonly kind: 'quantum';
  /** zod schema with defaults and `.describe()` on every field; bad values get one line naming the field. */
  readonly params: S;
  create(params: z.output<S>): QuantumSystem;
  readonly verification: QuantumVerificationHints<z.output<S>>;
  readonly exactLimits?: readonly QuantumExactLimit<z.output<S>>[];
  readonly disorder?: QuenchedDisorder<z.output<S>>;
}

export interface QuantumCheckContext {
  readonly model: QuantumModelPlugin;
  readonly seed: number;
}

/**
 * A check of a quantum model. It shares the catalogue, the runner and the reports with the
 * classical checks; `scope: 'quantum'` says it runs once per quantum model (column "(model)").
 */
export interface QuantumCheckPlugin {
  readonly type: 'check';
  readonly id: string;
  readonly title: string;
  readonly purpose: string;
  readonly tier: Tier;
  readonly scope: 'quantum';
  readonly regression?: RegressionRule;
  notApplicable(model: QuantumModelPlugin): string | undefined;
  run(ctx: QuantumCheckContext): CheckResult;
}

/** Typed helper for quantum model authors: keeps the parameter type from the schema. */
export function defineQuantumModel<S extends z.ZodType<Record<string, unknown>>>(plugin: QuantumModelPlugin<S>): QuantumModelPlugin {
  return plugin as unknown as QuantumModelPlugin;
}
