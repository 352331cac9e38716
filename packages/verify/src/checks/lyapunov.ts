/**
 * Checks of an integrator's tangent map (`createTangent`): the exact Jacobian of its one-step map,
 * which the Lyapunov exponents of `glassy run lyapunov` rest on.
 *
 * lyapunov-pairing: a symplectic map has det M = 1, so the full spectrum (2N exponents, by QR
 * every τ = 1) sums to zero at every time, Σ_i λ_i(t) = (1/t) ln det M(t) = 0, and comes in pairs
 * λ_i = −λ_{2N+1−i} as t → ∞. Statistic: |Σ_i λ_i| at t = 500 (round-off: ~1e-15); the largest
 * pair sum |λ_i + λ_{2N+1−i}| is reported (finite-time, it falls like 1/t). Control: explicit Euler
 * (det(I − h² ∂F/∂q) ≠ 1: Σλ = −1.7e-2 on the rotor chain at seed 1; its largest pair sum, 7.9e-3,
 * is no larger than the symplectic maps' finite-time 2.8e-3 … 3.9e-3 by enough to judge on).
 *
 * lyapunov-twin: the mLCE from the tangent map equals the one from twin trajectories d₀ = 1e-8
 * apart (the integrator's ordinary stepper, renormalised every τ = 1), from the same state and
 * direction, over t = 40 (short enough that the two computations, whose rounding differs, follow
 * the same chaotic trajectory). Statistic: |λ_tangent − λ_twin| / max(|λ_twin|, 0.01); measured
 * ≤ 7.4e-6 on the built-in pairs at seed 1 (≤ 4.4e-5 over seeds 1 … 20), 3.2e-2 … 1.3e-1 for the
 * control rotor-chain-jacobian-3pc (a force Jacobian 3 % too strong), but once in 120 runs only
 * 9.6e-4: hence the threshold 2e-4 (`npm run power`: 120/120 rejected, 0/360 false alarms).
 *
 * lyapunov-decoupled: in the model's decoupled limit (coupling off: independent sites, each
 * integrable) deviations grow at most linearly (shear), so the finite-time mLCE tends to zero like
 * ln t / t: t·λ(t)/ln t stays O(1) (≈ 1 for a deviation growing like t). Statistic: t·λ(t)/ln t at
 * t = 1000 (τ = 1), the worst of 2 random states; threshold 3. A chaotic tangent map gives
 * t·λ/ln t ≈ 1000 λ/6.9 (≈ 14 at λ = 0.1). Control: a rotor force Jacobian with the coupling fixed
 * at 1 instead of g (right at g = 1, the verification value; at g = 0 it drives the deviation).
 */
import { hasUnitMass, missingCapability, NonFiniteStateError, type CheckPlugin, type CheckResult, type IntegratorPlugin, type ModelPlugin } from '@glassy/contracts';
import { lyapunovSpectrum, mlceTangent, mlceTwin } from '@glassy/observables';
import { checkParams, fmt, instance, randomStates } from './harness.js';

const SPECTRUM_RENORMS = 500;
const SUM_THRESHOLD = 1e-10;
const TWIN_RENORMS = 40;
const TWIN_D0 = 1e-8;
const TWIN_THRESHOLD = 2e-4;
const TWIN_STATES = 2;

function tangentNotApplicable(model: ModelPlugin, integrator?: IntegratorPlugin): string | undefined {
  if (integrator!.properties.stochastic) return 'stochastic integrator';
  if (integrator!.createTangent === undefined) return 'integrator has no tangent map (createTangent)';
  const m = instance(model);
  if (missingCapability(integrator!, m) !== undefined) return undefined; // the runner reports the missing capability
  if (m.separable?.forceJacobian === undefined) return 'model declares no force Jacobian (separable.forceJacobian)';
  if (!hasUnitMass(m)) return 'tangent maps need T = |p|²/2 (velocity = p)';
  return undefined;
}

/** The fixed initial deviation direction of the twin and decoupled checks (not aligned with any site). */
function deviationDirection(n: number): { wq: Float64Array; wp: Float64Array } {
  return { wq: Float64Array.from({ length: n }, (_, i) => Math.cos(1.3 * i + 0.7)), wp: Float64Array.from({ length: n }, (_, i) => Math.sin(0.9 * i + 0.2)) };
}

/** Steps per τ = 1 at the model's verification dt. */
function stepsPerUnit(model: ModelPlugin): { dt: number; every: number } {
  const dt = model.verification.dt;
  return { dt, every: Math.max(1, Math.round(1 / dt)) };
}

export const lyapunovPairingCheck: CheckPlugin = {
  type: 'check',
  id: 'lyapunov-pairing',
  title: 'Lyapunov spectrum pairs up (symplectic tangent map)',
  purpose: `the full Lyapunov spectrum of the tangent map sums to zero (|Σλ_i| ≤ ${SUM_THRESHOLD}: det M = 1), so it comes in pairs λ_i = −λ_{2N+1−i}`,
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 },
  notApplicable: (model, integrator) => tangentNotApplicable(model, integrator) ?? (integrator!.properties.symplectic ? undefined : 'integrator does not claim symplecticity'),
  run({ model, integrator, seed }): CheckResult {
    const m = instance(model);
    const [s] = randomStates(model, m, seed, 1);
    const { dt, every } = stepsPerUnit(model);
    let spectrum: number[];
    try {
      spectrum = lyapunovSpectrum(integrator!.createTangent!(m), s!.q.slice(), s!.p.slice(), dt, every, SPECTRUM_RENORMS);
    } catch (e) {
      if (!(e instanceof NonFiniteStateError)) throw e;
      spectrum = [Number.NaN];
    }
    const sum = spectrum.reduce((a, b) => a + b, 0);
    const k = spectrum.length;
    const pairs = spectrum.slice(0, k / 2).map((l, i) => l + spectrum[k - 1 - i]!);
    const maxPair = Math.max(...pairs.map(Math.abs));
    const t = SPECTRUM_RENORMS * every * dt;
    const value = Math.abs(sum);
    const ok = Number.isFinite(value) && value <= SUM_THRESHOLD;
    return {
      check: 'lyapunov-pairing',
      statistic: '|Σ_i λ_i| of the full spectrum (per unit time)',
      value,
      comparison: '<=',
      threshold: SUM_THRESHOLD,
      verdict: ok ? 'pass' : 'fail',
      explanation:
        (ok ? '' : Number.isNaN(value) ? 'the tangent map diverged. ' : `the exponents sum to ${fmt(sum)}: the tangent map does not preserve phase-space volume (not symplectic). `) +
        `${k} exponents at t = ${fmt(t)} (QR every τ = ${fmt(every * dt)}, L = ${m.sites}): λ₁ = ${fmt(spectrum[0]!)}, Σλ = ${fmt(sum)}; largest pair sum |λ_i + λ_{2N+1−i}| = ${fmt(maxPair)} (finite-time, falls like 1/t)`,
      seeds: [s!.seed],
      details: { spectrum, sum, maxPairSum: maxPair, t },
      figure: {
        title: 'Lyapunov spectrum: λ_i and −λ_{2N+1−i}',
        x: { label: 'i' },
        y: { label: 'exponent' },
        series: [
          { name: 'λ_i', x: spectrum.map((_, i) => i + 1), y: spectrum, style: 'points' },
          { name: '−λ_{2N+1−i}', x: spectrum.map((_, i) => i + 1), y: spectrum.map((_, i) => -spectrum[k - 1 - i]!), style: 'line' },
        ],
      },
    };
  },
};

export const lyapunovTwinCheck: CheckPlugin = {
  type: 'check',
  id: 'lyapunov-twin',
  title: 'mLCE: tangent map = twin trajectories',
  purpose: `the maximal Lyapunov exponent from the tangent map agrees with the twin-trajectory (finite-difference) estimate to ${TWIN_THRESHOLD} relative`,
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 },
  notApplicable: tangentNotApplicable,
  run({ model, integrator, seed }): CheckResult {
    const m = instance(model);
    const states = randomStates(model, m, seed, TWIN_STATES);
    const { dt, every } = stepsPerUnit(model);
    let worst = 0;
    let worstPair: [number, number] = [Number.NaN, Number.NaN];
    const rows: string[] = [];
    for (const s of states) {
      const { wq, wp } = deviationDirection(m.dof);
      let a = Number.NaN;
      let b = Number.NaN;
      try {
        a = mlceTangent(integrator!.createTangent!(m), s.q.slice(), s.p.slice(), wq.slice(), wp.slice(), dt, every, TWIN_RENORMS).lambda.at(-1)!;
        b = mlceTwin(integrator!.create(m), integrator!.create(m), s.q.slice(), s.p.slice(), wq.slice(), wp.slice(), TWIN_D0, dt, every, TWIN_RENORMS).lambda.at(-1)!;
      } catch (e) {
        if (!(e instanceof NonFiniteStateError)) throw e;
      }
      const r = Math.abs(a - b) / Math.max(Math.abs(b), 0.01);
      rows.push(`state ${s.seed}: tangent ${fmt(a)}, twin ${fmt(b)}`);
      if (!(r <= worst)) {
        worst = Number.isNaN(r) ? Number.POSITIVE_INFINITY : r;
        worstPair = [a, b];
      }
    }
    const ok = worst <= TWIN_THRESHOLD;
    return {
      check: 'lyapunov-twin',
      statistic: '|λ_tangent − λ_twin| / max(|λ_twin|, 0.01) at t = 40',
      value: worst,
      comparison: '<=',
      threshold: TWIN_THRESHOLD,
      verdict: ok ? 'pass' : 'fail',
      explanation:
        (ok ? '' : 'the tangent map is not the Jacobian of the integrator\'s step (a wrong force Jacobian, or a tangent scheme other than the trajectory\'s). ') +
        `mLCE at t = ${fmt(TWIN_RENORMS * every * dt)} (renormalised every τ = ${fmt(every * dt)}, twin distance ${TWIN_D0}): ${rows.join('; ')}`,
      seeds: states.map((s) => s.seed),
      details: { tangent: worstPair[0], twin: worstPair[1] },
    };
  },
};

const DECOUPLED_RENORMS = 1000;
const DECOUPLED_THRESHOLD = 3;

export const lyapunovDecoupledCheck: CheckPlugin = {
  type: 'check',
  id: 'lyapunov-decoupled',
  title: 'mLCE → 0 like ln t / t in the decoupled limit',
  purpose: `in the decoupled limit (independent integrable sites) the tangent-map mLCE falls like ln t / t: t·λ(t)/ln t ≤ ${DECOUPLED_THRESHOLD} at t = ${DECOUPLED_RENORMS}`,
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 },
  notApplicable: (model, integrator) => tangentNotApplicable(model, integrator) ?? (model.decoupled === undefined ? 'model declares no decoupled limit' : undefined),
  run({ model, integrator, seed }): CheckResult {
    const base = instance(model);
    const limit = model.decoupled!.params(checkParams(model) as never);
    const m = model.create(model.params.parse(limit));
    const states = randomStates(model, base, seed, TWIN_STATES);
    const { dt, every } = stepsPerUnit(model);
    const t = DECOUPLED_RENORMS * every * dt;
    let worst = 0;
    const rows: string[] = [];
    for (const s of states) {
      const { wq, wp } = deviationDirection(m.dof);
      let lambda = Number.NaN;
      try {
        lambda = mlceTangent(integrator!.createTangent!(m), s.q.slice(), s.p.slice(), wq, wp, dt, every, DECOUPLED_RENORMS).lambda.at(-1)!;
      } catch (e) {
        if (!(e instanceof NonFiniteStateError)) throw e;
      }
      const r = (t * lambda) / Math.log(t);
      rows.push(`state ${s.seed}: λ(${fmt(t)}) = ${fmt(lambda)}, t·λ/ln t = ${fmt(r)}`);
      if (!(r <= worst)) worst = Number.isNaN(r) ? Number.POSITIVE_INFINITY : r;
    }
    const ok = worst <= DECOUPLED_THRESHOLD;
    return {
      check: 'lyapunov-decoupled',
      statistic: `t·λ(t)/ln t at t = ${DECOUPLED_RENORMS} in the decoupled limit`,
      value: worst,
      comparison: '<=',
      threshold: DECOUPLED_THRESHOLD,
      verdict: ok ? 'pass' : 'fail',
      explanation:
        (ok ? '' : 'deviations grow exponentially where the sites are independent and integrable: the tangent map couples what the dynamics does not (e.g. a force Jacobian that ignores a parameter). ') +
        `decoupled limit (${model.decoupled!.description}); ${rows.join('; ')}`,
      seeds: states.map((s) => s.seed),
    };
  },
};
