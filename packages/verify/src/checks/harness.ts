/**
 * Shared plumbing of the Hamiltonian checks: model instances at the model's verification
 * parameters, seeded random states from fast-check, and fresh steppers.
 */
import fc from 'fast-check';
import { GlassyInputError, type HamiltonianModel, type IntegratorPlugin, type ModelPlugin, type Stepper } from '@glassy/contracts';

/** Validated parameters: schema defaults, then the model's verification hints, then overrides. */
export function checkParams(model: ModelPlugin, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const r = model.params.safeParse({ ...model.verification.params, ...overrides });
  if (!r.success) {
    throw new GlassyInputError(`model "${model.id}": verification parameters invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return r.data;
}

/**
 * The parameter sets a check that branches on parameters runs at: {} (the verification
 * parameters) and each of the model's `verification.alternateParams`, as overrides.
 */
export function parameterSets(model: ModelPlugin): Record<string, unknown>[] {
  return [{}, ...((model.verification.alternateParams ?? []) as Record<string, unknown>[])];
}

/** "verification parameters", or the overrides as "a = 6, b = 3". */
export function parameterSetLabel(overrides: Record<string, unknown>): string {
  const e = Object.entries(overrides);
  return e.length === 0 ? 'verification parameters' : e.map(([k, v]) => `${k} = ${String(v)}`).join(', ');
}

export function instance(model: ModelPlugin, overrides: Record<string, unknown> = {}): HamiltonianModel {
  return model.create(checkParams(model, overrides));
}

export function stepperFor(integrator: IntegratorPlugin, m: HamiltonianModel): Stepper {
  return integrator.create(m);
}

export interface RandomState {
  readonly q: Float64Array;
  readonly p: Float64Array;
  readonly seed: number;
}

/**
 * `count` random states, q uniform in [−qScale, qScale] (angles in [−π, π]) and p in
 * [−pScale, pScale], drawn by fast-check without its bias towards edge values (all-zero states
 * would make several checks vacuous). State k uses seed + k, recorded in the result.
 */
export function randomStates(model: ModelPlugin, m: HamiltonianModel, seed: number, count: number): RandomState[] {
  const { qScale, pScale } = model.verification;
  const n = m.dof;
  const unit = fc.noBias(fc.array(uniformUnit(), { minLength: 2 * n, maxLength: 2 * n }));
  const states: RandomState[] = [];
  for (let k = 0; k < count; k++) {
    const s = (seed + k) | 0;
    const [u] = fc.sample(unit, { seed: s, numRuns: 1 });
    const q = new Float64Array(n);
    const p = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      q[i] = u![i]! * (m.angles[i] === 1 ? Math.PI : qScale);
      p[i] = u![n + i]! * pScale;
    }
    states.push({ q, p, seed: s });
  }
  return states;
}

const RESOLUTION = 2 ** 30;

/**
 * Uniform reals in [−1, 1] on a grid of 2⁻³⁰. (fc.double draws uniformly over bit patterns,
 * which piles almost every draw near zero: useless as a physical state.)
 */
export function uniformUnit(): fc.Arbitrary<number> {
  return fc.integer({ min: -RESOLUTION, max: RESOLUTION }).map((k) => k / RESOLUTION);
}

/** Seeded log-uniform reals in [min, max] (e.g. scaling factors α) from fast-check. */
export function randomReals(seed: number, count: number, min: number, max: number): number[] {
  const arb = fc.noBias(uniformUnit()).map((u) => Math.exp(Math.log(min) + ((u + 1) / 2) * (Math.log(max) - Math.log(min))));
  return fc.sample(arb, { seed: seed | 0, numRuns: count });
}

/** A number for messages: 3 significant digits, exponent form when small or large. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e4 ? x.toPrecision(3) : x.toExponential(2);
}
