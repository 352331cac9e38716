/**
 * Check: the energy error knows the integrator's order.
 *
 * For an integrator of declared order p, the largest energy error over a fixed time,
 *   E(h) = max_{0 ≤ t ≤ T} |H(t) − H(0)|,   T = 200·dt₀,
 * must fall like h^p as h = dt₀, dt₀/2, dt₀/4, dt₀/8 (for symplectic methods the modified
 * Hamiltonian differs from H by O(h^p); for non-symplectic ones, such as RK4, the drift over a
 * fixed time is O(T·h^p)). A force or velocity that belongs to another Hamiltonian than the
 * declared H (1.1 × ∇V is ∇(1.1 V)) leaves an error that does not shrink with h: the signature
 * this check names.
 *
 * Round-off floor: F(h) = 100 ε S √(T/h), S = |T(p)| + |V(q)| (|H| for non-separable models)
 * at the start (SciML's C·dt^p + k·ε·|x| idea); points with E ≤ 10 F are dropped. The order is
 * the least-squares slope of log E against log h over the remaining points (at least two).
 * dt₀ is the model's verification dt times the integrator's stepScale; where the points sit on the
 * floor, the sequence is rerun at 2 dt₀, then 4 dt₀ (a 6th-order method's window is at larger steps).
 * Pass iff slope ≥ p − 0.3 for every state, or every point lies on the round-off floor (the
 * energy is conserved to round-off: nothing to measure, nothing wrong). Slopes above p pass:
 * energy can converge faster than the trajectory (e.g. for a harmonic force).
 */
import { NonFiniteStateError, type CheckContext, type CheckPlugin, type CheckResult, type HamiltonianModel } from '@glassy/contracts';
import { orderFigure } from './figures.js';
import { fitLine } from '@glassy/observables';
import { fmt, instance, randomStates, stepperFor } from './harness.js';

const STATES = 2;
const BASE_STEPS = 200;
const LEVELS = 4;
const TOLERANCE = 0.3;
const MAX_DOUBLINGS = 2;

function energyScale(m: HamiltonianModel, q: Float64Array, p: Float64Array): number {
  const sep = m.separable;
  return sep ? Math.abs(sep.kinetic(p)) + Math.abs(sep.potential(q)) : Math.abs(m.hamiltonian(q, p));
}

export const energyErrorOrderCheck: CheckPlugin = {
  type: 'check',
  id: 'energy-error-order',
  title: 'Energy error falls like dt^p',
  purpose: `max |ΔH| over a fixed time falls like dt^p at dt, dt/2, dt/4, dt/8 (slope ≥ p − ${TOLERANCE}); a dt-independent floor means the force or velocity is not that of the declared H`,
  tier: 'quick',
  regression: { kind: 'order', tolerance: 0.05 }, // deterministic given the seed: --baseline flags a move > 0.05
  notApplicable: (_model, integrator) => (integrator!.properties.stochastic ? 'stochastic integrator (the noise changes H)' : undefined),
  run(ctx): CheckResult {
    // Where the errors sit on the round-off floor (a 6th-order method at small steps), the whole
    // sequence moves up by 2× (at most MAX_DOUBLINGS times) to find the asymptotic window.
    let result = measureEnergyOrder(ctx, 0);
    for (let k = 1; k <= MAX_DOUBLINGS && result.details!['unmeasurable'] === 1; k++) result = measureEnergyOrder(ctx, k);
    return result;
  },
};

function measureEnergyOrder({ model, integrator: pair, seed }: CheckContext, doublings: number): CheckResult {
  const integrator = pair!;
  const m = instance(model);
  const dt0 = model.verification.dt * (integrator.stepScale ?? 1) * 2 ** doublings; // high-order compositions: larger steps, above round-off
  const T = BASE_STEPS * dt0;
  const p = integrator.order;
  const states = randomStates(model, m, seed, STATES);
  let worstSlope = Number.POSITIVE_INFINITY;
  let worstErrors: number[] = [];
  let worstFloor = 0;
  let diverged: string | undefined;
  let allFloor = true;
  const slopes: number[] = [];
  for (const s of states) {
    const logH: number[] = [];
    const logE: number[] = [];
    const errors: number[] = [];
    const scale = energyScale(m, s.q, s.p);
    const h0 = m.hamiltonian(s.q, s.p);
    let floor = 0;
    for (let k = 0; k < LEVELS; k++) {
      const n = BASE_STEPS << k;
      const h = T / n;
      const q = s.q.slice();
      const pp = s.p.slice();
      const stepper = stepperFor(integrator, m);
      let e = 0;
      try {
        for (let i = 0; i < n; i++) {
          stepper.step(q, pp, h, 1);
          const d = Math.abs(m.hamiltonian(q, pp) - h0);
          if (!(d <= e)) e = d;
        }
      } catch (err) {
        if (!(err instanceof NonFiniteStateError)) throw err;
        e = Number.POSITIVE_INFINITY;
      }
      if (!Number.isFinite(e)) diverged = `energy diverged at dt = ${fmt(h)}`;
      floor = 100 * Number.EPSILON * scale * Math.sqrt(n);
      errors.push(e);
      if (e > 10 * floor) {
        logH.push(Math.log(h));
        logE.push(Math.log(e));
      }
    }
    if (logH.length > 0) allFloor = false;
    const slope = logH.length >= 2 && logE.every(Number.isFinite) ? fitLine(logH, logE).slope : logH.length === 0 ? Number.POSITIVE_INFINITY : Number.NaN;
    slopes.push(slope);
    if (!(slope >= worstSlope)) {
      worstSlope = slope;
      worstErrors = errors;
      worstFloor = floor;
    }
  }
  const ok = diverged === undefined && slopes.every((sl) => sl >= p - TOLERANCE);
  const value = allFloor ? p : worstSlope;
  const errText = worstErrors.map(fmt).join(', ');
  let why = '';
  if (diverged) why = `${diverged}. `;
  else if (!ok && Number.isNaN(worstSlope)) why = 'only one step size above the round-off floor: order not measurable. ';
  else if (!ok && worstSlope < 0.5) {
    why = `the energy error does not fall with dt (a dt-independent floor): the force or the velocity belongs to another Hamiltonian than the declared H. `;
  } else if (!ok) why = `the energy error falls like dt^${fmt(worstSlope)}, slower than the declared order ${p}. `;
  return {
    check: 'energy-error-order',
    statistic: 'least-squares slope of log max|ΔH| vs log dt over a fixed time',
    value,
    comparison: '>=',
    threshold: p - TOLERANCE,
    verdict: ok ? 'pass' : 'fail',
    explanation:
      `${why}T = ${fmt(T)}, dt = ${fmt(dt0)}…${fmt(dt0 / 2 ** (LEVELS - 1))}: max|ΔH| = ${errText} (round-off floor ${fmt(worstFloor)} at the smallest dt); ` +
      (allFloor ? 'every point at round-off' : `slopes ${slopes.map(fmt).join(', ')} vs declared order ${p} (≥ ${p - TOLERANCE})`),
    seeds: states.map((x) => x.seed),
    details: { errors: worstErrors, slopes, T, roundOffFloor: worstFloor, unmeasurable: allFloor || slopes.some(Number.isNaN) ? 1 : 0 },
    figure: orderFigure('energy error against the time step (worst state)', 'max |H(t) − H(0)| over T', worstErrors.map((_, k) => dt0 / 2 ** k), worstErrors, p, worstFloor),
  };
}
