/**
 * The integrator plugin contract.
 *
 * `create` binds an integrator to one model instance and allocates every buffer it needs;
 * the returned stepper's `step` then runs nSteps steps in place without allocating.
 */
import type { z } from 'zod';
import type { HamiltonianModel } from './model.js';

/**
 * Model capabilities an integrator may need. `verletKernel`: a fused Störmer–Verlet step of the
 * model's own (`separable.verletKernel`, matching `separable.force`).
 */
export type ModelCapability = 'separable' | 'subFlows' | 'gradient' | 'verletKernel' | 'langevinKernel' | 'abSplit' | 'forceJacobian';

export interface IntegratorProperties {
  readonly symplectic: boolean;
  readonly timeReversible: boolean;
  readonly stochastic: boolean;
  /** Its stationary measure is the Gibbs state e^{−βH} at params.beta (a thermostat). */
  readonly canonical?: boolean;
  /** Its noise changes momenta without changing H (e.g. velocity flips). */
  readonly energyConservingNoise?: boolean;
}

/**
 * A stream of random numbers owned by one trajectory (stochastic integrators: thermostats,
 * velocity flips, boundary baths). Its draws depend only on how it was seeded, never on which
 * worker runs the trajectory.
 */
export interface RandomStream {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Optional: out[0 … count−1] ← `count` calls of `normal()` (the same numbers and final state), faster. */
  fillNormal?(out: Float64Array, count?: number): void;
}

/** What `create` may receive besides the model: integrator parameters and randomness. */
export interface IntegratorContext {
  /** Parameters validated against the integrator's `params` schema (e.g. β, γ, λ). */
  readonly params?: Readonly<Record<string, unknown>>;
  /** Required by stochastic integrators. */
  readonly random?: RandomStream;
}

export interface Stepper {
  /** Advance (q, p) in place by nSteps steps of size dt. Allocation-free. */
  step(q: Float64Array, p: Float64Array, dt: number, nSteps: number): void;
}

/** Advances (q, p) and k deviation vectors (δq_j, δp_j) stored one after another in dq, dp (length k·dof). */
export interface TangentStepper {
  step(q: Float64Array, p: Float64Array, dq: Float64Array, dp: Float64Array, dt: number, nSteps: number): void;
}

export interface IntegratorPlugin {
  readonly type: 'integrator';
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Declared order of accuracy (global error ~ dt^order). */
  readonly order: number;
  readonly properties: IntegratorProperties;
  readonly requires: readonly ModelCapability[];
  /** Force evaluations (or sub-flow sweeps) per step, for cost comparisons. */
  readonly stagesPerStep: number;
  /**
   * The order checks measure at steps this many times the model's verification dt (default 1):
   * high-order compositions with small error constants (ABA864, 6th order) sit at round-off at
   * the steps where Verlet's order shows, and are run at larger steps in practice anyway.
   */
  readonly stepScale?: number;
  /** zod schema of the integrator's own parameters (stochastic integrators: β, γ, λ...). */
  readonly params?: z.ZodType<Record<string, unknown>>;
  /**
   * Stochastic integrators: parameters that switch the noise off (e.g. λ = 0, or γ = 1e-30), under
   * which the integrator must be its deterministic method of `order`; the noise-free-limit check
   * measures that (a thermostat that forgets or mis-scales the forces passes every stationarity test).
   */
  readonly noiseFree?: { readonly params: Readonly<Record<string, unknown>>; readonly description: string };
  create(model: HamiltonianModel, context?: IntegratorContext): Stepper;
  /**
   * Optional tangent map: a stepper that advances the trajectory and a deviation vector
   * (δq, δp) together by this integrator's scheme applied to the variational equations, i.e.
   * the exact Jacobian of the numerical one-step map (Skokos & Gerlach 2010). Lyapunov
   * exponents use it.
   */
  createTangent?(model: HamiltonianModel): TangentStepper;
  /**
   * Near-integrable error structure: for H = A + εB, the energy error at small ε and small dt
   * scales as ε^epsilon · dt^dt in the model's measurement window (`verification.nearIntegrable`);
   * e.g. SABA2: ε² dt² (the ε² dt² term dominates where dt² ≪ ε), SABA2C: ε dt⁴.
   */
  readonly nearIntegrable?: { readonly epsilon: number; readonly dt: number; readonly description: string };
  readonly control?: { readonly reason: string; readonly mustFail: readonly string[] };
}

/** Why an integrator cannot run a model, or undefined if it can. */
export function missingCapability(
  integrator: IntegratorPlugin,
  model: HamiltonianModel,
): ModelCapability | undefined {
  for (const need of integrator.requires) {
    if (need === 'separable' && model.separable === undefined) return need;
    if (need === 'subFlows' && (model.subFlows === undefined || model.subFlows.length === 0)) return need;
    if (need === 'verletKernel' && !hasVerletKernel(model)) return need;
    if (need === 'langevinKernel' && !hasLangevinKernel(model)) return need;
    if (need === 'abSplit' && model.separable === undefined && model.abSplit === undefined) return need;
    if (need === 'forceJacobian' && (model.separable?.forceJacobian === undefined || !hasUnitMass(model))) return need;
  }
  return undefined;
}

/** True iff the model is separable with T = |p|²/2 (velocity(p) = p, probed once on a fixed vector). */
export function hasUnitMass(model: HamiltonianModel): boolean {
  const sep = model.separable;
  if (sep === undefined) return false;
  const probe = Float64Array.from({ length: model.dof }, (_, i) => 0.5 + ((i * 7919) % 13) / 13);
  const out = new Float64Array(model.dof);
  sep.velocity(probe, out);
  for (let i = 0; i < probe.length; i++) if (out[i] !== probe[i]) return false;
  return true;
}

/**
 * True iff the model has a fused Störmer–Verlet kernel for its current force. A kernel whose
 * `force` is not `separable.force` is stale (a copy swapped the force) and counts as absent.
 */
export function hasVerletKernel(model: HamiltonianModel): boolean {
  const sep = model.separable;
  return sep?.verletKernel !== undefined && sep.verletKernel.force === sep.force;
}

/** True iff the model has a current fused Verlet kernel that also fuses the Langevin thermostat (`createLangevin`). */
export function hasLangevinKernel(model: HamiltonianModel): boolean {
  return hasVerletKernel(model) && model.separable!.verletKernel!.createLangevin !== undefined;
}
