/**
 * The benchmarked operation: the integrator core step, `stepper.step(q, p, dt, nSteps)`, for
 * every built-in (model, integrator) pair that can run together. Negative controls are broken
 * on purpose and not worth timing.
 */
import { STREAM, missingCapability, streamFor, type IntegratorPlugin, type ModelPlugin } from '@glassy/contracts';
import type { Registry } from '@glassy/verify';
import type { TimedCase } from './benny-adapter.js';
import { randomInitialState } from './initial-state.js';

/** Chain lengths: one that fits in L1 cache, one that streams through L2. */
export const BENCH_SIZES: readonly number[] = [64, 4096];

/** Work per op; large enough that call overhead and timer resolution vanish, small enough to sample often. */
export const SITE_STEPS_PER_OP = 1e5;

/** Fixed seed: every run (and every integrator at the same L) starts from the same state and noise. */
export const INITIAL_STATE_SEED = 20_261_127;

/** Identifies a measurement and its budget. */
export interface StepKey {
  readonly model: string;
  readonly integrator: string;
  readonly L: number;
}

export interface StepCase extends StepKey {
  readonly dt: number;
  readonly nSteps: number;
  /** Ready to time: model, stepper and state are built, `op` only steps and reads one site. */
  readonly timed: TimedCase;
}

export function stepName(key: StepKey): string {
  return `${key.model} × ${key.integrator}`;
}

export function caseName(key: StepKey): string {
  return `${stepName(key)} @ L=${key.L}`;
}

/** nSteps such that one op does about SITE_STEPS_PER_OP site-steps. */
export function stepsPerOp(L: number): number {
  return Math.max(1, Math.round(SITE_STEPS_PER_OP / L));
}

/** Non-control models and integrators of the registry, in registration order. */
export function benchedPlugins(registry: Registry): { models: ModelPlugin[]; integrators: IntegratorPlugin[] } {
  return {
    models: [...registry.models.values()].filter((m) => m.control === undefined),
    integrators: [...registry.integrators.values()].filter((i) => i.control === undefined),
  };
}

/** Build every case (allocating models, steppers and states now, outside any timed region). */
export function buildStepCases(registry: Registry, sizes: readonly number[] = BENCH_SIZES): StepCase[] {
  const { models, integrators } = benchedPlugins(registry);
  const cases: StepCase[] = [];
  for (const plugin of models) {
    for (const integrator of integrators) {
      for (const L of sizes) {
        const model = plugin.create(plugin.params.parse({ ...plugin.verification.params, L }));
        if (missingCapability(integrator, model) !== undefined) continue;
        // Stochastic integrators (thermostats, velocity flips) draw from this seeded stream at
        // their default parameters; deterministic ones ignore it.
        const stepper = integrator.create(model, { random: streamFor(INITIAL_STATE_SEED, STREAM.dynamics) });
        const { q, p } = randomInitialState(model, INITIAL_STATE_SEED);
        const dt = plugin.verification.dt;
        const nSteps = stepsPerOp(L);
        const key: StepKey = { model: plugin.id, integrator: integrator.id, L };
        // Read a different site after each op: cheap, yet depends on the whole trajectory.
        let site = 0;
        const op = (): number => {
          stepper.step(q, p, dt, nSteps);
          site = site + 1 === q.length ? 0 : site + 1;
          return q[site]! + p[site]!;
        };
        cases.push({ ...key, dt, nSteps, timed: { name: caseName(key), op } });
      }
    }
  }
  return cases;
}
