/**
 * Check: the energy error of a near-integrable splitting has its declared (ε, dt) structure.
 *
 * For H = A + εB (the model declares which parameter is ε and a measurement window, e.g. the
 * rotor chain's coupling g), a splitting method's energy error at small ε and dt is a sum of
 * terms ε^i dt^j: SABA2 ε dt⁴ + ε² dt², SABA2C ε dt⁴ + ε² dt⁴, ABA864 ε dt⁸ + ε² dt⁶ + ε³ dt⁴. In
 * the window dt² ≪ ε ≪ 1 one term dominates, and the integrator declares it (`nearIntegrable`).
 *
 * Measured: E(ε, dt) = geometric mean over STATES random states of max_{0 ≤ t ≤ T} |H(t) − H(0)|,
 * T = 40. The ε-slope is the least-squares slope of log E against log ε at the window's fixed dt,
 * the dt-slope that of log E against log dt at its fixed ε. Points below the round-off floor
 * 10 ε_mach S √(T/dt) (S = |T(p)| + |V(q)|) are dropped. Pass iff neither slope falls more than
 * TOLERANCE below the declared exponent. One-sided, as in energy-error-order: the declared term is
 * the leading one, and terms of higher order in ε at the same power of dt (ABA864: ε³h⁴ stands for
 * every ε^k h⁴, k ≥ 3) or a next term in dt steepen the slopes but never flatten them; a surviving
 * term of lower order flattens them, which is what the check is for. `npm run power` over 20
 * seeds: two-sided ±0.6 gave 5 % false alarms on ABA864 (slopes up to 4.7 against dt⁴, 3.7
 * against ε³), one-sided none.
 *
 * Margin (measured at seed 1; rotor chain): SABA2 (1.93, 1.98) against (2, 2); SABA2C (1.19, 4.00)
 * against (1, 4); ABA864 (3.00, 4.17) against (3, 4); DNLS: SABA2 (2.39, 2.00), ABA864 (3.20, 3.91).
 * The control with SABA2C's corrector sign flipped measures (1.95, 1.99) against the declared
 * (1, 4): 2.0 short of dt⁴. Over seeds 1…20 (`npm run power`): worst built-in 0.33, control ≥ 2.0.
 */
import { NonFiniteStateError, type CheckPlugin, type CheckResult } from '@glassy/contracts';
import { fitLine } from '@glassy/observables';
import { fmt, instance, randomStates, stepperFor } from './harness.js';

const STATES = 4;
const T_END = 40;
const TOLERANCE = 0.5;

export const nearIntegrableOrdersCheck: CheckPlugin = {
  type: 'check',
  id: 'near-integrable-orders',
  title: 'Near-integrable error structure ε^p1 dt^p2',
  purpose: `for H = A + εB the energy error scales at least as ε^p1 at fixed dt and as dt^p2 at fixed ε, the integrator's declared (p1, p2) (each slope ≥ declared − ${TOLERANCE})`,
  tier: 'quick',
  regression: { kind: 'order', tolerance: 0.05 },
  notApplicable: (model, integrator) => {
    if (integrator!.nearIntegrable === undefined) return 'integrator declares no near-integrable error structure';
    if (model.verification.nearIntegrable === undefined) return 'model declares no near-integrable parameter ε';
    return undefined;
  },
  run({ model, integrator: pair, seed }): CheckResult {
    const integrator = pair!;
    const win = model.verification.nearIntegrable!;
    const declared = integrator.nearIntegrable!;
    const base = instance(model);
    const states = randomStates(model, base, seed, STATES);
    let diverged: string | undefined;
    const error = (eps: number, dt: number): number => {
      const m = instance(model, { [win.param]: eps });
      const n = Math.round(T_END / dt);
      let logSum = 0;
      let kept = 0;
      for (const s of states) {
        const q = s.q.slice();
        const p = s.p.slice();
        const stepper = stepperFor(integrator, m);
        const h0 = m.hamiltonian(q, p);
        const sep = m.separable;
        const scale = sep ? Math.abs(sep.kinetic(p)) + Math.abs(sep.potential(q)) : Math.abs(h0);
        let e = 0;
        try {
          for (let i = 0; i < n; i++) {
            stepper.step(q, p, dt, 1);
            const d = Math.abs(m.hamiltonian(q, p) - h0);
            if (!(d <= e)) e = d;
          }
        } catch (err) {
          if (!(err instanceof NonFiniteStateError)) throw err;
          e = Number.POSITIVE_INFINITY;
        }
        if (!Number.isFinite(e)) {
          diverged = `energy diverged at ${win.param} = ${fmt(eps)}, dt = ${fmt(dt)}`;
          return Number.POSITIVE_INFINITY;
        }
        if (e > 10 * Number.EPSILON * scale * Math.sqrt(n)) {
          logSum += Math.log(e);
          kept++;
        }
      }
      return kept === 0 ? 0 : Math.exp(logSum / kept);
    };
    const slopeOf = (xs: readonly number[], es: readonly number[]): number => {
      const pts = xs.map((x, k) => [x, es[k]!] as const).filter(([, e]) => e > 0 && Number.isFinite(e));
      if (pts.length < 2) return Number.NaN;
      return fitLine(
        pts.map(([x]) => Math.log(x)),
        pts.map(([, e]) => Math.log(e)),
      ).slope;
    };
    const epsErrors = win.epsilons.map((eps) => error(eps, win.dt));
    const dtErrors = win.dts.map((dt) => error(win.epsilon, dt));
    const epsSlope = slopeOf(win.epsilons, epsErrors);
    const dtSlope = slopeOf(win.dts, dtErrors);
    const offEps = declared.epsilon - epsSlope;
    const offDt = declared.dt - dtSlope;
    // The value is the larger miss; NaN (too few points above round-off) fails.
    const value = diverged ? Number.POSITIVE_INFINITY : Number.isNaN(offEps) || Number.isNaN(offDt) ? Number.NaN : Math.max(offEps, offDt);
    const ok = Number.isFinite(value) && value <= TOLERANCE;
    let why = '';
    if (diverged) why = `${diverged}. `;
    else if (Number.isNaN(value)) why = 'fewer than two points above the round-off floor: slopes not measurable. ';
    else if (!ok && offDt > TOLERANCE) why = `the energy error falls like dt^${fmt(dtSlope)}, slower than dt^${declared.dt}: a term of lower order survives (e.g. a corrector of the wrong sign leaves ε² dt²). `;
    else if (!ok) why = `the energy error grows like ${win.param}^${fmt(epsSlope)}, slower than ^${declared.epsilon}: a term of lower order in ${win.param} survives. `;
    return {
      check: 'near-integrable-orders',
      statistic: 'max(p1 − ε-slope, p2 − dt-slope) of log max|ΔH| (how far a slope falls short of the declared exponent)',
      value,
      comparison: '<=',
      threshold: TOLERANCE,
      verdict: ok ? 'pass' : 'fail',
      explanation:
        `${why}declared ${declared.description}: (p1, p2) = (${declared.epsilon}, ${declared.dt}); measured ${win.param}-slope ${fmt(epsSlope)} ` +
        `(${win.param} = ${win.epsilons.map(fmt).join(', ')} at dt = ${fmt(win.dt)}: max|ΔH| = ${epsErrors.map(fmt).join(', ')}), dt-slope ${fmt(dtSlope)} ` +
        `(dt = ${win.dts.map(fmt).join(', ')} at ${win.param} = ${fmt(win.epsilon)}: ${dtErrors.map(fmt).join(', ')}); T = ${T_END}, geometric mean over ${STATES} states`,
      seeds: states.map((s) => s.seed),
      details: { epsSlope, dtSlope, epsErrors, dtErrors, declaredEpsilon: declared.epsilon, declaredDt: declared.dt },
      figure: {
        title: `energy error against ${win.param} (dt = ${fmt(win.dt)}) and dt (${win.param} = ${fmt(win.epsilon)})`,
        x: { label: `${win.param} or dt`, log: true },
        y: { label: 'max |H(t) − H(0)| over T', log: true },
        series: [
          { name: `against ${win.param}`, x: [...win.epsilons], y: epsErrors, style: 'points' },
          { name: 'against dt', x: [...win.dts], y: dtErrors, style: 'points' },
          { name: `declared ${win.param}^${declared.epsilon}`, x: [...win.epsilons], y: win.epsilons.map((e) => epsErrors[0]! * (e / win.epsilons[0]!) ** declared.epsilon), style: 'dashed' },
          { name: `declared dt^${declared.dt}`, x: [...win.dts], y: win.dts.map((h) => dtErrors[0]! * (h / win.dts[0]!) ** declared.dt), style: 'dashed' },
        ],
      },
    };
  },
};
