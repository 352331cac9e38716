/**
 * The model plugin contract.
 *
 * A model is a plugin of some `kind`. This file holds the classical Hamiltonian chains
 * (`kind: 'hamiltonian'`); quantum chains (`kind: 'quantum'`) have their contract in quantum.ts.
 *
 * Classical states are canonical pairs (q, p) on Float64Arrays of length `dof`:
 * - angles (rotor chain): q = θ, p = ω, with `angles[i] = 1` for 2π-periodic coordinates;
 * - real coordinates (anharmonic chain): q, p;
 * - complex amplitudes (DNLS): ψ = (q + i p)/√2, one canonical pair per site.
 */
import type { z } from 'zod';
import type { RandomStream, Stepper } from './integrator.js';

/** Fixed-size numeric state of a classical model. Arrays are owned by the caller. */
export interface PhaseState {
  q: Float64Array;
  p: Float64Array;
}

/** A conserved quantity, e.g. Ω = Σ ω_x for the rotor chain or the DNLS norm. */
export interface Invariant {
  readonly id: string;
  readonly description: string;
  evaluate(q: Float64Array, p: Float64Array): number;
}

/**
 * H(q, p) = T(p) + V(q). Both derivative functions write into `out` and must not allocate:
 * integrators call them once per stage, the inner loop over sites lives inside them.
 */
export interface SeparableHamiltonian {
  kinetic(p: Float64Array): number;
  potential(q: Float64Array): number;
  /** out = ∂T/∂p (= q̇). */
  velocity(p: Float64Array, out: Float64Array): void;
  /** out = -∂V/∂q (= ṗ). */
  force(q: Float64Array, out: Float64Array): void;
  /** Optional fused Störmer–Verlet kernel (the `stormer-verlet-fused` integrator needs it). */
  readonly verletKernel?: VerletKernel;
  /**
   * Optional: out = (∂F/∂q)·dq = −∇²V(q)·dq, the force's Jacobian applied to a vector. It drives
   * the tangent map (variational equations δq̇ = ∂T/∂p-linearised δp, δṗ = −∇²V δq: Lyapunov
   * exponents) and the SABA2C corrector. Must not allocate. The derivative-consistency check
   * compares it with finite differences of `force`.
   */
  forceJacobian?(q: Float64Array, dq: Float64Array, out: Float64Array): void;
}

/**
 * A split H = A + B into two exactly solvable parts, for models that are not separable
 * (separable models split as A = T(p), B = V(q) with no declaration). Near-integrable
 * splittings (SABA2, ABA864, …) compose the two flows; for the DNLS A is the on-site rotation
 * and B the whole hopping (a linear flow, exact by FFT).
 */
export interface AbSplit {
  readonly description: string;
  /** Exact flow of A for time t, in place. */
  flowA(q: Float64Array, p: Float64Array, t: number): void;
  /** Exact flow of B for time t, in place. */
  flowB(q: Float64Array, p: Float64Array, t: number): void;
}

/**
 * A model's own Störmer–Verlet core step: the model knows its force and its kinetic energy, so
 * it can fuse kick, drift and force into few passes over the sites, with no calls in the loop.
 *
 * A stepper from `create()` must do what kick(dt/2) · drift(dt) · kick(dt/2) with this
 * Hamiltonian's `velocity` and `force` does (order 2, symplectic, reversible), reusing the
 * force between steps, without allocating, and with results that do not depend on how a run
 * is split into calls. Its force may differ from `force` by rounding only (e.g. a polynomial
 * sine instead of Math.sin); `description` states by how much.
 */
export interface VerletKernel {
  /**
   * The force this kernel fuses: must be the very function in `separable.force`. A copy of a
   * model that swaps the force (`{ ...separable, force }`) would otherwise keep a kernel
   * integrating the old one; `missingCapability` treats such a stale kernel as absent. (A copy
   * that changes `velocity` must drop the kernel itself: only the force is compared.)
   */
  readonly force: SeparableHamiltonian['force'];
  /** How the kernel is built and how its arithmetic differs from `force`, if at all. */
  readonly description: string;
  /**
   * True when the kernel computes bit for bit what `stormer-verlet` computes with this model's
   * `force` and `velocity` (same operations in the same order). `stormer-verlet` then runs the
   * kernel itself, so a user who names it gets the fast path; the `kernel-agreement` check holds
   * such a kernel to exact equality with the reference step. Leave it unset when the kernel's
   * arithmetic differs in any bit (e.g. a polynomial sine): users then pick
   * `stormer-verlet-fused` by name for speed (`glassy list` says so).
   */
  readonly bitIdentical?: boolean;
  /** Allocate a stepper (and its buffers) for one model instance. */
  create(): Stepper;
  /**
   * Optional: the Langevin thermostat fused the same way, BAOAB (Leimkuhler & Matthews)
   * B(h/2) A(h/2) O(h) A(h/2) B(h/2) with the exact Ornstein–Uhlenbeck step
   * p ← e^{−γh} p + √((1 − e^{−2γh})/β) ξ on every site. It must draw its normals from `random`
   * exactly as `langevin-baoab` does (one per site per step, sites in order), so that it computes
   * what `langevin-baoab` computes with this kernel's force, and its results do not depend on how
   * a run is split into calls. `langevin-baoab-fused` runs it.
   */
  createLangevin?(gamma: number, beta: number, random: RandomStream): Stepper;
}

/**
 * An exactly solvable piece of a split Hamiltonian H = Σ_k H_k (e.g. the DNLS on-site phase
 * rotation and the linear hopping). `flow` advances (q, p) by time t under H_k alone, in place.
 */
export interface SubFlow {
  readonly id: string;
  flow(q: Float64Array, p: Float64Array, t: number): void;
}

/**
 * Exact mechanical similarity of the dynamics: for every α > 0 the trajectory of `params`
 * from (q0, p0) satisfies
 *   q(t) = qFactor · q'(timeFactor · t),   p(t) = pFactor · p'(timeFactor · t)
 * where (q', p') is the trajectory of `params'` from (q0 / qFactor, p0 / pFactor).
 * For the rotor chain (docs/physics.md §1): params' = {g: g/α²}, qFactor = 1, pFactor = α, timeFactor = α.
 */
export interface ScalingTransform<P> {
  readonly description: string;
  transform(
    params: P,
    alpha: number,
  ): { params: P; qFactor: number; pFactor: number; timeFactor: number };
}

/**
 * The decoupled limit (coupling switched off): sites evolve independently, and where the
 * single-site flow is known in closed form, `exactFlow` gives it.
 */
export interface DecoupledLimit<P> {
  readonly description: string;
  params(params: P): P;
  /** Exact flow of the decoupled model, in place, if known in closed form. */
  exactFlow?(q: Float64Array, p: Float64Array, t: number): void;
}

/** Options of a Gibbs draw. */
export interface GibbsOptions {
  /**
   * Remove the mean momentum (Galilean boost), as the review does for the rotor chain: then
   * Var p_x = (1 − 1/L)/β.
   */
  readonly zeroMomentum?: boolean;
}

/**
 * Exact Gibbs sampling e^{−βH}/Z and, where known, analytic marginals and moments.
 * Models without it are thermalised by Langevin dynamics instead.
 */
export interface GibbsCapability {
  /** Draw one exact Gibbs state at inverse temperature beta into (q, p). */
  sample(q: Float64Array, p: Float64Array, beta: number, random: RandomStream, options?: GibbsOptions): void;
  /** ⟨H⟩/L at inverse temperature beta (same options as the draws). */
  energyPerSite?(beta: number, options?: GibbsOptions): number;
  /** β² Var(H)/L (same options as the draws). */
  specificHeatPerSite?(beta: number, options?: GibbsOptions): number;
  /** Marginal CDF of one momentum p_x (without zeroMomentum). */
  momentumCdf?(beta: number): (p: number) => number;
  /**
   * Marginal CDF of one bond variable, e.g. θ_{x+1} − θ_x wrapped to (−π, π], with its extractor.
   * Where V(q) is a sum over bonds, `potential(r)` is the energy of one bond and `support` the
   * range of r: the gibbs-consistency check then integrates exp(−β V_bond) itself and compares
   * the CDF, ⟨H⟩/L and the specific heat with it.
   */
  bondMarginal?(beta: number): {
    cdf: (r: number) => number;
    bonds(q: Float64Array, out: Float64Array): number;
    potential?: (r: number) => number;
    support?: readonly [number, number];
  };
}

/**
 * Local energies e_x (summing to H) and bond currents j_x from x to x+1, with
 * ė_x = j_{x−1} − j_x exactly along the flow. Indices wrap: j_{L−1} is the current on the
 * closing bond of a ring (0 for an open chain) and ė_0 = j_{L−1} − j_0. Unlocks the
 * energy-continuity check and the transport commands.
 */
export interface LocalEnergyCapability {
  localEnergy(q: Float64Array, p: Float64Array, out: Float64Array): void;
  bondCurrent(q: Float64Array, p: Float64Array, out: Float64Array): void;
}

/**
 * Quenched disorder (disordered chain, disordered DNLS): the random couplings or on-site
 * frequencies are a deterministic function of the parameter named `seedParam`, so an instance
 * is reproducible anywhere from its parameters alone (e.g. on another node of an array job).
 */
export interface QuenchedDisorder<P> {
  readonly seedParam: keyof P & string;
  readonly description: string;
}

/**
 * The harmonic (linear) limit of a chain, e.g. the disordered chain at zero anharmonicity:
 * H = Σ p²/2 + q·K·q/2 with K symmetric tridiagonal. Unlocks the Anderson-localisation checks.
 */
export interface HarmonicLimit<P> {
  readonly description: string;
  /** The parameters with the anharmonicity switched off. */
  params(params: P): P;
  /** K at these parameters: diagonal (length L) and off-diagonal (length L − 1). */
  tridiagonal(params: P): { diag: Float64Array; off: Float64Array };
}

/**
 * β = 0 (infinite temperature) states at a fixed density of a second conserved quantity, e.g.
 * the DNLS at norm density α: ψ_x iid complex Gaussian with E|ψ_x|² = α. The model states the
 * energy density of those states in closed form (for the DNLS, ε = 2Uα² + 2gα, the line above
 * which states have negative temperature); the catalogue compares it with sampled H/L.
 */
export interface InfiniteTemperatureCapability {
  readonly description: string;
  /** Densities at which the catalogue checks the line, e.g. [0.5, 1, 2]. */
  readonly densities: readonly number[];
  sample(q: Float64Array, p: Float64Array, density: number, random: RandomStream): void;
  energyPerSite(density: number): number;
}

/**
 * A discrete symmetry relating two parameter sets, e.g. the gauge map ψ_n → (−1)^n ψ_n of the
 * disordered DNLS, which flips the hopping sign: the trajectory of `map(state)` at `params(P)`
 * is the image of the trajectory of `state` at P, so the listed observables agree along them.
 */
export interface SymmetryMap<P> {
  readonly id: string;
  readonly description: string;
  params(params: P): P;
  /** The map on states, in place. */
  map(q: Float64Array, p: Float64Array): void;
  /** Observables it leaves unchanged, e.g. { m2, P } of a wave packet. */
  observables(q: Float64Array, p: Float64Array): Record<string, number>;
  /** An initial state that exercises it (e.g. a single-site wave packet), into (q, p). */
  initialState(q: Float64Array, p: Float64Array): void;
}

/** A classical Hamiltonian model instance: one parameter set, ready to integrate. */
export interface HamiltonianModel {
  readonly kind: 'hamiltonian';
  readonly modelId: string;
  /** Number of lattice sites L. */
  readonly sites: number;
  /** Number of canonical pairs (length of q and of p). */
  readonly dof: number;
  /** angles[i] = 1 if q[i] is an angle (2π-periodic potential). */
  readonly angles: Uint8Array;
  hamiltonian(q: Float64Array, p: Float64Array): number;
  /** Full gradient (∂H/∂q, ∂H/∂p); always present, so non-separable models fit too. */
  gradient(q: Float64Array, p: Float64Array, dHdq: Float64Array, dHdp: Float64Array): void;
  readonly separable?: SeparableHamiltonian;
  readonly subFlows?: readonly SubFlow[];
  /** A two-part exact split for near-integrable splittings, where the model is not separable. */
  readonly abSplit?: AbSplit;
  readonly invariants: readonly Invariant[];
  readonly gibbs?: GibbsCapability;
  readonly localEnergy?: LocalEnergyCapability;
  readonly infiniteTemperature?: InfiniteTemperatureCapability;
}

/**
 * The model is ergodic at these parameters (merged over `params`): the ergodicity-tail check
 * runs `samples` exact Gibbs draws at β to tEnd (Störmer–Verlet, step dt) and requires the
 * fluctuation index q(T) of the finite-time averages of p_x²/2 to fall like 1/T; in the
 * model's decoupled limit, if it has one, q(T) must not fall.
 */
export interface ErgodicHint<P> {
  readonly params: Partial<P>;
  readonly beta: number;
  readonly dt: number;
  readonly tEnd: number;
  readonly samples: number;
}

/**
 * Breather dissipation (review eq. (14)) at these cases: energy `energy` on site `site` (0-based)
 * of the chain at `params`, Langevin friction on the end sites, decay to `eEnd`; the model
 * predicts dH/dt ~ −H^{−exponent}, i.e. the slope −exponent of log(−dH/dt) against log H. `a` is the pinning exponent that
 * sets the adapted time step. The breather-dissipation check measures the slope.
 */
export interface BreatherHint<P> {
  readonly cases: readonly { readonly params: Partial<P>; readonly a: number; readonly site: number; readonly energy: number; readonly eEnd: number; readonly exponent: number }[];
  readonly tolerance: number;
}

/** Hints for the verify catalogue: parameters and a time step at which checks are meaningful. */
export interface VerificationHints<P> {
  /** Parameters for checks (merged over the schema defaults). */
  readonly params: Partial<P>;
  /** A time step well inside the stable range at these parameters. */
  readonly dt: number;
  /** Random states: q uniform in [-qScale, qScale] (angles: [-π, π]), p in [-pScale, pScale]. */
  readonly qScale: number;
  readonly pScale: number;
  /**
   * Parameters for statistical (ensemble) checks, merged over `params`: e.g. a longer chain,
   * where finite-size corrections to analytic marginals are negligible.
   */
  readonly ensembleParams?: Partial<P>;
  /**
   * Further parameter sets (merged over `params`) at which code that branches on parameters is
   * checked too: derivative-consistency runs at each, and kernel-agreement compares a fused
   * Verlet kernel with the reference step at each. One per branch (e.g. general exponents beside
   * a quartic special case, open ends beside periodic ones).
   */
  readonly alternateParams?: readonly Partial<P>[];
  /**
   * The model is near-integrable, H = A + εB with ε the parameter `param` (e.g. the rotor
   * chain's coupling g): the near-integrable-orders check measures an integrator's energy error
   * against ε at fixed dt and against dt at fixed ε, at `epsilons` (fixed dt = `dt`) and `dts`
   * (fixed ε = `epsilon`).
   */
  readonly ergodic?: ErgodicHint<P>;
  readonly breather?: BreatherHint<P>;
  readonly nearIntegrable?: {
    readonly param: string;
    readonly epsilon: number;
    readonly epsilons: readonly number[];
    readonly dt: number;
    readonly dts: readonly number[];
  };
}

export interface ModelPluginBase {
  readonly type: 'model';
  readonly id: string;
  readonly title: string;
  /** The review's equation number(s), e.g. "(3)". */
  readonly equation: string;
  readonly description: string;
  /**
   * Negative controls are deliberately broken plugins. They are hidden unless asked for, and
   * list the checks that must reject them.
   */
  readonly control?: { readonly reason: string; readonly mustFail: readonly string[] };
}

export interface HamiltonianModelPlugin<S extends z.ZodType<Record<string, unknown>> = z.ZodType<Record<string, unknown>>>
  extends ModelPluginBase {
  readonly kind: 'hamiltonian';
  /** zod schema with defaults and `.describe()` on every field. */
  readonly params: S;
  create(params: z.output<S>): HamiltonianModel;
  readonly verification: VerificationHints<z.output<S>>;
  readonly scaling?: ScalingTransform<z.output<S>>;
  readonly decoupled?: DecoupledLimit<z.output<S>>;
  readonly disorder?: QuenchedDisorder<z.output<S>>;
  readonly harmonic?: HarmonicLimit<z.output<S>>;
  readonly symmetries?: readonly SymmetryMap<z.output<S>>[];
}

/**
 * A classical model plugin. Quantum chains are the other kind (`QuantumModelPlugin` in
 * quantum.ts, `kind: 'quantum'`), kept in a table of their own by the registry, so that no
 * classical code path has to narrow on `kind`.
 */
export type ModelPlugin = HamiltonianModelPlugin;
