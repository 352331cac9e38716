/**
 * Check 3: time reversibility. N steps forward, flip p, N steps, flip p again: a symmetric
 * method returns to the start up to round-off (amplified by the chaos of the flow, which a
 * short run keeps small). Statistic: max_i |x_i − x_i(0)| / (1 + |x_i(0)|) over q and p.
 */
import { judge, type CheckPlugin } from '@glassy/contracts';
import { maxScaledDifference } from '@glassy/observables';
import { fmt, instance, randomStates, stepperFor } from './harness.js';

const STATES = 3;
const STEPS = 50;
const THRESHOLD = 1e-9;

export const timeReversibilityCheck: CheckPlugin = {
  type: 'check',
  id: 'time-reversibility',
  title: 'Time reversibility',
  purpose: 'forward N steps, flip momenta, N steps, flip again: back at the start to round-off',
  tier: 'quick',
  regression: { kind: 'grows', factor: 10 }, // deterministic given the seed: --baseline flags a 10× growth
  notApplicable: (_model, integrator) => (integrator!.properties.timeReversible ? undefined : 'integrator does not claim to be time-reversible'),
  run({ model, integrator: pair, seed }) {
    const integrator = pair!;
    const m = instance(model);
    const stepper = stepperFor(integrator, m);
    const dt = 2 * model.verification.dt;
    const states = randomStates(model, m, seed, STATES);
    let worst = 0;
    for (const s of states) {
      const q = s.q.slice();
      const p = s.p.slice();
      stepper.step(q, p, dt, STEPS);
      for (let i = 0; i < p.length; i++) p[i] = -p[i]!;
      stepper.step(q, p, dt, STEPS);
      for (let i = 0; i < p.length; i++) p[i] = -p[i]!;
      const d = Math.max(maxScaledDifference(q, s.q), maxScaledDifference(p, s.p));
      if (!(d <= worst)) worst = d;
    }
    return judge({
      check: 'time-reversibility',
      statistic: 'max |x − x₀| / (1 + |x₀|) after forward, flip, forward, flip',
      value: worst,
      comparison: '<=',
      threshold: THRESHOLD,
      explanation: `${STEPS} + ${STEPS} steps at dt = ${fmt(dt)}, L = ${m.sites}, ${STATES} random states: return error ${fmt(worst)} vs ${fmt(THRESHOLD)}`,
      seeds: states.map((s) => s.seed),
      details: { dt, steps: STEPS },
    });
  },
};
