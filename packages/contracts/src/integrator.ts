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
export type ModelCapability = 'separable' | 'subFlows' | 'gradient' | 'verletKernel' | 'langevinKernel';

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
  /** zod schema of the integrator's own parameters (stochastic integrators: β, γ, λ...). */
  readonly params?: z.ZodType<Record<string, unknown>>;
  /**
   * Stochastic integrators: parameters that switch the noise off (e.g. λ = 0, or γ = 1e-30), under
   * which the integrator must be its deterministic method of `order`; the noise-free-limit check
   * measures that (a thermostat that forgets or mis-scales the forces passes every stationarity test).
   */
  readonly noiseFree?: { readonly params: Readonly<Record<string, unknown>>; readonly description: string };
  create(model: HamiltonianModel, context?: IntegratorContext): Stepper;
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
  }
  return undefined;
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
