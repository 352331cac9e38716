/**
 * Check 2: long-run energy error is bounded and does not drift.
 *
 * 10⁵ steps at the model's verification dt from random states. A symplectic method keeps
 * H − H̃ (modified Hamiltonian) bounded, so the mean relative error over the last tenth of the
 * run equals the mean over the first tenth up to fluctuations of the oscillation; a drifting
 * method (explicit Euler, RK4, a non-conservative force) separates them.
 *
 * Statistic: drift ratio = |mean_last − mean_first| / (max|ΔH/H| over the first tenth + 100 ε √N)
 * (the second term is a round-off floor). Pass iff drift ratio ≤ 1. The size of the error is
 * judged against the integrator's order by energy-error-order (a fixed bound passed a force
 * 1.1 × its gradient at 0.073 < 0.1 while the true force gives 1e-6); it is reported here.
 */
import { NonFiniteStateError, type CheckPlugin, type CheckResult } from '@glassy/contracts';
import { energyErrorSeries } from '@glassy/observables';
import { fmt, instance, randomStates, stepperFor } from './harness.js';
import { thin } from './figures.js';

const STATES = 2;
const STEPS = 100_000;
const DRIFT_THRESHOLD = 1;

export const energyConservationCheck: CheckPlugin = {
  type: 'check',
  id: 'energy-conservation',
  title: 'Long-run energy error: bounded, no drift',
  purpose: `over ${STEPS} steps the relative energy error shows no secular drift (its size against dt^p: energy-error-order)`,
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 }, // deterministic given the seed: --baseline flags a 10× growth
  notApplicable: (_model, integrator) =>
    integrator!.properties.symplectic || integrator!.properties.timeReversible ? undefined : 'integrator claims neither symplecticity nor reversibility',
  run({ model, integrator: pair, seed }): CheckResult {
    const integrator = pair!;
    const m = instance(model);
    const dt = model.verification.dt * (integrator.stepScale ?? 1); // the step a high-order composition runs at (see IntegratorPlugin.stepScale)
    const states = randomStates(model, m, seed, STATES);
    let worstRatio = 0;
    let worstMax = 0;
    let worstSlope = 0;
    let worstSlopeErr = 0;
    let shown: { t: number[]; e: number[] } = { t: [], e: [] };
    for (const s of states) {
      let series;
      try {
        series = energyErrorSeries(m, stepperFor(integrator, m), s.q, s.p, dt, STEPS);
      } catch (e) {
        if (!(e instanceof NonFiniteStateError)) throw e;
        return {
          check: 'energy-conservation',
          statistic: 'drift ratio',
          value: Number.POSITIVE_INFINITY,
          comparison: '<=',
          threshold: DRIFT_THRESHOLD,
          verdict: 'fail',
          explanation: `energy diverged: ${e.message} (dt = ${fmt(dt)})`,
          seeds: states.map((x) => x.seed),
        };
      }
      const w = Math.max(1, Math.floor(series.relError.length / 10));
      let firstAmp = 0;
      for (let i = 0; i < w; i++) firstAmp = Math.max(firstAmp, Math.abs(series.relError[i]!));
      const ratio = Math.abs(series.windowDrift) / (firstAmp + 100 * Number.EPSILON * Math.sqrt(STEPS));
      if (ratio >= worstRatio) {
        const idx = thin(series.relError.length);
        shown = { t: idx.map((i) => series.times[i]!), e: idx.map((i) => series.relError[i]!) };
      }
      worstRatio = Math.max(worstRatio, ratio);
      if (!(series.maxAbsRelError <= worstMax)) worstMax = series.maxAbsRelError;
      if (Math.abs(series.slope) >= Math.abs(worstSlope)) {
        worstSlope = series.slope;
        worstSlopeErr = series.slopeStdError;
      }
    }
    const ok = worstRatio <= DRIFT_THRESHOLD;
    return {
      check: 'energy-conservation',
      statistic: 'drift ratio |⟨ΔH/H⟩_last − ⟨ΔH/H⟩_first| / max|ΔH/H|_first',
      value: worstRatio,
      comparison: '<=',
      threshold: DRIFT_THRESHOLD,
      verdict: ok && Number.isFinite(worstRatio) ? 'pass' : 'fail',
      explanation:
        `${STEPS} steps at dt = ${fmt(dt)} (t = ${fmt(STEPS * dt)}), L = ${m.sites}: max |ΔH/H| = ${fmt(worstMax)}` +
        `, drift ratio ${fmt(worstRatio)} (≤ ${DRIFT_THRESHOLD}), slope ${fmt(worstSlope)} ± ${fmt(worstSlopeErr)} per unit time`,
      seeds: states.map((x) => x.seed),
      details: { maxRelError: worstMax, driftSlope: worstSlope, driftSlopeStdError: worstSlopeErr, dt, steps: STEPS },
      figure: { title: `relative energy error against time (worst state, dt = ${fmt(dt)})`, x: { label: 't' }, y: { label: '(H(t) − H(0)) / |H(0)|' }, series: [{ name: 'ΔH/H', x: shown.t, y: shown.e, style: 'line' }] },
    };
  },
};
