/**
 * The integrator plugin contract.
 *
 * `create` binds an integrator to one model instance and allocates every buffer it needs;
 * the returned stepper's `step` then runs nSteps steps in place without allocating.
 */
import type { HamiltonianModel } from './model.js';

/** Model capabilities an integrator may need. */
export type ModelCapability = 'separable' | 'subFlows' | 'gradient';

export interface IntegratorProperties {
  readonly symplectic: boolean;
  readonly timeReversible: boolean;
  readonly stochastic: boolean;
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
  create(model: HamiltonianModel): Stepper;
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
  }
  return undefined;
}
