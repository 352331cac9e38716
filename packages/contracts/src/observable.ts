/**
 * The observable plugin contract. An observable records a number per sample at each requested
 * time; the ensemble engine accumulates exact sums of its powers and reports, across samples,
 * either the mean (with its standard error) or a scaled variance (e.g. the specific heat
 * β² L Var(H/L)), with its standard error.
 */
import type { HamiltonianModel } from './model.js';

export interface ObservableContext {
  /** Inverse temperature of the ensemble (initial Gibbs state or thermostat). */
  readonly beta: number;
}

export interface ObservableRecorder {
  /** Called once per sample with the initial state (t = 0), e.g. to keep ω(0) for φ. */
  begin(q: Float64Array, p: Float64Array): void;
  /** The observable's value in the current state. */
  value(q: Float64Array, p: Float64Array): number;
}

export interface ObservablePlugin {
  readonly type: 'observable';
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** 'mean': ⟨X⟩ ± SE; 'scaled-variance': scale · Var(X) ± SE. */
  readonly estimator: 'mean' | 'scaled-variance';
  /** Multiplier of the variance for 'scaled-variance' (e.g. β² L). */
  scale?(model: HamiltonianModel, context: ObservableContext): number;
  create(model: HamiltonianModel, context: ObservableContext): ObservableRecorder;
}
