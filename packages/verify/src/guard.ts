/**
 * Every cell runs under a guard, so that no plugin can hang `glassy verify` or pass by
 * producing garbage:
 *
 * - a wall-clock budget (`--cell-timeout`): the guarded model's force, gradient and Gibbs
 *   sampler and every guarded stepper look at the clock (every 64 calls, and after every block
 *   of steps); past the deadline they throw `CellTimeoutError`, and the runner records the cell
 *   as TIMEOUT and goes on with the next one;
 * - a state guard on every stepper: after each block of steps the state is scanned; a
 *   non-finite coordinate (NonFiniteStateError) or one that ran away to RUNAWAY_FACTOR times
 *   the model's declared state scale (RunawayStateError) stops the cell with FAIL naming the
 *   step, the site and the coordinate. Deterministic steppers replay the block one step at a
 *   time from a saved copy to name the exact step; stochastic ones name the block.
 *
 * The guard wraps plugins from outside (the model plugin's `create`, the integrator's
 * `create`), so no check has to remember it and no plugin has to cooperate. Blocks of steps
 * change nothing for split-invariant steppers (n steps in one call = n calls, which every
 * built-in stepper honours). A plugin that loops forever inside one call of its own code
 * without calling force, gradient or step cannot be interrupted here; `glassy verify` adds a
 * watchdog for that case (see cli/watchdog.ts).
 */
import {
  NonFiniteStateError,
  type GibbsCapability,
  type HamiltonianModel,
  type IntegratorContext,
  type IntegratorPlugin,
  type ModelPlugin,
  type Stepper,
  type TangentStepper,
  type VerletKernel,
} from '@glassy/contracts';
import { replayToFirstBad } from '@glassy/observables';

/** Coordinates beyond this multiple of the declared scale (and at least 1) count as a runaway. */
export const RUNAWAY_FACTOR = 1e6;

/** Default wall-clock budget of one cell, by tier (seconds). */
export const DEFAULT_CELL_TIMEOUT = { quick: 60, full: 1800 } as const;

export class CellTimeoutError extends Error {
  override readonly name = 'CellTimeoutError';
  constructor(readonly seconds: number) {
    super(`cell exceeded its wall-clock budget of ${seconds} s (--cell-timeout)`);
  }
}

export class RunawayStateError extends Error {
  override readonly name = 'RunawayStateError';
  constructor(
    readonly step: number | string,
    readonly site: number,
    readonly coordinate: 'q' | 'p',
    readonly value: number,
    readonly limit: number,
  ) {
    super(
      Number.isFinite(value)
        ? `state ran away at step ${step}, site ${site + 1}: |${coordinate}| = ${value.toExponential(2)} > ${limit.toExponential(1)} ` +
            `(${RUNAWAY_FACTOR.toExponential(0)} × the model's declared ${coordinate}Scale); an unbounded potential or a wrong force?`
        : `state became non-finite (${coordinate} = ${value}) at step ${step}, site ${site + 1}; an unbounded potential or a wrong force?`,
    );
  }
}

export interface CellBudget {
  /** Wall-clock budget in seconds. */
  readonly seconds: number;
  /** performance.now() past which the cell stops. */
  readonly deadline: number;
}

export function cellBudget(seconds: number): CellBudget {
  return { seconds, deadline: performance.now() + seconds * 1000 };
}

class Clock {
  private calls = 0;
  constructor(private readonly budget: CellBudget) {}
  /** Cheap: looks at the clock every 64 calls. */
  tick(): void {
    if ((++this.calls & 63) === 0) this.check();
  }
  check(): void {
    if (performance.now() > this.budget.deadline) throw new CellTimeoutError(this.budget.seconds);
  }
}

/**
 * A shallow copy of `target` (its own properties and its prototype, so methods and object
 * spreads keep working) with some properties replaced.
 */
function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  const copy = Object.create(Object.getPrototypeOf(target) as object | null) as T;
  const own = Object.getOwnPropertyDescriptors(target);
  for (const d of Object.values(own)) d.configurable = true;
  Object.defineProperties(copy, own);
  for (const [key, value] of Object.entries(overrides)) {
    Object.defineProperty(copy, key, { value, enumerable: true, writable: false, configurable: true });
  }
  return copy;
}

interface Limits {
  readonly q: number;
  readonly p: number;
}

/** The first coordinate that is non-finite (kind 'nan') or beyond its limit ('runaway'). */
function firstBad(q: Float64Array, p: Float64Array, angles: Uint8Array, limits: Limits): { kind: 'nan' | 'runaway'; site: number; coordinate: 'q' | 'p'; value: number } | undefined {
  for (let i = 0; i < q.length; i++) {
    const x = q[i]!;
    if (!Number.isFinite(x)) return { kind: 'nan', site: i, coordinate: 'q', value: x };
    if (angles[i] !== 1 && Math.abs(x) > limits.q) return { kind: 'runaway', site: i, coordinate: 'q', value: x };
  }
  for (let i = 0; i < p.length; i++) {
    const x = p[i]!;
    if (!Number.isFinite(x)) return { kind: 'nan', site: i, coordinate: 'p', value: x };
    if (Math.abs(x) > limits.p) return { kind: 'runaway', site: i, coordinate: 'p', value: x };
  }
  return undefined;
}

function guardStepper(inner: Stepper, m: HamiltonianModel, limits: Limits, clock: Clock, deterministic: boolean): Stepper {
  const n = m.dof;
  const block = Math.max(1, Math.floor(32_768 / Math.max(1, n)));
  const q0 = new Float64Array(n);
  const p0 = new Float64Array(n);
  let stepsDone = 0;
  const fail = (bad: NonNullable<ReturnType<typeof firstBad>>, step: number | string, dt: number): never => {
    if (bad.kind === 'nan') {
      if (typeof step === 'number') throw new NonFiniteStateError(step, bad.site, bad.coordinate, step * dt);
      throw new RunawayStateError(step, bad.site, bad.coordinate, bad.value, Number.NaN);
    }
    throw new RunawayStateError(step, bad.site, bad.coordinate, Math.abs(bad.value), bad.coordinate === 'q' ? limits.q : limits.p);
  };
  return {
    step(q, p, dt, nSteps) {
      let done = 0;
      while (done < nSteps) {
        const k = Math.min(block, nSteps - done);
        if (q.length === n && p.length === n) {
          q0.set(q);
          p0.set(p);
        }
        inner.step(q, p, dt, k);
        const bad = firstBad(q, p, m.angles, limits);
        if (bad !== undefined) {
          const first = stepsDone + done;
          if (deterministic && q.length === n && k > 1) {
            // Replay the block one step at a time from the saved state to name the exact step.
            const hit = replayToFirstBad(inner, q, p, q0, p0, dt, k, (a, b) => firstBad(a, b, m.angles, limits));
            if (hit) fail(hit.bad, first + hit.step, dt);
          }
          fail(bad, k === 1 ? first + 1 : `${first + 1}–${first + k}`, dt);
        }
        done += k;
        clock.check();
      }
      stepsDone += nSteps;
    },
  };
}

function guardGibbs(g: GibbsCapability, clock: Clock): GibbsCapability {
  const sample = g.sample.bind(g);
  return withOverrides(g, {
    sample: (q, p, beta, random, options) => {
      clock.tick();
      sample(q, p, beta, random, options);
    },
  });
}

function guardInstance(m: HamiltonianModel, limits: Limits, clock: Clock): HamiltonianModel {
  const gradient = m.gradient.bind(m);
  const overrides: { -readonly [K in keyof HamiltonianModel]?: HamiltonianModel[K] } = {
    gradient: (q, p, dHdq, dHdp) => {
      clock.tick();
      gradient(q, p, dHdq, dHdp);
    },
  };
  const sep = m.separable;
  if (sep) {
    const innerForce = sep.force.bind(sep);
    const force = (q: Float64Array, out: Float64Array): void => {
      clock.tick();
      innerForce(q, out);
    };
    const sepOverrides: Record<string, unknown> = { force };
    const jac = sep.forceJacobian?.bind(sep);
    if (jac) {
      sepOverrides['forceJacobian'] = (q: Float64Array, dq: Float64Array, out: Float64Array): void => {
        clock.tick();
        jac(q, dq, out);
      };
    }
    const kernel = sep.verletKernel;
    // A current kernel stays current (its force is the guarded force); a stale one stays stale.
    if (kernel && kernel.force === sep.force) {
      sepOverrides['verletKernel'] = withOverrides<VerletKernel>(kernel, {
        force,
        create: () => guardStepper(kernel.create(), m, limits, clock, true),
      });
    }
    overrides.separable = withOverrides(sep, sepOverrides);
  }
  if (m.gibbs) overrides.gibbs = guardGibbs(m.gibbs, clock);
  const ab = m.abSplit;
  if (ab) {
    overrides.abSplit = withOverrides(ab, {
      flowA: (q: Float64Array, p: Float64Array, t: number) => {
        clock.tick();
        ab.flowA(q, p, t);
      },
      flowB: (q: Float64Array, p: Float64Array, t: number) => {
        clock.tick();
        ab.flowB(q, p, t);
      },
    });
  }
  return withOverrides(m, overrides);
}

/** The model plugin and integrator a check sees: the same plugins, with every instance and stepper guarded. */
export function guardPlugins(
  model: ModelPlugin,
  integrator: IntegratorPlugin | undefined,
  budget: CellBudget,
): { model: ModelPlugin; integrator: IntegratorPlugin | undefined; clock: Clock } {
  const clock = new Clock(budget);
  const { qScale, pScale } = model.verification;
  const limits: Limits = { q: RUNAWAY_FACTOR * Math.max(1, qScale), p: RUNAWAY_FACTOR * Math.max(1, pScale) };
  const create = model.create.bind(model);
  const guardedModel = withOverrides(model, {
    create: (params: never) => guardInstance(create(params), limits, clock),
  } as Partial<ModelPlugin>);
  let guardedIntegrator: IntegratorPlugin | undefined;
  if (integrator) {
    const createStepper = integrator.create.bind(integrator);
    const createTangent = integrator.createTangent?.bind(integrator);
    guardedIntegrator = withOverrides(integrator, {
      create: (m: HamiltonianModel, context?: IntegratorContext) => guardStepper(createStepper(m, context), m, limits, clock, !integrator.properties.stochastic),
      ...(createTangent
        ? {
            createTangent: (m: HamiltonianModel): TangentStepper => {
              const inner = createTangent(m);
              return {
                step(q, p, dq, dp, dt, nSteps) {
                  inner.step(q, p, dq, dp, dt, nSteps);
                  clock.check();
                },
              };
            },
          }
        : {}),
    });
  }
  return { model: guardedModel, integrator: guardedIntegrator, clock };
}
