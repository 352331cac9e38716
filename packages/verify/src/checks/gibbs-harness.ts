/**
 * Shared plumbing of the statistical checks: ensembles of exact Gibbs draws, the pooled
 * momenta and bonds of a set of states, and combining sub-tests into one verdict.
 */
import { STREAM, streamFor, type CheckFigure, type CheckResult, type HamiltonianModel, type ModelPlugin } from '@glassy/contracts';
import { ensembleSpec, meanEstimate, Moments, phi, runChunk, type Estimate } from '@glassy/observables';
import { checkParams } from './harness.js';
import { integratorById } from './integrator-lookup.js';

/** Parameters for ensemble checks: verification params, then ensembleParams, then overrides. */
export function ensembleInstance(model: ModelPlugin, overrides: Record<string, unknown> = {}): HamiltonianModel {
  return model.create(checkParams(model, { ...(model.verification.ensembleParams ?? {}), ...overrides }));
}

export interface StateSet {
  readonly q: Float64Array[];
  readonly p: Float64Array[];
}

/** M exact Gibbs draws; draw i uses the stream (seed, i, initialState). */
export function gibbsDraws(m: HamiltonianModel, beta: number, seed: number, samples: number): StateSet {
  const q: Float64Array[] = [];
  const p: Float64Array[] = [];
  for (let i = 0; i < samples; i++) {
    const qi = new Float64Array(m.dof);
    const pi = new Float64Array(m.dof);
    m.gibbs!.sample(qi, pi, beta, streamFor(seed, i, STREAM.initialState));
    q.push(qi);
    p.push(pi);
  }
  return { q, p };
}

export function pooledMomenta(states: StateSet): Float64Array {
  const n = states.p[0]!.length;
  const out = new Float64Array(states.p.length * n);
  states.p.forEach((p, i) => out.set(p, i * n));
  return out;
}

export function pooledBonds(m: HamiltonianModel, beta: number, states: StateSet): Float64Array {
  const marginal = m.gibbs!.bondMarginal!(beta);
  const buf = new Float64Array(m.dof);
  const parts: number[] = [];
  for (const q of states.q) {
    const nb = marginal.bonds(q, buf);
    for (let k = 0; k < nb; k++) parts.push(buf[k]!);
  }
  return Float64Array.from(parts);
}

export interface SubTest {
  readonly name: string;
  readonly pValue: number;
  readonly summary: string;
}

/**
 * One verdict from several sub-tests at family false-alarm rate `alpha` (Bonferroni: each at
 * alpha / k). Statistic: the smallest p-value; threshold: alpha / k.
 */
export function combine(
  check: string,
  alpha: number,
  tests: readonly SubTest[],
  preamble: string,
  seeds: readonly number[],
  details: Record<string, number | string | readonly number[]> = {},
  figure?: CheckFigure,
): CheckResult {
  const each = alpha / tests.length;
  let worst = tests[0]!;
  for (const t of tests) if (!(t.pValue >= worst.pValue)) worst = t;
  const ok = tests.every((t) => t.pValue >= each);
  return {
    check,
    statistic: `smallest p-value of ${tests.length} tests (${tests.map((t) => t.name).join(', ')})`,
    value: worst.pValue,
    comparison: '>=',
    threshold: each,
    verdict: ok ? 'pass' : 'fail',
    explanation: `${preamble}: ${tests.map((t) => `${t.summary} (p = ${t.pValue.toPrecision(3)})`).join('; ')}; family false-alarm rate ${alpha} (each test at ${each.toPrecision(2)})`,
    seeds,
    details: { ...Object.fromEntries(tests.map((t) => [`p(${t.name})`, t.pValue])), ...details },
    ...(figure ? { figure } : {}),
  };
}

/**
 * φ(t) ± SE at `times` from `samples` exact Gibbs draws at `beta`, evolved by Störmer–Verlet at
 * `dt`, for the model at `params` (run in this thread through the ensemble engine).
 */
export function gibbsPhiCurve(
  model: ModelPlugin,
  params: Record<string, unknown>,
  beta: number,
  dt: number,
  times: readonly number[],
  samples: number,
  seed: number,
): Estimate[] {
  const spec = ensembleSpec.parse({ model: model.id, params, integrator: 'stormer-verlet', dt, times, samples, seed, observables: ['phi'], initial: { kind: 'gibbs', beta } });
  const resolved = { spec, model, instance: model.create(params), integrator: integratorById('stormer-verlet'), integratorParams: {}, observables: [phi] };
  return runChunk(resolved, 0, samples).accumulators[0]!.map((m) => meanEstimate(Moments.fromJSON(m)));
}
