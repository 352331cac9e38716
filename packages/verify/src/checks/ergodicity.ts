/**
 * Slow-relaxation claims of the review beyond t0 (docs/physics.md §1, §3):
 *
 *  ergodicity-tail: the fluctuation index q(T) of the finite-time averages of p_x²/2 (Mithun,
 *    Danieli, Kati & Flach, PRL 122, 054102 (2019); @glassy/observables analysis/ergodization.ts)
 *    falls like 1/T in an ergodic chain: its decay exponent x (q ~ T^−x, least squares over the
 *    last decade of T) must be ≥ 0.15 (1 on the ergodic tail, ½ while the diffusive tail of the
 *    conserved energy dominates, 0 when the averages freeze). Over seeds 1 … 100 the rotor chain
 *    gave x = 0.63 ± 0.12 (smallest 0.28); the control |x| ≤ 5e−4. At the model's declared
 *    ergodic
 *    state (`verification.ergodic`: the rotor chain at L = 16, g = 4, β = 1, T = 1000, 16 exact
 *    Gibbs draws, Störmer–Verlet; at g = 1 a fast rotor in one draw of 16 keeps q up for
 *    thousands of time units and x spread from 0.25 to 1.6). The reverse is checked too where the model has a decoupled
 *    limit: there q(T) must not fall (x ≤ 0.05; free rotors give exactly 0), so a check that
 *    always saw decay would fail. Deterministic given the seed. Control: rotor-chain-dimerised
 *    (every second bond missing: independent integrable dimers, conserving their own H).
 *
 *  breather-dissipation: the review's eq. (14): a breather on the middle site of a short pinned
 *    chain with friction on the end sites loses energy as dH/dt ~ −H^{−f}, f = (1 − 2/a)(L − 1) − 1.
 *    Per declared case (`verification.breather`), the slope of log(−dH/dt) against log H from
 *    the first-passage times of 10 levels per decade (the first left out), compared with −f:
 *    |slope + f| ≤ tolerance (the anharmonic chain: 0.03, with its a = 4 case from H = 10⁴, where
 *    the slope is within 0.005 of 0; from 10³ it was 0.023 off). Zero temperature: deterministic.
 *    Controls: pinning exponent a + 1 where the parameters say a (miss 0.21), and the near miss
 *    1.05 a (f(3) = 0.048 at a = 4: miss 0.043).
 */
import { STREAM, streamFor, type CheckPlugin, type CheckResult, type HamiltonianModel } from '@glassy/contracts';
import { createBaoab } from '@glassy/integrators';
import { breatherDecay, breatherInitialState, dissipationSlope, energyLevels, ergodizationTime, fluctuationRun, kineticPerSite, logTimeGrid, pinnedPeriod, type FluctuationRun } from '@glassy/observables';
import { checkParams, instance } from './harness.js';
import { integratorById } from './integrator-lookup.js';

/** Smallest decay exponent −d log q / d log T accepted at the ergodic state. */
export const ERGODIC_DECAY = 0.15;
/** Largest decay exponent accepted in the decoupled limit (frozen: 0). */
export const FROZEN_DECAY = 0.05;
const SAMPLE_DT_STEPS = 5;

/** Slope of log q(T) over the last decade, from `samples` Gibbs draws of the instance. */
function qSlopeOf(m: HamiltonianModel, beta: number, dt: number, tEnd: number, samples: number, seed: number): { slope: number; TE: number; q: number[]; times: number[] } {
  const h = dt * SAMPLE_DT_STEPS;
  const times = logTimeGrid(h, Math.max(1, h), tEnd, 10);
  const record = times.map((t) => Math.round(t / h));
  const runs: FluctuationRun[] = [];
  const sv = integratorById('stormer-verlet');
  for (let i = 0; i < samples; i++) {
    const q = new Float64Array(m.dof);
    const p = new Float64Array(m.dof);
    m.gibbs!.sample(q, p, beta, streamFor(seed, i, STREAM.initialState));
    runs.push(fluctuationRun(sv.create(m), q, p, dt, record, kineticPerSite, SAMPLE_DT_STEPS));
  }
  const est = ergodizationTime(times, runs, { replicates: 0, seed, tailDecades: 1 });
  return { slope: est.qSlope, TE: est.value, q: est.q, times };
}

export const ergodicityTailCheck: CheckPlugin = {
  type: 'check',
  id: 'ergodicity-tail',
  title: 'finite-time averages converge: q(T) ~ 1/T (and frozen in the decoupled limit)',
  purpose: `the fluctuation index q(T) of the time averages of p_x²/2 decays like T^−x with x ≥ ${ERGODIC_DECAY} over the last decade at the model's ergodic state, and does not decay (x ≤ ${FROZEN_DECAY}) in its decoupled limit`,
  tier: 'quick',
  scope: 'model',
  regression: { kind: 'order', tolerance: 0.15 },
  notApplicable: (model) => (model.verification.ergodic === undefined ? 'model declares no ergodic state (verification.ergodic)' : undefined),
  run({ model, seed }): CheckResult {
    const hint = model.verification.ergodic!;
    const m = instance(model, hint.params as Record<string, unknown>);
    if (m.gibbs === undefined || m.separable === undefined) {
      return { check: 'ergodicity-tail', statistic: 'decay exponent of q(T)', value: Number.NaN, comparison: '>=', threshold: ERGODIC_DECAY, verdict: 'fail', explanation: 'the declared ergodic state needs an exact Gibbs sampler and a separable Hamiltonian', seeds: [seed] };
    }
    const on = qSlopeOf(m, hint.beta, hint.dt, hint.tEnd, hint.samples, seed);
    let frozen: ReturnType<typeof qSlopeOf> | undefined;
    if (model.decoupled) {
      const off = instance(model, model.decoupled.params(checkParams(model, hint.params as Record<string, unknown>) as never) as Record<string, unknown>);
      frozen = qSlopeOf(off, hint.beta, hint.dt, hint.tEnd / 10, Math.min(hint.samples, 4), seed);
    }
    const decay = -on.slope;
    const frozenDecay = frozen ? -frozen.slope : undefined;
    const ok = decay >= ERGODIC_DECAY && (frozenDecay === undefined || frozenDecay <= FROZEN_DECAY);
    const last = on.q.length - 1;
    return {
      check: 'ergodicity-tail',
      statistic: 'decay exponent x of q(T) ~ T^−x over T ∈ [T/10, T] at the ergodic state',
      value: decay,
      comparison: '>=',
      threshold: ERGODIC_DECAY,
      verdict: ok ? 'pass' : 'fail',
      explanation:
        (ok ? '' : !(decay >= ERGODIC_DECAY) ? 'the finite-time averages do not converge to a common value: the dynamics is not ergodic at a state declared ergodic (e.g. a coupling missing on some bonds). ' : 'q(T) falls in the decoupled limit, where every site is integrable: the averaging or the dynamics mixes what it must not. ') +
        `${hint.samples} Gibbs draws at β = ${hint.beta}, ${JSON.stringify(hint.params)}, T = ${hint.tEnd}: q(${on.times[last]}) = ${on.q[last]!.toExponential(3)}, decay exponent ${decay.toFixed(3)} (ergodic 1; a diffusive tail ½), T·q ≈ ${on.TE.toPrecision(3)}` +
        (frozenDecay !== undefined ? `; decoupled limit (${model.decoupled!.description}), T = ${hint.tEnd / 10}: decay exponent ${frozenDecay.toFixed(3)} (must be ≤ ${FROZEN_DECAY})` : ''),
      seeds: Array.from({ length: hint.samples }, (_, i) => i),
      details: { decay, TE: on.TE, ...(frozenDecay !== undefined ? { decoupledDecay: frozenDecay } : {}) },
    };
  },
};

export const breatherDissipationCheck: CheckPlugin = {
  type: 'check',
  id: 'breather-dissipation',
  title: 'breathers dissipate into end baths as dH/dt ~ −H^{−f(L)} (review eq. (14))',
  purpose: 'the slope of log(−dH/dt) against log H of a breather decaying into friction on the end sites equals the declared −f(L) within the declared tolerance',
  tier: 'quick',
  scope: 'model',
  regression: { kind: 'grows', factor: 2 },
  notApplicable: (model) => (model.verification.breather === undefined ? 'model declares no breather cases (verification.breather)' : undefined),
  run({ model, seed }): CheckResult {
    const hint = model.verification.breather!;
    let worst = 0;
    const rows: string[] = [];
    for (const c of hint.cases) {
      const m = instance(model, c.params as Record<string, unknown>);
      const q = new Float64Array(m.dof);
      const p = new Float64Array(m.dof);
      breatherInitialState(m, c.site, c.energy, q, p);
      const levels = energyLevels(c.energy, c.eEnd, 10);
      const stepper = createBaoab(m, 'breather-dissipation', streamFor(seed, 0, STREAM.dynamics), 1, [0, m.dof - 1], [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY]);
      const r = breatherDecay(stepper, (a, b) => m.hamiltonian(a, b), q, p, { period: (e) => pinnedPeriod(c.a, e), levels, stepsPerPeriod: 100, periodsPerSegment: 10, dtMax: 0.05, tMax: 1e6 });
      const { slope, energy } = dissipationSlope(levels, r.crossing, 1);
      const miss = Number.isFinite(slope) ? Math.abs(slope + c.exponent) : Number.POSITIVE_INFINITY;
      worst = Math.max(worst, miss);
      rows.push(`${JSON.stringify(c.params)}, E ${c.energy} → ${c.eEnd}: slope ${slope.toFixed(3)} vs −f = ${(-c.exponent).toFixed(3)} (miss ${miss.toFixed(3)}, ${energy.length} rates, t = ${r.tEnd.toPrecision(3)})`);
    }
    const ok = worst <= hint.tolerance;
    return {
      check: 'breather-dissipation',
      statistic: 'largest |measured slope of log(−dH/dt) vs log H + f| over the declared cases',
      value: worst,
      comparison: '<=',
      threshold: hint.tolerance,
      verdict: ok ? 'pass' : 'fail',
      explanation: (ok ? '' : 'the breather leaks energy by a different law than declared (e.g. a pinning exponent other than the declared a). ') + rows.join('; '),
      seeds: [seed],
    };
  },
};
